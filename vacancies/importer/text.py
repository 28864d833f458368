"""Plain text, Markdown and HTML -> blocks, the same shape the PDF and DOCX readers give.

Everything in the file is data: tags are dropped (their text kept), scripts and styles
are dropped with their content, link addresses are kept next to their text, entities are
decoded. Structure survives as blocks: ``#`` headings and ``<h1>``-``<h6>`` become
``heading`` blocks, tab-separated lines, Markdown tables and ``<td>`` become ``cell``
blocks, and blank lines separate ``paragraph`` blocks.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from .model import Block

_HTML_TAG = re.compile(
    r"</?(?:p|b|i|u|a|br|div|span|table|tr|td|th|li|ul|ol|h[1-6]|strong|em|html|body)\b",
    re.IGNORECASE,
)
_FULL_HTML = re.compile(r"<!doctype\s+html|<html\b|<body\b|<head\b", re.IGNORECASE)
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\(((?:https?://|mailto:)[^)\s]+)\)", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});", re.IGNORECASE)
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*)$")
_MD_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
# Bounded, so that a long run of "*" or "_" is not tried at every length.
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.{1,300}?)(?<=\S)\1")
# A lone "*" after a word is a footnote mark ("EK 60265*"), not emphasis: only a star
# that opens after a non-word character and closes before one is emphasis.
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]{1,300}?)(?<=\S)\*(?![\w*])")

_SKIPPED_TAGS = {"script", "style", "head", "title", "noscript", "template", "svg"}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav",
    "blockquote", "ul", "ol", "dl", "dt", "dd", "table", "form", "figure", "hr", "address",
}  # fmt: skip


def read_text(text: str) -> list[Block]:
    """Blocks of a plain-text, Markdown or HTML document, in reading order."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = _AUTOLINK.sub(r"\1", text)  # before HTML parsing, which would take <https:...> for a tag
    page = bool(_FULL_HTML.search(text))
    if _HTML_TAG.search(text):
        text = _html_to_text(text, collapse_spaces=page)
    else:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    text = _MD_LINK.sub(_link_text, text)
    blocks = _blocks(text.split("\n"))
    if page:  # a web page's line breaks are its own elements': paragraphs, list items
        for block in blocks:
            block.whole = True
    return blocks


def _html_to_text(markup: str, *, collapse_spaces: bool = True) -> str:
    """HTML -> text with Markdown-like structure: tabs between cells, ``#`` headings.

    ``collapse_spaces`` is for real HTML pages, where line breaks in the source mean
    nothing; Markdown files with a few tags in them keep their line breaks.
    """
    extractor = _TextExtractor(collapse_spaces=collapse_spaces)
    extractor.feed(markup)
    extractor.close()
    return extractor.text()


class _TextExtractor(HTMLParser):
    def __init__(self, *, collapse_spaces: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.collapse_spaces = collapse_spaces
        self.parts: list[str] = []
        self.skipping = 0
        self.preformatted = 0
        self.links: list[tuple[str, int]] = []  # (href, where its text starts in parts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag == "tr":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")
        elif re.fullmatch(r"h[1-6]", tag):
            self.parts.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag == "pre":
            self.preformatted += 1
            self.parts.append("\n\n")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.parts)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "hr":
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS or re.fullmatch(r"h[1-6]", tag):
            self.parts.append("\n\n")
        elif tag in ("li", "tr"):
            self.parts.append("\n")
        elif tag == "pre":
            self.preformatted = max(0, self.preformatted - 1)
            self.parts.append("\n\n")
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            self.parts.append(_link_suffix("".join(self.parts[start:]), href))

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.collapse_spaces and not self.preformatted:
            data = re.sub(r"\s+", " ", data)
        self.parts.append(data)

    def text(self) -> str:
        return "".join(self.parts)


def _link_suffix(shown: str, href: str) -> str:
    """Keep a link's address unless its text already shows it."""
    href = href.strip()
    if not re.match(r"(?:https?://|mailto:)", href, re.IGNORECASE):
        return ""
    address = href[len("mailto:") :] if href.lower().startswith("mailto:") else href
    if address.rstrip("/") in shown:
        return ""
    return f" ({address})"


def _link_text(match: re.Match) -> str:
    shown, href = match.group(1), match.group(2)
    return shown + _link_suffix(shown, href)


def _blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[str] = []
    table, row = -1, 0
    in_table = False

    def end_paragraph() -> None:
        if paragraph:
            blocks.append(Block("\n".join(paragraph)))
            paragraph.clear()

    for line in lines:
        cells = _cells(line)
        if cells is not None:
            end_paragraph()
            if not in_table:
                table, row, in_table = table + 1, 0, True
            blocks.extend(
                Block(cell, kind="cell", table=table, row=row, col=col)
                for col, cell in enumerate(cells)
                if cell
            )
            row += 1
            continue
        if _MD_TABLE_RULE.match(line) and in_table:
            continue
        in_table = False
        heading = _MD_HEADING.match(line)
        if heading:
            end_paragraph()
            if title := _plain(_closing_hashes_off(heading.group(2))):
                blocks.append(Block(title, kind="heading"))
        elif line.strip():
            paragraph.append(_plain(line.rstrip()))
        else:
            end_paragraph()
    end_paragraph()
    return blocks


def _closing_hashes_off(title: str) -> str:
    """Closing hashes off: "Heading ##" -> "Heading" (Markdown allows them after a space)."""
    title = title.strip()
    bare = title.rstrip("#")
    return bare.rstrip() if bare != title and (not bare or bare[-1].isspace()) else title


def _cells(line: str) -> list[str] | None:
    """The cells of a tab-separated line or a Markdown table row, else None."""
    if "\t" in line and line.strip():
        return [_plain(cell.strip()) for cell in line.split("\t")]
    if _MD_TABLE_ROW.match(line) and not _MD_TABLE_RULE.match(line):
        return [_plain(cell.strip()) for cell in line.strip().strip("|").split("|")]
    return None


def _plain(text: str) -> str:
    """Markdown emphasis and escapes off; the words stay exactly as written."""
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\1", text)
    return _MD_ESCAPE.sub(r"\1", text)
