"""The one date parser: deadlines, availabilities, header-row endings."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from vacancies.importer.dates import (
    parse_availabilities,
    parse_date,
    read_deadline,
    split_trailing_availability,
)

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.mark.parametrize(
    "written, expected",
    [
        ("Friday, 14 November 2025, at 17:00 (Brussels time)", "2025-11-14T17:00:00+01:00"),
        ("Monday, 27 April 2026, at 17:00 (Brussels time)", "2026-04-27T17:00:00+02:00"),
        ("Friday 02 October 2015 at 1700", "2015-10-02T17:00:00+02:00"),
        ("17.00 hrs on 3rd March 2026", "2026-03-03T17:00:00+01:00"),
        ("5 March 2026 at 5 pm", "2026-03-05T17:00:00+01:00"),
        ("14/12/2026", "2026-12-14"),
        ("Dec 14, 2026", "2026-12-14"),
        ("2026-12-14", "2026-12-14"),
    ],
)
def test_deadline_formats(written, expected):
    assert read_deadline(written).value.isoformat() == expected


@pytest.mark.parametrize(
    "written, expected",
    [
        # 12-hour clocks, with seconds, as the OSCE's jobs portal writes its closing dates
        ("Jan 8, 2027, 11:59:00 PM", "2027-01-08T23:59:00+01:00"),
        ("January 8th, 2027 11:59 pm", "2027-01-08T23:59:00+01:00"),
        ("8 January 2027, 11.59 p.m.", "2027-01-08T23:59:00+01:00"),
        ("on 8 Jan. 2027 by 5:30 P.M.", "2027-01-08T17:30:00+01:00"),
        ("5 March 2026, 11 a.m. (Brussels time)", "2026-03-05T11:00:00+01:00"),
        ("5 March 2026, 12:00 PM", "2026-03-05T12:00:00+01:00"),
        ("12 noon on 5 March 2026", "2026-03-05T12:00:00+01:00"),
        ("Thursday 5 March 2026 at noon (Brussels time)", "2026-03-05T12:00:00+01:00"),
        # 24-hour clocks, and the ways calls write them
        ("16 July 2020 at 17:00:30", "2020-07-16T17:00:30+02:00"),
        ("14 November 2025 - 17h00", "2025-11-14T17:00:00+01:00"),
        ("14 novembre 2025, 17h", "2025-11-14T17:00:00+01:00"),
        ("1700 hrs, 14 November 2025", "2025-11-14T17:00:00+01:00"),
        # zones: Brussels, CET/CEST and Central European Time are the site's time
        ("10 July 2026, 23:59 CET", "2026-07-10T23:59:00+02:00"),
        ("23:59 CEST on 10 July 2026", "2026-07-10T23:59:00+02:00"),
        ("10 January 2026, 17:00 (Brussels time)", "2026-01-10T17:00:00+01:00"),
        ("10 January 2026, 17:00 Central European Time", "2026-01-10T17:00:00+01:00"),
        ("10 January 2026, 17:00 (Vienna time)", "2026-01-10T17:00:00+01:00"),
        ("10 January 2026, 17:00 (Kyiv time)", "2026-01-10T17:00:00+02:00"),
        ("10 January 2026, 17:00 GMT+4", "2026-01-10T17:00:00+04:00"),
        ("10 January 2026, 16:00 GMT", "2026-01-10T16:00:00+00:00"),
        # day first and month first, with month names
        ("Friday, 14th of November, 2025 at 17:00", "2025-11-14T17:00:00+01:00"),
        ("November 14, 2025 at 17:00", "2025-11-14T17:00:00+01:00"),
        ("14-Nov-2025 17:00", "2025-11-14T17:00:00+01:00"),
        ("Nov. 14th 2025, 5pm", "2025-11-14T17:00:00+01:00"),
    ],
)
def test_times_of_day(written, expected):
    reading = read_deadline(written)

    assert reading.value.isoformat() == expected
    assert reading.doubts == ()


def test_a_deadline_with_a_time_is_aware_in_brussels():
    deadline = read_deadline("Friday, 14 November 2025, at 17:00 (Brussels time)").value

    assert deadline == datetime(2025, 11, 14, 17, 0, tzinfo=BRUSSELS)
    assert deadline.tzinfo == BRUSSELS


def test_a_deadline_in_utc_says_so():
    assert read_deadline("14 November 2025, 16:00 UTC").value == datetime(
        2025, 11, 14, 16, 0, tzinfo=UTC
    )


def test_a_deadline_without_a_time_stays_a_date_and_is_doubtful():
    reading = read_deadline("Closing on 14/12/2026")

    assert type(reading.value) is date
    assert reading.doubts == (
        "No time of day is stated: the call will close at 23:59 Brussels time on 14 December 2026.",
    )


def test_no_date_no_deadline():
    assert read_deadline("To be announced").value is None


@pytest.mark.parametrize(
    "written, expected, doubt",
    [
        # midnight can be the start or the end of the day: read as its end, and say so
        ("midnight, 8 January 2027", "2027-01-08T23:59:00+01:00", "Midnight"),
        ("8 January 2027 at 12:00 midnight", "2027-01-08T23:59:00+01:00", "Midnight"),
        ("8 January 2027, 12:00 AM", "2027-01-08T00:00:00+01:00", "start of 8 January 2027"),
        ("8 January 2027, 00:00", "2027-01-08T00:00:00+01:00", "start of 8 January 2027"),
        # an hour under 10 without a leading zero or a.m./p.m.: 5 in the morning, or 5 pm?
        ("8 January 2027 at 5:00", "2027-01-08T05:00:00+01:00", "5 in the morning"),
        # a numeric date whose day and month could be swapped
        ("03/04/2027 17:00", "2027-04-03T17:00:00+02:00", "4 March 2027"),
        # a weekday that does not fit the date
        ("Tuesday, 14 November 2025, 17:00", "2025-11-14T17:00:00+01:00", "Friday"),
        # a place whose time zone is not known
        ("14 November 2025, 17:00 (Atlantis time)", "2025-11-14T17:00:00+01:00", "Atlantis"),
    ],
)
def test_a_time_that_can_be_read_two_ways_is_a_doubt(written, expected, doubt):
    reading = read_deadline(written)

    assert reading.value.isoformat() == expected
    assert len(reading.doubts) == 1 and doubt in reading.doubts[0]


def test_a_weekday_settles_a_numeric_date_that_could_be_read_two_ways():
    # 3 April 2027 is a Saturday, 4 March 2027 a Thursday
    reading = read_deadline("Thursday 03/04/2027 at 17:00")

    assert reading.value.isoformat() == "2027-03-04T17:00:00+01:00"
    assert reading.doubts == ()


@pytest.mark.parametrize(
    "written, expected",
    [
        ("01 Jan 2026", date(2026, 1, 1)),
        ("3 Jan 2026", date(2026, 1, 3)),
        ("01.12.2024", date(2024, 12, 1)),
        ("01/10/2020", date(2020, 10, 1)),  # day first, as Europe writes it
        ("12/14/2026", date(2026, 12, 14)),  # cannot be day first
        ("1st of September 2025", date(2025, 9, 1)),
        ("01-Jun-20", date(2020, 6, 1)),
    ],
)
def test_date_formats(written, expected):
    assert parse_date(written) == expected


def test_an_impossible_date_is_not_a_date():
    assert parse_date("31/02/2026") is None


def test_a_weekday_is_not_taken_for_a_month():
    assert parse_date("Friday 02 October 2015") == date(2015, 10, 2)


def test_availabilities_asap_and_dates():
    assert parse_availabilities("ASAP & 23 Jan 2026") == [None, date(2026, 1, 23)]
    assert parse_availabilities("As soon as possible") == [None]
    assert parse_availabilities("01.12.2024 and 01/10/2020") == [
        date(2024, 12, 1),
        date(2020, 10, 1),
    ]


def test_an_unreadable_availability_says_which_part():
    with pytest.raises(ValueError, match="'To be confirmed'"):
        parse_availabilities("ASAP & To be confirmed")


def test_a_header_row_ends_with_its_availability():
    assert split_trailing_availability("Rule of Law Advisor North Mitrovica ASAP") == (
        "Rule of Law Advisor North Mitrovica ",
        None,
    )
    assert split_trailing_availability("Pristina 23 Feb 2026 ") == ("Pristina ", date(2026, 2, 23))
    assert split_trailing_availability("Special Assistant to the Deputy Head of") is None


def test_a_deadline_without_a_year_takes_the_first_that_fits_from_publication():
    reading = read_deadline(
        "Wednesday, 27 November at 17:00 (Brussels time)", issued=date(2024, 11, 18)
    )

    assert reading.value.isoformat() == "2024-11-27T17:00:00+01:00"
    assert len(reading.doubts) == 1 and "no year" in reading.doubts[0]


def test_a_deadline_without_a_year_in_january_is_next_year():
    assert read_deadline("10 January, 17:00", issued=date(2024, 12, 2)).value.year == 2025
