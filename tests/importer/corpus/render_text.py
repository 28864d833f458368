"""A corpus document as text, in the style its ``text_style`` names.

- ``pdf-copy``: the text copied out of the PDF (glyph bullets stay private-use characters);
- ``tabs``: paragraphs between blank lines, list items one a line after their bullet,
  a table's rows as tab-separated cells;
- ``markdown``: ``#`` title, ``##`` headings, ``**bold**``, ``- item``, pipe tables;
- ``html``: a whole page, ``<h1>``/``<h2>``, ``<p>``, ``<ul>``/``<ol>``, ``<table>``.
"""

from __future__ import annotations

from html import escape

from .document import BulletList, Cell, Document, Element, PageBreak, Para, Table
from .render_pdf import pdf_text


def to_text(document: Document, pdf: bytes) -> str:
    if document.text_style == "pdf-copy":
        return pdf_text(pdf)
    render = {"tabs": _tabs, "markdown": _markdown, "html": _html}[document.text_style]
    return render(document.elements)


def cell_text(cell: Cell) -> str:
    """A cell's text on one line: its paragraphs and labelled items joined by spaces."""
    parts = []
    for element in cell.content:
        if isinstance(element, Para):
            parts.append(element.text)
        else:
            parts += [f"{label} {item}" for label, item in element.labelled()]
    return " ".join(" ".join(part.split("\n")) for part in parts).strip()


# -- tabs --------------------------------------------------------------------------------


def _tabs(elements: tuple[Element, ...]) -> str:
    blocks = []
    for element in elements:
        if isinstance(element, Para):
            blocks.append(element.text)
        elif isinstance(element, BulletList):
            blocks.append("\n".join(f"{label} {item}" for label, item in element.labelled()))
        elif isinstance(element, Table):
            rows = ["\t".join(cell_text(cell) for cell in row) for row in element.rows]
            blocks.append("\n".join(rows))
    return "\n\n".join(block for block in blocks if block.strip()) + "\n"


# -- Markdown ----------------------------------------------------------------------------

_MARKS = {"bold": "**", "italic": "*"}
_HASHES = {"title": "# ", "heading": "## "}


def _markdown(elements: tuple[Element, ...]) -> str:
    blocks = []
    for element in elements:
        if isinstance(element, Para):
            blocks.append(_markdown_paragraph(element))
        elif isinstance(element, BulletList):
            numbered = element.bullet.number_format != "bullet"
            blocks.append(
                "\n".join(
                    f"{label if numbered else '-'} {item}" for label, item in element.labelled()
                )
            )
        elif isinstance(element, Table):
            blocks.append(_pipe_table(element))
    return "\n\n".join(block for block in blocks if block.strip()) + "\n"


def _markdown_paragraph(para: Para) -> str:
    if para.style in _HASHES:
        return _HASHES[para.style] + " ".join(para.text.split())
    mark = _MARKS.get(para.style, "")
    # Emphasis does not span lines in Markdown: mark each line.
    return "\n".join(f"{mark}{line}{mark}" if line else "" for line in para.text.split("\n"))


def _pipe_table(table: Table) -> str:
    """A pipe table, the first row as its header; a spanning cell is followed by empty
    cells (Markdown cannot span)."""
    lines = []
    for r, row in enumerate(table.rows):
        cells = []
        for cell in row:
            text = cell_text(cell).replace("|", "\\|")
            bold = cell.content and all(
                isinstance(e, Para) and e.style == "bold" for e in cell.content
            )
            cells += [f"**{text}**" if bold and text else text] + [""] * (cell.span - 1)
        lines.append("| " + " | ".join(cells) + " |")
        if r == 0:
            lines.append("|" + "|".join(" --- " for _ in table.widths) + "|")
    return "\n".join(lines)


# -- HTML --------------------------------------------------------------------------------

_LIST_TYPES = {"lowerLetter": "a", "upperLetter": "A", "lowerRoman": "i", "upperRoman": "I"}


def _html(elements: tuple[Element, ...]) -> str:
    titles = [e.text for e in elements if isinstance(e, Para) and e.style == "title"]
    body = "\n".join(_html_element(element) for element in elements)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_html_text(titles[0] if titles else 'Vacancy')}</title>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _html_element(element: Element) -> str:
    if isinstance(element, Para):
        text = _html_text(element.text)
        tag = {"title": "h1", "heading": "h2"}.get(element.style)
        if tag:
            return f"<{tag}>{text}</{tag}>"
        inline = {"bold": "strong", "italic": "em"}.get(element.style)
        return f"<p><{inline}>{text}</{inline}></p>" if inline else f"<p>{text}</p>"
    if isinstance(element, BulletList):
        return _html_list(element)
    if isinstance(element, Table):
        return _html_table(element)
    assert isinstance(element, PageBreak)
    return "<hr>"


def _html_list(items: BulletList) -> str:
    number_format = items.bullet.number_format
    if number_format == "bullet":
        opening, closing = "<ul>", "</ul>"
    else:
        kind = _LIST_TYPES.get(number_format)
        opening, closing = (f'<ol type="{kind}">' if kind else "<ol>"), "</ol>"
    lines = [f"<li>{_html_text(item)}</li>" for item in items.items]
    return "\n".join([opening, *lines, closing])


def _html_table(table: Table) -> str:
    lines = ['<table border="1">' if table.borders else "<table>"]
    for row in table.rows:
        cells = []
        for cell in row:
            span = f' colspan="{cell.span}"' if cell.span > 1 else ""
            cells.append(f"<td{span}>{_html_cell(cell)}</td>")
        lines.append(f"<tr>{''.join(cells)}</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def _html_cell(cell: Cell) -> str:
    """A cell of lines as lines between ``<br>``; one with lists as paragraphs and lists."""
    if all(isinstance(element, Para) for element in cell.content):
        lines = [_html_text(element.text) for element in cell.content]
        bold = cell.content and all(element.style == "bold" for element in cell.content)
        text = "<br>".join(lines)
        return f"<strong>{text}</strong>" if bold and text else text
    return "".join(_html_element(element) for element in cell.content)


def _html_text(text: str) -> str:
    return "<br>".join(escape(line, quote=False) for line in text.split("\n"))
