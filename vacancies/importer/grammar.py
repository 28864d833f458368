"""The grammar both families of documents share: blocks -> lines, labels, fields.

Readers give blocks in very different shapes (a PDF line per paragraph, a DOCX cell holding
several lines, tab-separated Markdown), so everything is first flattened into one list of
lines (``Doc``) in which ``""`` marks a paragraph break. On those lines:

- a *label* is a known phrase followed by a colon, at the start of a line or after other
  text; case, spacing and line breaks inside it do not matter;
- a *field's value* is the text from its label to the next label, whatever the lines.

``items.py`` reads bullets and paragraphs into items on the same lines; ``eeas.py`` and
``osce.py`` build on both, and ``parse.py`` picks which of them reads a document.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from . import glyphs
from .model import Block

URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]", re.IGNORECASE)
# Patterns start at a word's start and are bounded: a 100 kB line of letters must not
# make them try every start and every length (that is quadratic).
EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[a-z]{2,24}", re.IGNORECASE
)
PHONE = re.compile(r"(?<![\w+])\+\s?\d[\d\s()./-]{6,24}\d")
# Glyphs that only ever mark a bullet: the text may follow without a space (Word's PDFs).
GLYPH_BULLETS = "•▪▫◦●○■□►▶➢➔⇨❖◆◉❑✓✔☑"
# Word puts a tab between a bullet and its text; a tab otherwise separates cells.
_BULLET_TAB = re.compile(rf"^(\s*[{GLYPH_BULLETS}·\-–—*+o])\t+")
# "7/12", "Page 3 of 19", "Page 2", "VNSKPS00595 - Page 1 of 2"
_PAGE_NUMBER = re.compile(
    r"^(?:.{0,40}\bpage\s+\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?|\s*\d{1,3}\s*(?:/|of)\s*\d{1,3})\s*$",
    re.IGNORECASE,
)
_LINK_ONLY = re.compile(r"^\s*(?:mailto:)?(\S+)\s*$", re.IGNORECASE)
_SPACES = str.maketrans(
    {"\xa0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u200b": "", "\xad": ""}
)


@dataclass
class Doc:
    """The document as lines; ``""`` marks a paragraph break."""

    lines: list[str]
    headings: set[int] = field(default_factory=set)  # lines that were heading blocks
    repaired: set[int] = field(default_factory=set)  # lines that lost unreadable characters
    whole: set[int] = field(default_factory=set)  # lines that start a paragraph for certain

    @classmethod
    def from_blocks(cls, blocks: list[Block]) -> Doc:
        doc = cls([])
        seen_links: set[str] = set()
        texts = [block.text.translate(_SPACES).split("\n") for block in blocks]
        running = _running_lines(blocks, texts)
        for number, (block, lines) in enumerate(zip(blocks, texts, strict=True)):
            starts_seen = False  # the block's first line is the one that starts its paragraph
            for line_number, raw in enumerate(lines):
                if (number, line_number) in running:
                    continue
                lost = bool(glyphs.unreadable(raw))
                cleaned = _BULLET_TAB.sub(r"\1 ", glyphs.clean(raw))
                # a tab separates cells: each is its own paragraph
                for piece in cleaned.split("\t"):
                    line = piece.strip()
                    if line and not _is_noise(line, seen_links, block.kind):
                        if block.kind == "heading":
                            doc.headings.add(len(doc.lines))
                        if lost:
                            doc.repaired.add(len(doc.lines))
                        if block.whole and not starts_seen:
                            doc.whole.add(len(doc.lines))
                        starts_seen = True
                        doc.lines.append(line)
                        seen_links.update(
                            _link_key(link) for link in URL.findall(line) + EMAIL.findall(line)
                        )
                    if "\t" in cleaned:
                        doc.paragraph_break()
            doc.paragraph_break()
        doc.rejoin_broken_words()
        return doc

    def rejoin_broken_words(self) -> None:
        """Words a narrow table column broke across lines, in text copied out of a PDF
        ("Applicatio" / "ns:"), joined again: a line that is one piece of text, followed by
        a line that starts in lower case, when the two pieces make a word the document
        prints whole elsewhere (not "Applications" / "must")."""
        words: set[str] | None = None  # built when there is a line to join, seldom
        emptied = set()
        for index in range(len(self.lines) - 1):
            piece, following = self.lines[index], self.lines[index + 1]
            if (
                " " in piece
                or len(piece) < 3
                or not piece[-1:].isalpha()
                or not following[:1].islower()
            ):
                continue
            first, _, rest = following.partition(" ")
            left, right = _WORD_SEPARATORS.split(piece)[-1], _WORD_SEPARATORS.split(first)[0]
            if words is None:
                words = LABEL_WORDS | {
                    _bare(w) for line in self.lines for w in _WORD_SEPARATORS.split(line)
                }
            if len(left) < 2 or _bare(left + right) not in words:
                continue
            self.lines[index], self.lines[index + 1] = piece + first, rest
            if not rest:
                emptied.add(index + 1)
        if emptied:
            self._remove(emptied)

    def _remove(self, numbers: set[int]) -> None:
        kept = [n for n in range(len(self.lines)) if n not in numbers]
        new_number = {old: new for new, old in enumerate(kept)}
        self.lines = [self.lines[n] for n in kept]
        self.headings = {new_number[n] for n in self.headings if n in new_number}
        self.repaired = {new_number[n] for n in self.repaired if n in new_number}
        self.whole = {new_number[n] for n in self.whole if n in new_number}

    def paragraph_break(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def text(self, start: int = 0, end: int | None = None) -> str:
        return "\n".join(self.lines[start:end])


# Words are split at slashes and dashes too ("Component/Depart" + "ment/Unit:").
_WORD_SEPARATORS = re.compile(r"[\s/\-–]+")


_EDGES = re.compile(r"^\W+|\W+$")


def _bare(word: str) -> str:
    return _EDGES.sub("", word).lower()


def _running_lines(blocks: list[Block], texts: list[list[str]]) -> set[tuple[int, int]]:
    """Where text copied out of a PDF carries its pages' running heads: (block, line) of
    bare page numbers counting up through the document ("1", "2", "3"...), and of the
    document's first line printed again at the top of later pages. ``texts``: each
    block's lines."""
    lines = [
        ((number, line_number), line.strip())
        for number, (block, block_lines) in enumerate(zip(blocks, texts, strict=True))
        if block.kind != "cell"  # a table's cells hold numbers of their own
        for line_number, line in enumerate(block_lines)
        if line.strip()
    ]
    running: set[tuple[int, int]] = set()
    numbers, expected = [], None
    for position, line in lines:
        if re.fullmatch(r"[0-9]{1,3}", line) and (expected is None or int(line) == expected):
            numbers.append(position)
            expected = int(line) + 1
    if len(numbers) >= 3:
        running.update(numbers)
    first = next((line for _, line in lines if not re.fullmatch(r"[0-9]+", line)), None)
    repeats = [position for position, line in lines if line == first]
    if first and len(first) <= 80 and len(repeats) >= 3:
        running.update(repeats)
    return running


