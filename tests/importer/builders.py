"""Documents the importer tests build: calls in other layouts, and bad inputs.

A call is described with the importer's own dataclasses (``ParsedCall``), laid out once
in the EEAS layout as neutral elements (``Para``, ``Bullet``, ``Grid``), then rendered
to DOCX (python-docx) or PDF (reportlab). ``read_call(eeas_pdf(call), ...) == call`` then
checks the reader and the parser together on documents the seeds do not cover.
"""

from __future__ import annotations

import io
import itertools
import random
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import docx
from PIL import Image, ImageDraw
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from vacancies.importer.model import (
    ParsedCall,
    ParsedPart,
    ParsedPost,
    ParsedSection,
    ParsedVacancy,
)

BRUSSELS = ZoneInfo("Europe/Brussels")

REGIME_NAMES = {
    "seconded": "Seconded",
    "contracted": "Contracted",
    "seconded_contracted": "Seconded/Contracted",
}


# -- the layout, independent of the file format --------------------------------------


@dataclass
class Para:
    text: str
    style: str = "body"  # "title" | "heading" | "bold" | "body"


@dataclass
class Bullet:
    text: str


@dataclass
class Cell:
    lines: list[str]
    span: int = 1  # grid columns it covers, to its right


@dataclass
class Grid:
    rows: list[list[Cell]]
    widths: list[float]  # fractions of the text width, one per grid column


Element = Para | Bullet | Grid


@dataclass(frozen=True)
class Labels:
    """The labels of a post's table. Calls vary them, even within one document."""

    position: str = "Position:"
    regime: str = "Employment Regime:"
    post_category: str = "Post Category for Contracted:"
    ref: str = "Ref. Number:"
    confirmed: str = "Confirmed Vacancies:"
    pending: str = "Pending Vacancies:"
    location: str = "Location:"
    availability: str = "Availability:"
    component: str = "Component/Department/Unit:"
    clearance: str = "Security Clearance Level:"
    third_states: str = "Open to Contributing Third States:"


# The variant seed 000 uses for some posts, plus one more seen in other EEAS calls.
VARIANT_LABELS = Labels(
    position="Position Name:",
    ref="Ref. number:",
    confirmed="Confirmed vacancies:",
    pending="Pending vacancies:",
    clearance="Level of Security Clearance:",
)


def eeas_layout(call: ParsedCall, labels: Labels = Labels()) -> list[Element]:
    """The call as the EEAS prints it: summary table, general parts, one table per post."""
    out: list[Element] = [
        Para((call.organisation or "").upper(), "title"),
        Para("Annex 1"),
        Para(call.mission or "", "bold"),
        Para(call.mission_acronym or "", "bold"),
        Para(call.title, "bold"),
        Para("Requirements and Job Descriptions"),
        _summary_grid(call),
    ]
    if any(post.pending_deployment_acceptance for post in call.posts):
        out.append(Para("*Availability of the post pending deployment acceptance"))
    for part in call.parts:
        out += [Para(part.heading, "heading"), Para(part.text)]
    out += [
        Para("V. JOB DESCRIPTIONS", "heading"),
        Para(
            "The current reporting lines of the following job descriptions might be subject"
            " to modification based on operational requirements."
        ),
    ]
    for regime, posts in _by_regime(call.posts):
        out.append(Para(f"{REGIME_NAMES[regime].upper()} POSITIONS", "heading"))
        for post in posts:
            out += _post_elements(post, labels)
    return out


def _by_regime(posts: list[ParsedPost]) -> list[tuple[str, list[ParsedPost]]]:
    groups: dict[str, list[ParsedPost]] = {}
    for post in posts:
        groups.setdefault(post.regime or "seconded", []).append(post)
    return list(groups.items())


