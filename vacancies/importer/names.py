"""The mission a document is from: its full name and its short name, and its country.

    full, short = mission_names(stated, title_block, text)
    mission_country(full)   # "... Mission in Kosovo" -> "Kosovo"

Calls print both in many ways: "European Union Capacity Building Mission in Somalia
(EUCAP Somalia)", the full name broken across two lines of a title block, the short name
alone on the next line, an "Organisation:" cell with only the short name, "OSCE Mission
in Kosovo" written "OMiK". A table of known missions fills in what a document does not
print.
"""

from __future__ import annotations

import re

from .grammar import one_line, phrase

# A fallback for documents that print only one of a mission's names: its full name and
# the short name it goes by. The names are read from the document first.
KNOWN_MISSIONS = {
    "EULEX Kosovo": "European Union Rule of Law Mission in Kosovo",
    "EUMM Georgia": "European Union Monitoring Mission in Georgia",
    "EUMA": "European Union Mission in Armenia",
    "EUPM Moldova": "European Union Partnership Mission in the Republic of Moldova",
    "EUBAM Libya": "European Union Integrated Border Management Assistance Mission in Libya",
    "EUAM Iraq": "European Union Advisory Mission in support of Security Sector Reform in Iraq",
    "EUAM Ukraine": "European Union Advisory Mission for Civilian Security Sector Reform Ukraine",
    "EUAM RCA": "European Union Advisory Mission in the Central African Republic",
    "EUCAP Somalia": "European Union Capacity Building Mission in Somalia",
    "EUCAP Sahel Niger": "European Union Capacity Building Mission in Niger",
    "EUCAP Sahel Mali": "European Union Capacity Building Mission in Mali",
    "EUPOL COPPS": "European Union Police and Rule of Law Mission for the Palestinian Territory",
    "EUBAM Rafah": "European Union Border Assistance Mission for the Rafah Crossing Point",
    "EUBAM Moldova and Ukraine": "European Union Border Assistance Mission to Moldova and Ukraine",
    "OMiK": "OSCE Mission in Kosovo",
}
_FULL_NAMES = {full.lower(): short for short, full in KNOWN_MISSIONS.items()}
_SHORT_NAMES = {short.lower(): short for short in KNOWN_MISSIONS}

# Words that make a name a mission's; words a name may hold in lower case.
_BODY_WORD = re.compile(
    r"^(?:Mission|Operation|Office|Facility|Presence|Centre|Programme|Secretariat|Co-?ordinator)$"
)
_CONNECTORS = {"in", "of", "for", "the", "to", "at", "and", "on", "support", "de", "du"}
# A short name: an acronym, then up to three words ("EUCAP Sahel Niger", "EUMM Georgia").
SHORT_NAME = r"(?:EU|OSCE)?[A-Z]{2,}[A-Za-z]*(?:[ -](?:[A-Z][A-Za-z]+|and))*"
_SHORT_NAME = re.compile(rf"^{SHORT_NAME}$")


def mission_names(
    stated: str | None, title_block: list[str], text: str
) -> tuple[str | None, str | None]:
    """(full name, short name) of the mission a document is from.

    ``stated`` is what its "Organisation:" or "Mission:" field says (a full name, a short
    name, or both); ``title_block`` the lines above it; ``text`` the whole document. A
    full name broken across lines is joined; the short name is the one the document
    prints next to the full name, in brackets or on the next line, first one printed
    first; the table of known missions fills in what the document does not print.
    """
    stated = one_line(stated or "")
    short = stated if _is_short_name(stated) else None
    full = (_full_name([stated]) or _stated_name(stated)) if stated and not short else None
    full = full or _full_name(title_block)
    if full is None and short:
        bracketed = re.search(
            rf"(\S[^()\n]{{10,150}}?)\s*\(\s*{phrase(re.escape(short))}\s*\)", text, re.IGNORECASE
        )
        full = _full_name([bracketed.group(1)]) if bracketed else None
    # Printed next to the full name first, else as stated.
    short = (_short_name_after(full, text) if full else None) or short
    if short is None and full:
        short = _initials(full, text) or _FULL_NAMES.get(full.lower())
    if short:
        short = _spelled_best(short, text)
    if full is None and short:
        full = KNOWN_MISSIONS.get(_SHORT_NAMES.get(short.lower(), ""), short)
    return full, short


def mission_country(mission_name: str) -> str:
    """The country the name ends with: "... Mission in Kosovo" -> "Kosovo"; "" when the
    name says no country."""
    match = re.search(r"\b(?:in|to)\s+((?:the\s+)?[A-Z][\w\s'-]*)$", mission_name)
    return match.group(1).strip() if match else ""


def _stated_name(stated: str) -> str | None:
    """The name an "Organisation:" cell gives, when it is no EU or OSCE mission's: the
    Title Case words it starts with ("Regional Coordination Cell (RCC) and its ...")."""
    words = _name_words(stated, start=False)
    while words and words[-1].lower() in _CONNECTORS:
        words.pop()
    return " ".join(words) if len(words) >= 2 else None


