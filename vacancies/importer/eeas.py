"""EU Calls for Contributions (EEAS, Civilian Operations Headquarters) -> ``ParsedCall``.

A call has three parts, in this order:

1. a header table: organisation (the mission), deadline, how to apply, contact, and one
   row per vacancy ("EK 60092 Justice Monitor Pristina 23 Jan 2026") under a group
   heading that gives the regime ("Seconded (25)", "Seconded/Contracted (2)");
2. general parts (conditions, requirements, documents, additional information);
3. one job description per post: labelled fields ("Position:", "Ref. Number:" ...) then
   numbered sections ("1. Reporting Line:" ... "7. Desirable Knowledge, Skills and
   Abilities:").

Where the header table and a post disagree, the post wins and a warning says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from . import dates
from .errors import DocumentTooLarge, NotACall
from .grammar import (
    EMAIL,
    PHONE,
    Doc,
    Field,
    Labels,
    find_fields,
    first_field,
    first_paragraph,
    join_broken,
    one_line,
    paragraphs_text,
    urls_in,
)
from .items import items_in, repairs
from .model import Doubt, ParsedCall, ParsedPart, ParsedPost, ParsedSection, ParsedVacancy
from .names import mission_names

ORGANISATION = "European External Action Service"

_MARKERS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"call\s+for\s+contributions?",
        r"employment\s+regime",
        r"security\s+clearance",
        r"\bEEAS\b|european\s+external\s+action\s+service",
        r"civ\s?ops\s?hq|civilian\s+operations?\s+headquarters",
        r"contributing\s+third\s+states?",
        r"\bref(?:erence)?\.?\s*(?:number|no\.?)\s*:",
    )
]

_UNIT = r"(?:Component|Department|Division|Unit|Section|Office)"
_TITLE_WORDS = [
    r"Position(?: Name| Title)?",
    r"(?:Post|Job) Title",
    r"Title of (?:the )?(?:Post|Position)",
    r"Name of (?:the )?(?:Post|Position)",
]
POST_LABELS = Labels(
    title=_TITLE_WORDS,
    regime=[r"Employment Regime", r"Regime"],
    post_category=[
        r"Post Category(?: for Contracted(?: Staff| Personnel)?)?",
        r"Category of (?:the )?Post(?: for Contracted)?",
        r"Contracted Post Category",
    ],
    ref=[r"Ref(?:erence)?\.?(?:\s*(?:Number|No\.?|Nr\.?|Code))?"],
    confirmed=[r"(?:Number of )?Confirmed Vacanc(?:y|ies)"],
    pending=[r"(?:Number of )?Pending Vacanc(?:y|ies)"],
    location=[r"Location"],
    duty_station=[r"Duty Station"],
    availability=[r"Availability", r"Start(?:ing)? Date"],
    component=[rf"{_UNIT}(?:/{_UNIT})+", r"Component|Department"],
    clearance=[
        r"(?:Level of )?(?:Personnel )?Security Clearance(?: Level)?(?: Required)?",
        r"Required Security Clearance",
    ],
    third_states=[r"Open to (?:Contributing )?Third States?", r"Contributing Third States?"],
)
_TITLE_LABEL = Labels(title=_TITLE_WORDS)
# The most vacancies one post may have: the OSCE's "Number of posts" has at most 3 digits too.
MAX_VACANCIES = 999
# Fields that only a job description has: a "Position:" followed by none of them is not a post.
_POST_ONLY_FIELDS = {
    "ref",
    "regime",
    "component",
    "clearance",
    "third_states",
    "confirmed",
    "pending",
}

HEADER_LABELS = Labels(
    mission=[r"Organi[sz]ation", r"Mission"],
    job_location=[r"Job Location"],
    regime=[r"Employment Regime"],
    job_titles=[r"Job Titles?/Vacancy Notices?", r"Job Titles?", r"Vacancy Notices?"],
    deadline=[
        r"Deadline(?: for Applications?)?",
        r"Closing Date(?: for Applications?)?",
        r"Application Deadline",
    ],
    apply=[
        (
            r"Applications? (?:must|should|are to|shall|can) be (?:submitted|sent|made|addressed)"
            r"(?: to| via| through| by| at| online)?"
        ),
        r"How to Apply",
        r"Application (?:Procedure|Process)",
        r"Where to Apply",
        # older calls: applications went by e-mail
        r"E-?mail Address (?:to send|for sending|for) the (?:Job )?Application(?: Form)?(?: to)?",
    ],
    contact=[
        r"Information",
        r"Contacts?(?: Details| Person)?",
        r"For (?:More|Further) Information",
    ],
)
# The header table's column titles, read around when looking for its rows.
_COLUMN_LABELS = re.compile(
    r"(?<!\w)(?:Ref(?:erence)?\.?(?:\s*(?:No\.?|Number))?|Name\s+of\s+the\s+post"
    r"|(?:Post|Job)\s+title|Job\s+titles?\s*/\s*vacancy\s+notices?|Location|Duty\s+station"
    r"|Availability)\s*:",
    re.IGNORECASE,
)
_GROUP_HEADING = re.compile(
    r"^(?P<regime>(?:seconded|contracted)(?:\s*/\s*(?:seconded|contracted))?)"
    r"(?:\s+(?:positions?|posts?|personnel|staff))?\s*(?P<count>\(\s*\d+\s*\))?\s*:?$",
    re.IGNORECASE,
)
# "GEO SW 03a*", "LIBHM15", "SOM 094", "EK 60211-1"
_GENERIC_REF = re.compile(r"^[A-Z]{2,}(?: [A-Z]{2,}){0,3} ?\d{1,6}[a-z]?(?:-\d+)?\*?(?=\s|$)")
# "3-2025 Call for Contributions", "1-2026 Extraordinary Call for Contributions"
_CALL_TITLE = re.compile(
    r"(?<!\w)(?:(?P<reference>\d{1,2}\s*[-/]\s*\d{4})\s+)?(?:(?-i:[A-Z][a-z]{1,20})\s+){0,2}"
    r"Calls?\s+for\s+Contributions?",
    re.IGNORECASE,
)
_PART_HEADING = re.compile(r"^[IVX]{1,5}(?:\.[A-Z0-9]{1,3})?\.?\s+[A-Z][^.]{1,90}$")
_SECTION_NUMBER = re.compile(r"^(?P<number>\d{1,2})\s*[.)]\s*(?P<title>.+?)\s*:?\s*$")


def score(doc: Doc) -> int:
    text = doc.text()
    return sum(1 for marker in _MARKERS if marker.search(text))


def parse(doc: Doc) -> ParsedCall:
    doubts: list[Doubt] = []
    post_starts = _post_starts(doc)
    if not post_starts:
        raise NotACall(
            "This looks like an EU call for contributions, but no job description was found "
            "in it: each post should start with 'Position:' and give its 'Ref. Number:', "
            "'Employment Regime:' and numbered sections ('1. Reporting Line:' ...)."
        )
    header_end = post_starts[0]
    header = [
        _until_heading(doc, f)
        for f in find_fields(doc, 0, header_end, HEADER_LABELS, last_value_paragraph=False)
    ]
    title, reference = _call_title(doc, header_end)
    mission, short_name = _mission(doc, header, header_end)
    if mission and not short_name:
        doubts.append(
            Doubt("mission_acronym", "The document prints no short name for the mission.")
        )
    apply_field = first_field(header, "apply")
    contact_text, parts_start = _contact(doc, header)
    deadline_field = first_field(header, "deadline")

    bounds = list(pairwise([*post_starts, len(doc.lines)]))
    posts = [_post(doc, start, end, index, doubts) for index, (start, end) in enumerate(bounds)]
    rows_end = deadline_field.line if deadline_field else header_end
    _attach_rows(posts, _header_rows(doc, rows_end, posts), doubts)

    how_to_apply = apply_field.text if apply_field else _apply_anyway(doc, header_end, doubts)
    stated = first_field(header, "mission")
    issued = dates.publication_date(
        doc.lines[:header_end], doc.lines[: stated.line if stated else 12]
    )
    deadline = dates.read_deadline(
        first_paragraph(deadline_field.raw) if deadline_field else "", issued=issued
    )
    doubts += [Doubt("deadline", reason) for reason in deadline.doubts]
    return ParsedCall(
        organisation=ORGANISATION,
        mission=mission,
        mission_acronym=short_name,
        reference=reference,
        title=title,
        kind="call_for_contributions",
        deadline=deadline.value,
        publication_date=issued,
        posts=[read.post for read in posts],
        application_urls=urls_in(how_to_apply),
        how_to_apply=how_to_apply,
        contact=contact_text,
        contact_email=_first(EMAIL.findall(contact_text)),
        parts=_parts(doc, parts_start, header_end),
        doubts=doubts,
    )


# -- the call --------------------------------------------------------------------------------


def _call_title(doc: Doc, header_end: int) -> tuple[str, str | None]:
    """("3-2025 Call for Contributions", "3-2025"): the first title that carries a number,
    to the end of its line and of the lines that plainly go on with it ("for the Regional
    Coordination Cell (RCC)")."""
    titles = [
        (number, m)
        for number, line in enumerate(doc.lines[:header_end])
        if (m := _CALL_TITLE.search(line))
    ]
    numbered = [(number, m) for number, m in titles if m.group("reference")]
    if not titles:
        return "Call for Contributions", None
    number, best = (numbered or titles)[0]
    reference = re.sub(r"\s+", "", best.group("reference")) if best.group("reference") else None
    rest = doc.lines[number][best.end() :]
    goes_on = r"(?:for|of|and|in|to|on|the)"
    if rest.strip() and not re.match(rf"\s*{goes_on}\b", rest):
        return one_line(
            best.group(0)
        ), reference  # "... Call for Contributions Requirements and ..."
    title = best.group(0) + rest
    first = max((n for n in range(number + 1) if not doc.lines[n]), default=-1) + 1
    for line in doc.lines[number + 1 : number + 4]:
        # a paragraph the document marks goes on to its end; else only plainly
        within = first in doc.whole and line
        if not (within or re.match(rf"{goes_on}\b", line) or re.search(rf"\b{goes_on}$", title)):
            break
        title += " " + line
    return one_line(title), reference


def _mission(doc: Doc, header: list[Field], header_end: int) -> tuple[str | None, str | None]:
    """(full name, short name): from the "Organisation:" cell and the title block above it."""
    stated = first_field(header, "mission")
    title_block = doc.lines[: stated.line if stated else header_end]
    value = first_paragraph(stated.raw).strip() if stated else None
    return mission_names(value, title_block, doc.text())


def _apply_anyway(doc: Doc, header_end: int, doubts: list[Doubt]) -> str:
    """How to apply when no label says so: the header's paragraphs that give a link to
    apply through (Goalkeeper's); a doubt either way, for HR staff to check."""
    paragraphs = re.split(r"\n\s*\n", doc.text(0, header_end))
    found = [
        paragraphs_text(p)
        for p in paragraphs
        if re.search(r"goalkeeper|apply|application", p, re.IGNORECASE) and urls_in(p)
    ]
    if found:
        doubts.append(
            Doubt(
                "how_to_apply",
                "No 'Applications must be submitted to:' was found: the links "
                "to apply are taken from the header; check them.",
            )
        )
    else:
        doubts.append(Doubt("how_to_apply", "The call says nowhere how to apply."))
    return "\n\n".join(found)


def _until_heading(doc: Doc, found: Field) -> Field:
    """A header field that nothing follows in its table runs on into the document: its
    value ends at the next heading ("I. GENERAL CONDITIONS", "SECONDED POSITIONS")."""
    lines = found.raw.split("\n")
    for offset in range(1, len(lines)):
        number = found.line + offset
        if (
            number in doc.headings
            or _is_part_heading(lines[offset].strip())
            or (_GROUP_HEADING.match(lines[offset].strip()) and lines[offset].strip())
        ):
            return Field(found.name, "\n".join(lines[:offset]), found.line, number)
    return found


def _contact(doc: Doc, header: list[Field]) -> tuple[str, int]:
    """The contact cell's text, and the line where the general parts begin.

    In a PDF nothing marks the end of the table's last cell; the contact block ends with
    an e-mail address or a phone number, so it is cut after the last of those close by.
    """
    contact = first_field(header, "contact")
    if contact is None:
        last = max(header, key=lambda f: f.end_line, default=None)
        return "", last.end_line if last else 0
    lines = contact.raw.split("\n")
    seen, cut = 0, None
    for index, line in enumerate(lines):
        if line.strip():
            seen += 1
        if seen > 12:
            break
        if EMAIL.search(line) or PHONE.search(line):
            cut = index + 1
    if cut is None:
        kept = first_paragraph(contact.raw)
        cut = kept.count("\n") + 1
    return paragraphs_text("\n".join(lines[:cut])), contact.line + cut


def _parts(doc: Doc, start: int, end: int) -> list[ParsedPart]:
    parts: list[ParsedPart] = []
    heading, body = "", []

    def close() -> None:
        text = paragraphs_text("\n".join(body))
        if heading or text:
            parts.append(ParsedPart(heading=heading, text=text))

    for index in range(start, end):
        line = doc.lines[index]
        if _GROUP_HEADING.match(line):
            continue
        if line and (index in doc.headings or _is_part_heading(line)):
            close()
            heading, body = line, []
        else:
            body.append(line)
    close()
    return parts


def _is_part_heading(line: str) -> bool:
    if _PART_HEADING.match(line):
        return True
    letters = re.sub(r"[^A-Za-z]", "", line)
    return len(line) <= 90 and len(letters) >= 6 and letters.isupper() and len(line.split()) >= 2


# -- posts -----------------------------------------------------------------------------------


def _post_starts(doc: Doc) -> list[int]:
    """Lines where a job description starts: a title label followed by fields only a job
    description has (the header table's "Name of the post:" column is not one)."""
    candidates = [i for i, line in enumerate(doc.lines) if line and _TITLE_LABEL.regex.match(line)]
    starts = []
    for start, end in pairwise([*candidates, len(doc.lines)]):
        zone_end = _first_section(doc, start, end)[0]
        names = {f.name for f in find_fields(doc, start, zone_end, POST_LABELS)}
        if len(names & _POST_ONLY_FIELDS) >= 2:
            starts.append(start)
    return starts


@dataclass
class _Heading:
    line: int
    kind: str
    heading: str


def _first_section(doc: Doc, start: int, end: int) -> tuple[int, list[_Heading]]:
    """Where the fields end and the sections of a post begin, and those sections.

    When the post numbers its sections, only numbered headings count: a Title Case line
    such as "Justice Monitor Responsibilities:" inside "2. Main Tasks" is a sub-heading.
    """
    headings = _numbered_headings(doc, start, end) or _plain_headings(doc, start, end)
    return (headings[0].line if headings else end), headings


def _numbered_headings(doc: Doc, start: int, end: int) -> list[_Heading]:
    headings: list[_Heading] = []
    last_number = 0
    for index in range(start + 1, end):
        match = len(doc.lines[index]) <= 100 and _SECTION_NUMBER.match(doc.lines[index])
        if not match or len(match.group("title").split()) > 10:
            continue
        number = int(match.group("number"))
        kind = section_kind(match.group("title"), [h.kind for h in headings])
        if kind and last_number < number <= last_number + 3:
            headings.append(_Heading(index, kind, _heading_text(doc.lines[index])))
            last_number = number
    return headings


def _plain_headings(doc: Doc, start: int, end: int) -> list[_Heading]:
    """Unnumbered headings: a heading block, or a Title Case line ending in ":" that is
    not one of the post's fields ("Availability:" is not a section about abilities)."""
    headings: list[_Heading] = []
    for index in range(start + 1, end):
        line = doc.lines[index]
        if not line or len(line) > 100 or POST_LABELS.regex.fullmatch(line):
            continue
        if index in doc.headings or (line.endswith(":") and _is_title_case(line)):
            kind = section_kind(line, [h.kind for h in headings])
            if kind:
                headings.append(_Heading(index, kind, _heading_text(line)))
    return headings


def _heading_text(line: str) -> str:
    """The heading as printed, without its colon: "2. Main Tasks and Responsibilities"."""
    return one_line(line).rstrip(" :")


def _is_title_case(words: str) -> bool:
    long_words = [w for w in re.findall(r"[A-Za-z]+", words) if len(w) > 3]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.7


def section_kind(heading: str, seen: list[str]) -> str | None:
    """The kind of a numbered section from its heading words, e.g. "4. Qualifications and
    Experience" -> "essential_qualifications" (a heading without "Desirable" is essential)."""
    words = heading.lower()
    desirable = re.search(r"desirab|desired|preferred|advantage|asset", words)
    if "reporting" in words:
        return "reporting_line"
    if re.search(r"\btasks?\b|\bduties\b|responsibilit", words):
        return _tasks_kind(words, seen)
    if re.search(r"qualification|experience|education", words):
        return "desirable_qualifications" if desirable else "essential_qualifications"
    if re.search(r"knowledge|skill|\babilit|competenc", words):
        return "desirable_skills" if desirable else "essential_skills"
    return None


def _tasks_kind(words: str, seen: list[str]) -> str:
    """The kind of a section of tasks, duties or responsibilities."""
    if "general" in words:
        return "general_tasks"
    # "Mission Specific Tasks" after the main tasks are the post's general tasks.
    if re.search(r"\bmain\b|\bkey\b|\bcore\b", words) or "main_tasks" not in seen:
        return "main_tasks"
    return "general_tasks"


@dataclass
class _ReadPost:
    post: ParsedPost
    index: int  # in the call's posts
    availability: list[date | None]  # as its own "Availability:" field states it


def _post(doc: Doc, start: int, end: int, index: int, doubts: list[Doubt]) -> _ReadPost:
    fields_end, headings = _first_section(doc, start, end)
    fields = {}
    for f in find_fields(doc, start, fields_end, POST_LABELS):
        fields.setdefault(f.name, f.value)
    ref, starred = _ref(fields.get("ref"))
    post = ParsedPost(
        ref=ref,
        title=fields.get("title", ""),
        regime=regime(fields.get("regime", "")),
        post_category=fields.get("post_category") or None,
        location=fields.get("location") or None,
        duty_station=fields.get("duty_station") or None,
        component=fields.get("component") or None,
        clearance=fields["clearance"].upper() if fields.get("clearance") else None,
        open_to_third_states=_yes_no(fields.get("third_states", "")),
        pending_deployment_acceptance=starred,
        confirmed_vacancies=_count(fields.get("confirmed", "")),
        pending_vacancies=_count(fields.get("pending", "")),
        sections=_sections(doc, headings, end, index, doubts),
    )
    if not post.title:
        doubts.append(Doubt("title", "No 'Position:' title was found.", index))
    availability: list[date | None] = []
    if fields.get("availability"):
        try:
            availability = dates.parse_availabilities(fields["availability"])
        except ValueError as error:
            doubts.append(Doubt("vacancies", f"{error} in the job description.", index))
    return _ReadPost(post, index, availability)


def _sections(
    doc: Doc, headings: list[_Heading], end: int, index: int, doubts: list[Doubt]
) -> list[ParsedSection]:
    sections = []
    for heading, following in pairwise([*headings, None]):
        section_end = following.line if following else end
        found = items_in(doc, heading.line + 1, section_end, skip=_GROUP_HEADING.match)
        sections.append(ParsedSection(heading.kind, heading.heading, found.items + found.trailing))
        if reason := repairs(doc, heading.line, section_end, found, heading.heading):
            doubts.append(Doubt("sections", reason, index))
    return sections


def regime(text: str) -> str | None:
    words = text.lower()
    seconded, contracted = "second" in words, "contract" in words
    if seconded and contracted:
        return "seconded_contracted"
    return "seconded" if seconded else "contracted" if contracted else None


def _ref(value: str | None) -> tuple[str | None, bool]:
    """Ref and star: "EK 60265*" -> ("EK 60265", True), pending deployment acceptance."""
    if not value:
        return None, False
    return value.rstrip("* ").strip(), value.rstrip().endswith("*")


def _count(text: str) -> int | None:
    match = re.search(r"\d+", text)
    # Ten digits are over any bound already; int() of thousands of them is slow or refused.
    return int(match.group(0)[:10]) if match else None


def _yes_no(text: str) -> bool | None:
    answer = text.strip().lower()
    if answer.startswith(("yes", "y ")) or answer == "y":
        return True
    if answer.startswith(("no", "n ")) or answer == "n":
        return False
    return None


def _first(found: list[str]) -> str | None:
    return found[0] if found else None


# -- the header table's rows -----------------------------------------------------------------


@dataclass
class _Row:
    ref: str  # as printed, "EK 60265*"
    regime: str | None  # from the group heading above the row
    lines: list[str] = field(default_factory=list)  # title and duty station, as wrapped
    availability: date | None = None
    complete: bool = False  # its availability was read
    counts: dict[str, int] = field(default_factory=dict)  # its "Pending", "Total"... columns

    def take_counts(self, columns: list[str]) -> None:
        """The row's vacancy-count cells (the numbers before its availability), taken off
        its lines: "Programme Manager 1 1 2" -> {"pending": 1, "confirmed": 1, "total": 2}."""
        text = "\n".join(self.lines)
        numbers = r"\s+".join([r"(\d{1,3})"] * len(columns))
        found = re.search(rf"(?:^|\s){numbers}\s*$", text)
        if found:
            self.counts = dict(zip(columns, map(int, found.groups()), strict=True))
            self.lines = text[: found.start()].split("\n")

    @property
    def vacancies(self) -> int:
        """How many vacancies the row stands for: one, unless its counts say otherwise."""
        counts = self.counts
        return counts.get("total") or counts.get("confirmed", 0) + counts.get("pending", 0) or 1


def _header_rows(doc: Doc, end: int, posts: list[_ReadPost]) -> list[_Row]:
    """One row per vacancy: a ref at the start of a line, then the title and the duty
    station, and the availability last; a row may wrap over several lines or cells."""
    known = sorted({read.post.ref for read in posts if read.post.ref}, key=len, reverse=True)
    known_ref = re.compile(
        r"^(?:" + "|".join(re.escape(r).replace(r"\ ", r"\s*") for r in known) + r")\*?(?![\w-])"
        if known
        else r"(?!)",
        re.IGNORECASE,
    )
    text = _COLUMN_LABELS.sub("\n", doc.text(0, end))
    if known:  # a ref its narrow cell wrapped ("GEO BS" / "03a") is one line again
        wrapped = "|".join(re.escape(r).replace(r"\ ", r"\s+") for r in known)
        text = re.sub(rf"(?m)^[ \t]*(?:{wrapped})(?![\w-])", lambda m: one_line(m.group(0)), text)
    columns = _count_columns(text)
    rows: list[_Row] = []
    group: str | None = None
    current: _Row | None = None
    for line in (one_line(line) for line in text.split("\n")):
        heading = _GROUP_HEADING.match(line)
        if heading:
            group, current = regime(heading.group("regime")), None
            continue
        # An unknown ref may not cut into a row whose availability has not come yet.
        open_row = current is not None and not current.complete
        start = known_ref.match(line) or (None if open_row else _GENERIC_REF.match(line))
        if start:
            current = _Row(ref=one_line(start.group(0)), regime=group)
            rows.append(current)
        rest = line[start.end() :].strip() if start else line
        if current is None or current.complete or not rest:
            continue
        current.lines.append(rest)
        # the availability ends the row, maybe wrapped in its narrow cell ("16 May" / "2019")
        ending = dates.split_trailing_availability("\n".join(current.lines))
        if ending is not None:
            before, current.availability = ending
            current.lines = [part.strip() for part in before.split("\n")]
            current.complete = True
            current.take_counts(columns)
    known_keys = {_ref_key(ref) for ref in known}
    return [row for row in rows if row.complete or _ref_key(row.ref) in known_keys]


# Columns of the header table that count vacancies, as EULEX's older calls print them.
_COUNT_COLUMN = re.compile(r"\b(pending|confirmed|total)\b", re.IGNORECASE)


def _count_columns(text: str) -> list[str]:
    """The header table's vacancy-count columns in their order, from its column titles
    (the lines before its first group heading or row)."""
    titles = []
    for line in text.split("\n"):
        if _GROUP_HEADING.match(line.strip()) or _GENERIC_REF.match(line.strip()):
            break
        if line.strip():
            titles.append(line)
    found = [word.lower() for word in _COUNT_COLUMN.findall(" ".join(titles[-8:]))]
    return list(dict.fromkeys(found))


def _attach_rows(posts: list[_ReadPost], rows: list[_Row], doubts: list[Doubt]) -> None:
    """Each post's rows of the header table: its vacancies, and a cross-check of its title
    and duty station (the post's own table is the authority)."""
    unused = list(rows)
    for read in posts:
        post = read.post
        mine = _rows_of(post, unused)
        for row in mine:
            unused.remove(row)
        if any(row.ref.endswith("*") for row in mine):
            post.pending_deployment_acceptance = True
        if not mine and rows:
            doubts.append(Doubt("ref", "The post is not listed in the header table.", read.index))
        row_title, row_station = _split_row(post.title, mine[0]) if mine else (None, None)
        if row_title and post.title and _squashed(row_title) != _squashed(post.title):
            doubts.append(
                Doubt(
                    "title",
                    f"The header table calls the post '{row_title}' but its job description says "
                    f"'{post.title}'; the job description's title is kept.",
                    read.index,
                )
            )
        _settle_duty_station(read, row_station, doubts)
        post.vacancies = _vacancies(read, mine, doubts)
    doubts.extend(
        Doubt(
            "posts",
            f"{row.ref} is listed in the header table, but no job description was found for it.",
        )
        for row in unused
    )


def _settle_duty_station(read: _ReadPost, row_station: str | None, doubts: list[Doubt]) -> None:
    post = read.post
    if row_station and not re.search(r"[^\W\d_]", row_station):  # a footnote mark, no place
        row_station = None
    if post.duty_station:
        if row_station and _squashed(row_station) != _squashed(post.duty_station):
            doubts.append(
                Doubt(
                    "duty_station",
                    f"The header table gives '{row_station}' as the duty station, but the job "
                    f"description says '{post.duty_station}', which is kept.",
                    read.index,
                )
            )
        return
    post.duty_station = row_station
    if not row_station:
        doubts.append(
            Doubt(
                "duty_station",
                "No duty station: the header table gives none for this post and its job "
                "description has no 'Duty Station:'.",
                read.index,
            )
        )


def _rows_of(post: ParsedPost, rows: list[_Row]) -> list[_Row]:
    """The post's rows: same ref, and the same regime group when the header has one (a
    call may offer the same ref once seconded and once seconded/contracted)."""
    same_ref = [row for row in rows if _ref_key(row.ref) == _ref_key(post.ref)]
    same_regime = [row for row in same_ref if row.regime == post.regime]
    return same_regime or [row for row in same_ref if row.regime is None] or same_ref


def _ref_key(ref: str | None) -> str:
    return re.sub(r"[\s*]", "", ref or "").upper()


def _squashed(text: str) -> str:
    """Letters and digits only: a title or place the same however its cell wrapped it."""
    return re.sub(r"[\W_]", "", text).lower()


def _split_row(title: str, row: _Row) -> tuple[str, str | None]:
    """(title, duty station) of a header row.

    When the row starts with the post's own title (however its cell wrapped or broke it),
    the rest is the duty station; otherwise the last cell, or the last word, is.
    """
    text = "\n".join(line for line in row.lines if line)
    end = _after_prefix(text, _squashed(title)) if title else None
    if end is not None:
        rest = re.sub(r"^(?:[\s)\]}.,;:\-–]|\(?\*+\)?)+", "", text[end:])  # and "(*)" marks
        return title, join_broken(rest.split("\n")).strip(" -–,;") or None
    lines = [line for line in row.lines if line]
    if len(lines) > 1:
        return one_line(" ".join(lines[:-1])), join_broken([lines[-1]])
    words = text.rsplit(None, 1)
    return (words[0], words[1]) if len(words) == 2 else (text, None)


def _after_prefix(text: str, letters: str) -> int | None:
    """Where ``text`` ends its first ``letters`` (letters and digits, anything else
    skipped), or None if it does not start with them."""
    matched = 0
    for position, char in enumerate(text):
        if matched == len(letters):
            return position
        if not char.isalnum():
            continue
        if char.lower() != letters[matched]:
            return None
        matched += 1
    return len(text) if matched == len(letters) else None


def _vacancies(
    read: _ReadPost, rows: list[_Row], doubts: list[Doubt]
) -> list[ParsedVacancy] | None:
    """One vacancy per header row (or as many as its count columns say); the first
    ``confirmed`` of them are confirmed. The post's own counts win over the header's."""
    post, stated = read.post, read.availability
    if (
        post.confirmed_vacancies is None
        and post.pending_vacancies is None
        and any("confirmed" in row.counts or "pending" in row.counts for row in rows)
    ):
        post.confirmed_vacancies = sum(row.counts.get("confirmed", 0) for row in rows)
        post.pending_vacancies = sum(row.counts.get("pending", 0) for row in rows)
    counted = None
    if post.confirmed_vacancies is not None or post.pending_vacancies is not None:
        counted = (post.confirmed_vacancies or 0) + (post.pending_vacancies or 0)
    listed = sum(row.vacancies for row in rows)
    if max(counted or 0, listed) > MAX_VACANCIES:  # one object per vacancy, however many
        raise DocumentTooLarge(
            f"Post {post.ref or post.title[:40]}: the document gives it more than"
            f" {MAX_VACANCIES} vacancies. Is the document laid out as the mission published it?"
        )
    availability = [row.availability for row in rows for _ in range(row.vacancies)] or stated
    if rows and counted is not None and counted != listed:
        doubts.append(
            Doubt(
                "vacancies",
                f"The header table lists {listed} vacancies but the job description states "
                f"{post.confirmed_vacancies} confirmed and {post.pending_vacancies} pending "
                "vacancies; the job description's numbers are kept.",
                read.index,
            )
        )
    total = counted if counted is not None else len(availability)
    if not total:
        return None
    if post.confirmed_vacancies is not None:
        confirmed = post.confirmed_vacancies
    else:
        confirmed = total - (post.pending_vacancies or 0)
    vacancies = []
    for index in range(total):
        when = availability[min(index, len(availability) - 1)] if availability else None
        vacancies.append(
            ParsedVacancy(status="confirmed" if index < confirmed else "pending", availability=when)
        )
    return vacancies
