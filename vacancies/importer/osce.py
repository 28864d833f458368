"""OSCE vacancy notices -> ``ParsedCall`` with one post.

A notice is a title with its grade ("Communities Protection Officer (S1)"), a few
labelled fields (category, deadline, level of education...), then requirement blocks
under fixed headings ("General Minimum Requirements", "Field of Expertise Requirements",
"Level of Professional Competence Requirements", "Mission Specific Requirements" with
"Mandatory:" and "Desirable:", "Tasks and Responsibilities"), then closing text on how to
apply. Job boards copy it with bullets, with or without the labels' line breaks.
"""

from __future__ import annotations

import re

from . import dates
from .errors import NotACall
from .model import Doubt, ParsedCall, ParsedPart, ParsedPost, ParsedSection
from .parse import (
    EMAIL,
    Doc,
    Items,
    Labels,
    mission_names,
    find_fields,
    first_paragraph,
    one_line,
    paragraphs_text,
    split_items,
    urls_in,
)

ORGANISATION = "Organization for Security and Co-operation in Europe"

_MARKERS = [
    re.compile(p, re.I)
    for p in (
        r"\bOSCE\b",
        r"organi[sz]ation\s+for\s+security\s+and\s+co-?operation",
        r"general\s+minimum\s+requirements",
        r"field\s+of\s+expertise\s+requirements",
        r"professional\s+competence\s+requirements",
        r"mission[\s-]+specific\s+requirements",
    )
]

LABELS = Labels(
    title=[r"(?:Position|Post|Job|Vacancy) Title"],
    grade=[r"Grade"],
    ref=[r"Vacancy (?:Notice )?(?:Number|No\.?)", r"Requisition ID", r"Reference(?: Number)?"],
    contract=[r"Contract Type", r"Type of (?:Appointment|Contract)", r"Appointment Type"],
    mission=[r"Issued by", r"Field Operation", r"Mission"],
    location=[r"Location"],
    duty_station=[r"Duty Station", r"Place of Assignment"],
    category=[r"Category", r"Job Field", r"Field of Work"],
    deadline=[r"Deadline(?: for Applications?)?", r"Closing Date", r"Application Deadline"],
    education=[r"(?:Minimum )?Level of Education", r"(?:Minimum )?Education Level"],
    other=[
        r"Salary", r"Job Type", r"Posted", r"Work Hours", r"Experience in Months",
        r"Number of Posts", r"Date of Entry on Duty", r"Target Start Date", r"Issue Date",
        r"Job Level", r"Employment Type", r"Contract Duration",
    ],
)  # fmt: skip

_SECTIONS = [
    ("general_minimum_requirements", r"general minimum requirements"),
    ("field_of_expertise_requirements", r"field of expertise requirements"),
    ("professional_competence_requirements", r"(?:level of )?professional competence requirements"),
    ("mission_specific", r"mission[- ]specific requirements"),
    ("tasks", r"(?:main )?(?:tasks|duties) and responsibilities"),
    # Headings that only close the section before them.
    ("end", r"additional information|job description|how to apply|vacancy notice"),
]
_SUBSECTIONS = [
    ("mission_specific_mandatory", r"mandatory(?: requirements)?"),
    ("mission_specific_desirable", r"desirable(?: requirements)?|assets?"),
]
_GRADE = re.compile(r"\(\s*(?P<grade>[A-Z]{1,3}\s?-?\s?\d{1,2}|SMS)\s*\)\s*$")
_MISSION = re.compile(
    r"\bOSCE\s+(?:Mission|Presence|Office|Programme\s+Office|Project\s+Co-?ordinator|Centre|Secretariat)"
    r"(?:\s+(?:in|to|at|for)\s+(?:the\s+)?[A-Z][\w'-]*(?:\s+(?:and\s+)?[A-Z][\w'-]*){0,3})?"
)
# A closing paragraph that says how to apply: "apply", and where (a link) or by when.
_APPLY = re.compile(r"\bapply\b", re.I)
_WHERE_OR_WHEN = re.compile(r"https?://|www\.|\bdeadline\b|\bclosing date\b", re.I)
# The URL to apply through, not the offline form or the page of delegations.
_APPLY_ONLINE = re.compile(
    r"\bapply\b|online\s+application|application\s+(?:link|portal|system|platform)", re.I
)
_OFFLINE = re.compile(r"\boffline\b", re.I)


def score(doc: Doc) -> int:
    text = doc.text()
    return sum(1 for marker in _MARKERS if marker.search(text))


