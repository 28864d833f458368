"""A corpus document as a PDF saved from Word (reportlab), the same bytes on every run.

Word's habits that readers meet: A4 with 2.5 cm margins, an embedded TrueType font
(DejaVu Sans here), lists with a hanging bullet, glyph bullets set in a font of their own
whose codes are the private-use ones Word stores (so copying the text gives U+F0B7...),
tables ruled with thin vector lines, a word wider than its column broken inside the word,
and a running header and footer.

Tables are laid out once (``_Grid``) and drawn in one of two orders: ``"cells"``, each
cell's lines together, as Word writes them; ``"lines"``, the first line of every cell in
a row, then the second..., as some converters write them, so that a reader that takes
text in drawing order gets the cells interleaved. Both orders give the same page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from functools import cache, partial
from pathlib import Path
from xml.sax.saxutils import escape

import pypdfium2 as pdfium
from fontTools import subset
from fontTools.ttLib import TTFont as FontFile
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer

from .document import (
    GLYPHS,
    MARGIN_CM,
    BulletList,
    Cell,
    Document,
    Para,
    Table,
)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR, BOLD, ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"
GLYPH_FONT = "WordBullets"  # stands in for Symbol and Wingdings
FONT_OF_STYLE = {"bold": BOLD, "title": BOLD, "heading": BOLD, "italic": ITALIC}

LEADING = 1.2  # line height, in font sizes
ASCENT = 0.93  # DejaVu Sans' ascent, in font sizes: a line's baseline below its top
# Word's list indents: the bullet 18 pt in, the text 36 pt (a table cell's lists: 0, 18).
BULLET_INDENT, TEXT_INDENT, CELL_TEXT_INDENT = 18, 36, 18
CELL_PADDING_X, CELL_PADDING_Y = 5.4, 2  # Word's default cell margins: 0.19 cm, 0
RULE_WIDTH = 0.5


# -- fonts -------------------------------------------------------------------------------


@cache
def register_fonts() -> None:
    for name in (REGULAR, BOLD, ITALIC):
        pdfmetrics.registerFont(TTFont(name, FONT_DIR / f"{name}.ttf"))
    pdfmetrics.registerFont(TTFont(GLYPH_FONT, io.BytesIO(glyph_font())))


def glyph_font() -> bytes:
    """DejaVu Sans cut down to the bullets Symbol and Wingdings draw, with Word's
    private-use codes (U+F0B7...) mapped to them: text drawn in it at those codes looks
    like Word's bullets and its ToUnicode map gives the codes back, as Word's PDFs do."""
    font = FontFile(FONT_DIR / "DejaVuSans.ttf", lazy=True, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.drop_tables += ["FFTM", "GSUB", "GPOS", "GDEF", "kern"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(drawn) for _, drawn in GLYPHS.values()})
    subsetter.subset(font)
    for table in font["cmap"].tables:
        if table.isUnicode():
            for code, (_, drawn) in GLYPHS.items():
                table.cmap[ord(code)] = table.cmap[ord(drawn)]
    # A name of its own: two embedded fonts both named DejaVuSans confuse PDF readers.
    for record in font["name"].names:
        if record.nameID in (1, 3, 4, 6, 16):
            record.string = GLYPH_FONT
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


# -- the document ------------------------------------------------------------------------


def to_pdf(document: Document) -> bytes:
    register_fonts()
    running = (document.header or "") + (document.footer or "")
    # "{pages}" needs the page count: lay the document out once to count them.
    total = _build(document, None)[1] if "{pages}" in running else None
    return _build(document, total)[0]


def page_count(data: bytes) -> int:
    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def pdf_text(data: bytes) -> str:
    """The text as copied out of the PDF: every page's text, as PDFium gives it."""
    pdf = pdfium.PdfDocument(data)
    try:
        pages = [pdf[number].get_textpage().get_text_range() for number in range(len(pdf))]
    finally:
        pdf.close()
    return "\n".join(pages).replace("\r\n", "\n")


def _build(document: Document, total: int | None) -> tuple[bytes, int]:
    out = io.BytesIO()
    margin = MARGIN_CM * cm
    template = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        invariant=1,
        creator="missionjobs corpus",
    )
    decorate = partial(_running_text, document, total)
    template.build(
        _Story(document, template.width).flowables(),
        onFirstPage=decorate,
        onLaterPages=decorate,
        canvasmaker=partial(Canvas, initialFontName=REGULAR),
    )
    return out.getvalue(), template.page


