"""vacancies/labels.py: values as people read them."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import dateformat, timezone

from missionjobs.jinja2 import date as date_filter
from vacancies.labels import format_date

BRUSSELS = ZoneInfo("Europe/Brussels")
INSTANT = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "value, format_string",
    [
        *((date(2025, 1, 5), format_string) for format_string in ["j M Y", "l j F Y", "c"]),
        *(
            (moment, format_string)
            for moment in [datetime(2025, 6, 30, 17), INSTANT, INSTANT.astimezone(BRUSSELS)]
            for format_string in ["j M Y", "j M Y, H:i", "l j F Y", "c"]
        ),
    ],
)
def test_format_date_says_what_django_says(value, format_string):
    assert format_date(value, format_string) == dateformat.format(value, format_string)


def test_the_same_instant_reads_as_the_time_of_its_zone():
    # Equal datetimes (one instant in two zones) are one key to a cache, not one text.
    assert format_date(INSTANT, "j M Y, H:i") == "31 Dec 2025, 23:30"
    assert format_date(INSTANT.astimezone(BRUSSELS), "j M Y, H:i") == "1 Jan 2026, 00:30"


def test_a_day_and_its_midnight_are_told_apart():
    midnight = datetime(2025, 3, 1, tzinfo=UTC)
    assert format_date(midnight.date(), "c") == "2025-03-01"
    assert format_date(midnight, "c") == "2025-03-01T00:00:00+00:00"


def test_the_page_filter_shows_the_current_zone():
    with timezone.override(BRUSSELS):
        assert date_filter(INSTANT, "j M Y, H:i") == "1 Jan 2026, 00:30"
    with timezone.override(UTC):
        assert date_filter(INSTANT, "j M Y, H:i") == "31 Dec 2025, 23:30"


# Every day-only character, mixed ones, and escapes, which go to Django unchanged.
FORMATS = [
    "j M Y",
    "l j F Y",
    "d/m/y",
    "D jS N, W z L t o E b n",
    "j M Y, H:i",
    "l j F Y, H:i",
    r"j \d\e M",
    "Y-m-d",
    "c",
    "U",
]


@pytest.mark.parametrize("format_string", FORMATS)
def test_day_formats_of_moments_say_what_django_says(format_string):
    # Moments around midnight and the clocks' changes, in two zones: a moment's day is the
    # day of its own zone, whatever the instant's day elsewhere.
    days = [date(2025, 3, 30), date(2025, 10, 26), date(2024, 2, 29), date(2025, 12, 31)]
    moments = [
        datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC).astimezone(zone)
        for day in days
        for hour, minute in [(0, 0), (0, 30), (1, 59), (22, 30), (23, 59)]
        for zone in [UTC, BRUSSELS]
    ]
    for moment in moments:
        assert format_date(moment, format_string) == dateformat.format(moment, format_string)


def test_moments_of_one_day_share_an_entry():
    morning = datetime(2025, 5, 2, 9, tzinfo=UTC)
    evening = datetime(2025, 5, 2, 21, 15, tzinfo=UTC)
    assert format_date(morning, "j M Y") == format_date(evening, "j M Y") == "2 May 2025"
    assert format_date(morning, "j M Y, H:i") != format_date(evening, "j M Y, H:i")
