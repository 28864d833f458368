r"""PDF -> text blocks, read by where the text sits on the page (pypdfium2).

The order in which a PDF draws its text is not its reading order everywhere: Word draws a
table cell's lines together, other converters draw a row's first lines across all its
cells, then the second lines. So text is read character by character with its box, and
the ruling lines a table is drawn with tell which cell each character sits in:

- each table cell becomes one ``cell`` block (its lines joined with "\n", a word that
  Word broke inside it because the column was too narrow joined again), as the DOCX
  reader gives a cell;
- the text outside tables becomes ``paragraph`` blocks, a paragraph's wrapped lines
  together, told apart by the space between lines;
- a table comes where it sits among the paragraphs of its page;
- lines repeated at the top or the foot of most pages (running headers and footers) are
  dropped.

bench/README.md says why this library.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .errors import DocumentTooLarge, UnreadableDocument
from .model import Block

MAX_PDF_PAGES = 500
_RESAVE = "Open it, save it as a new PDF and upload that."
# PDFium is not thread-safe, not even across documents (pypdfium2 docs, "Incompatibility
# with Threading"); a threaded server must not run two reads at once.
_pdfium_lock = threading.Lock()

# Control characters are not text; U+FFFE marks a hyphen PDFium inferred. (U+FFFD, a
# glyph PDFium could not map, is kept: the parsers report what they had to drop.)
_NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\ufffe]")
# Two characters further apart than this, in font sizes, have a space between them;
# further than _COLUMN_GAP, they are in two columns (a tab between them).
_WORD_GAP, _COLUMN_GAP = 0.15, 2.0
# A ruling line is at most this thick; rules this close are one.
_RULE_WIDTH, _SNAP = 3.0, 2.0


def read_pdf(data: bytes, *, max_pages: int = MAX_PDF_PAGES) -> list[Block]:
    """Blocks of a PDF's text layer, page by page."""
    # Readers accept "%%EOF" within the last 1 KB; without it the upload was cut short,
    # and PDFium would quietly read the pages that made it.
    if b"%%EOF" not in data[-1024:]:
        raise UnreadableDocument(
            "This PDF is incomplete: the file ends before the document does. Upload it again."
        )
    with _pdfium_lock:
        pages = _read_pages(data, max_pages)
    _drop_running_lines(pages)
    _join_split_rows(pages)
    spacing = _line_spacing(pages)  # one style runs through a document: measure it whole
    words = _vocabulary(pages)
    blocks: list[Block] = []
    tables = 0
    for page in pages:
        blocks += page.blocks(spacing, words, first_table=tables)
        tables += len(page.tables)
    if not blocks:
        raise UnreadableDocument(
            "This PDF contains no text: it's a scanned image or a picture of the document."
            " Upload the Word file, or a PDF saved from it."
        )
    return blocks


def _read_pages(data: bytes, max_pages: int) -> list[_Page]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise _open_error(error) from None
    try:
        if len(pdf) > max_pages:
            raise DocumentTooLarge(f"This PDF has {len(pdf)} pages: the limit is {max_pages}.")
        return [_read_page(pdf, number) for number in range(len(pdf))]
    finally:
        pdf.close()  # and with it its pages and text pages


def _open_error(error: pdfium.PdfiumError) -> UnreadableDocument:
    if error.err_code == pdfium_c.FPDF_ERR_PASSWORD:
        return UnreadableDocument(
            "This PDF is password-protected: upload a copy saved without a password."
        )
    if error.err_code == pdfium_c.FPDF_ERR_SECURITY:
        return UnreadableDocument(
            "This PDF is encrypted in a way we cannot read: upload a copy saved without encryption."
        )
    return UnreadableDocument(f"This PDF is damaged and cannot be read. {_RESAVE}")


def _read_page(pdf: pdfium.PdfDocument, number: int) -> _Page:
    try:
        page = pdf[number]
        chars = _chars(page.get_textpage())
        rules = _Rules.of(page)
        height = page.get_height()
    except pdfium.PdfiumError:
        raise UnreadableDocument(
            f"This PDF is damaged: page {number + 1} cannot be read. {_RESAVE}"
        ) from None
    return _Page.layout(chars, rules, height)


# -- characters and lines ----------------------------------------------------------------