def _running_text(document: Document, total: int | None, canvas, template) -> None:
    """The header and footer, centred 1.25 cm from the page's edges, as Word puts them."""
    size = document.font_size - 1
    canvas.saveState()
    canvas.setFont(REGULAR, size)
    for text, y in ((document.header, A4[1] - 1.25 * cm - size), (document.footer, 1.25 * cm)):
        if text:
            filled = text.replace("{page}", str(canvas.getPageNumber()))
            canvas.drawCentredString(A4[0] / 2, y, filled.replace("{pages}", str(total or "")))
    canvas.restoreState()


class _Story:
    """The flowables of a document at its font size."""

    def __init__(self, document: Document, width: float) -> None:
        self.document = document
        self.width = width
        self.size = size = document.font_size
        body = ParagraphStyle(
            "body", fontName=REGULAR, fontSize=size, leading=size * LEADING, spaceAfter=size * 0.6
        )
        big, bigger = size + 2, size + 4
        self.styles = {
            "body": body,
            "bold": ParagraphStyle("bold", body, fontName=BOLD),
            "italic": ParagraphStyle("italic", body, fontName=ITALIC),
            "heading": ParagraphStyle(
                "heading",
                body,
                fontName=BOLD,
                fontSize=big,
                leading=big * LEADING,
                spaceBefore=size,
                keepWithNext=1,
            ),
            "title": ParagraphStyle(
                "title",
                body,
                fontName=BOLD,
                fontSize=bigger,
                leading=bigger * LEADING,
                spaceAfter=size,
                alignment=TA_CENTER,
            ),
        }
        # List Paragraph: Word adds no space between the items of one list.
        self.item = ParagraphStyle(
            "item",
            body,
            leftIndent=TEXT_INDENT,
            bulletIndent=BULLET_INDENT,
            bulletFontSize=size,
            spaceAfter=0,
        )

    def flowables(self) -> list[Flowable]:
        out: list[Flowable] = []
        for element in self.document.elements:
            if isinstance(element, Para):
                out.append(self.paragraph(element))
            elif isinstance(element, BulletList):
                out += self.items(element)
            elif isinstance(element, Table):
                out += [self.table(element), Spacer(1, self.styles["body"].spaceAfter)]
            else:
                out.append(PageBreak())
        return out

    def paragraph(self, para: Para) -> Flowable:
        style = self.styles[para.style]
        if not para.text.strip():  # an empty paragraph still takes its line
            return Spacer(1, style.leading + style.spaceAfter)
        return Paragraph(_markup(para.text), style)

    def items(self, items: BulletList) -> list[Flowable]:
        font = GLYPH_FONT if items.bullet.glyph else REGULAR
        style = ParagraphStyle("item", self.item, bulletFontName=font)
        last = ParagraphStyle("last item", style, spaceAfter=self.styles["body"].spaceAfter)
        labelled = items.labelled()
        return [
            Paragraph(_markup(text), last if n == len(labelled) else style, bulletText=label)
            for n, (label, text) in enumerate(labelled, start=1)
        ]

    def table(self, table: Table) -> _Grid:
        scale = self.width / max(sum(table.widths), 1)  # never wider than the text
        edges = [0.0]
        for fraction in table.widths:
            edges.append(edges[-1] + fraction * scale)
        rows = []
        for row in table.rows:
            cells, column = [], 0
            for cell in row:
                left, right = edges[column], edges[column + cell.span]
                cells.append(_CellBox(left, right - left, self.cell_lines(cell, right - left)))
                column += cell.span
            rows.append(_Row(cells, self.size * LEADING))
        return _Grid(rows, edges[-1], borders=table.borders, draw_order=self.document.draw_order)

    def cell_lines(self, cell: Cell, width: float) -> list[_Line]:
        """The cell's text wrapped to its width, one ``_Line`` per printed line."""
        size, inner = self.size, width - 2 * CELL_PADDING_X
        lines: list[_Line] = []
        for element in cell.content:
            if isinstance(element, Para):
                font = FONT_OF_STYLE.get(element.style, REGULAR)
                lines.extend(
                    _Line([_Piece(CELL_PADDING_X, text, font, size)])
                    for text in _wrap(element.text, font, size, inner)
                )
                continue
            bullet_font = GLYPH_FONT if element.bullet.glyph else REGULAR
            for label, text in element.labelled():
                # A label wider than the indent pushes its text on, as Word's tab does.
                indent = max(CELL_TEXT_INDENT, _width(f"{label} ", bullet_font, size))
                x = CELL_PADDING_X + indent
                wrapped = _wrap(text, REGULAR, size, inner - indent)
                for n, line in enumerate(wrapped):
                    pieces = [_Piece(x, line, REGULAR, size)]
                    if n == 0:
                        pieces.insert(0, _Piece(CELL_PADDING_X, label, bullet_font, size))
                    lines.append(_Line(pieces))
        return lines


