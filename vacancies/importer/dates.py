"""The one place that reads dates, deadlines and availabilities out of a call's text.

Calls are European documents: a numeric date is read day first (``01/10/2020`` is
1 October) unless that cannot be a date. A deadline with a time is an aware datetime in
Brussels time (the calls say "Brussels time"; OSCE deadlines give no time at all); a
deadline without a time stays a ``date`` so nobody invents a closing hour.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip

# Month names spelled out, so that "Friday 02 October" is never read as a month "Friday".
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
# One alternation so that the *first* date in the text wins, whatever its format.
_DATE_PATTERN = (
    rf"(?<![\w.])(?:"
    # 14 November 2025
    rf"(?P<d1>\d{{1,2}}){_ORDINAL}\.?\s+(?:of\s+)?(?P<m1>{_MONTH})\.?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}}){_ORDINAL},?\s+(?P<y2>\d{{4}})"  # Dec 14, 2026
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{1,2}})-(?P<d3>\d{{1,2}})"  # 2026-12-14
    # 14/12/2026
    rf"|(?P<a4>\d{{1,2}})\s*(?P<sep>[./-])\s*(?P<b4>\d{{1,2}})\s*(?P=sep)\s*(?P<y4>\d{{4}}|\d{{2}})"
    rf")(?![\w])"
)
_ASAP_PATTERN = r"\bASAP\b|\bas\s+soon\s+as\s+possible\b|\bimmediate(?:ly)?\b"

_DATE = re.compile(_DATE_PATTERN, re.IGNORECASE)
_ASAP = re.compile(_ASAP_PATTERN, re.IGNORECASE)
_TRAILING_AVAILABILITY = re.compile(
    rf"(?:{_ASAP_PATTERN}|{_DATE_PATTERN})[\s.;,]*\Z", re.IGNORECASE
)
_TIME = re.compile(
    r"(?<![\d.:/])(?:"
    # 17:00, 5.00 pm
    r"(?P<h>[01]?\d|2[0-3])\s*[:.hH]\s*(?P<min>[0-5]\d)(?:\s*(?P<ampm>[ap])\.?\s*m\b\.?)?"
    r"|\bat\s+(?P<h2>[01]\d|2[0-3])(?P<min2>[0-5]\d)\b"  # at 1700
    r"|(?P<h3>1[0-2]|0?[1-9])\s*(?P<ampm3>[ap])\.?\s*m\b\.?"  # 5 pm
    r")"
)
_UTC = re.compile(r"\b(?:UTC|GMT)\b")
_AVAILABILITY_SEPARATOR = re.compile(r"&|\+|;|\band\b|\bor\b", re.IGNORECASE)


def parse_date(text: str) -> date | None:
    """The first date written in ``text``, or None."""
    for match in _DATE.finditer(text):
        found = _date_from(match)
        if found is not None:
            return found
    return None


def parse_deadline(text: str) -> datetime | date | None:
    """``Friday, 14 November 2025, at 17:00 (Brussels time)`` -> aware datetime;
    ``14/12/2026`` or ``Dec 14, 2026`` -> date; nothing readable -> None."""
    for match in _DATE.finditer(text):
        day = _date_from(match)
        if day is None:
            continue
        # The time may come before or after the date; blank the date out so its digits
        # are not read as a time.
        rest = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
        at = _time_in(rest)
        if at is None:
            return day
        zone = timezone.utc if _UTC.search(rest) else BRUSSELS
        return datetime.combine(day, at, tzinfo=zone)
    return None


def is_asap(text: str) -> bool:
    return bool(_ASAP.search(text))


def parse_availabilities(text: str) -> list[date | None]:
    """``ASAP & 23 Jan 2026`` -> [None, date(2026, 1, 23)]; None means ASAP.

    Raises ValueError when a part is neither ASAP nor a date, so the caller can say which.
    """
    found: list[date | None] = []
    for part in _AVAILABILITY_SEPARATOR.split(text):
        part = part.strip(" ,.")
        if not part:
            continue
        if is_asap(part):
            found.append(None)
            continue
        day = parse_date(part)
        if day is None:
            raise ValueError(f"cannot read the availability {part!r}")
        found.append(day)
    return found


def split_trailing_availability(text: str) -> tuple[str, date | None] | None:
    """``Pristina 01 Jan 2026`` -> ("Pristina", date(2026, 1, 1)); None if the text does
    not end with ASAP or a date (a header-table row ends with its availability)."""
    match = _TRAILING_AVAILABILITY.search(text)
    if match is None:
        return None
    written = match.group(0)
    if is_asap(written):
        return text[: match.start()], None
    day = parse_date(written)
    if day is None:
        return None
    return text[: match.start()], day


def _date_from(match: re.Match) -> date | None:
    g = match.groupdict()
    if g["d1"]:
        day, month, year = int(g["d1"]), _MONTHS.get(g["m1"].lower()), int(g["y1"])
    elif g["m2"]:
        day, month, year = int(g["d2"]), _MONTHS.get(g["m2"].lower()), int(g["y2"])
    elif g["y3"]:
        day, month, year = int(g["d3"]), int(g["m3"]), int(g["y3"])
    else:
        day, month, year = int(g["a4"]), int(g["b4"]), int(g["y4"])
        if year < 100:
            year += 2000
        if month > 12 >= day:  # 12/14/2026 cannot be day first
            day, month = month, day
    if month is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _time_in(text: str) -> time | None:
    match = _TIME.search(text)
    if match is None:
        return None
    g = match.groupdict()
    if g["h"] is not None:
        hour, minute, ampm = int(g["h"]), int(g["min"]), g["ampm"]
    elif g["h2"] is not None:
        hour, minute, ampm = int(g["h2"]), int(g["min2"]), None
    else:
        hour, minute, ampm = int(g["h3"]), 0, g["ampm3"]
    if ampm:
        hour = hour % 12 + (12 if ampm.lower() == "p" else 0)
    return time(hour, minute)