def _is_short_name(value: str) -> bool:
    """Whether ``value`` is a mission's short name: "EUCAP SOMALIA", "EUBAM Libya"; not
    "OSCE Secretariat", which names the body."""
    words = value.split()
    return (
        bool(_SHORT_NAME.match(value)) and len(words) <= 4 and not any(map(_BODY_WORD.match, words))
    )


def _full_name(lines: list[str]) -> str | None:
    """The first mission name in ``lines``: "European Union ... Mission in Somalia", joined
    across a line break when the name plainly goes on ("... Assistance" / "Mission in Libya")."""
    for index, line in enumerate(lines):
        words = _name_words(line)
        if not words:
            continue
        for following in lines[index + 1 : index + 3]:
            if not _goes_on(words, following):
                break
            words += _name_words(following, start=False)
        while words and words[-1].lower() in _CONNECTORS:
            words.pop()
        if any(_BODY_WORD.match(word) for word in words):
            return " ".join(words)
    return None


def _name_words(line: str, *, start: bool = True) -> list[str]:
    """The words of a mission's name in ``line``: from "European Union" (or "EU", "OSCE")
    when ``start``, else from the line's start; Title Case words and small connectors, up
    to the first other word (an acronym, a bracket, a lower-case word)."""
    tokens = re.findall(r"[\w'’-]+|[^\w\s]", line)
    if start:
        at = next(
            (
                i
                for i, candidate in enumerate(tokens)
                if (candidate == "European" and tokens[i + 1 : i + 2] == ["Union"])
                or candidate in ("EU", "OSCE")
            ),
            None,
        )
        if at is None:
            return []
        tokens = tokens[at:]
    words: list[str] = []
    for token in tokens:
        # An acronym may come before the mission word ("European Union CSDP Mission in
        # Mali"); after it, it is the short name ("... Mission in Kosovo EULEX").
        acronym = token.isupper() and len(token) > 1 and token not in ("EU", "OSCE")
        before_body = not any(_BODY_WORD.match(word) for word in words)
        if (
            token[:1].isupper() and (not acronym or (before_body and start and words))
        ) or token.lower() in _CONNECTORS:
            words.append(token)
        else:
            break
    return words


def _goes_on(words: list[str], following: str) -> bool:
    """Whether the next line finishes the name: the name has no mission word yet, or no
    place ("... Mission for Civilian Security Sector Reform" / "Ukraine"), or ends on a
    connector, or the next line starts with one ("in Somalia")."""
    more = _name_words(following, start=False)
    if not more:
        return False
    body = next((i for i, word in enumerate(words) if _BODY_WORD.match(word)), None)
    placed = body is not None and re.search(
        r"\b(?:in|to|at|on) (?:the )?[A-Z]", " ".join(words[body + 1 :])
    )
    whole_line = len(more) == len(following.split()) and len(more) <= 5
    return (
        body is None
        or words[-1].lower() in _CONNECTORS
        or more[0].lower() in _CONNECTORS
        or (not placed and whole_line)
    )


def _short_name_after(full: str, text: str) -> str | None:
    """The short name printed right after ``full`` (or after it without its "OSCE" or
    "European Union": "Office for Democratic Institutions and Human Rights (ODIHR)"): in
    brackets, or alone on the next line."""
    bare = re.sub(r"^(?:OSCE|EU|European Union)\s+", "", full)
    name = "(?:" + "|".join(phrase(re.escape(n).replace(r"\ ", " ")) for n in {full, bare}) + ")"
    after = re.compile(
        rf"(?i:{name})(?:\s*\(\s*({SHORT_NAME})\s*\)|[ \t]*\n\s*({SHORT_NAME})[ \t]*(?=\n|$)"
        # on the same line only a lone acronym: "JOB DESCRIPTION" would pass for a short name
        r"|[ \t]+([A-Z]{3,12})(?![\w-]))"
    )
    for match in after.finditer(text):
        short = next(group for group in match.groups() if group)
        if _is_short_name(short):
            return short
    return None


def _initials(full: str, text: str) -> str | None:
    """A word spelling the name's initials, as "OMiK" for "OSCE Mission in Kosovo"."""
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z][\w'-]*", full))
    if len(initials) < 3:
        return None
    spelled = re.search(rf"(?<![\w-]){re.escape(initials)}(?![\w-])", text, re.IGNORECASE)
    if spelled and any(ch.isupper() for ch in spelled.group(0)[1:]):
        return spelled.group(0)
    return None


def _spelled_best(short: str, text: str) -> str:
    """A short name printed in capitals ("EUCAP SOMALIA") as the document also writes it
    in mixed case ("EUCAP Somalia"), if it does; the first spelling otherwise."""
    if not short.isupper():
        return short
    for found in re.finditer(
        rf"(?<![\w/.-]){phrase(re.escape(short))}(?![\w-])", text, re.IGNORECASE
    ):
        spelled = one_line(found.group(0))
        if spelled[:1].isupper() and not spelled.isupper():  # not a link's "odihr"
            return spelled
    known = _SHORT_NAMES.get(short.lower())
    return known or short
