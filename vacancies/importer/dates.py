"""The one place that reads dates, deadlines and availabilities out of a call's text.

Calls are European documents: a numeric date is read day first (``01/10/2020`` is
1 October) unless that cannot be a date. A deadline with a time is an aware datetime in
the zone the call names (Brussels when it names none, or says CET or Central European
Time); a deadline without a time stays a ``date``, and closes at ``END_OF_DAY``.

A deadline shown hours early makes applicants miss it, so whatever could be read two
ways (midnight, 12 AM, "at 5:00", 03/04/2027, a weekday that does not fit the date, a
zone we do not know) is read the likelier way *and* reported as a doubt, for HR staff
to check in the preview.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

BRUSSELS = ZoneInfo("Europe/Brussels")
# A deadline that states only a date closes at the end of that day, Brussels time.
END_OF_DAY = time(23, 59)

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    # French: some calls of missions in francophone countries are written in French.
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}  # fmt: skip
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# Month names spelled out, so that "Friday 02 October" is never read as a month "Friday".
_MONTH = (
    r"(?:jan(?:uary|vier)?|feb(?:ruary)?|f[ée]vrier|mar(?:ch|s)?|apr(?:il)?|avril|ma[yi]"
    r"|june?|juin|july?|juillet|aug(?:ust)?|ao[uû]t|sep(?:t(?:ember)?)?|septembre"
    r"|oct(?:ober)?|octobre|nov(?:ember)?|novembre|dec(?:ember)?|d[ée]cembre)"
)
_ORDINAL = r"(?:st|nd|rd|th|er)?"
# One alternation so that the *first* date in the text wins, whatever its format.
_DATE_PATTERN = (
    rf"(?<![\w.])(?:"
    # 14 November 2025, 14th of November, 2025, 14-Nov-2025, 01-Jun-20
    rf"(?P<d1>\d{{1,2}}){_ORDINAL}\.?[\s-]+(?:of\s+)?(?P<m1>{_MONTH})\.?,?[\s-]+(?P<y1>\d{{4}})"
    rf"|(?P<d5>\d{{1,2}})-(?P<m5>{_MONTH})-(?P<y5>\d{{2}})"
    # Dec 14, 2026; January 8th, 2027
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}}){_ORDINAL},?\s+(?P<y2>\d{{4}})"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{1,2}})-(?P<d3>\d{{1,2}})"  # 2026-12-14
    # 14/12/2026
    rf"|(?P<a4>\d{{1,2}})\s*(?P<sep>[./-])\s*(?P<b4>\d{{1,2}})\s*(?P=sep)\s*(?P<y4>\d{{4}}|\d{{2}})"
    rf")(?![\w])"
)
_ASAP_PATTERN = r"\bASAP\b|\bas\s+soon\s+as\s+possible\b|\bimmediate(?:ly)?\b"

_DATE = re.compile(_DATE_PATTERN, re.IGNORECASE)
# A line holding just a date, maybe with its weekday: "18.11.2024", "Monday, 18 November 2024".
DATE_LINE = re.compile(rf"^(?:[A-Za-z]+day,?\s+)?(?:{_DATE_PATTERN})\s*$", re.IGNORECASE)
_ASAP = re.compile(_ASAP_PATTERN, re.IGNORECASE)
# 27 November, November 27th (a deadline that forgot its year)
_YEARLESS = re.compile(
    rf"(?<![\w.])(?:(?P<d1>\d{{1,2}}){_ORDINAL}\.?\s+(?:of\s+)?(?P<m1>{_MONTH})"
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}}){_ORDINAL})(?![\w])",
    re.IGNORECASE,
)
_TRAILING_AVAILABILITY = re.compile(
    rf"(?:{_ASAP_PATTERN}|{_DATE_PATTERN})[\s.;,]*\Z", re.IGNORECASE
)
_AMPM = r"(?P<ampm>[ap])\.?\s?m\b\.?"
_TIME = re.compile(
    r"(?<![\d.:/])(?:"
    r"(?P<noon>\b(?:12(?:[:.]00)?\s+)?(?:noon|midday)\b)"
    r"|(?P<midnight>\b(?:(?:12|00|24)(?:[:.]00)?\s+)?midnight\b)"
    # 17:00, 17.00, 17h00, 23:59:59, 11:59:00 PM, 5.30 p.m.
    r"|"
    rf"(?P<h>[01]?\d|2[0-4])\s?(?P<sep>[:.]|h(?=\d))\s?(?P<min>[0-5]\d)"
    rf"(?:[:.](?P<sec>[0-5]\d))?(?:\s*{_AMPM.replace('ampm', 'ampm1')})?"
    r"|(?P<h2>[01]\d|2[0-4])(?P<min2>[0-5]\d)\s*(?=hrs\b|hours\b|h\b)"  # 1700 hrs
    r"|\bat\s+(?P<h3>[01]\d|2[0-3])(?P<min3>[0-5]\d)\b"  # at 1700
    rf"|(?P<h4>1[0-2]|0?[1-9])\s*{_AMPM.replace('ampm', 'ampm4')}"  # 5 pm
    r"|(?P<h5>[01]?\d|2[0-3])\s?h(?![\w])"  # 17h
    r")",
    re.IGNORECASE,
)
_UTC_OFFSET = re.compile(r"\b(?:UTC|GMT)\s*(?P<sign>[+-−])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?\b")
_UTC = re.compile(r"\b(?:UTC|GMT)\b|\bZulu\b")
_CENTRAL_EUROPEAN = re.compile(
    r"\bCES?T\b|\bcentral\s+european(?:\s+(?:summer|standard))?\s+time\b", re.IGNORECASE
)
_NAMED_ZONE = re.compile(r"\b(?P<place>[A-Z][\w'-]+)(?:\s+(?i:local))?\s+(?i:time)\b")
# Where a zone is written: just around the time ("17:00 (Brussels time)", "CET 17:00").
_ZONE_BEFORE, _ZONE_AFTER = 12, 40
_EASTERN_EUROPEAN = re.compile(r"\bEES?T\b")
# Places whose zone the database names after another city.
_ZONE_ALIASES = {
    "kiev": "Europe/Kyiv", "pristina": "Europe/Belgrade", "prishtina": "Europe/Belgrade",
    "erbil": "Asia/Baghdad", "ramallah": "Asia/Hebron", "jerusalem": "Asia/Jerusalem",
    "the hague": "Europe/Amsterdam", "brussels": "Europe/Brussels",
}  # fmt: skip
_NOT_PLACES = {"local", "brussels"}  # "local time" names no zone; Brussels is the default
_AVAILABILITY_SEPARATOR = re.compile(r"&|\+|;|\band\b|\bor\b", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """A deadline as read, and what about it could be read another way."""

    value: datetime | date | None
    doubts: tuple[str, ...] = ()


def parse_date(text: str) -> date | None:
    """The first date written in ``text``, or None."""
    for match in _DATE.finditer(text):
        found = _date_from(match)
        if found is not None:
            return found
    return None


def read_deadline(text: str, *, issued: date | None = None) -> Reading:
    """``Friday, 14 November 2025, at 17:00 (Brussels time)`` -> aware datetime;
    ``Jan 8, 2027, 11:59:00 PM`` -> 23:59; ``14/12/2026`` -> a date, and a doubt that no
    time is stated; nothing readable -> ``Reading(None)``.

    A date without a year ("Wednesday, 27 November") takes the first year that fits from
    ``issued`` (the call's date of publication), and is a doubt.
    """
    for match in [*_DATE.finditer(text), *_YEARLESS.finditer(text)]:
        doubts = []
        day = _date_from(match) if match.re is _DATE else _yearless(match, text, issued, doubts)
        if day is None:
            continue
        day = _check_date(match, day, text, doubts)
        # The time may come before or after the date; blank the date out so its digits
        # are not read as a time.
        rest = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
        found = _time_in(rest, day, doubts)
        if found is None:
            doubts.append(
                f"No time of day is stated: the call will close at {END_OF_DAY:%H:%M} "
                f"Brussels time on {_spoken(day)}."
            )
            return Reading(day, tuple(doubts))
        at, (start, end) = found
        zone = _zone(rest[max(0, start - _ZONE_BEFORE) : end + _ZONE_AFTER], doubts)
        return Reading(datetime.combine(day, at, tzinfo=zone), tuple(doubts))
    return Reading(None)


def is_asap(text: str) -> bool:
    return bool(_ASAP.search(text))


def parse_availabilities(text: str) -> list[date | None]:
    """``ASAP & 23 Jan 2026`` -> [None, date(2026, 1, 23)]; None means ASAP.

    Raises ValueError when a part is neither ASAP nor a date, so the caller can say which.
    """
    found: list[date | None] = []
    for written in _AVAILABILITY_SEPARATOR.split(text):
        part = written.strip(" ,.")
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


# -- dates of publication -------------------------------------------------------------

_ISSUED = [
    re.compile(p, re.IGNORECASE)
    for p in (
        # the EU's registration stamp: "Ref. Ares(2020)3319428 - 25/06/2020"
        r"\bAres\s*\(\d{4}\)\s*\d+\s*[-–]\s*(?P<date>.{6,30})",
        # "Brussels, 25 June 2020"
        r"^\s*Brussels\s*,\s*(?P<date>.{6,30})$",
        (
            r"\b(?:date\s+of\s+(?:publication|issue)|publication\s+date|issue\s+date|issued\s+on"
            r"|posting\s+date|posted\s+on|date\s+posted|published\s+on)\s*:?\s*(?P<date>.{6,30})"
        ),
    )
]


def publication_date(lines: list[str], title_block: list[str]) -> date | None:
    """The date a document says it was published or issued: a stamp, a dateline or a
    labelled date in ``lines``, or a date standing alone in its ``title_block`` (a web
    page's date under its title)."""
    for pattern in _ISSUED:
        for line in lines:
            found = pattern.search(line)
            if found and (day := parse_date(found.group("date"))):
                return day
    for line in title_block:
        if DATE_LINE.match(line.strip()):
            return parse_date(line)
    return None


# -- dates -----------------------------------------------------------------------------


def _date_from(match: re.Match) -> date | None:
    g = match.groupdict()
    if g["d1"]:
        day, month, year = int(g["d1"]), _month(g["m1"]), int(g["y1"])
    elif g["d5"]:
        day, month, year = int(g["d5"]), _month(g["m5"]), _year(g["y5"])
    elif g["m2"]:
        day, month, year = int(g["d2"]), _month(g["m2"]), int(g["y2"])
    elif g["y3"]:
        day, month, year = int(g["d3"]), int(g["m3"]), int(g["y3"])
    else:
        day, month, year = int(g["a4"]), int(g["b4"]), _year(g["y4"])
        if month > 12 >= day:  # 12/14/2026 cannot be day first
            day, month = month, day
    if month is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _yearless(match: re.Match, text: str, issued: date | None, doubts: list[str]) -> date | None:
    """The date of a "27 November" written without its year: the first one on or after the
    call's publication; without one, the one of the weekday printed, nearest today."""
    g = match.groupdict()
    day, month = int(g["d1"] or g["d2"]), _month(g["m1"] or g["m2"])
    if month is None:
        return None
    weekday = _weekday_before(text, match.start())
    if issued is not None:
        years = [issued.year, issued.year + 1]
    else:
        today = datetime.now(BRUSSELS).date()
        years = sorted(range(today.year - 3, today.year + 4), key=lambda y: abs(y - today.year))
    candidates = [found for year in years if (found := _safe_date(year, month, day))]
    if issued is not None:
        candidates = [found for found in candidates if found >= issued] or candidates
    if weekday is not None:
        candidates = [found for found in candidates if found.weekday() == weekday] or candidates
    if not candidates:
        return None
    chosen = candidates[0]
    because = "the year of its publication" if issued else "the nearest year that fits"
    doubts.append(
        f"The deadline states no year: it is read as {_spoken(chosen)} ({because}); check it."
    )
    return chosen


def _month(name: str) -> int | None:
    return _MONTHS.get(name.lower().rstrip("."))


def _year(written: str) -> int:
    return int(written) + 2000 if len(written) == 2 else int(written)


def _check_date(match: re.Match, day: date, text: str, doubts: list[str]) -> date:
    """Settle a numeric date whose day and month could be swapped with the weekday
    printed before it, if any; report what stays uncertain."""
    weekday = _weekday_before(text, match.start())
    g = match.groupdict()
    swapped = None
    if g.get("a4") and int(g["a4"]) <= 12 and int(g["b4"]) <= 12 and g["a4"] != g["b4"]:
        swapped = _safe_date(_year(g["y4"]), day.day, day.month)
    if swapped is not None:
        if weekday is not None and swapped.weekday() == weekday != day.weekday():
            return swapped
        if weekday is None or day.weekday() != weekday:
            doubts.append(
                f"{match.group(0).strip()} is read day first, as {_spoken(day)}; "
                f"it could also be {_spoken(swapped)}."
            )
            return day
    if weekday is not None and day.weekday() != weekday:
        doubts.append(
            f"The call says {_WEEKDAYS[weekday].title()} {match.group(0).strip()}, but "
            f"{_spoken(day)} is a {day:%A}."
        )
    return day


def _weekday_before(text: str, end: int) -> int | None:
    words = re.findall(r"[a-z]+", text[max(0, end - 20) : end].lower())
    for word in reversed(words):
        for number, name in enumerate(_WEEKDAYS):
            if len(word) >= 3 and name.startswith(word):
                return number
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _spoken(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# -- times and zones -------------------------------------------------------------------


def _time_in(text: str, day: date, doubts: list[str]) -> tuple[time, tuple[int, int]] | None:
    """The time written in ``text`` and where, or None."""
    match = _TIME.search(text)
    if match is None:
        return None
    return _time_of(match, day, doubts), match.span()


def _time_of(match: re.Match, day: date, doubts: list[str]) -> time:
    g = match.groupdict()
    if g["noon"]:
        return time(12, 0)
    if g["midnight"]:
        doubts.append(
            f"'Midnight' is read as the end of {_spoken(day)} ({END_OF_DAY:%H:%M}); "
            f"check the call does not mean the start of it."
        )
        return END_OF_DAY
    hour, minute, second, ampm = _clock(g)
    if hour == 24:  # 24:00 is the end of the day
        return END_OF_DAY
    if ampm:
        hour = hour % 12 + (12 if ampm.lower() == "p" else 0)
    if hour == 0 and minute == 0:
        doubts.append(
            f"00:00 is the start of {_spoken(day)}: check the call does not mean the end "
            f"of that day."
        )
    elif not ampm and hour < 10 and not match.group(0).startswith("0") and g["h"] is not None:
        doubts.append(
            f"{match.group(0).strip()} is read as {hour} in the morning (24-hour clock); "
            f"check the call does not mean {hour} in the afternoon."
        )
    return time(hour, minute, second)


def _clock(g: dict) -> tuple[int, int, int, str | None]:
    if g["h"] is not None:
        return int(g["h"]), int(g["min"]), int(g["sec"] or 0), g["ampm1"]
    if g["h2"] is not None:
        return int(g["h2"]), int(g["min2"]), 0, None
    if g["h3"] is not None:
        return int(g["h3"]), int(g["min3"]), 0, None
    if g["h4"] is not None:
        return int(g["h4"]), 0, 0, g["ampm4"]
    return int(g["h5"]), 0, 0, None


def _zone(text: str, doubts: list[str]):
    if offset := _UTC_OFFSET.search(text):
        sign = -1 if offset.group("sign") in "-−" else 1
        delta = timedelta(hours=int(offset.group("h")), minutes=int(offset.group("m") or 0))
        return timezone(sign * delta)
    if _UTC.search(text):
        return UTC
    if _CENTRAL_EUROPEAN.search(text):
        return BRUSSELS
    if _EASTERN_EUROPEAN.search(text):
        return ZoneInfo("EET")
    for named in _NAMED_ZONE.finditer(text):
        place = named.group("place").lower()
        if place in _NOT_PLACES:
            continue
        if zone := _zone_of_place(place):
            return zone
        doubts.append(
            f"The time is given in {named.group('place')} time, a zone we do not know: "
            f"it is read as Brussels time."
        )
    return BRUSSELS


def _zone_of_place(place: str) -> ZoneInfo | None:
    name = _ZONE_ALIASES.get(place) or _zone_names().get(place)
    return ZoneInfo(name) if name else None


@cache
def _zone_names() -> dict[str, str]:
    """The time-zone database's cities: "vienna" -> "Europe/Vienna"."""
    names = {}
    for name in sorted(available_timezones()):
        if name.count("/") == 1 and not name.startswith(("Etc/", "SystemV/", "US/")):
            names.setdefault(name.split("/")[1].replace("_", " ").lower(), name)
    return names