@dataclass
class _Char:
    text: str
    left: float
    bottom: float
    right: float
    top: float
    size: float  # font size, in points
    hyphen: bool  # a hyphen the PDF marks as put there by line breaking

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def _chars(textpage: pdfium.PdfTextPage) -> list[_Char]:
    """The page's characters in drawing order, with their boxes. Spaces and line breaks
    are left out, PDFium's and the PDF's alike: the gaps between boxes say where words
    and lines end. Each PDFium call costs: four a character is the budget."""
    raw, box = textpage.raw, pdfium_c.FS_RECTF()
    get_unicode, get_box = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetLooseCharBox
    chars: list[_Char] = []
    pending_high = ""  # the first half of a character outside the BMP
    for index in range(textpage.count_chars()):
        code = get_unicode(raw, index)
        if code in _SKIPPED:
            continue
        if 0xD800 <= code < 0xDC00:
            pending_high = chr(code)
            continue
        text = (
            _decoded(pending_high + chr(code))
            if pending_high or 0xDC00 <= code < 0xE000
            else chr(code)
        )
        pending_high = ""
        # A hyphen at a line's end is one Word printed (it does not hyphenate by itself),
        # however PDFium marks it; only a soft hyphen is a word broken in two.
        hyphen = text == "\xad"
        if text in ("\x02", "\ufffe"):
            text = "-"
        if (_NOT_TEXT.fullmatch(text) and not hyphen) or not get_box(raw, index, box):
            continue
        size = pdfium_c.FPDFText_GetFontSize(raw, index) or (box.top - box.bottom)
        chars.append(_Char(text, box.left, box.bottom, box.right, box.top, size, hyphen))
    return chars


_SKIPPED = {0x20, 0x0D, 0x0A, 0x09, 0xA0}


def _decoded(units: str) -> str:
    """UTF-16 code units as text (a lone half of a pair becomes U+FFFD)."""
    return units.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


@dataclass
class _Line:
    chars: list[_Char] = field(default_factory=list)
    text: str = ""
    starts: list[float] = field(default_factory=list)  # where each of its columns starts
    top: float = float("-inf")
    baseline: float = float("inf")  # the lowest bottom of its characters
    height: float = 0.0

    @property
    def right(self) -> float:
        return max(c.right for c in self.chars if not c.text.isspace())

    def takes(self, char: _Char) -> bool:
        """Whether ``char`` goes on with this line: about the same height on the page."""
        last = self.chars[-1]
        return abs(char.middle - last.middle) < 0.6 * max(char.size, last.size)

    def add(self, char: _Char) -> None:
        if self.chars:
            last = self.chars[-1]
            gap = char.left - last.right
            size = max(char.size, last.size)
            if gap > _COLUMN_GAP * size and not char.text.isspace():  # a table without rules
                self.text = self.text.rstrip(" ") + "\t"
                self.starts.append(char.left)
            elif gap > _WORD_GAP * size and not (char.text.isspace() or self.text[-1:] in " \t"):
                self.text += " "
        elif not char.text.isspace():
            self.starts.append(char.left)
        self.chars.append(char)
        self.text += char.text
        self.top = max(self.top, char.top)
        self.baseline = min(self.baseline, char.bottom)
        self.height = max(self.height, char.top - char.bottom)


def _lines(chars: list[_Char]) -> list[_Line]:
    """Characters in drawing order -> lines, each line's words spaced as on the page."""
    lines: list[_Line] = []
    for char in chars:
        if char.text.isspace() and (not lines or not lines[-1].takes(char)):
            continue
        if not lines or not lines[-1].takes(char):
            lines.append(_Line())
        lines[-1].add(char)
    for line in lines:
        line.text = re.sub(r"[^\S\t]+", " ", line.text).strip()
    return [line for line in lines if line.text]


# -- tables ------------------------------------------------------------------------------


@dataclass
class _Rule:
    at: float  # y of a horizontal rule, x of a vertical one
    start: float
    end: float


