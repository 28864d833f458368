"""OSCE vacancy notices -> ``ParsedCall`` with one post.

A notice is a title with its grade ("Communities Protection Officer (S1)"), labelled
fields, then sections. Two layouts are read, as the OSCE and job boards print them:

- the older notice: fields "Issued by", "Vacancy number", "Vacancy type", "Duty station",
  "Deadline for application"..., then requirement blocks under fixed headings ("General
  Minimum Requirements", "Field of Expertise Requirements", "Level of Professional
  Competence Requirements", "Mission Specific Requirements" with "Mandatory:" and
  "Desirable:", "Tasks and Responsibilities"), then closing text on how to apply;
- the jobs portal's notice: fields "Requisition ID", "Contract Type", "Number of posts",
  "Location: KOS - OSCE Mission in Kosovo, Pristina", "Closing Date: Jan 8, 2027,
  11:59:00 PM"..., then "Background:", "Tasks and Responsibilities:", "Necessary
  Qualifications:", "Required competencies:", "Remuneration Package:", "How To Apply:".

Job boards copy either with bullets, with or without the labels' colons and line breaks.
"""

from __future__ import annotations

import re
from itertools import pairwise

from . import dates
from .errors import NotACall
from .grammar import (
    EMAIL,
    Doc,
    Field,
    Labels,
    find_fields,
    first_paragraph,
    one_line,
    paragraphs_text,
    urls_in,
)
from .items import Items, items_in, repairs
from .model import Doubt, ParsedCall, ParsedPart, ParsedPost, ParsedSection, ParsedVacancy
from .names import mission_names

ORGANISATION = "Organization for Security and Co-operation in Europe"

_MARKERS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bOSCE\b",
        r"organi[sz]ation\s+for\s+security\s+and\s+co-?operation",
        r"general\s+minimum\s+requirements",
        r"field\s+of\s+expertise\s+requirements",
        r"professional\s+competence\s+requirements",
        r"mission[\s-]+specific\s+requirements",
        r"requisition\s+id",
        r"necessary\s+qualifications",
    )
]

LABELS = Labels(
    bare_lines=True,  # a two-column table of fields prints its labels without colons
    title=[r"(?:Position|Post|Job|Vacancy) Title"],
    grade=[r"Grade"],
    ref=[r"Vacancy (?:Notice )?(?:Number|No\.?)", r"Requisition ID", r"Reference(?: Number)?"],
    contract=[r"Contract Type", r"Type of (?:Appointment|Contract)", r"Appointment Type",
              r"Vacancy Type"],
    mission=[r"Issued by", r"Field Operation", r"Mission"],
    location=[r"Location"],
    duty_station=[r"Duty Station", r"Place of Assignment"],
    category=[r"Category", r"Job Field", r"Field of (?:Work|Expertise)"],
    deadline=[r"Deadline(?: for Applications?)?", r"(?:External )?Closing Date",
              r"Application Deadline"],
    issued=[r"Issue Date", r"Date of Issue", r"Posting Date", r"Posted"],
    start=[r"Date of Entry on Duty", r"Target Start Date", r"Start Date"],
    posts=[r"Number of Posts"],
    education=[r"(?:Minimum )?Level of Education", r"(?:Minimum )?Education Level"],
    other=[
        r"Salary", r"Job Type", r"Work Hours", r"Experience in Months", r"Job Level",
        r"Employment Type", r"Contract Duration", r"Employee Status", r"Schedule",
        r"Functional Level", r"Organi[sz]ation", r"Country", r"City", r"Office",
    ],
)  # fmt: skip