def _summary_grid(call: ParsedCall) -> Grid:
    def row(label: str, *lines: str) -> list[Cell]:
        return [Cell([label]), Cell(list(lines), span=4)]

    rows = [
        row("Organisation:", call.mission or ""),
        row("Job location:", "As indicated below"),
        row("Employment regime:", "As indicated below"),
        [Cell(["Job titles/ vacancy notice:"])]
        + [Cell([h]) for h in ("Ref.:", "Name of the post:", "Location:", "Availability:")],
    ]
    for regime, posts in _by_regime(call.posts):
        count = sum(len(post.vacancies or [None]) for post in posts)
        rows.append(row("", f"{REGIME_NAMES[regime]} ({count})"))
        rows += [
            _summary_row(post, vacancy) for post in posts for vacancy in post.vacancies or [None]
        ]
    rows += [
        row("Deadline for applications:", deadline_text(call.deadline)),
        row("Applications must be submitted to:", *_how_to_apply(call)),
        row("Information:", *_information(call)),
    ]
    return Grid(rows, widths=[0.2, 0.14, 0.38, 0.14, 0.14])


def _summary_row(post: ParsedPost, vacancy: ParsedVacancy | None) -> list[Cell]:
    ref = f"{post.ref}*" if post.pending_deployment_acceptance else post.ref or ""
    when = availability_text(vacancy.availability) if vacancy else "ASAP"
    return [
        Cell([]),
        Cell([ref]),
        Cell([post.title]),
        Cell([post.duty_station or ""]),
        Cell([when]),
    ]


def _how_to_apply(call: ParsedCall) -> list[str]:
    lines = ["1) You have the nationality of an EU Member State: you must use Goalkeeper to apply:"]
    for letter, url in zip("abcdefgh", call.application_urls, strict=False):  # a-h: enough
        lines += [f"{letter}) Apply online:", url]
    lines.append(
        "2) You do not have the nationality of an EU Member State: only seconded nationals"
        " of a Contributing Third State can be proposed by their National Seconding Authority."
    )
    return lines


def _information(call: ParsedCall) -> list[str]:
    lines = [
        (
            "For more information relating to selection and recruitment, please contact the"
            " Civilian Operations Headquarters (CivOpsHQ):"
        )
    ]
    if call.contact:
        lines.append(call.contact)
    if call.contact_email:
        lines.append(call.contact_email)
    return lines


def _post_elements(post: ParsedPost, labels: Labels) -> list[Element]:
    category = Cell([labels.post_category, post.post_category]) if post.post_category else Cell([])
    third_states = "YES" if post.open_to_third_states else "NO"
    availability = " & ".join(availability_text(v.availability) for v in post.vacancies or [])
    grid = Grid(
        rows=[
            [
                Cell([labels.position, post.title]),
                Cell([labels.regime, REGIME_NAMES[post.regime or "seconded"]]),
                category,
            ],
            [
                Cell(
                    [
                        labels.ref,
                        post.ref or "",
                        f"{labels.confirmed} {post.confirmed_vacancies}",
                        f"{labels.pending} {post.pending_vacancies}",
                    ]
                ),
                Cell([labels.location, post.location or ""]),
                Cell([labels.availability, availability or "ASAP"]),
            ],
            [
                Cell([labels.component, post.component or ""]),
                Cell([labels.clearance, post.clearance or ""]),
                Cell([f"{labels.third_states} {third_states}"]),
            ],
        ],
        widths=[0.36, 0.32, 0.32],
    )
    out: list[Element] = [grid]
    for section in post.sections:
        out.append(Para(f"{section.heading}:", "bold"))
        # The reporting line is prose in every call; the other sections are bullet lists.
        make = Para if section.kind == "reporting_line" else Bullet
        out += [make(item) for item in section.items]
    return out


def availability_text(when: date | None) -> str:
    return "ASAP" if when is None else f"{when.day:02d} {when:%b %Y}"


