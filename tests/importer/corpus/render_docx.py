"""A corpus document as Word writes it (python-docx), the same bytes on every run.

Word's own structures: "Heading 1" paragraphs, bold and italic runs, lists as real
numbering (``numbering.xml``: one ``abstractNum`` per kind of bullet, Symbol and Wingdings
glyphs stored as the private-use codes Word stores, a numbered list restarting through
``startOverride``), "Table Grid" tables with their column widths and ``gridSpan`` merges,
page breaks, and the running header and footer as header and footer parts with PAGE and
NUMPAGES fields.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from .document import (
    MARGIN_CM,
    PAGE_HEIGHT_CM,
    PAGE_WIDTH_CM,
    PLACEHOLDER,
    TEXT_WIDTH_CM,
    Bullet,
    BulletList,
    Cell,
    Document,
    PageBreak,
    Para,
    Table,
)

# Fixed, so that the committed files only change when their document.json does.
FIXED_DATE = datetime(2026, 1, 1)
ZIP_DATE = (2026, 1, 1, 0, 0, 0)

# What Word puts on the levels below the first, for a bulleted and a numbered list.
SUB_BULLETS = [("o", "Courier New"), ("\uf0a7", "Wingdings"), ("\uf0b7", "Symbol")]
SUB_NUMBERS = ["lowerLetter", "lowerRoman", "decimal"]
FIELDS = {"{page}": "PAGE", "{pages}": "NUMPAGES"}


def to_docx(document: Document) -> bytes:
    word = docx.Document()
    _page(word, document)
    writer = _Writer(word, document.font_size)
    for element in document.elements:
        writer.element(word, element)
    properties = word.core_properties
    properties.author = properties.last_modified_by = "missionjobs corpus"
    properties.created = properties.modified = FIXED_DATE
    properties.revision = 1
    out = io.BytesIO()
    word.save(out)
    return _with_fixed_dates(out.getvalue())


def _page(word, document: Document) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.left_margin = section.right_margin = Cm(MARGIN_CM)
    section.top_margin = section.bottom_margin = Cm(MARGIN_CM)
    word.styles["Normal"].font.size = Pt(document.font_size)
    if document.header:
        _running(section.header.paragraphs[0], document.header)
    if document.footer:
        _running(section.footer.paragraphs[0], document.footer)


def _running(paragraph, template: str) -> None:
    """Header or footer text, "{page}" and "{pages}" as Word's PAGE and NUMPAGES fields."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for piece in re.split(f"({PLACEHOLDER.pattern})", template):
        if piece in FIELDS:
            _field(paragraph, FIELDS[piece])
        elif piece:
            paragraph.add_run(piece)


def _field(paragraph, instruction: str) -> None:
    """A field as Word writes one: begin, instruction, separate, last value shown, end."""
    for kind in ("begin", "instruction", "separate", "value", "end"):
        run = paragraph.add_run()
        if kind == "instruction":
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {instruction} "
            run._r.append(text)
        elif kind == "value":
            run.text = "1"
        else:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run._r.append(mark)


class _Writer:
    def __init__(self, word, font_size: float) -> None:
        self.word = word
        self.font_size = font_size
        self.numbering = _Numbering(word.part.numbering_part.element)

    def element(self, container, element) -> None:
        """Add ``element`` to ``container``: the document's body or a table cell."""
        if isinstance(element, Para):
            self.paragraph(container, element)
        elif isinstance(element, BulletList):
            self.bullet_list(container, element)
        elif isinstance(element, Table):
            self.table(element)
        elif isinstance(element, PageBreak):
            self.word.add_page_break()

    def paragraph(self, container, para: Para) -> None:
        if para.style == "heading":
            paragraph = container.add_paragraph()
            paragraph._p.style = "Heading1"  # the style id; looking up the name scans all
            _add_text(paragraph, para.text)
            return
        paragraph = container.add_paragraph()
        run = _add_text(paragraph, para.text)
        run.bold = para.style in ("bold", "title") or None
        run.italic = para.style == "italic" or None
        if para.style == "title":
            run.font.size = Pt(self.font_size + 4)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def bullet_list(self, container, items: BulletList) -> None:
        num_id = self.numbering.num_for(items.bullet)
        for item in items.items:
            paragraph = container.add_paragraph()
            paragraph._p.style = "ListParagraph"
            number = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            number.get_or_add_ilvl().val = 0
            number.get_or_add_numId().val = num_id
            _add_text(paragraph, item)

    def table(self, table: Table) -> None:
        grid = self.word.add_table(rows=len(table.rows), cols=len(table.widths))
        if table.borders:
            grid.style = self.word.styles["Table Grid"]
        grid.autofit = False
        widths = [Cm(fraction * TEXT_WIDTH_CM) for fraction in table.widths]
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = width
        for r, row in enumerate(table.rows):
            c = 0
            for cell in row:
                target = grid.cell(r, c)
                if cell.span > 1:  # merge first: merging joins the cells' paragraphs
                    target = target.merge(grid.cell(r, c + cell.span - 1))
                target.width = sum(widths[c : c + cell.span])
                self.cell(target, cell)
                c += cell.span

    def cell(self, target, cell: Cell) -> None:
        for element in cell.content:
            self.element(target, element)
        if cell.content:  # the empty paragraph every new cell has: Word keeps only ours
            target._tc.remove(target.paragraphs[0]._p)


