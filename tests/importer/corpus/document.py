"""A corpus ``document.json``, read and checked into dataclasses the renderers share.

The format is described in ``README.md`` next to this file. Anything the renderers could
not draw faithfully (an unknown element or key, a row wider than its table, a bullet Word
has no numbering format for) is a ``DocumentError`` whose message says where it is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

# The page both the DOCX and the PDF are laid out on: A4, Word's margins rounded to 2.5 cm.
PAGE_WIDTH_CM = 21.0
PAGE_HEIGHT_CM = 29.7
MARGIN_CM = 2.5
TEXT_WIDTH_CM = PAGE_WIDTH_CM - 2 * MARGIN_CM

ELEMENTS = ("p", "list", "table", "page_break")
STYLES = ("body", "bold", "italic", "title", "heading")
TEXT_STYLES = ("pdf-copy", "tabs", "markdown", "html")
DRAW_ORDERS = ("cells", "lines")

# Word's glyph bullets: the private-use code Word stores (the font's own code + 0xF000),
# the font Word draws it in, and the character it looks like.
GLYPHS = {
    "\uf0b7": ("Symbol", "•"),
    "\uf02d": ("Symbol", "-"),
    "\uf0be": ("Symbol", "—"),
    "\uf0a7": ("Wingdings", "▪"),
    "\uf0a8": ("Wingdings", "▫"),
    "\uf06e": ("Wingdings", "■"),
    "\uf06c": ("Wingdings", "●"),
    "\uf09f": ("Wingdings", "•"),
    "\uf0d8": ("Wingdings", "➢"),
    "\uf0e0": ("Wingdings", "➔"),
    "\uf0e8": ("Wingdings", "➔"),
    "\uf0f0": ("Wingdings", "⇨"),
    "\uf076": ("Wingdings", "❖"),
    "\uf0fc": ("Wingdings", "✓"),
    "\uf0fe": ("Wingdings", "☑"),
    "\uf0a4": ("Wingdings", "◉"),
    "\uf071": ("Wingdings", "❑"),
    "\uf0b2": ("Wingdings", "◆"),
}
# Bullets stored as ordinary characters, with the font Word sets them in (None: the text's).
PLAIN_BULLETS = {"•": None, "-": None, "o": "Courier New", "▪": None}
# "1.", "a)", "(i)"...: a counter in one of Word's number formats, between its punctuation.
NUMBERED = re.compile(r"(\(?)([1aAiI])([.)])")
NUMBER_FORMATS = {
    "1": "decimal",
    "a": "lowerLetter",
    "A": "upperLetter",
    "i": "lowerRoman",
    "I": "upperRoman",
}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


class DocumentError(ValueError):
    """A ``document.json`` the renderers cannot draw; the message says where and why."""


@dataclass(frozen=True)
class Bullet:
    """What Word draws before each item of a list: a bullet, a glyph or a counter."""

    text: str  # as document.json gives it: "•", "\uf0b7", "1.", "a)"

    @property
    def glyph(self) -> bool:
        return self.text in GLYPHS

    @property
    def number_format(self) -> str:
        """Word's ``numFmt``: "bullet", or the counter's format ("decimal"...)."""
        numbered = NUMBERED.fullmatch(self.text)
        return NUMBER_FORMATS[numbered[2]] if numbered else "bullet"

    @property
    def font(self) -> str | None:
        """The font Word sets the bullet in; None for the paragraph's own."""
        return GLYPHS[self.text][0] if self.glyph else PLAIN_BULLETS.get(self.text)

    @property
    def level_text(self) -> str:
        """Word's ``lvlText``: the bullet itself, or "%1." for a counter."""
        numbered = NUMBERED.fullmatch(self.text)
        return f"{numbered[1]}%1{numbered[3]}" if numbered else self.text

    def label(self, number: int) -> str:
        """What is printed before item ``number`` (from 1)."""
        numbered = NUMBERED.fullmatch(self.text)
        if not numbered:
            return self.text
        counter = {
            "decimal": str(number),
            "lowerLetter": chr(ord("a") + (number - 1) % 26),
            "upperLetter": chr(ord("A") + (number - 1) % 26),
            "lowerRoman": roman(number),
            "upperRoman": roman(number).upper(),
        }[self.number_format]
        return f"{numbered[1]}{counter}{numbered[3]}"


