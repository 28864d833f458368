"""The one date parser: deadlines, availabilities, header-row endings."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from vacancies.importer.dates import (
    parse_availabilities,
    parse_date,
    parse_deadline,
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
    assert parse_deadline(written).isoformat() == expected


def test_a_deadline_with_a_time_is_aware_in_brussels():
    deadline = parse_deadline("Friday, 14 November 2025, at 17:00 (Brussels time)")

    assert deadline == datetime(2025, 11, 14, 17, 0, tzinfo=BRUSSELS)
    assert deadline.tzinfo == BRUSSELS


def test_a_deadline_in_utc_says_so():
    assert parse_deadline("14 November 2025, 16:00 UTC") == datetime(
        2025, 11, 14, 16, 0, tzinfo=timezone.utc
    )


def test_a_deadline_without_a_time_stays_a_date():
    deadline = parse_deadline("Closing on 14/12/2026")

    assert type(deadline) is date


def test_no_date_no_deadline():
    assert parse_deadline("To be announced") is None


@pytest.mark.parametrize(
    "written, expected",
    [
        ("01 Jan 2026", date(2026, 1, 1)),
        ("3 Jan 2026", date(2026, 1, 3)),
        ("01.12.2024", date(2024, 12, 1)),
        ("01/10/2020", date(2020, 10, 1)),  # day first, as Europe writes it
        ("12/14/2026", date(2026, 12, 14)),  # cannot be day first
        ("1st of September 2025", date(2025, 9, 1)),
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