class _Rules:
    """A page's ruling lines, horizontal and vertical: what tables are drawn with."""

    def __init__(self, horizontal: list[_Rule], vertical: list[_Rule]) -> None:
        self.horizontal = _merged(horizontal)
        self.vertical = _merged(vertical)
        # Where tables may be: text outside these heights needs no search.
        self.spans = [(rule.start - _SNAP, rule.end + _SNAP) for rule in self.vertical]

    @classmethod
    def of(cls, page: pdfium.PdfPage) -> _Rules:
        horizontal, vertical = [], []
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=1):
            left, bottom, right, top = obj.get_bounds()
            if top - bottom <= _RULE_WIDTH and right - left > _RULE_WIDTH:
                horizontal.append(_Rule((top + bottom) / 2, left, right))
            elif right - left <= _RULE_WIDTH and top - bottom > _RULE_WIDTH:
                vertical.append(_Rule((left + right) / 2, bottom, top))
            elif _is_stroked(obj):
                _add_segments(obj, horizontal, vertical)
        return cls(horizontal, vertical)

    def cell_at(self, x: float, y: float) -> tuple[float, float, float, float] | None:
        """(left, bottom, right, top) of the smallest ruled box around (x, y), or None."""
        if not any(start <= y <= end for start, end in self.spans):
            return None
        left = max((r.at for r in self.vertical if r.at <= x and _covers(r, y)), default=None)
        right = min((r.at for r in self.vertical if r.at >= x and _covers(r, y)), default=None)
        bottom = max((r.at for r in self.horizontal if r.at <= y and _covers(r, x)), default=None)
        top = min((r.at for r in self.horizontal if r.at >= y and _covers(r, x)), default=None)
        if None in (left, right, bottom, top):
            return None
        return (left, bottom, right, top)


def _covers(rule: _Rule, position: float) -> bool:
    return rule.start - _SNAP <= position <= rule.end + _SNAP


def _merged(rules: list[_Rule]) -> list[_Rule]:
    """Collinear rules that touch, as one: a grid is often drawn a cell side at a time."""
    merged: list[_Rule] = []
    for rule in sorted(rules, key=lambda r: (round(r.at), r.start)):
        last = merged[-1] if merged else None
        if last and abs(last.at - rule.at) <= _SNAP and rule.start <= last.end + _SNAP:
            last.end = max(last.end, rule.end)
        else:
            merged.append(_Rule(rule.at, rule.start, rule.end))
    return merged


def _is_stroked(obj) -> bool:
    fill, stroke = pdfium_c.c_int(), pdfium_c.FPDF_BOOL()
    return bool(pdfium_c.FPDFPath_GetDrawMode(obj.raw, fill, stroke) and stroke.value)


def _add_segments(obj, horizontal: list[_Rule], vertical: list[_Rule]) -> None:
    """The straight horizontal and vertical sides of a stroked path (a cell's box)."""
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj.raw, matrix):
        return
    x, y = pdfium_c.c_float(), pdfium_c.c_float()
    points = []
    for index in range(min(pdfium_c.FPDFPath_CountSegments(obj.raw), 64)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, index)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        page_x = matrix.a * x.value + matrix.c * y.value + matrix.e
        page_y = matrix.b * x.value + matrix.d * y.value + matrix.f
        if pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_MOVETO:
            points = []
        points.append((page_x, page_y))
        if pdfium_c.FPDFPathSegment_GetClose(segment) and len(points) > 1:
            points.append(points[0])
    for (x0, y0), (x1, y1) in pairwise(points):
        if abs(y0 - y1) <= 0.5 and abs(x0 - x1) > _RULE_WIDTH:
            horizontal.append(_Rule(y0, min(x0, x1), max(x0, x1)))
        elif abs(x0 - x1) <= 0.5 and abs(y0 - y1) > _RULE_WIDTH:
            vertical.append(_Rule(x0, min(y0, y1), max(y0, y1)))


@dataclass
class _Cell:
    box: tuple[float, float, float, float]  # left, bottom, right, top
    chars: list[_Char] = field(default_factory=list)
    row: int = 0
    col: int = 0
    lines: list[_Line] = field(default_factory=list)

    def text(self, words: set[str]) -> str:
        """The cell's lines, words Word broke across lines joined again."""
        texts, index = [], 0
        while index < len(self.lines):
            joined, index = self._word_from(index, words)
            texts.append(joined)
        return "\n".join(texts)

    def _word_from(self, start: int, words: set[str]) -> tuple[str, int]:
        """Line ``start`` with the lines that finish a word it breaks, and the next line.

        A line ends in a piece of a word when the PDF marks its last character as a hyphen
        put in by line breaking, or when it is one piece of text filling the cell's width
        (Word breaks a word wider than its column inside it, maybe more than once) and
        the pieces make a word the document prints whole elsewhere: "Phys" + "ician" where
        it prints "Physician", but not "Applications" + "must".
        """
        lines = self.lines
        if lines[start].chars[-1].hyphen and start + 1 < len(lines):
            return lines[start].text.rstrip("\xad") + lines[start + 1].text, start + 2
        end = start
        while (
            end + 1 < len(lines)
            and self._fills(lines[end])
            and _goes_on(lines[end].text, lines[end + 1].text)
        ):
            end += 1
        for last in range(end, start, -1):
            pieces = "".join(line.text for line in lines[start:last])
            if _makes_a_word(pieces, lines[last].text, words):
                return pieces + lines[last].text, last + 1
        return lines[start].text, start + 1

    def _fills(self, line: _Line) -> bool:
        """One piece of text (or a line ending in a web address) reaching the cell's right
        side."""
        width = self.box[2] - self.box[0]
        full = line.right >= self.box[2] - max(0.12 * width, 2 * line.chars[-1].size)
        return full and (" " not in line.text or "://" in line.text.rsplit(" ", 1)[-1])