def roman(number: int) -> str:
    out = ""
    for value, letters in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        count, number = divmod(number, value)
        out += letters * count
    return out


@dataclass(frozen=True)
class Para:
    text: str  # "\n" is a line break within the paragraph
    style: str = "body"


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]
    bullet: Bullet

    def labelled(self) -> list[tuple[str, str]]:
        """(label, item) pairs, counters counted up from 1."""
        return [(self.bullet.label(n), item) for n, item in enumerate(self.items, start=1)]


@dataclass(frozen=True)
class Cell:
    content: tuple[Para | BulletList, ...]  # empty for an empty cell
    span: int = 1  # grid columns it covers


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]  # fractions of the text width, one per grid column
    borders: bool = True


@dataclass(frozen=True)
class PageBreak:
    pass


Element = Para | BulletList | Table | PageBreak


@dataclass(frozen=True)
class Document:
    elements: tuple[Element, ...]
    text_style: str = "pdf-copy"
    font_size: float = 10
    draw_order: str = "cells"
    header: str | None = None  # may hold {page} and {pages}
    footer: str | None = None


def load(path: Path) -> Document:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DocumentError(f"not valid JSON: {error}") from None
    return parse(data)


def parse(data) -> Document:
    _keys(data, "the document", {"elements"}, {"sources", "notes", "text_style", "pdf"})
    pdf = data.get("pdf", {})
    _keys(pdf, "pdf", set(), {"font_size", "draw_order", "header", "footer"})
    text_style = _choice(data.get("text_style", "pdf-copy"), TEXT_STYLES, "text_style")
    draw_order = _choice(pdf.get("draw_order", "cells"), DRAW_ORDERS, "pdf.draw_order")
    font_size = pdf.get("font_size", 10)
    if type(font_size) not in (int, float) or not 6 <= font_size <= 20:
        raise DocumentError(f"pdf.font_size: {font_size!r} is not a size from 6 to 20 points")
    elements = data["elements"]
    if not isinstance(elements, list) or not elements:
        raise DocumentError("elements: expected a non-empty list of elements")
    return Document(
        elements=tuple(_element(e, f"elements[{i}]") for i, e in enumerate(elements)),
        text_style=text_style,
        font_size=font_size,
        draw_order=draw_order,
        header=_running(pdf.get("header"), "pdf.header"),
        footer=_running(pdf.get("footer"), "pdf.footer"),
    )


def _keys(value, where: str, required: set[str], optional: set[str]) -> None:
    if not isinstance(value, dict):
        raise DocumentError(f"{where}: expected an object, got {_show(value)}")
    if missing := required - value.keys():
        raise DocumentError(f"{where}: missing {', '.join(sorted(missing))}")
    if unknown := value.keys() - required - optional:
        allowed = ", ".join(sorted(required | optional))
        raise DocumentError(f"{where}: unknown key {', '.join(sorted(unknown))} (known: {allowed})")


def _choice(value, choices: tuple[str, ...], where: str) -> str:
    if value not in choices:
        raise DocumentError(f"{where}: {value!r} is not one of {', '.join(choices)}")
    return value


def _text(value, where: str) -> str:
    if not isinstance(value, str):
        raise DocumentError(f"{where}: expected a string, got {_show(value)}")
    return value


def _running(value, where: str) -> str | None:
    if value is None:
        return None
    text = _text(value, where)
    if unknown := set(PLACEHOLDER.findall(text)) - {"{page}", "{pages}"}:
        raise DocumentError(
            f"{where}: unknown {', '.join(sorted(unknown))} (use {{page}}, {{pages}})"
        )
    return text


def _show(value) -> str:
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _element(value, where: str, *, in_cell: bool = False) -> Element:
    kinds = [k for k in ELEMENTS if k in value] if isinstance(value, dict) else []
    if len(kinds) != 1:
        raise DocumentError(
            f"{where}: unknown element {_show(value)}: expected one of p, list, table, page_break"
        )
    kind = kinds[0]
    if in_cell and kind in ("table", "page_break"):
        raise DocumentError(f"{where}: a cell's elements are paragraphs and lists, not a {kind}")
    if kind == "p":
        _keys(value, where, {"p"}, {"style"})
        style = _choice(value.get("style", "body"), STYLES, f"{where}.style")
        return Para(_text(value["p"], f"{where}.p"), style)
    if kind == "list":
        _keys(value, where, {"list"}, {"bullet"})
        return _list(value, where)
    if kind == "table":
        _keys(value, where, {"table", "widths"}, {"borders"})
        return _table(value, where)
    _keys(value, where, {"page_break"}, set())
    if value["page_break"] is not True:
        raise DocumentError(f"{where}: page_break must be true")
    return PageBreak()