def deadline_text(deadline: datetime | date | None) -> str:
    if deadline is None:
        return "To be announced"
    day = f"{deadline:%A}, {deadline.day} {deadline:%B %Y}"
    if isinstance(deadline, datetime):
        return f"{day}, at {deadline.astimezone(BRUSSELS):%H:%M} (Brussels time)"
    return day


# -- DOCX ----------------------------------------------------------------------------


def to_docx(elements: list[Element]) -> bytes:
    document = docx.Document()
    # Setting ``paragraph.style`` scans all styles each time: set the id once looked up.
    bullet = document.styles["List Bullet"].style_id
    for element in elements:
        if isinstance(element, Grid):
            _docx_grid(document, element)
        elif isinstance(element, Bullet):
            document.add_paragraph(element.text)._p.style = bullet
        elif element.style == "heading":
            document.add_heading(element.text, level=2)
        else:
            paragraph = document.add_paragraph()
            paragraph.add_run(element.text).bold = element.style in ("title", "bold")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_grid(document, grid: Grid) -> None:
    table = document.add_table(rows=len(grid.rows), cols=len(grid.widths))
    table.style = "Table Grid"
    for r, row in enumerate(grid.rows):
        c = 0
        for cell in row:
            target = table.cell(r, c)
            if cell.span > 1:  # merge first: merging joins the cells' paragraphs
                target = target.merge(table.cell(r, c + cell.span - 1))
            _docx_cell_text(target, cell.lines)
            c += cell.span


def _docx_cell_text(target, lines: list[str]) -> None:
    first, *rest = lines or [""]
    target.paragraphs[0].text = first
    for line in rest:
        target.add_paragraph(line)


def eeas_docx(call: ParsedCall, labels: Labels = Labels()) -> bytes:
    return to_docx(eeas_layout(call, labels))


# -- PDF -----------------------------------------------------------------------------

_BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12.5, spaceAfter=4)
_STYLES = {
    "body": _BODY,
    "bold": ParagraphStyle("bold", _BODY, fontName="Helvetica-Bold", spaceBefore=6),
    "title": ParagraphStyle("title", _BODY, fontName="Helvetica-Bold", fontSize=13, leading=16),
    "heading": ParagraphStyle(
        "heading", _BODY, fontName="Helvetica-Bold", fontSize=11, spaceBefore=10
    ),
}
_BULLET = ParagraphStyle("bullet", _BODY, leftIndent=18, bulletIndent=6)
_CELL = ParagraphStyle("cell", _BODY, fontSize=9, leading=11, spaceAfter=0)


def to_pdf(elements: list[Element], *, page_numbers: bool = True, encrypt=None) -> bytes:
    out = io.BytesIO()
    template = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, encrypt=encrypt
    )
    flowables = [_flowable(element, template.width) for element in elements]
    template.build(flowables, canvasmaker=_NumberedCanvas if page_numbers else canvas.Canvas)
    return out.getvalue()


def _flowable(element: Element, width: float):
    if isinstance(element, Grid):
        return _pdf_grid(element, width)
    if isinstance(element, Bullet):
        return Paragraph(escape(element.text), _BULLET, bulletText="\u2022")
    if not element.text:
        return Spacer(1, 4)
    return Paragraph(escape(element.text), _STYLES[element.style])


def _pdf_grid(grid: Grid, width: float) -> Table:
    data, spans = [], []
    for r, row in enumerate(grid.rows):
        cells, c = [], 0
        for cell in row:
            cells.append(Paragraph("<br/>".join(escape(line) for line in cell.lines), _CELL))
            if cell.span > 1:
                spans.append(("SPAN", (c, r), (c + cell.span - 1, r)))
                cells += [""] * (cell.span - 1)
            c += cell.span
        data.append(cells)
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    return Table(data, colWidths=[w * width for w in grid.widths], style=TableStyle(style + spans))