def parse(doc: Doc) -> ParsedCall:
    fields = {}
    for found in find_fields(doc, 0, len(doc.lines), LABELS):
        fields.setdefault(found.name, one_line(first_paragraph(found.raw)))
    title = fields.get("title") or _first_line(doc)
    sections, closing = _sections(doc)
    if not title or not sections:
        raise NotACall(
            "This looks like an OSCE vacancy notice, but its title or its requirement "
            "sections ('General Minimum Requirements', 'Tasks and Responsibilities' ...) "
            "were not found."
        )
    post_title, grade = _title_and_grade(title, fields.get("grade"))
    mission = fields.get("mission") or _mission(doc.text())
    how_to_apply = [p for p in closing if _APPLY.search(p) and _WHERE_OR_WHEN.search(p)]
    deadline = dates.read_deadline(fields.get("deadline", ""))
    return ParsedCall(
        organisation=ORGANISATION,
        mission=mission,
        mission_acronym=mission_names(mission, [], doc.text())[1] if mission else None,
        reference=fields.get("ref") or None,
        title=title,
        kind="vacancy_notice",
        deadline=deadline.value,
        posts=[
            ParsedPost(
                ref=fields.get("ref") or None,
                title=post_title,
                grade=grade,
                regime=_regime(fields.get("contract", ""), grade),
                location=fields.get("location") or None,
                duty_station=fields.get("duty_station") or None,
                category=fields.get("category") or None,
                education_level=fields.get("education") or None,
                sections=sections,
            )
        ],
        application_urls=_application_urls(how_to_apply),
        how_to_apply="\n\n".join(how_to_apply),
        contact_email=next(iter(EMAIL.findall(doc.text())), None),
        parts=_parts(doc, closing),
        doubts=[Doubt("deadline", reason) for reason in deadline.doubts],
    )


def _first_line(doc: Doc) -> str:
    """The notice's title is its first line, unless that line is a field."""
    for line in doc.lines:
        if line and not LABELS.regex.match(line) and _heading_kind(line) is None:
            return line
    return ""


def _title_and_grade(title: str, stated_grade: str | None) -> tuple[str, str | None]:
    match = _GRADE.search(title)
    if match and title[: match.start()].strip():
        return title[: match.start()].strip(), re.sub(r"[\s-]", "", match.group("grade"))
    return title, stated_grade or None


def _regime(contract: str, grade: str | None) -> str | None:
    """OSCE grades say it: S grades are secondments, P/G/D grades contracted posts."""
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


def _mission(text: str) -> str | None:
    match = _MISSION.search(text)
    return one_line(match.group(0)) if match else None


def _heading_kind(line: str, table: list[tuple[str, str]] = _SECTIONS) -> str | None:
    """The kind a heading line opens ("end" for headings that only close a section)."""
    words = one_line(re.sub(r"^[#*•\s]+|[*:\s]+$", "", line)).lower()
    return next((kind for kind, pattern in table if re.fullmatch(pattern, words)), None)


def _sections(doc: Doc) -> tuple[list[ParsedSection], list[str]]:
    """The requirement and task sections, and the paragraphs after the last list (the
    notice's closing text)."""
    marks = [
        (i, kind) for i, line in enumerate(doc.lines) if line and (kind := _heading_kind(line))
    ]
    found: list[tuple[str, str, Items]] = []  # (kind, heading, items)
    for (start, kind), following in zip(marks, marks[1:] + [(len(doc.lines), "end")]):
        lines = doc.lines[start + 1 : following[0]]
        if kind == "mission_specific":
            found += _mission_specific(doc.lines[start], lines)
        elif kind != "end":
            found.append((kind, _heading_text(doc.lines[start]), split_items(lines)))
    if not found:
        return [], []
    sections = [
        ParsedSection(kind, heading, items.items + (items.trailing if n < len(found) - 1 else []))
        for n, (kind, heading, items) in enumerate(found)
    ]
    return sections, found[-1][2].trailing


def _mission_specific(heading: str, lines: list[str]) -> list[tuple[str, str, Items]]:
    """The "Mission Specific Requirements" block holds "Mandatory:" and "Desirable:"; its own
    lead-in goes with the first of them."""
    heading = _heading_text(heading)
    marks = [
        (i, kind)
        for i, line in enumerate(lines)
        if line and (kind := _heading_kind(line, _SUBSECTIONS))
    ]
    if not marks:
        return [("mission_specific_mandatory", heading, split_items(lines))]
    lead_in = split_items(lines[: marks[0][0]])
    found = []
    for (start, kind), following in zip(marks, marks[1:] + [(len(lines), "end")]):
        items = split_items(lines[start + 1 : following[0]])
        if not found:
            items.items[:0] = lead_in.items + lead_in.trailing
        found.append((kind, f"{heading}: {_heading_text(lines[start])}", items))
    return found


def _heading_text(line: str) -> str:
    return one_line(line).strip(" :#*")


def _application_urls(paragraphs: list[str]) -> list[str]:
    sentences = [s for p in paragraphs for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", p)]
    chosen = [s for s in sentences if _APPLY_ONLINE.search(s) and not _OFFLINE.search(s)]
    return urls_in(" ".join(chosen)) or urls_in(" ".join(paragraphs))[:1]


def _parts(doc: Doc, closing: list[str]) -> list[ParsedPart]:
    """The closing text, and the "Additional Information" block as printed."""
    parts = [ParsedPart(heading="", text="\n\n".join(closing))] if closing else []
    for index, line in enumerate(doc.lines):
        if line and _heading_text(line).lower() == "additional information":
            following = (i for i in range(index + 1, len(doc.lines)) if _heading_kind(doc.lines[i]))
            end = next(following, len(doc.lines))
            parts.append(ParsedPart(_heading_text(line), paragraphs_text(doc.text(index + 1, end))))
    return parts
