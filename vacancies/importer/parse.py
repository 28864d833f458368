"""Blocks -> ``ParsedCall``: pick the family of the document and let its module read it.

This module also holds the small grammar both families share. Readers give blocks in
very different shapes (a PDF line per paragraph, a DOCX cell holding several lines,
tab-separated Markdown), so everything is first flattened into one list of lines in which
``""`` marks a paragraph break. On those lines:

- a *label* is a known phrase followed by a colon, at the start of a line or after other
  text; case, spacing and line breaks inside it do not matter;
- a *field's value* is the text from its label to the next label, whatever the lines;
- *items* are bullets or paragraphs, with wrapped lines joined back.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from . import glyphs
from .errors import NotACall
from .model import Block, ParsedCall

URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]", re.I)
# Patterns start at a word's start and are bounded: a 100 kB line of letters must not
# make them try every start and every length (that is quadratic).
EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[a-z]{2,24}", re.I
)
PHONE = re.compile(r"(?<![\w+])\+\s?\d[\d\s()./-]{6,24}\d")
# Glyphs that only ever mark a bullet: the text may follow without a space (Word's PDFs).
GLYPH_BULLETS = "•▪▫◦●○■□►▶➢➔⇨❖◆◉❑✓✔☑"
BULLET = re.compile(
    rf"^\s*(?:[{GLYPH_BULLETS}]|[·\-–—*+](?=\s|$)|o(?=\s)|\(?\d{{1,2}}[.)](?=\s)"
    r"|\(?[a-z][.)](?=\s))\s*"
)
# A bullet glyph in mid-line starts another item: a copy that lost the line breaks.
_INLINE_BULLET = re.compile(rf"\s+(?=[{GLYPH_BULLETS}]\s*\w)")
# Word puts a tab between a bullet and its text; a tab otherwise separates cells.
_BULLET_TAB = re.compile(rf"^(\s*[{GLYPH_BULLETS}·\-–—*+o])\t+")
# "7/12", "Page 3 of 19", "Page 2", "VNSKPS00595 - Page 1 of 2"
_PAGE_NUMBER = re.compile(
    r"^(?:.{0,40}\bpage\s+\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?|\s*\d{1,3}\s*(?:/|of)\s*\d{1,3})\s*$",
    re.I,
)
_LINK_ONLY = re.compile(r"^\s*(?:mailto:)?(\S+)\s*$", re.I)
_LABELLED = re.compile(r"^[A-Z][\w ()/&'-]{0,40}:(?:\s|$)")
_LABEL_ONLY = re.compile(r"^[A-Z][\w ()/&'-]{0,40}:$")
# A short line with no end of sentence: a sub-heading when bullets follow it.
_SUBHEADING = re.compile(r"^[A-Z][\w'’&/-]*(?: [\w'’&/-]+){0,4}$")
_SENTENCE_END = re.compile(r"[.;:!?]$")
_ITEM_END = re.compile(r"(?:[;:]|[A-Za-z]{4,}\.)$")
_OPEN_END = re.compile(r"(?:\b(?:and|or|AND|OR)|[,/\-–])$")
_CONNECTOR = re.compile(r"^(?:and|or|and/or)[;,.]?$", re.I)
_SPACES = str.maketrans(
    {"\xa0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u200b": "", "\xad": ""}
)


def parse_blocks(blocks: list[Block]) -> ParsedCall:
    """Read a call for contributions or a vacancy notice; raise ``NotACall`` otherwise."""
    # The family modules build on the grammar below, so they are imported here.
    from . import eeas, osce

    doc = Doc.from_blocks(blocks)
    if not doc.text().strip():
        raise NotACall("The document has no text in it, so no call or vacancy could be read.")
    families = sorted(((eeas.score(doc), eeas), (osce.score(doc), osce)), key=lambda pair: -pair[0])
    best_score, family = families[0]
    if best_score < 2:
        raise NotACall(
            "This document does not look like a call for contributions or a vacancy notice: "
            "it has no job descriptions with 'Position:' and 'Ref. Number:' (EU calls for "
            "contributions) and no 'General Minimum Requirements' or 'Tasks and "
            "Responsibilities' sections (OSCE vacancy notices). Upload the call's own document."
        )
    return family.parse(doc)


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
                raw = _BULLET_TAB.sub(r"\1 ", glyphs.clean(raw))
                for piece in raw.split("\t"):  # a tab separates cells: each is its own paragraph
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
                    if "\t" in raw:
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

    def items(self, start: int, end: int, skip=None) -> Items:
        """``split_items`` of ``lines[start:end]`` (less the lines ``skip`` matches), told
        which of them start paragraphs for certain."""
        numbers = [n for n in range(start, end) if not (skip and skip(self.lines[n]))]
        whole = {i for i, n in enumerate(numbers) if n in self.whole}
        return split_items([self.lines[n] for n in numbers], whole)

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
    """Label synonyms by field name, e.g. ``Labels(ref=[r"Ref\\.? Number", ...])``."""

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


# -- items -----------------------------------------------------------------------------------


@dataclass
class Items:
    items: list[str]  # in document order; a lead-in ("The requirements are:") is the first
    trailing: list[str]  # paragraphs after the last bullet (notes, or a notice's closing text)
    run_together: bool = False  # bullets found in mid-line were split into items


def split_items(lines: list[str], whole: frozenset[int] | set[int] = frozenset()) -> Items:
    """Bullets (or, without bullets, paragraphs) as items, wrapped lines joined back.

    A paragraph break does not end an item when the text plainly goes on: the item's
    sentence is unfinished, or the next line starts in lower case or is a lone AND/OR.
    PDF page breaks and one-line-per-block readers cut items exactly there. ``whole``:
    the indices of ``lines`` that start a paragraph the document itself marks (a Word or
    HTML paragraph), which always starts an item. Either way a short label line
    ("Education:") takes the paragraph after it, and a short line before bullets ("Core
    competencies") is an item of its own.
    """
    entries: list[list] = []  # [is_bullet, text]
    new_paragraph = True
    run_together = False
    for index, line in enumerate(lines):
        if not line:
            new_paragraph = True
            continue
        pieces = _run_together(line)
        run_together = run_together or len(pieces) > 1
        for piece in pieces:
            _add_line(entries, piece, new_paragraph, index in whole, _next_is_bullet(lines, index))
            new_paragraph = False

    texts = [one_line(text) for _, text in entries]
    bullets = [i for i, (is_bullet, _) in enumerate(entries) if is_bullet]
    if not bullets:  # no bullets: every paragraph is an item
        return Items(texts, [], run_together)
    return Items(texts[: bullets[-1] + 1], texts[bullets[-1] + 1 :], run_together)


def _add_line(
    entries: list[list], line: str, new_paragraph: bool, whole: bool, before_bullet: bool
) -> None:
    bullet = BULLET.match(line)
    previous = entries[-1] if entries else None
    if bullet and not (previous and _bullet_continues(previous[1], line[bullet.end() :])):
        entries.append([True, line[bullet.end() :]])
    elif bullet:
        previous[1] += " " + line[bullet.end() :]
    elif previous and not previous[0] and _LABEL_ONLY.match(previous[1]):
        previous[1] += " " + line
    elif previous and new_paragraph and before_bullet and _SUBHEADING.match(line):
        entries.append([False, line])
    elif previous and whole and not _CONNECTOR.match(line.strip()):
        entries.append([False, line])
    elif previous and _continues(previous, line, new_paragraph):
        previous[1] += " " + line
    else:
        entries.append([False, line])


def _next_is_bullet(lines: list[str], index: int) -> bool:
    following = next((line for line in lines[index + 1 :] if line), "")
    return bool(BULLET.match(following))


def repairs(doc: Doc, start: int, end: int, items: Items, heading: str) -> str | None:
    """What the importer had to repair in the section on ``doc.lines[start:end]``, for HR
    staff to check; None when it is read as printed."""
    done = []
    if any(start <= line < end for line in doc.repaired):
        done.append(
            f"some characters of '{heading}' could not be read (a font the document does not"
            " embed) and were left out"
        )
    if items.run_together:
        done.append(f"several bullets of '{heading}' were on one line and were split into items")
    if not done:
        return None
    return " and ".join(done).capitalize() + ": check them against the document."


def _run_together(line: str) -> list[str]:
    """A bulleted line holding more bullets, split at them."""
    pieces = _INLINE_BULLET.split(line) if BULLET.match(line) else [line]
    return pieces if all(BULLET.match(piece) for piece in pieces) else [line]


def _bullet_continues(previous: str, text: str) -> bool:
    """A converter that split a long item at a page break repeats the bullet before the
    rest ("... backup of Mission data" then "- under CIS control;"); short lower-case
    items ("- drafting skills") are items of their own."""
    return len(previous) > 80 and text[:1].islower() and not _SENTENCE_END.search(_tail(previous))


def _continues(entry: list, line: str, new_paragraph: bool) -> bool:
    previous_is_bullet, previous = entry
    tail = _tail(previous)
    if line[:1].islower() or _CONNECTOR.match(line.strip()) or _OPEN_END.search(tail):
        return True
    if new_paragraph:
        # A PDF reader may give every line as its own block: a break after an unfinished
        # sentence is a wrapped line, unless a labelled paragraph ("Experience: ...") starts.
        return not (_SENTENCE_END.search(tail) or _LABELLED.match(line))
    # Same paragraph: a wrapped line, unless a bullet's sentence ended and a short
    # sub-heading follows ("... information.", then "Crypto Custodian").
    return not (previous_is_bullet and _ITEM_END.search(tail))


def _tail(text: str) -> str:
    """The end of an item, enough to see how it ends (items can grow long)."""
    return text[-40:].rstrip()


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
