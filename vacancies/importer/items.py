"""A section's lines -> items: bullets, or paragraphs when there are none, with the lines
a PDF or a narrow column wrapped joined back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .grammar import GLYPH_BULLETS, Doc, one_line

BULLET = re.compile(
    rf"^\s*(?:[{GLYPH_BULLETS}]|[·\-–—*+](?=\s|$)|o(?=\s)|\(?\d{{1,2}}[.)](?=\s)"
    r"|\(?[a-z][.)](?=\s))\s*"
)
# A bullet glyph in mid-line starts another item: a copy that lost the line breaks.
_INLINE_BULLET = re.compile(rf"\s+(?=[{GLYPH_BULLETS}]\s*\w)")
_LABELLED = re.compile(r"^[A-Z][\w ()/&'-]{0,40}:(?:\s|$)")
_LABEL_ONLY = re.compile(r"^[A-Z][\w ()/&'-]{0,40}:$")
# A short line with no end of sentence: a sub-heading when bullets follow it.
_SUBHEADING = re.compile(r"^[A-Z][\w'’&/-]*(?: [\w'’&/-]+){0,4}$")
_SENTENCE_END = re.compile(r"[.;:!?]$")
_ITEM_END = re.compile(r"(?:[;:]|[A-Za-z]{4,}\.)$")
_OPEN_END = re.compile(r"(?:\b(?:and|or|AND|OR)|[,/\-–])$")
_CONNECTOR = re.compile(r"^(?:and|or|and/or)[;,.]?$", re.IGNORECASE)


@dataclass
class Items:
    items: list[str]  # in document order; a lead-in ("The requirements are:") is the first
    trailing: list[str]  # paragraphs after the last bullet (notes, or a notice's closing text)
    run_together: bool = False  # bullets found in mid-line were split into items


def items_in(doc: Doc, start: int, end: int, skip=None) -> Items:
    """``split_items`` of ``doc.lines[start:end]`` (less the lines ``skip`` matches), told
    which of them start paragraphs for certain."""
    numbers = [n for n in range(start, end) if not (skip and skip(doc.lines[n]))]
    whole = {i for i, n in enumerate(numbers) if n in doc.whole}
    return split_items([doc.lines[n] for n in numbers], whole)


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
            _add_line(
                entries,
                piece,
                new_paragraph=new_paragraph,
                whole=index in whole,
                before_bullet=_next_is_bullet(lines, index),
            )
            new_paragraph = False

    texts = [one_line(text) for _, text in entries]
    bullets = [i for i, (is_bullet, _) in enumerate(entries) if is_bullet]
    if not bullets:  # no bullets: every paragraph is an item
        return Items(texts, [], run_together)
    return Items(texts[: bullets[-1] + 1], texts[bullets[-1] + 1 :], run_together)


def _add_line(
    entries: list[list], line: str, *, new_paragraph: bool, whole: bool, before_bullet: bool
) -> None:
    bullet = BULLET.match(line)
    previous = entries[-1] if entries else None
    if bullet and not (previous and _bullet_continues(previous[1], line[bullet.end() :])):
        entries.append([True, line[bullet.end() :]])
    elif bullet:
        previous[1] += " " + line[bullet.end() :]
    elif previous and not previous[0] and _LABEL_ONLY.match(previous[1]):
        previous[1] += " " + line
    elif previous and (
        # a sub-heading before a list, or a line that starts a paragraph for certain
        (new_paragraph and before_bullet and _SUBHEADING.match(line))
        or (whole and not _CONNECTOR.match(line.strip()))
    ):
        entries.append([False, line])
    elif previous and _continues(previous, line, new_paragraph=new_paragraph):
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


def _continues(entry: list, line: str, *, new_paragraph: bool) -> bool:
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