class _NumberedCanvas(canvas.Canvas):
    """Prints "n/N" at the foot of each page, as Word's PDF export of a call does.

    The reportlab recipe: keep each page's state until the total is known at save time.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802  (overrides reportlab's Canvas.showPage)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont("Helvetica", 8)
            self.drawCentredString(A4[0] / 2, 1 * cm, f"{self._pageNumber}/{len(self._pages)}")
            super().showPage()
        super().save()


def eeas_pdf(call: ParsedCall, labels: Labels = Labels(), **options) -> bytes:
    return to_pdf(eeas_layout(call, labels), **options)


def ruled_table_pdf(
    rows: list[list[str]], widths: list[float], order: str = "cells", pages: list[int] | None = None
) -> bytes:
    """One ruled table, each cell's lines as given, drawn cell by cell (``"cells"``, as
    Word does) or line by line across each row (``"lines"``, as some converters do).
    ``pages``: how many rows go on each page, the last ones at its foot (rows Word broke
    across a page break are given as two rows)."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, invariant=1)
    page.setFont("Helvetica", 9)
    leading, left, top = 11, 2 * cm, A4[1] - 2 * cm
    lefts = [left + sum(widths[:i]) for i in range(len(widths) + 1)]
    breaks = list(itertools.accumulate(pages or []))
    y = top
    for number, row in enumerate(rows):
        if number in breaks:
            page.showPage()
            page.setFont("Helvetica", 9)
            y = top
        elif number + 1 in breaks:  # the last row of a page sits at its foot
            y = min(y, 2 * cm + leading * max(len(cell.split("\n")) for cell in row) + 6)
        lines = [cell.split("\n") for cell in row]
        height = leading * max(map(len, lines)) + 6
        if order == "cells":
            draws = [(c, n) for c in range(len(row)) for n in range(len(lines[c]))]
        else:
            draws = [(c, n) for n in range(max(map(len, lines))) for c in range(len(row))]
        for c, n in draws:
            if n < len(lines[c]):
                page.drawString(lefts[c] + 3, y - 3 - leading * (n + 1) + 2, lines[c][n])
        for x in lefts:
            page.line(x, y, x, y - height)
        page.line(lefts[0], y, lefts[-1], y)
        y -= height
        page.line(lefts[0], y, lefts[-1], y)
    page.save()
    return out.getvalue()


# -- example calls (tests and the benchmark) ------------------------------------------

EEAS_SECTIONS = [
    ("reporting_line", "Reporting Line"),
    ("main_tasks", "Main Tasks and Responsibilities"),
    ("general_tasks", "General Tasks and Responsibilities"),
    ("essential_qualifications", "Essential Qualifications and Experience"),
    ("essential_skills", "Essential Knowledge, Skills and Abilities"),
    ("desirable_qualifications", "Desirable Qualifications and Experience"),
    ("desirable_skills", "Desirable Knowledge, Skills and Abilities"),
]


def eeas_sections(title: str, items_per_section: int = 3) -> list[ParsedSection]:
    sections = [
        ParsedSection(
            "reporting_line", "1. Reporting Line", [f"The {title} reports to the Head of Unit."]
        )
    ]
    for number, (kind, heading) in enumerate(EEAS_SECTIONS[1:], start=2):
        items = [
            f"To {heading.lower()} item {i} for the {title}, in line with the mission's mandate;"
            for i in range(1, items_per_section + 1)
        ]
        sections.append(ParsedSection(kind, f"{number}. {heading}", items))
    return sections


def example_post(number: int, items_per_section: int = 3) -> ParsedPost:
    title = f"Mission Officer {number}"
    return ParsedPost(
        ref=f"EK {61000 + number}",
        title=title,
        regime="seconded",
        location="Western Balkans Region (Kosovo)",
        duty_station="Pristina",
        component="Office of the Chief of Staff",
        clearance="EU SECRET",
        open_to_third_states=number % 2 == 0,
        confirmed_vacancies=1,
        pending_vacancies=0,
        vacancies=[ParsedVacancy("confirmed", None)],
        sections=eeas_sections(title, items_per_section),
    )