@dataclass
class _Table:
    cells: list[_Cell]

    @property
    def top(self) -> float:
        return max(cell.box[3] for cell in self.cells)

    @property
    def bottom(self) -> float:
        return min(cell.box[1] for cell in self.cells)

    def row(self, number: int) -> list[_Cell]:
        return sorted((c for c in self.cells if c.row == number), key=lambda c: c.col)


def _tables(cells: list[_Cell]) -> list[_Table]:
    """Cells that touch make one table; each cell gets its row and column."""
    groups: list[list[_Cell]] = []
    for cell in sorted(cells, key=lambda c: (-c.box[3], c.box[0])):
        touching = [g for g in groups if any(_touch(cell.box, other.box) for other in g)]
        merged = [cell] + [c for g in touching for c in g]
        groups = [g for g in groups if g not in touching] + [merged]
    tables = []
    for group in groups:
        tops = _levels([c.box[3] for c in group], reverse=True)
        lefts = _levels([c.box[0] for c in group])
        for cell in group:
            cell.row, cell.col = (
                tops.index(_level(tops, cell.box[3])),
                lefts.index(_level(lefts, cell.box[0])),
            )
        group.sort(key=lambda c: (c.row, c.col))
        tables.append(_Table(group))
    return sorted(tables, key=lambda t: -t.top)


def _touch(a: tuple, b: tuple) -> bool:
    left, bottom, right, top = a
    other_left, other_bottom, other_right, other_top = b
    return (
        left - _SNAP <= other_right
        and other_left - _SNAP <= right
        and bottom - _SNAP <= other_top
        and other_bottom - _SNAP <= top
    )


def _levels(values: list[float], *, reverse: bool = False) -> list[float]:
    levels: list[float] = []
    for value in sorted(values, reverse=reverse):
        if not levels or abs(levels[-1] - value) > _SNAP:
            levels.append(value)
    return levels


def _level(levels: list[float], value: float) -> float:
    return min(levels, key=lambda level: abs(level - value))


# -- pages -------------------------------------------------------------------------------


@dataclass
class _Page:
    height: float
    flow: list[_Line]  # the text outside tables, in drawing order
    tables: list[_Table]  # top to bottom

    @classmethod
    def layout(cls, chars: list[_Char], rules: _Rules, height: float) -> _Page:
        flow: list[_Char] = []
        cells: dict[tuple, _Cell] = {}
        current, flow_y = None, None
        for char in chars:
            x, y = (char.left + char.right) / 2, char.middle
            if current is not None and _inside(current.box, x, y):
                current.chars.append(char)
                continue
            if flow_y is not None and abs(y - flow_y) < 0.5:  # the same line of text
                flow.append(char)
                continue
            box = rules.cell_at(x, y)
            current = cells.setdefault(box, _Cell(box)) if box else None
            flow_y = None if box else y
            (current.chars if current else flow).append(char)
        for cell in cells.values():
            cell.lines = _lines(cell.chars)
        return cls(height, _lines(flow), _tables(list(cells.values())))

    def lines(self) -> list[_Line]:
        return self.flow + [line for table in self.tables for c in table.cells for line in c.lines]

    def blocks(self, spacing: float, words: set[str], first_table: int) -> list[Block]:
        """Paragraphs and tables in reading order: a table where it sits among the lines."""
        out: list[Block] = []
        pending = list(enumerate(self.tables, start=first_table))
        paragraph: list[_Line] = []

        def end_paragraph() -> None:
            # Paragraphs are told apart by the space between them, so they are whole, but
            # for the page's first: it may go on from the page before.
            if paragraph:
                whole = paragraph[0] is not self.flow[0]
                out.append(Block("\n".join(line.text for line in paragraph), whole=whole))
                paragraph.clear()

        def tables_above(y: float) -> None:
            while pending and pending[0][1].top > y:
                index, table = pending.pop(0)
                out.extend(_table_blocks(table, index, words))

        borderless = _Borderless(spacing)
        for previous, line in pairwise([None, *self.flow]):
            if pending and pending[0][1].top > line.top:
                end_paragraph()
                out.extend(borderless.close())
                tables_above(line.top)
            if borderless.takes(previous, line):
                end_paragraph()
                continue
            out.extend(borderless.close())
            if previous is None or _starts_paragraph(previous, line, spacing) or not paragraph:
                end_paragraph()
            paragraph.append(line)
        end_paragraph()
        out.extend(borderless.close())
        tables_above(float("-inf"))
        return out


