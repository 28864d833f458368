"""What seconding authorities take away: the CSV's columns for circulars and the calendar of
call deadlines (/calls.ics). The posts' feed and calendar are in test_feeds.py."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.factories import CallFactory, PostFactory, VacancyFactory
from tests.test_feeds import content, csv_rows, ics_components, ics_content_lines, ics_property
from vacancies.exports import CSV_HEADER
from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


def csv_records(client, **params) -> list[dict[str, str]]:
    header, *rows = csv_rows(client, **params)
    assert header == CSV_HEADER
    return [dict(zip(header, row, strict=True)) for row in rows]


# CSV ---------------------------------------------------------------------------------------


def test_csv_gives_each_vacancys_availability_in_order(client):
    post = PostFactory()
    VacancyFactory(post=post, availability=None, order=1)
    VacancyFactory(
        post=post, status=Vacancy.Status.PENDING, availability=date(2030, 1, 23), order=2
    )
    (record,) = csv_records(client)
    assert record["Availability"] == "Confirmed: ASAP; Pending: 2030-01-23"


def test_csv_availability_is_empty_when_the_call_gives_no_vacancy(client):
    PostFactory()
    assert csv_records(client)[0]["Availability"] == ""


@pytest.mark.parametrize("pending, expected", [(True, "Yes"), (False, "No")])
def test_csv_says_whether_availability_is_pending_deployment_acceptance(client, pending, expected):
    PostFactory(pending_deployment_acceptance=pending)
    assert csv_records(client)[0]["Pending deployment acceptance"] == expected


def test_csv_says_whether_each_post_is_open_or_closed(client):
    PostFactory(ref="OPEN")
    PostFactory(ref="CLOSED", call=CallFactory(closed=True))
    statuses = {record["Ref."]: record["Status"] for record in csv_records(client, status="all")}
    assert statuses == {"OPEN": "Open", "CLOSED": "Closed"}


def test_csv_names_the_call_with_its_reference_address_and_links_to_apply(client):
    call = CallFactory(
        reference="3-2030",
        title="3-2030 Call for Contributions",
        application_urls=["https://goalkeeper.example.org/a", "https://example.org/form"],
    )
    PostFactory(call=call)
    (record,) = csv_records(client)
    assert record["Call"] == "3-2030 Call for Contributions"
    assert record["Call reference"] == "3-2030"
    assert record["Call URL"] == f"http://testserver{call.get_absolute_url()}"
    assert (
        record["Application links"] == "https://goalkeeper.example.org/a https://example.org/form"
    )


def test_new_csv_cells_are_defused_too(client):
    PostFactory(call=CallFactory(reference="=1+1", title="-Call"))
    (record,) = csv_records(client)
    assert record["Call reference"] == "'=1+1"
    assert record["Call"] == "'-Call"


def test_csv_with_availability_still_takes_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    for _ in range(20):
        VacancyFactory(post=PostFactory(), availability=date(2030, 5, 1))
    with django_assert_max_num_queries(3):
        records = csv_records(client)
    assert {record["Availability"] for record in records} == {"Confirmed: 2030-05-01"}


# /calls.ics -----------------------------------------------------------------------------


def calendar_lines(client, **params) -> list[str]:
    response = client.get("/calls.ics", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return ics_content_lines(content(response))


def description(event: list[str]) -> str:
    """The event's own DESCRIPTION, not its alarm's."""
    return ics_property(event[: event.index("BEGIN:VALARM")], "DESCRIPTION")[1]


def test_one_event_per_published_call_at_its_deadline(client):
    deadline = datetime(2030, 4, 27, 17, 0, tzinfo=BRUSSELS)
    call = CallFactory(reference="1-2030", title="1-2030 Call for Contributions", deadline=deadline)
    PostFactory.create_batch(2, call=call)
    CallFactory(closed=True)  # past deadlines stay in the calendar
    CallFactory(draft=True)
    CallFactory(withdrawn=True)
    lines = calendar_lines(client)
    events = ics_components(lines, "VEVENT")
    assert len(events) == 2
    (event,) = [e for e in events if ics_property(e, "UID")[1] == f"call-{call.pk}@testserver"]
    assert ics_property(event, "DTSTART") == ({"TZID": "Europe/Brussels"}, "20300427T170000")
    assert ics_property(event, "DTEND") == ({"TZID": "Europe/Brussels"}, "20300427T173000")
    summary = ics_property(event, "SUMMARY")[1]
    assert summary == f"Deadline: 1-2030 Call for Contributions\\, {call.mission.acronym}"
    assert ics_property(event, "URL")[1] == f"http://testserver{call.get_absolute_url()}"
    text = description(event)
    assert "Reference: 1-2030." in text and "Posts: 2." in text
    assert "Deadline for applications: 27 Apr 2030 17:00 Brussels time." in text


def test_the_calls_calendar_is_built_like_the_posts_one(client):
    CallFactory()
    lines = calendar_lines(client)
    assert ics_property(lines, "PRODID")[1] == "-//missionjobs//Call deadlines//EN"
    (vtimezone,) = ics_components(lines, "VTIMEZONE")
    assert ics_property(vtimezone, "TZID")[1] == "Europe/Brussels"
    assert lines.index("BEGIN:VTIMEZONE") < lines.index("BEGIN:VEVENT")
    (event,) = ics_components(lines, "VEVENT")
    (alarm,) = ics_components(event, "VALARM")
    assert ics_property(alarm, "TRIGGER")[1] == "-P3D"
    assert ics_property(alarm, "DESCRIPTION")[1].startswith("Deadline in 3 days: ")


def test_a_calls_uid_stays_the_same_when_the_call_changes(client):
    call = CallFactory()
    first = ics_property(ics_components(calendar_lines(client), "VEVENT")[0], "UID")
    call.deadline += timedelta(days=7)
    call.title = "Corrigendum"
    call.save()
    second = ics_property(ics_components(calendar_lines(client), "VEVENT")[0], "UID")
    assert first == second == ({}, f"call-{call.pk}@testserver")


def test_text_from_the_call_is_escaped_in_the_calendar(client):
    CallFactory(title="Call\r\nBEGIN:VALARM;x,y", reference="", application_urls=[])
    (event,) = ics_components(calendar_lines(client), "VEVENT")
    assert len(ics_components(event, "VALARM")) == 1  # only the calendar's own alarm
    assert ics_property(event, "SUMMARY")[1].startswith("Deadline: Call\\nBEGIN:VALARM\\;x\\,y")


def test_the_calls_calendar_lists_the_links_to_apply(client):
    CallFactory(application_urls=["https://goalkeeper.example.org/apply"])
    (event,) = ics_components(calendar_lines(client), "VEVENT")
    assert "Apply: https://goalkeeper.example.org/apply" in description(event)


def test_the_calls_page_links_to_its_calendar(client):
    CallFactory()
    assert 'href="/calls.ics"' in client.get("/calls/").content.decode()


def test_the_calls_calendar_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(10):
        PostFactory(call=CallFactory(deadline=timezone.now() + timedelta(days=3)))
    with django_assert_max_num_queries(3):
        assert len(ics_components(calendar_lines(client), "VEVENT")) == 10