def _list(value, where: str) -> BulletList:
    items = value["list"]
    if not isinstance(items, list) or not items:
        raise DocumentError(f"{where}.list: expected a non-empty list of strings")
    bullet = value.get("bullet", "•")
    if not (bullet in GLYPHS or bullet in PLAIN_BULLETS or NUMBERED.fullmatch(str(bullet))):
        known = ", ".join([*PLAIN_BULLETS, "1.", "a)", "i.", "(a)"])
        glyphs = ", ".join(f"\\u{ord(code):04x}" for code in GLYPHS)
        raise DocumentError(
            f"{where}.bullet: {bullet!r} is not a bullet Word draws ({known}; glyphs {glyphs})"
        )
    texts = tuple(_text(item, f"{where}.list[{i}]") for i, item in enumerate(items))
    return BulletList(texts, Bullet(bullet))


def _table(value, where: str) -> Table:
    widths = value["widths"]
    if (
        not isinstance(widths, list)
        or not widths
        or not all(type(w) in (int, float) and w > 0 for w in widths)
    ):
        raise DocumentError(f"{where}.widths: expected positive fractions, got {_show(widths)}")
    if sum(widths) > 1.005:
        raise DocumentError(
            f"{where}.widths: they add up to {sum(widths):.3g}, wider than the text (1)"
        )
    borders = value.get("borders", True)
    if not isinstance(borders, bool):
        raise DocumentError(f"{where}.borders: expected true or false, got {_show(borders)}")
    rows = value["table"]
    if not isinstance(rows, list) or not rows:
        raise DocumentError(f"{where}.table: expected a non-empty list of rows")
    table_rows = []
    for r, row in enumerate(rows):
        if not isinstance(row, list) or not row:
            raise DocumentError(f"{where}.table[{r}]: expected a non-empty list of cells")
        cells = tuple(_cell(cell, f"{where}.table[{r}][{c}]") for c, cell in enumerate(row))
        if (covered := sum(cell.span for cell in cells)) != len(widths):
            raise DocumentError(
                f"{where}.table[{r}]: its cells cover {covered} grid columns,"
                f" but widths gives {len(widths)}"
            )
        table_rows.append(cells)
    return Table(tuple(table_rows), tuple(widths), borders)


def _cell(value, where: str) -> Cell:
    if isinstance(value, str):
        return Cell(_lines(value, "body"))
    if not isinstance(value, dict) or ("text" in value) == ("elements" in value):
        raise DocumentError(
            f'{where}: a cell is a string, {{"text": ...}} or {{"elements": [...]}},'
            f" got {_show(value)}"
        )
    span = value.get("span", 1)
    if type(span) is not int or span < 1:
        raise DocumentError(f"{where}.span: expected a whole number from 1, got {_show(span)}")
    if "text" in value:
        _keys(value, where, {"text"}, {"span", "bold"})
        bold = value.get("bold", False)
        if not isinstance(bold, bool):
            raise DocumentError(f"{where}.bold: expected true or false, got {_show(bold)}")
        return Cell(_lines(_text(value["text"], f"{where}.text"), "bold" if bold else "body"), span)
    _keys(value, where, {"elements"}, {"span"})
    elements = value["elements"]
    if not isinstance(elements, list):
        raise DocumentError(f"{where}.elements: expected a list of paragraphs and lists")
    content = tuple(
        _element(e, f"{where}.elements[{i}]", in_cell=True) for i, e in enumerate(elements)
    )
    return Cell(content, span)


def _lines(text: str, style: str) -> tuple[Para, ...]:
    """A cell's text: each line its own paragraph, as Word keeps them."""
    return tuple(Para(line, style) for line in text.split("\n")) if text else ()