def example_call(posts: list[ParsedPost], reference: str = "3-2025") -> ParsedCall:
    return ParsedCall(
        organisation="European External Action Service",
        mission="European Union Rule of Law Mission in Kosovo",
        mission_acronym="EULEX",
        reference=reference,
        title=f"{reference} Call for Contributions",
        kind="call_for_contributions",
        deadline=datetime(2025, 11, 14, 17, 0, tzinfo=BRUSSELS),
        posts=posts,
        application_urls=[
            "https://goalkeeper.eeas.europa.eu/registrar/web",
            "https://goalkeeper.eeas.europa.eu/registrar/web/DPA/357/details.do",
        ],
        contact_email="CIVOPSHQ-HR-EULEX-Kosovo@eeas.europa.eu",
        parts=[
            ParsedPart(
                "I. GENERAL CONDITIONS",
                "Citizenship – Candidates must have a citizenship of an EU Member State or of"
                " a Contributing Third State.",
            )
        ],
    )


# -- bad inputs ------------------------------------------------------------------------


def png_image() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, format="PNG")
    return out.getvalue()


def random_bytes(size: int = 4096, seed: int = 0) -> bytes:
    return random.Random(seed).randbytes(size)  # noqa: S311  (seeded test data, no secret)


PDF_PASSWORD = "secret"


def encrypted_pdf(user_password: str = PDF_PASSWORD) -> bytes:
    """A PDF that needs ``user_password`` to open (an empty one only restricts printing...)."""
    encrypt = StandardEncryption(user_password, ownerPassword="owner", canPrint=0)
    return to_pdf([Para("Call for Contributions 3-2025")], encrypt=encrypt)


def scanned_pdf() -> bytes:
    """A PDF with a picture of text and no text layer, as a scanner makes."""
    picture = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(picture)
    for y in range(60, 740, 24):  # grey bars standing in for lines of print
        draw.rectangle((50, y, 550 - (y * 7) % 200, y + 10), fill=40)
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.drawImage(ImageReader(picture), 0, 0, width=A4[0], height=A4[1])
    page.save()
    return out.getvalue()


def small_docx() -> bytes:
    return to_docx([Para("Call for Contributions", "heading"), Para("Position: Officer")])


def truncated_docx() -> bytes:
    data = small_docx()
    return data[: len(data) // 2]


def with_entries(data: bytes, replace: dict[str, bytes]) -> bytes:
    """A copy of the zip ``data`` with entries replaced or added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename not in replace:
                target.writestr(info, source.read(info))
        for name, content in replace.items():
            target.writestr(name, content)
    return out.getvalue()


def zip_bomb_docx(expanded_mb: int = 150) -> bytes:
    """A real DOCX carrying one entry of zeros that expands ~1000 times."""
    out = io.BytesIO(small_docx())
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as target,
        target.open("word/media/image1.bin", "w", force_zip64=True) as entry,
    ):
        chunk = bytes(1024 * 1024)
        for _ in range(expanded_mb):
            entry.write(chunk)
    return out.getvalue()


def many_entries_docx(count: int = 3000) -> bytes:
    return with_entries(small_docx(), {f"word/media/p{i}.bin": b"x" for i in range(count)})


def xxe_docx() -> bytes:
    """A DOCX whose body declares an external entity pointing at a server file."""
    body = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
    )
    return with_entries(small_docx(), {"word/document.xml": body})


def billion_laughs_docx() -> bytes:
    entities = b'<!ENTITY lol0 "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)
    )
    body = (
        b'<?xml version="1.0"?>\n<!DOCTYPE w:document [' + entities + b"]>\n"
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    return with_entries(small_docx(), {"word/document.xml": body})


def broken_xml_docx() -> bytes:
    return with_entries(small_docx(), {"word/document.xml": b"<w:document"})


def zip_not_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("notes.txt", "not a Word document")
    return out.getvalue()
