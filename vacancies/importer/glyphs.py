"""Characters that documents carry but that are not text.

Word writes list bullets in its Symbol and Wingdings fonts, whose characters sit in the
Unicode private-use area (U+F0B7 is Symbol's bullet, U+F0A7 Wingdings' square...). A PDF
written from Word keeps those codes; so does text copied out of it. Nobody's browser has
those fonts, so each would show as an empty box: the bullets become the characters they
draw, and any other private-use character, or U+FFFD (a character a converter could not
read), is dropped. Everything the importer reads passes through ``clean``, and so does
text typed or pasted into the admin.
"""

from __future__ import annotations

import re

# What Symbol (F0xx = Symbol's code + 0xF000) and Wingdings draw at the codes Word uses
# for bullets.
BULLET_GLYPHS = {
    "\uf0b7": "•",  # Symbol: bullet
    "\uf0a7": "▪",  # Wingdings: small square
    "\uf0a8": "▫",  # Wingdings: white square
    "\uf06e": "■",  # Wingdings: black square
    "\uf06c": "●",  # Wingdings: black circle
    "\uf09f": "•",  # Wingdings: bullet
    "\uf0d8": "➢",  # Wingdings: arrowhead
    "\uf0e0": "➔",  # Wingdings: arrow
    "\uf0e8": "➔",  # Wingdings: heavy arrow
    "\uf0f0": "⇨",  # Wingdings: white arrow
    "\uf076": "❖",  # Wingdings: diamond of four
    "\uf0fc": "✓",  # Wingdings: tick
    "\uf0fe": "☑",  # Wingdings: ticked box
    "\uf0a4": "◉",  # Wingdings: circle with dot
    "\uf071": "❑",  # Wingdings: shadowed square
    "\uf0b2": "◆",  # Wingdings: diamond
    "\uf02d": "-",  # Symbol: minus
    "\uf0be": "—",  # Symbol: horizontal bar
}
_BULLETS = str.maketrans(BULLET_GLYPHS)
# The private-use areas (BMP and planes 15-16), and the replacement character.
NOT_TEXT = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd\ufffd]")


def clean(text: str) -> str:
    """``text`` with Word's glyph bullets as the characters they draw, other private-use
    characters and U+FFFD removed."""
    if not NOT_TEXT.search(text):  # nearly always: spare the translation
        return text
    return NOT_TEXT.sub("", text.translate(_BULLETS))


def unreadable(text: str) -> list[str]:
    """The characters of ``text`` that ``clean`` would drop rather than translate."""
    if not NOT_TEXT.search(text):
        return []
    return NOT_TEXT.findall(text.translate(_BULLETS))
