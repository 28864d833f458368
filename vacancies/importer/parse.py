"""Blocks -> ``ParsedCall``: pick the family of the document and let its module read it.

The families build on the shared grammar (``grammar.py``, ``items.py``); this module sits
above them, so none of them imports it back.
"""

from __future__ import annotations

from . import eeas, osce
from .errors import NotACall
from .grammar import Doc
from .model import Block, ParsedCall
from .places import country_of

FAMILIES = (eeas, osce)


def parse_blocks(blocks: list[Block]) -> ParsedCall:
    """Read a call for contributions or a vacancy notice; raise ``NotACall`` otherwise."""
    doc = Doc.from_blocks(blocks)
    if not doc.text().strip():
        raise NotACall("The document has no text in it, so no call or vacancy could be read.")
    families = sorted(((f.score(doc), f) for f in FAMILIES), key=lambda pair: -pair[0])
    best_score, family = families[0]
    if best_score < 2:
        raise NotACall(
            "This document does not look like a call for contributions or a vacancy notice: "
            "it has no job descriptions with 'Position:' and 'Ref. Number:' (EU calls for "
            "contributions) and no 'General Minimum Requirements' or 'Tasks and "
            "Responsibilities' sections (OSCE vacancy notices). Upload the call's own document."
        )
    call = family.parse(doc)
    set_countries(call)
    return call


def set_countries(call: ParsedCall) -> None:
    """Each post's country: from its duty station, else its region, else the mission's
    name ("... Mission in Somalia"), whichever names one first."""
    for post in call.posts:
        post.country = country_of(
            post.duty_station, post.location, call.mission, call.mission_acronym
        )