def _markup(text: str) -> str:
    return "<br/>".join(escape(line) for line in text.split("\n"))


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width``; a word wider than a whole line
    is broken inside the word, as Word does in a narrow column ("Phys" / "ician")."""
    lines: list[str] = []
    for paragraph_line in text.split("\n"):
        line = ""
        for word in paragraph_line.split():
            candidate = f"{line} {word}" if line else word
            if _width(candidate, font, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            rest = word
            while _width(rest, font, size) > width and len(rest) > 1:
                fitting = (n for n in range(1, len(rest)) if _width(rest[:n], font, size) <= width)
                cut = max(fitting, default=1)
                lines.append(rest[:cut])
                rest = rest[cut:]
            line = rest
        lines.append(line)
    return lines


def _width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


# -- tables ------------------------------------------------------------------------------


@dataclass
class _Piece:
    """Text drawn in one font, ``x`` from its cell's left edge."""

    x: float
    text: str
    font: str
    size: float


@dataclass
class _Line:
    pieces: list[_Piece]  # a list item's first line: its label, then its text


@dataclass
class _CellBox:
    x: float  # from the table's left edge
    width: float
    lines: list[_Line]


@dataclass
class _Row:
    cells: list[_CellBox]
    leading: float

    @property
    def height(self) -> float:
        most = max(1, *(len(cell.lines) for cell in self.cells))  # an empty row: one line
        return most * self.leading + 2 * CELL_PADDING_Y

    def split(self, height: float) -> tuple[_Row, _Row] | None:
        """The lines that fit in ``height``, and the rest, as Word splits a row across a
        page break; None when not even one line fits."""
        fit = int((height - 2 * CELL_PADDING_Y) // self.leading)
        if fit < 1:
            return None
        head = [replace(cell, lines=cell.lines[:fit]) for cell in self.cells]
        tail = [replace(cell, lines=cell.lines[fit:]) for cell in self.cells]
        return _Row(head, self.leading), _Row(tail, self.leading)


class _Grid(Flowable):
    """A table laid out into lines, drawn cell by cell or line by line across its cells,
    split between rows (or between a row's lines) at the foot of a page."""

    def __init__(self, rows: list[_Row], width: float, *, borders: bool, draw_order: str) -> None:
        super().__init__()
        self.rows = rows
        self.width = width
        self.borders = borders
        self.draw_order = draw_order

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.height = sum(row.height for row in self.rows)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        index, used = 0, 0.0  # the first row that does not fit, and the height above it
        while index < len(self.rows) and used + self.rows[index].height <= available_height:
            used += self.rows[index].height
            index += 1
        if index == len(self.rows):
            return [self]
        parts = self.rows[index].split(available_height - used)
        if parts is None:  # not one more line fits: the row starts on the next page
            return [self._with(self.rows[:index]), self._with(self.rows[index:])] if index else []
        head, tail = parts
        return [self._with([*self.rows[:index], head]), self._with([tail, *self.rows[index + 1 :]])]

    def _with(self, rows: list[_Row]) -> _Grid:
        return _Grid(rows, self.width, borders=self.borders, draw_order=self.draw_order)

    def draw(self) -> None:
        canvas = self.canv
        top = self.height
        for row in self.rows:
            self._draw_text(row, top)
            if self.borders:
                self._draw_rules(row, top)
            top -= row.height
        if self.borders:
            canvas.setLineWidth(RULE_WIDTH)
            canvas.line(0, top, self.width, top)

    def _draw_text(self, row: _Row, top: float) -> None:
        def draw(cell: _CellBox, number: int) -> None:
            line = cell.lines[number]
            baseline = top - CELL_PADDING_Y - number * row.leading - ASCENT * line.pieces[0].size
            for piece in line.pieces:
                self.canv.setFont(piece.font, piece.size)
                self.canv.drawString(cell.x + piece.x, baseline, piece.text)

        if self.draw_order == "cells":
            for cell in row.cells:
                for number in range(len(cell.lines)):
                    draw(cell, number)
        else:
            for number in range(max(len(cell.lines) for cell in row.cells)):
                for cell in row.cells:
                    if number < len(cell.lines):
                        draw(cell, number)

    def _draw_rules(self, row: _Row, top: float) -> None:
        """The row's top rule and the left rule of each cell (and the table's right one)."""
        canvas = self.canv
        canvas.setLineWidth(RULE_WIDTH)
        bottom = top - row.height
        canvas.line(0, top, self.width, top)
        for x in [cell.x for cell in row.cells] + [self.width]:
            canvas.line(x, top, x, bottom)