class _Borderless:
    """A table drawn without rules (fields in two columns, say): lines whose words stand
    in columns far apart. A line of several columns starts a row; a line that starts at
    one of the columns, just below, goes on with it (a cell's wrapped text). Each cell
    becomes a ``cell`` block, as a ruled table's do."""

    def __init__(self, spacing: float) -> None:
        self.spacing = spacing
        self.columns: list[float] = []
        self.rows: list[list[str]] = []
        self.closed: list[Block] = []  # tables ended by the start of another

    def takes(self, previous: _Line | None, line: _Line) -> bool:
        if len(line.starts) > 1:
            if not (self.columns and abs(line.starts[0] - self.columns[0]) <= _SNAP):
                self.closed = self.close()
                self.columns = list(line.starts)
            self.rows.append([""] * len(self.columns))
            for start, text in zip(line.starts, line.text.split("\t"), strict=False):
                self._add(start, text)
            return True
        close = previous is not None and (_drop(previous, line) or 0) <= 1.5 * self.spacing
        if self.rows and close and any(abs(line.starts[0] - x) <= _SNAP for x in self.columns):
            self._add(line.starts[0], line.text)
            return True
        return False

    def _add(self, start: float, text: str) -> None:
        column = min(range(len(self.columns)), key=lambda c: abs(self.columns[c] - start))
        cells = self.rows[-1]
        cells[column] = f"{cells[column]}\n{text}" if cells[column] else text

    def close(self) -> list[Block]:
        blocks = self.closed + [
            Block(text, kind="cell", row=row, col=col)
            for row, cells in enumerate(self.rows)
            for col, text in enumerate(cells)
            if text
        ]
        self.rows, self.columns, self.closed = [], [], []
        return blocks


def _inside(box: tuple, x: float, y: float) -> bool:
    left, bottom, right, top = box
    return left <= x <= right and bottom <= y <= top


def _table_blocks(table: _Table, index: int, words: set[str]) -> list[Block]:
    return [
        Block(text, kind="cell", table=index, row=cell.row, col=cell.col)
        for cell in table.cells
        if (text := cell.text(words))
    ]


# A cell that starts with a label starts a row of its own ("Position:", "Ref. Number:").
_LABEL_START = re.compile(r"^[A-Z][\w ./()&'-]{0,40}:")
# A line that plainly goes on: a label waiting for its value, or a sentence cut short.
_UNFINISHED = re.compile(r"(?::|\b(?:of|and|or|for|the|to|in|on|at|with|a|an|&|/))$", re.IGNORECASE)


def _join_split_rows(pages: list[_Page]) -> None:
    """A table row that Word broke across a page break, put back together.

    Word lets a row break across pages: its cells' first lines end one page, the rest
    start the next. When a page's last table reaches the foot of its text, the next
    page starts with a table of the same columns, a cell of the last row is unfinished
    ("Position:", "Post Category for") and the next row's first cell does not start a
    row of its own (with a label), the two rows are one.
    """
    for page, following in pairwise(pages):
        if not page.tables or not following.tables:
            continue
        last, first = page.tables[-1], following.tables[0]
        if any(line.baseline < last.bottom for line in page.flow) or any(
            line.top > first.top for line in following.flow
        ):
            continue
        before, after = last.row(max(c.row for c in last.cells)), first.row(0)
        pairs = [(_same_column(cell, before), cell) for cell in after]
        if not all(top for top, _ in pairs):
            continue
        if not any(_UNFINISHED.search(c.lines[-1].text) for c in before if c.lines):
            continue
        opening = next((c.lines[0].text for c in after if c.lines), "")
        if _LABEL_START.match(opening):
            continue
        for top, bottom in pairs:
            top.lines += bottom.lines
        first.cells = [cell for cell in first.cells if cell not in after]
        for cell in first.cells:
            cell.row -= 1
        following.tables = [table for table in following.tables if table.cells]