def _is_noise(line: str, seen_links: set[str], kind: str) -> bool:
    """Page numbers, and the list of link addresses (web links, mailto: links) a PDF
    extractor repeats at a page's end."""
    if _PAGE_NUMBER.match(line):
        return True
    if kind == "cell" or ("@" in line and "mailto:" not in line.lower()):
        return False
    link = _LINK_ONLY.match(line)
    if link and (URL.fullmatch(link.group(1)) or EMAIL.fullmatch(link.group(1))):
        return _link_key(link.group(1)) in seen_links
    return False


def _link_key(link: str) -> str:
    return link.rstrip("/.").lower()


# -- labels and fields ---------------------------------------------------------------------


def phrase(words: str) -> str:
    """Regex for a label written with plain spaces: any spacing or line break between
    words, optional spaces around slashes."""
    return words.replace("/", r"\s*/\s*").replace(" ", r"\s+")


# The words of every label the parsers read: a word a narrow column broke in two
# ("Applicatio" / "ns:") is joined again when it is one of them (see Doc.rejoin_broken_words).
LABEL_WORDS: set[str] = set()


def _spelled_out(pattern: str) -> str:
    """A label pattern's words as printed: "Organi[sz]ation" -> "Organisation",
    "Ref(?:erence)?" -> "Reference", "Vacanc(?:y|ies)" -> "Vacancy ies"."""
    pattern = re.sub(r"\[(\w)[^\]]*\]", r"\1", pattern)
    return re.sub(r"\(\?:|[()?\\]", "", pattern).replace("|", " ")