def _add_text(paragraph, text: str):
    r"""One run holding ``text``, its "\n" as Word's line breaks."""
    run = paragraph.add_run()
    for i, line in enumerate(text.split("\n")):
        if i:
            run.add_break()
        run.add_text(line)
    return run


class _Numbering:
    """Word's list definitions: an ``abstractNum`` per kind of bullet, a ``num`` per list.

    Bulleted lists of one kind share a ``num``, as Word's do; each numbered list gets its
    own, restarting at 1.
    """

    def __init__(self, numbering) -> None:
        self.numbering = numbering
        self.abstracts: dict[str, int] = {}
        self.bullet_nums: dict[str, int] = {}

    def num_for(self, bullet: Bullet) -> int:
        if bullet.number_format == "bullet" and bullet.text in self.bullet_nums:
            return self.bullet_nums[bullet.text]
        num = self.numbering.add_num(self._abstract(bullet))
        if bullet.number_format == "bullet":
            self.bullet_nums[bullet.text] = num.numId
        else:
            num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return num.numId

    def _abstract(self, bullet: Bullet) -> int:
        if bullet.text not in self.abstracts:
            ids = self.numbering.xpath("w:abstractNum/@w:abstractNumId")
            new_id = max((int(i) for i in ids), default=-1) + 1
            element = parse_xml(_abstract_xml(new_id, bullet))
            nums = self.numbering.xpath("w:num")  # every abstractNum comes before the nums
            if nums:
                nums[0].addprevious(element)
            else:
                self.numbering.append(element)
            self.abstracts[bullet.text] = new_id
        return self.abstracts[bullet.text]


def _abstract_xml(abstract_id: int, bullet: Bullet) -> str:
    levels = [_level_xml(0, bullet.number_format, bullet.level_text, bullet.font)]
    for depth in range(1, 9):
        if bullet.number_format == "bullet":
            text, font = SUB_BULLETS[(depth - 1) % 3]
            levels.append(_level_xml(depth, "bullet", text, font))
        else:
            levels.append(_level_xml(depth, SUB_NUMBERS[(depth - 1) % 3], f"%{depth + 1}.", None))
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:nsid w:val="{0x1A2B3C00 + abstract_id:08X}"/>'
        '<w:multiLevelType w:val="hybridMultilevel"/>'
        f'<w:tmpl w:val="{0x0C4D5E00 + abstract_id:08X}"/>'
        f"{''.join(levels)}</w:abstractNum>"
    )


def _level_xml(depth: int, number_format: str, text: str, font: str | None) -> str:
    fonts = (
        f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr>'
        if font
        else ""
    )
    return (
        f'<w:lvl w:ilvl="{depth}"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/>'
        f'<w:lvlText w:val="{_attribute(text)}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{720 * (depth + 1)}" w:hanging="360"/></w:pPr>{fonts}</w:lvl>'
    )


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _with_fixed_dates(data: bytes) -> bytes:
    """The zip rewritten with every entry dated ``ZIP_DATE`` (python-docx stamps the time
    of saving)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info))
    return out.getvalue()
