"""Values as people read them, in the words of the public pages, for the admin too: the
import preview, what a re-import changes, the history. Never a stored code or a raw value."""

from datetime import date, datetime
from functools import lru_cache

from django.utils import dateformat, timezone
from django.utils.translation import get_language

from .models.choices import Clearance, Regime

NOT_STATED = "Not stated"


# Django's format characters that read only the day (its "j M Y"): a datetime is formatted
# as its date for them, so that every moment of one day is one entry of the cache below,
# not one per deadline (a post page writes some thirty such dates of other calls).
DAY_CHARACTERS = frozenset("dDjlNSwzWmMnbEFtLoyY")


def format_date(value: date | datetime, format_string: str) -> str:
    """Django's date format ("j M Y"), remembered: a post page writes some fifty dates, most
    of them its call's and its advertisements' (shared by their other posts' pages), and
    Django takes about 18 µs for each."""
    if format_string == "c":  # Django's "c" is isoformat(), without the formatter's cost
        return value.isoformat()
    if isinstance(value, datetime) and is_day_format(format_string):
        value = value.date()
    # Aware datetimes are equal at the same instant in any zone: the zone is part of the key.
    zone = str(getattr(value, "tzinfo", None))
    return _formatted(type(value), value, zone, get_language(), format_string)


@lru_cache(maxsize=64)
def is_day_format(format_string: str) -> bool:
    """Every letter a day's. A backslash escapes a letter (a literal "T"): left to Django."""
    return "\\" not in format_string and all(
        char in DAY_CHARACTERS for char in format_string if char.isalpha()
    )


@lru_cache(maxsize=4096)
def _formatted(kind: type, value, zone: str, language: str | None, format_string: str) -> str:
    return dateformat.format(value, format_string)


def brussels_time(moment: datetime) -> str:
    """A moment as deadlines are written: "Friday 14 November 2025, 17:00 (Brussels time)"."""
    return f"{format_date(timezone.localtime(moment), 'l j F Y, H:i')} (Brussels time)"


def deadline_text(deadline: datetime | date) -> str:
    """A deadline as a call states it: a moment in Brussels time, or a day without a time."""
    if isinstance(deadline, datetime):
        return brussels_time(deadline)
    return f"{format_date(deadline, 'l j F Y')}, no time stated"


def day(value: date | None) -> str:
    return format_date(value, "j F Y") if value else NOT_STATED


def yes_no(value: bool | None) -> str:  # noqa: FBT001  (the value shown, not a flag)
    return {True: "Yes", False: "No", None: NOT_STATED}[value]


def regime(value: str | None) -> str:
    return Regime(value).label if value else NOT_STATED


def clearance(level: int | None) -> str:
    return NOT_STATED if level is None else Clearance(level).label


def text(value: str | None) -> str:
    return value or NOT_STATED


# A post's fields as the public post page labels them.
POST_FIELDS = {
    "title": "Title",
    "grade": "Grade",
    "regime": "Employment regime",
    "post_category": "Post category (contracted)",
    "location": "Location",
    "duty_station": "Duty station",
    "component": "Component/Department/Unit",
    "clearance": "Security clearance",
    "open_to_third_states": "Open to Contributing Third States",
    "pending_deployment_acceptance": "Availability pending deployment acceptance (*)",
}


def field_value(field, value) -> str:  # noqa: PLR0911  (one return per kind of value)
    """A model field's value as the admin's history shows it: a choice's label (EU
    RESTRICTED, not 1), Yes/No, dates as the public pages write them."""
    if value is None or value in ("", []):
        return NOT_STATED
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime):
        return brussels_time(value)
    if isinstance(value, date):
        return day(value)
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)