def _same_column(cell: _Cell, cells: list[_Cell]) -> _Cell | None:
    """The cell of ``cells`` that spans the same columns as ``cell``."""
    return next(
        (
            other
            for other in cells
            if abs(other.box[0] - cell.box[0]) <= _SNAP and abs(other.box[2] - cell.box[2]) <= _SNAP
        ),
        None,
    )


def _word(text: str) -> str:
    return re.sub(r"^\W+|\W+$", "", text).lower()


# Words are split at slashes and dashes too: "Component/Depart" + "ment/Unit:" breaks
# "Department", which the document prints whole elsewhere.
_WORD_SEPARATORS = re.compile(r"[\s/\-–]+")


def _goes_on(piece: str, following: str) -> bool:
    """Whether ``following`` may finish a word ``piece`` ends with: it starts in lower case,
    or both are digits (a date or a number broken in two), or ``piece`` ends in a web
    address and ``following`` goes on with it (".do", "/details")."""
    if "://" in piece.rsplit(" ", 1)[-1]:
        list_item = re.match(r"\(?\w{1,3}[.)]\s", following)  # "2) You do not have..."
        return bool(re.match(r"[\w./?=&#%~+-]", following)) and not (
            following[:1].isupper() or list_item
        )
    return following[:1].islower() or (piece[-1:].isdigit() and following[:1].isdigit())


def _makes_a_word(pieces: str, following: str, words: set[str]) -> bool:
    """Whether the end of ``pieces`` and the start of ``following`` are one word broken in
    two: a word the document prints whole elsewhere, a number, or a web address."""
    left = _WORD_SEPARATORS.split(pieces)[-1]
    right = _WORD_SEPARATORS.split(following)[0]
    joined = _word(left + right)
    address = "://" in pieces.rsplit(" ", 1)[-1]
    return joined in words or joined.replace(".", "").isdigit() or address


def _vocabulary(pages: list[_Page]) -> set[str]:
    """Every word the document prints whole, to tell a word broken in two from two words."""
    return {
        _word(word)
        for page in pages
        for line in page.lines()
        for word in _WORD_SEPARATORS.split(line.text)
    }


def _drop_running_lines(pages: list[_Page]) -> None:
    """Lines printed at the same place at the top or foot of most pages: running headers
    and footers ("EUROPEAN EXTERNAL ACTION SERVICE", "Page 3 of 19")."""
    if len(pages) < 2:
        return

    def key(line: _Line, page: _Page) -> tuple | None:
        margin = 0.1 * page.height
        if line.top > page.height - margin or line.baseline < margin:
            return (re.sub(r"\d+", "#", line.text), round(line.baseline / 5))
        return None

    seen = Counter(k for page in pages for k in {key(line, page) for line in page.flow} if k)
    running = {k for k, count in seen.items() if count >= max(2, len(pages) // 2)}
    for page in pages:
        page.flow = [line for line in page.flow if key(line, page) not in running]


# -- paragraphs --------------------------------------------------------------------------


def _drop(previous: _Line, line: _Line) -> float | None:
    """How far ``line``'s baseline is below ``previous``'s, in line heights."""
    height = max(previous.height, line.height)
    return (previous.baseline - line.baseline) / height if height > 0 else None


def _line_spacing(pages: list[_Page]) -> float:
    """The usual distance between lines of one paragraph, in line heights.

    A low quartile rather than the mode: in a list of one-line bullets the most common
    distance is the paragraph spacing, which must stay above the threshold.
    """
    drops = sorted(
        drop
        for page in pages
        for a, b in pairwise(page.flow)
        if (drop := _drop(a, b)) and 0.8 <= drop <= 3
    )
    return drops[len(drops) // 4] if drops else 1.25


def _starts_paragraph(previous: _Line, line: _Line, spacing: float) -> bool:
    """A line starts a paragraph when it is further below the previous one than the usual
    line spacing (paragraph spacing, a heading), or not below it at all."""
    drop = _drop(previous, line)
    return drop is None or not 0.5 < drop <= spacing * 1.2