class Labels:
    r"""Label synonyms by field name, e.g. ``Labels(ref=[r"Ref\.? Number", ...])``."""

    def __init__(self, *, bare_lines: bool = False, **synonyms: list[str]) -> None:
        """``bare_lines``: a label may also stand alone on its line without its colon (a
        two-column table of fields)."""
        for patterns in synonyms.values():
            # whole words only: not "organi" of "Organi[sz]ation" or "erence" of "Ref(?:erence)"
            LABEL_WORDS.update(re.findall(r"[a-z]{4,}", _spelled_out(" ".join(patterns)).lower()))
        groups = []
        self.field_of_group: dict[str, str] = {}
        for index, (name, patterns) in enumerate(synonyms.items()):
            group = f"f{index}"
            self.field_of_group[group] = name
            groups.append(f"(?P<{group}>{'|'.join(phrase(p) for p in patterns)})")
        words = "|".join(groups)
        # The colon is required: every call seen prints it, and without it ordinary words
        # ("Department" ending a wrapped value) would be taken for labels.
        # A label may carry a note in brackets: "Post Category for Contracted (if applicable):".
        ending = r"(?:\s{0,3}:|[ \t]*(?=\n|\Z))" if bare_lines else r"\s{0,3}:"
        bullet = r"(?:^[ \t]*(?:[•·▪\-*][ \t]*)?)?"
        note = r"(?:[ \t]*\([^()\n]{1,40}\))?"
        self.regex = re.compile(
            rf"{bullet}(?<![\w/])(?:{words}){note}{ending}", re.IGNORECASE | re.MULTILINE
        )


@dataclass
class Field:
    name: str
    raw: str  # the value as written from just after the label, line breaks kept
    line: int  # index in Doc.lines of the label (the value's first line is the same line)
    end_line: int  # index in Doc.lines just after the value

    @property
    def value(self) -> str:
        return one_line(self.raw)

    @property
    def text(self) -> str:
        return paragraphs_text(self.raw)


def find_fields(
    doc: Doc, start: int, end: int, labels: Labels, *, last_value_paragraph: bool = True
) -> list[Field]:
    """Fields of ``doc.lines[start:end]`` in order.

    The last value has no next label to stop it, so by default it stops at the end of its
    first paragraph (the zone may run on into text that is not a field).
    """
    text = doc.text(start, end)
    line_starts = [0]
    for line in doc.lines[start:end]:
        line_starts.append(line_starts[-1] + len(line) + 1)
    matches = list(_named(labels, text))
    fields = []
    for index, (match, name) in enumerate(matches):
        value_end = matches[index + 1][0].start() if index + 1 < len(matches) else len(text)
        raw = text[match.end() : value_end]
        if index + 1 == len(matches) and last_value_paragraph:
            raw = first_paragraph(raw)
        end_offset = match.end() + len(raw)
        fields.append(
            Field(
                name=name,
                raw=raw,
                line=start + bisect_right(line_starts, match.start()) - 1,
                end_line=start + bisect_right(line_starts, max(end_offset - 1, match.end())),
            )
        )
    return fields


def _named(labels: Labels, text: str):
    for match in labels.regex.finditer(text):
        # without its colon, a label is one only alone on its line
        if (
            not match.group(0).rstrip().endswith(":")
            and match.start()
            and text[match.start() - 1] != "\n"
        ):
            continue
        group = next(g for g, v in match.groupdict().items() if v is not None)
        yield match, labels.field_of_group[group]


def first_field(fields: list[Field], name: str) -> Field | None:
    return next((f for f in fields if f.name == name), None)


def first_paragraph(raw: str) -> str:
    """The first paragraph with text in it (leading blank lines skipped)."""
    stripped = raw.lstrip("\n ")
    cut = stripped.find("\n\n")
    return raw[: len(raw) - len(stripped)] + (stripped if cut < 0 else stripped[:cut])


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def paragraphs_text(text: str) -> str:
    """Wrapped lines joined, paragraphs kept apart by a blank line."""
    return "\n\n".join(one_line(p) for p in re.split(r"\n\s*\n", text) if p.strip())


# -- names in cells, links -------------------------------------------------------------------


# Short words a place's name may hold in lower case ("Ras al Khaimah", "Bamako and/or
# Nouakchott"): words of their own, never the end of the word before them.
_PARTICLES = {
    "al", "el", "de", "la", "le", "of", "an", "am", "i", "na", "do", "da", "di",
    "and", "or", "and/or", "the", "in", "on", "at", "to", "for", "with", "und", "et",
}  # fmt: skip


def join_broken(fragments: list[str]) -> str:
    """A name wrapped in a narrow cell, its lines joined again: a fragment that starts in
    lower case finishes the word before it ("Mogadi" + "shu"), as does the rest of a word
    hyphenated at a line's end ("Mitro-" + "vica"); other fragments are words."""
    out = ""
    for fragment in (f.strip() for f in fragments):
        if not fragment:
            continue
        first_word = fragment.split(" ", 1)[0]
        if out.endswith("-") and fragment[:1].islower():
            out = out[:-1] + fragment
        elif out[-1:].isalpha() and fragment[:1].islower() and first_word not in _PARTICLES:
            out += fragment
        else:
            out += (" " if out else "") + fragment
    return out


def urls_in(text: str) -> list[str]:
    found: list[str] = []
    for url in URL.findall(text):
        if url not in found:
            found.append(url)
    return found
