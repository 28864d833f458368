"""Word's font-glyph bullets: each bullet its own item, no private-use character kept."""

from __future__ import annotations

import dataclasses
import re

import pytest

from tests.importer import textdocs as t
from vacancies.importer import glyphs
from vacancies.importer.model import Block
from vacancies.importer.parse import parse_blocks
from vacancies.importer.text import read_text

NOT_TEXT = re.compile("[\ue000-\uf8ff\ufffd]")
# How PDFs written from Word carry their bullets: the Symbol and Wingdings fonts' codes.
WORD_BULLETS = ["\uf0b7", "\uf0a7", "\uf0d8", "\uf076", "\uf0fc"]


def sections(call) -> list[tuple[str, list[str]]]:
    return [(s.heading, s.items) for post in call.posts for s in post.sections]


def all_text(value) -> str:
    """Every string in a parsed call, for looking for characters that must not be there."""
    if dataclasses.is_dataclass(value):
        value = dataclasses.asdict(value)
    if isinstance(value, dict):
        return " ".join(all_text(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(all_text(v) for v in value)
    return value if isinstance(value, str) else ""


@pytest.fixture(scope="module")
def plain():
    return parse_blocks(read_text(t.pdf_text(t.VARIANT)))


@pytest.mark.parametrize("bullet", WORD_BULLETS)
@pytest.mark.parametrize("space", [" ", "\t", ""])
def test_glyph_bullets_split_into_the_same_items_as_plain_bullets(plain, bullet, space):
    """A PDF's text (or a copy of it) with Word's glyphs where the bullets are."""
    text = t.pdf_text(t.VARIANT).replace("• ", bullet + space)

    call = parse_blocks(read_text(text))

    assert sections(call) == sections(plain)
    assert NOT_TEXT.findall(all_text(call)) == []


def test_glyph_bullets_on_one_line_per_block_are_items(plain):
    """A PDF reader that gives each line as its own block."""
    blocks = [Block(b.text.replace("• ", "\uf0b7 ")) for b in t.line_blocks(t.VARIANT)]

    call = parse_blocks(blocks)

    assert sections(call) == sections(plain)


def test_a_glyph_we_cannot_read_is_dropped_and_its_section_reported(plain):
    """A private-use character no known font draws as a bullet, and a U+FFFD."""
    text = t.pdf_text(t.VARIANT).replace("Excellent drafting", "Excellent\ue123 draf\ufffdting", 1)

    call = parse_blocks(read_text(text))

    assert sections(call) == sections(plain)
    assert NOT_TEXT.findall(all_text(call)) == []
    (doubt,) = call.doubts
    assert (doubt.field, call.posts[doubt.post].ref) == ("sections", "GEO SW 03a")
    assert "could not be read" in doubt.reason


def test_bullets_run_together_on_one_line_are_split_and_reported():
    """Text copied out of a PDF that lost the line breaks between bullets."""
    text = t.pdf_text(t.VARIANT).replace(
        "• Excellent drafting skills in English; \n",
        "• Excellent drafting skills in English; \uf0b7 Team spirit; \uf0b7 Driving licence. \n",
        1,
    )

    call = parse_blocks(read_text(text))

    skills = call.posts[0].sections[4]
    assert skills.items == [
        "Excellent drafting skills in English;",
        "Team spirit;",
        "Driving licence.",
    ]
    assert [(d.field, d.post) for d in call.doubts] == [("sections", 0)]


def test_clean_translates_word_bullets_and_drops_what_is_not_text():
    assert glyphs.clean("\uf0b7 One \uf0a7 two \uf0fc three\ue000\ufffd") == "• One ▪ two ✓ three"
    assert glyphs.unreadable("\uf0b7 a\ue001b\ufffd") == ["\ue001", "\ufffd"]