# (kind, heading): the kind a heading opens; "end" closes the section before it,
# "apply" and "part" collect how to apply and a general part.
_SECTIONS = [
    ("general_minimum_requirements", r"general minimum requirements"),
    ("field_of_expertise_requirements", r"field of expertise requirements"),
    ("professional_competence_requirements", r"(?:level of )?professional competence requirements"),
    ("mission_specific", r"mission[- ]specific requirements"),
    ("tasks", r"(?:main )?(?:tasks|duties) and responsibilities"),
    ("background", r"background"),
    ("necessary_qualifications", r"necessary qualifications"),
    ("required_competencies", r"required competencies"),
    ("apply", r"how to apply"),
    ("part", r"remuneration package|additional information"),
    ("end", r"job description|vacancy notice"),
]
_SUBSECTIONS = [
    ("mission_specific_mandatory", r"mandatory(?: requirements)?"),
    ("mission_specific_desirable", r"desirable(?: requirements)?|assets?"),
]
_NOT_POST_SECTIONS = {"apply", "part", "end"}
_GRADE = re.compile(r"\(\s*(?P<grade>[A-Z]{1,3}\s?-?\s?\d{1,2}|SMS|S)\s*\)\s*$")
_MISSION = re.compile(
    r"\bOSCE\s+(?:Mission|Presence|Office|Programme\s+Office|Project\s+Co-?ordinator|Centre|Secretariat)"
    r"(?:\s+(?:in|to|at|for)\s+(?:the\s+)?[A-Z][\w'-]*(?:\s+(?:and\s+)?[A-Z][\w'-]*){0,3})?"
)
# "KOS - OSCE Mission in Kosovo, Pristina": a field operation's code, its name, the town.
_PORTAL_LOCATION = re.compile(
    r"^(?:[A-Z]{2,4}\s*[-–]\s*)?(?P<mission>[^,]+?)\s*,\s*(?P<town>[^,]+)$"
)
# A closing paragraph that says how to apply: "apply", and where (a link) or by when.
_APPLY = re.compile(r"\bapply\b", re.IGNORECASE)
_WHERE_OR_WHEN = re.compile(r"https?://|www\.|\bdeadline\b|\bclosing date\b", re.IGNORECASE)
# The URL to apply through, not the offline form or the page of delegations.
_APPLY_ONLINE = re.compile(
    r"\bapply\b|online\s+application|application\s+(?:link|portal|system|platform)", re.IGNORECASE
)
_OFFLINE = re.compile(r"\boffline\b", re.IGNORECASE)


def score(doc: Doc) -> int:
    text = doc.text()
    return sum(1 for marker in _MARKERS if marker.search(text))


def parse(doc: Doc) -> ParsedCall:
    found = find_fields(doc, 0, len(doc.lines), LABELS)
    fields = {}
    for field in found:
        fields.setdefault(field.name, one_line(first_paragraph(field.raw)))
    title = fields.get("title") or _first_line(doc)
    sections, closing, apply_text, parts = _sections(doc)
    if not title or not sections:
        raise NotACall(
            "This looks like an OSCE vacancy notice, but its title or its requirement "
            "sections ('General Minimum Requirements', 'Tasks and Responsibilities' ...) "
            "were not found."
        )
    mission, town = _mission_and_town(fields, doc.text())
    duty_station = fields.get("duty_station") or town
    post_title, grade = _title_and_grade(title, fields.get("grade"), duty_station)
    how_to_apply = apply_text or "\n\n".join(
        p for p in closing if _APPLY.search(p) and _WHERE_OR_WHEN.search(p)
    )
    issued = dates.parse_date(fields.get("issued", ""))  # not "Posted: 1 week ago"
    deadline = _deadline(found, issued)
    short_name = mission_names(mission, [], doc.text())[1] if mission else None
    doubts = [Doubt("deadline", reason) for reason in deadline.doubts]
    if mission and not short_name:
        doubts.append(Doubt("mission_acronym", "The notice prints no short name for the mission."))
    doubts += [Doubt("sections", reason, 0) for reason in _repairs(doc, sections)]
    post = ParsedPost(
        ref=fields.get("ref") or None,
        title=post_title,
        grade=grade,
        regime=_regime(fields.get("contract", ""), grade),
        location=fields.get("location") or None,
        duty_station=duty_station or None,
        category=fields.get("category") or None,
        education_level=fields.get("education") or None,
        sections=[section for section, _, _ in sections],
    )
    _vacancies(post, fields)
    return ParsedCall(
        organisation=ORGANISATION,
        mission=mission,
        mission_acronym=short_name,
        reference=fields.get("ref") or None,
        title=title,
        kind="vacancy_notice",
        deadline=deadline.value,
        publication_date=issued,
        posts=[post],
        application_urls=_application_urls(how_to_apply),
        how_to_apply=how_to_apply,
        contact_email=next(iter(EMAIL.findall(doc.text())), None),
        parts=_closing_parts(closing) + parts,
        doubts=doubts,
    )


