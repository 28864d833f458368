"""Word documents whose numbers or XML are hostile: 40 KB files that would take gigabytes
to read, and entity declarations hidden from a byte search.

The hostile values are written into the XML last: python-docx's own table API expands a
cell's span, so building the table after would hang the test, not the reader.
"""

import io
import zipfile

import docx
from docx.oxml import parse_xml

from tests.importer import builders as b

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MAIN_PART = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def numbered_list_docx(
    start: str = "100000000000", number_format: str = "lowerRoman", label: str = "%1.", items=3
) -> bytes:
    """A list of ``items`` paragraphs numbered from ``start`` (the issue's file: a list that
    starts at 100,000,000,000 in lower-case Roman numerals)."""
    document = docx.Document()
    document.add_heading("Call for Contributions", level=1)
    for number in range(items):
        paragraph = document.add_paragraph(f"Task {number}")
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>')
        )
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {W} w:abstractNumId="90"><w:lvl w:ilvl="0">'
            f'<w:start w:val="{start}"/><w:numFmt w:val="{number_format}"/>'
            f'<w:lvlText w:val="{label}"/></w:lvl></w:abstractNum>'
        ),
    )
    numbering.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return _saved(document)


def spanned_table_docx(span: str = "1000000000", before: str = "0") -> bytes:
    """A 2x2 table whose second cell spans ``span`` columns and whose second row starts
    ``before`` columns in."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Position:"
    table.cell(0, 1).text = "Officer"
    table.cell(1, 0).text = "Ref. Number:"
    table.rows[0]._tr.tc_lst[1].get_or_add_tcPr().append(
        parse_xml(f'<w:gridSpan {W} w:val="{span}"/>')
    )
    table.rows[1]._tr.get_or_add_trPr().append(parse_xml(f'<w:gridBefore {W} w:val="{before}"/>'))
    return _saved(document)


XXE_BODY = (
    '<?xml version="1.0" encoding="{encoding}" standalone="yes"?>\n'
    '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    f"<w:document {W}>"
    "<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
)


def xxe_docx_in(encoding: str, codec: str) -> bytes:
    """The XXE body, its declaration naming ``encoding``, written in ``codec``."""
    body = XXE_BODY.format(encoding=encoding).encode(codec)
    return b.with_entries(b.small_docx(), {"word/document.xml": body})


def main_part_not_named_xml(body: bytes) -> bytes:
    """A harmless word/document.xml, and the real main part, word/body.dat, holding
    ``body``: [Content_Types].xml and the package's relationships say so."""
    data = b.small_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("_rels/.rels").decode()
        document_rels = archive.read("word/_rels/document.xml.rels")
    types = types.replace('PartName="/word/document.xml"', 'PartName="/word/body.dat"')
    rels = rels.replace('Target="word/document.xml"', 'Target="word/body.dat"')
    assert f'PartName="/word/body.dat" ContentType="{MAIN_PART}"' in types
    return b.with_entries(
        data,
        {
            "[Content_Types].xml": types.encode(),
            "_rels/.rels": rels.encode(),
            "word/body.dat": body,
            "word/_rels/body.dat.rels": document_rels,
        },
    )


def body_with_text(text: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<w:document {W}><w:body>'
        f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    ).encode()


def _saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
