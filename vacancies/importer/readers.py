r"""Read a document's bytes into text blocks, deciding its type by content, not by name.

    blocks = read_blocks(data, "3-2025.pdf")   # list[Block], in reading order

- PDF (pypdfium2, ``pdf.py``): by where the text sits on the page: a table cell is one
  ``cell`` block whatever order the PDF draws it in, the text around tables
  ``paragraph`` blocks, a paragraph's wrapped lines together.
- DOCX (python-docx): body paragraphs and tables in document order. Headings are
  ``heading`` blocks; each table cell is one ``cell`` block (its paragraphs joined with
  "\n") with ``table``/``row``/``col``; list paragraphs start with the label Word shows
  ("•", "1.", "a)"), as a PDF of the same document would.
- Anything else that decodes as text goes to ``text.read_text`` (plain text, Markdown,
  HTML).

Bad input never escapes as a library traceback: it becomes ``UnreadableDocument`` (or
``DocumentTooLarge``) with a one-line message saying what is wrong with the file.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.table import Table, _Cell
from lxml import etree

from .errors import DocumentTooLarge, UnreadableDocument
from .model import Block
from .pdf import read_pdf
from .text import read_text

MB = 1024 * 1024
MAX_ZIP_ENTRIES = 2_000
MAX_ZIP_EXPANDED = 100 * MB
# Word's XML deflates 5-20 times; a run of zeros deflates ~1,000 times. Entries under
# 1 MB are left alone: however well they compress, they cannot exhaust anything.
MAX_ZIP_RATIO = 200
RATIO_CHECKED_FROM = 1 * MB

WANTED = "a PDF, Word (.docx) or text document"

# Numbers a Word document states and the reader acts on are held to what Word itself
# writes: a list that starts at 100,000,000,000 in Roman numerals spells out 100 million
# "m"s per paragraph, and a cell spanning a billion columns is a billion cells.
MAX_LIST_START = 32_767  # Word's "Start at" stops there
MAX_TABLE_COLUMNS = 63  # Word's widest table
MAX_LABEL_TEMPLATE = 64  # a level's "%1.%2." label, before its numbers are put in


def read_blocks(data: bytes, filename: str, *, max_bytes: int = 20 * MB) -> list[Block]:
    """The text of ``data`` as blocks.

    ``filename`` is not trusted: the type comes from the content, so a renamed file is
    read as what it is.
    """
    if len(data) > max_bytes:
        raise DocumentTooLarge(
            f"This file is {_mb(len(data))} MB: the limit is {_mb(max_bytes)} MB."
        )
    if not data.strip():
        raise UnreadableDocument("This file is empty.")
    kind = document_type(data)
    if kind == "pdf":
        blocks = read_pdf(data)
    elif kind == "docx":
        blocks = read_docx(data)
    else:
        blocks = _read_text(data)
    if not blocks:
        raise UnreadableDocument("This file contains no text.")
    return blocks


def document_type(data: bytes) -> str:
    """What ``read_blocks`` reads ``data`` as, whatever its name: "pdf", "docx" or "text"."""
    if b"%PDF-" in data[:1024]:  # the header may follow up to 1 KB of junk (PDF 1.7, H.3)
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "docx"
    return "text"


def _mb(size: int) -> str:
    return f"{size / MB:.3g}"  # 20, 1.5, 0.000954: exact enough, also for tiny test limits


# -- text ------------------------------------------------------------------------------

# Formats people upload by mistake, so the message can say what the file is.
_SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word (.doc) or other Office 97-2003 file"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a compressed (gzip) archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
]
_BOMS = [  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]
# Control characters no text document contains (tab, newlines and form feed are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _read_text(data: bytes) -> list[Block]:
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            raise UnreadableDocument(f"This file is {what}, not {WANTED}.")
    text = _decode(data)
    sample = text[:65536] if text else ""  # binary shows at once; spare a 20 MB scan
    if text is None or len(_CONTROL.findall(sample)) > len(sample) / 100:
        raise UnreadableDocument(f"This file is not {WANTED}: its content is binary data.")
    if not text.strip():
        raise UnreadableDocument("This file is empty.")
    return read_text(text)


def _decode(data: bytes) -> str | None:
    """UTF-8, else Windows-1252 (what Word's "Plain text" and old tools write), else
    Latin-1 (decodes anything: the control-character test then catches binary)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    if b"\x00" in data:
        return None
    for codec in ("utf-8", "cp1252"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1")


# -- DOCX ------------------------------------------------------------------------------


def read_docx(data: bytes) -> list[Block]:
    """Blocks of a Word document's body, once its zip is known to be safe to open."""
    archive = _open_zip(data)
    with archive:
        _check_zip_size(archive)
        _check_is_docx(archive)
        _check_no_doctype(archive)
    try:
        document = docx.Document(io.BytesIO(data))
    except ValueError as error:  # python-docx: the main part is not a .docx document
        raise UnreadableDocument(
            "This Word file is a template or macro-enabled document, not a .docx:"
            " save it as .docx and upload it again."
        ) from error
    except Exception as error:  # lxml, zipfile, python-docx: all mean a damaged file
        raise _damaged_docx() from error
    try:
        return list(_DocxReader(document).blocks())
    except UnreadableDocument:  # a number over its bound: the message says which
        raise
    except Exception as error:  # e.g. a cell span that is not a number
        raise _damaged_docx() from error


def _damaged_docx() -> UnreadableDocument:
    return UnreadableDocument(
        "This Word document is damaged and cannot be read: open it in Word, save it again"
        " and upload the new copy."
    )


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except Exception as error:  # not only BadZipFile: also EOFError, ValueError, zlib.error...
        raise _broken_zip() from error


def _broken_zip() -> UnreadableDocument:
    return UnreadableDocument(
        "This Word document is damaged or incomplete and cannot be opened. Upload it again."
    )


def _check_zip_size(archive: zipfile.ZipFile) -> None:
    """Refuse archives that expand beyond reason before anything decompresses them.

    The declared sizes can be trusted: ``zipfile`` stops reading an entry at its
    declared size (and fails its CRC check), so a lying header cannot expand further.
    """
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise DocumentTooLarge(
            f"This Word document has {len(entries)} parts: the limit is {MAX_ZIP_ENTRIES}."
        )
    limit = f"expands to more than {_mb(MAX_ZIP_EXPANDED)} MB: refusing a possible zip bomb."
    if sum(entry.file_size for entry in entries) > MAX_ZIP_EXPANDED:
        raise DocumentTooLarge(f"This Word document {limit}")
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_CHECKED_FROM and ratio > MAX_ZIP_RATIO:
            raise DocumentTooLarge(
                f"This Word document has a part that expands {ratio:.0f} times:"
                " refusing a possible zip bomb."
            )


# What the zip holds when it is another kind of document, for the message.
_ZIP_KINDS = [
    ("xl/workbook.xml", "an Excel workbook"),
    ("ppt/presentation.xml", "a PowerPoint presentation"),
    ("content.xml", "an OpenDocument (LibreOffice) file"),
]


def _check_is_docx(archive: zipfile.ZipFile) -> None:
    names = set(archive.namelist())
    if "word/document.xml" in names:
        return
    what = next((kind for part, kind in _ZIP_KINDS if part in names), "a ZIP archive")
    raise UnreadableDocument(f"This file is {what}, not {WANTED}.")


# A Word part never has a DOCTYPE; one that does is an XXE or entity-expansion attempt.
# python-docx already parses with resolve_entities=False: this makes the refusal explicit.
# Every part is checked, whatever its name ([Content_Types].xml can make "body.dat" the
# main part), once decoded: in UTF-32 or UTF-7 the bytes of "<!DOCTYPE" never appear.
_ENTITY_MARKERS = ("<!DOCTYPE", "<!ENTITY")
# Encodings an XML parser detects from a part's first bytes (XML 1.0, appendix F).
_XML_STARTS = [  # UTF-32 before UTF-16: its little-endian BOM starts with UTF-16's
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x4c\x6f\xa7\x94", "cp037"),  # EBCDIC
]
_DECLARED_ENCODING = re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([\w.:-]{1,40})""")


def _check_no_doctype(archive: zipfile.ZipFile) -> None:
    for entry in archive.infolist():
        try:
            content = archive.read(entry)
        except Exception as error:  # a bad CRC, deflate stream, header or method
            raise _broken_zip() from error
        text = _xml_text(content)
        if text is None:  # not XML: an image, say
            continue
        if any(marker in text for marker in _ENTITY_MARKERS) or _parser_finds_doctype(content):
            raise UnreadableDocument(
                f"This Word document is not safe to read: its part {entry.filename} declares"
                " XML entities (a DOCTYPE), which Word never writes."
            )


def _xml_text(content: bytes) -> str | None:
    """``content`` decoded as an XML parser decodes it (its byte-order mark or first bytes,
    else the encoding its declaration names, else UTF-8); None if it is not XML."""
    codec = next((codec for start, codec in _XML_STARTS if content.startswith(start)), None)
    if codec is None:
        declared = _DECLARED_ENCODING.match(content)
        codec = declared.group(1).decode("ascii") if declared else "utf-8"
    if not _decoded(content[:400], codec).lstrip().startswith("<"):
        return None
    return _decoded(content, codec)


def _decoded(content: bytes, codec: str) -> str:
    try:
        return content.decode(codec, errors="replace")
    except (LookupError, UnicodeError):  # not a codec Python has for text: the parser decides
        return content.decode("utf-8", errors="replace")


def _parser_finds_doctype(content: bytes) -> bool:
    """Whether the parser python-docx uses (libxml2) reads a DOCTYPE in ``content``: it
    knows encodings Python does not."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        info = etree.fromstring(content, parser).getroottree().docinfo
    except etree.XMLSyntaxError:  # python-docx cannot parse it either
        return False
    except Exception as error:  # lxml refusing a part in some other way: damaged
        raise _damaged_docx() from error
    return bool(info.doctype) or info.internalDTD is not None


@dataclass(frozen=True)
class _Style:
    """What the reader needs of a paragraph style, its base styles included."""

    heading: bool
    num_id: str | None  # numbering the style gives its paragraphs
    depth: str | None


class _DocxReader:
    """Blocks of a python-docx ``Document``, body paragraphs and tables in order."""

    def __init__(self, document) -> None:
        self._document = document
        self._labels = _ListLabels(document)
        self._styles: dict[str | None, _Style] = {}
        self._tables = 0

    def blocks(self) -> Iterator[Block]:
        yield from self._container(self._document)

    def _container(self, container) -> Iterator[Block]:
        for item in container.iter_inner_content():
            if isinstance(item, Table):
                yield from self._table(item)
            elif text := self._paragraph_text(item):
                kind = "heading" if self._style(item).heading else "paragraph"
                yield Block(text, kind=kind, whole=True)

    def _table(self, table: Table) -> Iterator[Block]:
        index = self._tables
        self._tables += 1
        for r, row in enumerate(table.rows):
            for c, cell in _cells(row, table):
                items = list(cell.iter_inner_content())
                lines = [self._paragraph_text(i) for i in items if not isinstance(i, Table)]
                if text := "\n".join(line for line in lines if line):
                    yield Block(text, kind="cell", table=index, row=r, col=c, whole=True)
                for inner in (item for item in items if isinstance(item, Table)):
                    yield from self._table(inner)

    def _paragraph_text(self, paragraph) -> str:
        text = paragraph.text.strip()
        if not text:
            return ""
        style = self._style(paragraph)
        element = paragraph._p  # noqa: SLF001  (python-docx: no public API for it)
        num_id = _first(_NUM_ID(element)) or style.num_id
        depth = _first(_DEPTH(element)) or style.depth
        label = self._labels.label(num_id, depth)
        return f"{label} {text}" if label else text

    def _style(self, paragraph) -> _Style:
        # ``paragraph.style`` scans every style of the document on each call (seconds for
        # a long call): look each style id up once.
        style_id = paragraph._p.style  # noqa: SLF001  (python-docx: no public API for it)
        if style_id not in self._styles:
            style = self._document.part.get_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
            self._styles[style_id] = _style_of(style)
        return self._styles[style_id]


def _cells(row, table: Table) -> Iterator[tuple[int, _Cell]]:
    """(grid column, cell) of each cell that starts in ``row``.

    Not python-docx's ``row.cells``: it repeats a cell once per column it spans, and the
    span is the document's to state (gridSpan="1000000000"). A cell that continues a
    vertical merge is the one above it, already read.
    """
    column = _bounded(row.grid_cols_before, MAX_TABLE_COLUMNS)
    for tc in row._tr.tc_lst:  # noqa: SLF001  (python-docx: no public API for it)
        if tc.vMerge != "continue":
            yield column, _Cell(tc, table)
        column += _bounded(tc.grid_span, MAX_TABLE_COLUMNS)


def _bounded(number: int, limit: int) -> int:
    return max(0, min(number, limit))


def _style_of(style) -> _Style:
    name = (style.name or "") if style is not None else ""
    num_id = depth = None
    for _ in range(10):  # base styles; a broken file may loop them
        if style is None:
            break
        num_id = num_id or _first(_NUM_ID(style.element))
        depth = depth or _first(_DEPTH(style.element))
        style = style.base_style
    return _Style(name.startswith("Heading") or name == "Title", num_id, depth)


_ROMAN = [
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
]  # fmt: skip


def _roman(number: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out += letters * count
    return out


_NUMBER_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": lambda n: chr(ord("a") + (n - 1) % 26),
    "upperLetter": lambda n: chr(ord("A") + (n - 1) % 26),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
}


_W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_ABSTRACT_ID = etree.XPath("w:num[@w:numId=$num]/w:abstractNumId/@w:val", namespaces=_W)
_LEVEL = etree.XPath(
    "w:abstractNum[@w:abstractNumId=$abstract]/w:lvl[@w:ilvl=$depth]", namespaces=_W
)
_NUM_ID = etree.XPath("w:pPr/w:numPr/w:numId/@w:val", namespaces=_W)
_DEPTH = etree.XPath("w:pPr/w:numPr/w:ilvl/@w:val", namespaces=_W)
_FORMAT = etree.XPath("string(w:numFmt/@w:val)", namespaces=_W)
_START = etree.XPath("string(w:start/@w:val)", namespaces=_W)
_TEMPLATE = etree.XPath("string(w:lvlText/@w:val)", namespaces=_W)


class _ListLabels:
    """The label Word draws before a list paragraph ("•", "1.", "a)"): it is not part of
    the paragraph's text, but the parsers need it as much as a reader of the page does.

    Counting follows Word closely enough for calls: one counter per list and level, deeper
    levels restart when a shallower one advances; start overrides are not followed.
    """

    def __init__(self, document) -> None:
        self._numbering = document.part.numbering_part.element
        self._counters: dict[str, list[int]] = {}
        self._levels: dict[tuple[str, int], etree._Element | None] = {}

    def label(self, num_id: str | None, depth: str | None) -> str:
        if not num_id or num_id == "0":  # numId 0 turns numbering off
            return ""
        level_number = int(depth) if depth and re.fullmatch("[0-8]", depth) else 0
        level = self._level(num_id, level_number)
        if level is None:
            return ""
        number_format = _FORMAT(level) or "decimal"
        if number_format == "bullet":
            return "\u2022"
        counters = self._counters.setdefault(num_id, [0] * 9)
        if counters[level_number]:
            counters[level_number] += 1
        else:
            counters[level_number] = _list_start(_START(level))
        counters[level_number + 1 :] = [0] * (8 - level_number)
        number = _NUMBER_FORMATS.get(number_format)
        if number is None:  # "none", or a script we do not render
            return ""
        # Approximation: every %n of the template is written in this level's format.
        template = _TEMPLATE(level)[:MAX_LABEL_TEMPLATE]
        return re.sub(r"%([1-9])", lambda m: number(max(counters[int(m[1]) - 1], 1)), template)

    def _level(self, num_id: str, depth: int) -> etree._Element | None:
        """The ``w:lvl`` that defines list ``num_id`` at ``depth``."""
        if (num_id, depth) not in self._levels:
            abstract = _ABSTRACT_ID(self._numbering, num=num_id)
            found = (
                _LEVEL(self._numbering, abstract=abstract[0], depth=str(depth)) if abstract else []
            )
            self._levels[num_id, depth] = found[0] if found else None
        return self._levels[num_id, depth]


def _list_start(value: str) -> int:
    """The first number of a list level, as its ``w:start`` states it (1 when it does not)."""
    if not re.fullmatch("[0-9]+", value):
        return 1
    value = value.lstrip("0") or "0"
    if len(value) > len(str(MAX_LIST_START)) or int(value) > MAX_LIST_START:
        shown = f"{int(value):,}" if len(value) <= 15 else f"a {len(value)}-digit number"
        raise UnreadableDocument(
            f"This Word document has a list numbered from {shown}; Word numbers lists up to"
            f" {MAX_LIST_START:,}: refusing a document Word did not write."
        )
    return int(value)


def _first(values: list[str]) -> str | None:
    return values[0] if values else None