def _first_line(doc: Doc) -> str:
    """The notice's title is its first line, unless that line is a field."""
    for line in doc.lines:
        if line and not LABELS.regex.match(line) and _heading_kind(line) is None:
            return line
    return ""


def _deadline(found: list[Field], issued) -> dates.Reading:
    """The notice's deadline: of several (a job board adds its own closing date), the
    first that gives a time of day."""
    readings = [
        dates.read_deadline(one_line(first_paragraph(f.raw)), issued=issued)
        for f in found
        if f.name == "deadline"
    ]
    readings = [reading for reading in readings if reading.value is not None]
    timed = [reading for reading in readings if hasattr(reading.value, "hour")]
    return (timed or readings or [dates.Reading(None)])[0]


def _mission_and_town(fields: dict[str, str], text: str) -> tuple[str | None, str | None]:
    """The field operation and the town, from "Issued by" and the portal's "Location:
    KOS - OSCE Mission in Kosovo, Pristina" (or a plain "Location: Tirana")."""
    location = fields.get("location", "")
    portal = _PORTAL_LOCATION.match(location)
    mission = fields.get("mission")
    if portal and re.search(r"\bOSCE\b|\bOffice\b|\bMission\b", portal.group("mission")):
        mission = mission or portal.group("mission")
        town = portal.group("town")
    else:
        town = location or None
    mission = mission or _mission(text)
    if mission and not mission.startswith("OSCE") and re.match(r"Office|Mission|Presence", mission):
        mission = f"OSCE {mission}"
    return mission, town


def _title_and_grade(
    title: str, stated_grade: str | None, town: str | None
) -> tuple[str, str | None]:
    """The title and its grade: "Communities Protection Officer (S1)" ->
    ("Communities Protection Officer", "S1"); a job board's ", Belgrade, Serbia" after the
    title is not part of it."""
    if town:
        title = re.sub(rf",\s*{re.escape(town)}(?:\s*,\s*[A-Z][\w .'-]+)?\s*$", "", title)
    match = _GRADE.search(title)
    if match and title[: match.start()].strip():
        return title[: match.start()].strip(), re.sub(r"[\s-]", "", match.group("grade"))
    return title, stated_grade or None


def _regime(contract: str, grade: str | None) -> str | None:
    """OSCE grades say it: S grades are secondments, P/G/D/NP grades contracted posts."""
    words = contract.lower()
    if "second" in words:
        return "seconded"
    if re.search(r"contract|fixed|appoint|staff", words):
        return "contracted"
    if grade and grade.upper().startswith("S"):
        return "seconded"
    if grade and re.match(r"(?:P|G|D|NP|FS)\d", grade.upper()):
        return "contracted"
    return None


def _vacancies(post: ParsedPost, fields: dict[str, str]) -> None:
    """The post's vacancies: "Number of posts: 2" -> two confirmed vacancies, from the start
    date if one is given."""
    number = re.match(r"\d{1,3}", fields.get("posts", ""))
    if not number or not int(number.group(0)):
        return
    start = fields.get("start", "")
    available = None if not start or dates.is_asap(start) else dates.parse_date(start)
    count = int(number.group(0))
    post.confirmed_vacancies, post.pending_vacancies = count, 0
    post.vacancies = [ParsedVacancy("confirmed", available) for _ in range(count)]


def _mission(text: str) -> str | None:
    match = _MISSION.search(text)
    return one_line(match.group(0)) if match else None


def _heading_kind(line: str, table: list[tuple[str, str]] = _SECTIONS) -> str | None:
    """The kind a heading line opens."""
    words = one_line(re.sub(r"^[#*•\s]+|[*:\s]+$", "", line)).lower()
    return next((kind for kind, pattern in table if re.fullmatch(pattern, words)), None)


def _sections(
    doc: Doc,
) -> tuple[list[tuple[ParsedSection, int, Items]], list[str], str, list[ParsedPart]]:
    """The post's sections (each with the line it starts on and its items), the paragraphs
    after the last of them (the closing text of an older notice), the text under "How To
    Apply", and the general parts ("Remuneration Package")."""
    marks = [
        (i, kind) for i, line in enumerate(doc.lines) if line and (kind := _heading_kind(line))
    ]
    found: list[tuple[ParsedSection, int, Items]] = []
    apply_text, parts = "", []
    for (start, kind), following in pairwise([*marks, (len(doc.lines), "end")]):
        lines = doc.lines[start + 1 : following[0]]
        heading = _heading_text(doc.lines[start])
        if kind == "apply":
            apply_text = paragraphs_text("\n".join(lines))
        elif kind == "part":
            parts.append(ParsedPart(heading, paragraphs_text("\n".join(lines))))
        elif kind == "mission_specific":
            found += [
                (section, start, items)
                for section, items in _mission_specific(doc, heading, start + 1, following[0])
            ]
        elif kind != "end":
            items = items_in(doc, start + 1, following[0])
            found.append((ParsedSection(kind, heading, items.items), start, items))
    if not found:
        return [], [], "", []
    for section, _, items in found[:-1]:  # only the last section's trailing text is closing text
        section.items += items.trailing
    return found, found[-1][2].trailing, apply_text, parts


def _mission_specific(
    doc: Doc, heading: str, start: int, end: int
) -> list[tuple[ParsedSection, Items]]:
    """The "Mission Specific Requirements" block (``doc.lines[start:end]``) holds
    "Mandatory:" and "Desirable:"; its own lead-in goes with the first of them."""
    marks = [
        (i, kind)
        for i in range(start, end)
        if doc.lines[i] and (kind := _heading_kind(doc.lines[i], _SUBSECTIONS))
    ]
    if not marks:
        items = items_in(doc, start, end)
        return [(ParsedSection("mission_specific_mandatory", heading, items.items), items)]
    lead_in = items_in(doc, start, marks[0][0])
    found = []
    for (first, kind), following in pairwise([*marks, (end, "end")]):
        items = items_in(doc, first + 1, following[0])
        if not found:
            items.items[:0] = lead_in.items + lead_in.trailing
        found.append(
            (
                ParsedSection(kind, f"{heading}: {_heading_text(doc.lines[first])}", items.items),
                items,
            )
        )
    return found


def _repairs(doc: Doc, sections: list[tuple[ParsedSection, int, Items]]) -> list[str]:
    ends = [start for _, start, _ in sections[1:]] + [len(doc.lines)]
    return [
        reason
        for (section, start, items), end in zip(sections, ends, strict=True)
        if (reason := repairs(doc, start, end, items, section.heading))
    ]


def _heading_text(line: str) -> str:
    return one_line(line).strip(" :#*")


def _application_urls(how_to_apply: str) -> list[str]:
    """The links to apply through: not the offline form or the page of delegations."""
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", how_to_apply)
    chosen = [s for s in sentences if _APPLY_ONLINE.search(s) and not _OFFLINE.search(s)]
    return urls_in(" ".join(chosen)) or urls_in(how_to_apply)[:1]


def _closing_parts(closing: list[str]) -> list[ParsedPart]:
    return [ParsedPart(heading="", text="\n\n".join(closing))] if closing else []
