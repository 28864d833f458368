"""The Atom feed, the iCalendar of deadlines and the CSV: each takes the /posts/ parameters."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.factories import CallFactory, PostFactory, VacancyFactory
from vacancies.exports import defused, folded, ics_text
from vacancies.models import Clearance, Regime

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def content(response) -> str:
    return (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )


def served_xml(data: bytes) -> ET.Element:
    """The XML the site under test has just served."""
    return ET.fromstring(data)  # noqa: S314  (our own feed, not untrusted input)


def atom_entries(client, **params) -> list[ET.Element]:
    response = client.get("/posts/feed/", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return served_xml(response.content).findall(f"{ATOM}entry")


def csv_rows(client, **params) -> list[list[str]]:
    response = client.get("/posts.csv", params)
    assert response.status_code == 200
    text = content(response)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def ics_events(client, **params) -> list[str]:
    response = client.get("/posts.ics", params)
    assert response.status_code == 200
    return content(response).split("BEGIN:VEVENT")[1:]


def ics_content_lines(text: str) -> list[str]:
    """The content lines of a calendar: unfolded, each checked to fit in 75 octets first."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    physical = text.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in physical)
    lines: list[str] = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def ics_components(lines: list[str], name: str) -> list[list[str]]:
    """The lines inside each BEGIN:name ... END:name, outermost first."""
    found, current, depth = [], None, 0
    for line in lines:
        if line == f"BEGIN:{name}":
            depth += 1
            if depth == 1:
                current = []
                continue
        elif line == f"END:{name}":
            depth -= 1
            if depth == 0:
                found.append(current)
                current = None
                continue
        if current is not None:
            current.append(line)
    return found


def ics_property(lines: list[str], name: str) -> tuple[dict[str, str], str]:
    """The parameters and value of the one property called name among lines."""
    matches = [line for line in lines if line.split(":", 1)[0].split(";")[0] == name]
    assert len(matches) == 1, matches
    head, value = matches[0].split(":", 1)
    params = dict(part.split("=", 1) for part in head.split(";")[1:])
    return params, value


# Every export honours the filters --------------------------------------------------------


@pytest.fixture
def posts():
    PostFactory(ref="SECONDED", title="Justice Monitor", regime=Regime.SECONDED)
    PostFactory(ref="CONTRACTED", title="Procurement Officer", regime=Regime.CONTRACTED)
    PostFactory(ref="CLOSED", title="Police Monitor", call=CallFactory(closed=True))


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, {"SECONDED", "CONTRACTED"}),
        ({"regime": "contracted"}, {"CONTRACTED"}),
        ({"status": "closed"}, {"CLOSED"}),
        ({"q": "monitor", "status": "all"}, {"SECONDED", "CLOSED"}),
        ({"eligible_for": "member_state"}, {"SECONDED"}),
    ],
)
def test_feed_calendar_and_csv_take_the_list_parameters(client, posts, params, expected):
    assert {
        entry.find(f"{ATOM}title").text.split("(")[1].split(")")[0]
        for entry in atom_entries(client, **params)
    } == expected
    assert {row[0] for row in csv_rows(client, **params)[1:]} == expected
    assert len(ics_events(client, **params)) == len(expected)


@pytest.mark.parametrize("path", ["/posts/feed/", "/posts.ics", "/posts.csv"])
def test_a_parameter_that_cannot_be_understood_is_a_bad_request(client, path):
    response = client.get(path, {"clearance": "cosmic"})
    assert response.status_code == 400
    assert "clearance" in response.content.decode()


def test_the_list_page_links_its_search_to_the_feed_and_exports(client):
    body = client.get("/posts/", {"regime": "seconded", "clearance": "cosmic"}).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in body
    for path in ["/posts/feed/", "/posts.ics", "/posts.csv", "/api/posts/"]:
        assert f'href="{path}?regime=seconded"' in body  # the bad value left out


# Atom ------------------------------------------------------------------------------------


def test_the_feed_lists_the_newest_posts_first_with_their_facts(client):
    PostFactory(ref="OLDER", call=CallFactory(published_at=timezone.now() - timedelta(days=5)))
    newer = PostFactory(
        ref="NEWER",
        title="Thematic Lead Monitor",
        clearance=Clearance.EU_SECRET,
        call=CallFactory(deadline=timezone.now() + timedelta(days=2)),
    )
    entries = atom_entries(client)
    assert (
        entries[0].find(f"{ATOM}title").text
        == f"Thematic Lead Monitor (NEWER), {newer.call.mission.acronym}"
    )
    assert (
        entries[0].find(f"{ATOM}link").get("href") == f"http://testserver{newer.get_absolute_url()}"
    )
    summary = entries[0].find(f"{ATOM}summary").text
    assert "EU SECRET" in summary and "Brussels time" in summary


def test_the_feed_body_is_one_piece_sent_in_one_write(client):
    # Left in the feed generator's hundreds of small pieces, the body went out as as many
    # small TCP writes: 5 ms more a request on loopback, a third of the cached throughput.
    PostFactory.create_batch(3)
    response = client.get("/posts/feed/")
    assert response.status_code == 200 and len(list(response)) == 1
    assert served_xml(response.content).findall(f"{ATOM}entry")


def test_the_feed_title_and_links_carry_the_search(client):
    root = served_xml(client.get("/posts/feed/", {"regime": "seconded"}).content)
    assert "Takes secondees" in root.find(f"{ATOM}title").text
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["alternate"] == "http://testserver/posts/?regime=seconded"
    assert links["self"] == "http://testserver/posts/feed/?regime=seconded"


def test_text_in_the_feed_is_escaped_html(client):
    PostFactory(title="Monitor <script>alert(1)</script>", duty_station="<b>Pristina</b>")
    entry = atom_entries(client)[0]
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "&lt;b&gt;Pristina&lt;/b&gt;" in summary.text  # HTML-escaped inside the HTML summary
    assert entry.find(f"{ATOM}title").text.startswith("Monitor <script>")  # plain text, XML-escaped


# iCalendar --------------------------------------------------------------------------------


def test_one_event_per_post_at_its_deadline_in_brussels_time(client):
    deadline = timezone.make_aware(datetime(2030, 4, 27, 17, 0))  # Brussels summer time
    post = PostFactory(
        ref="EK 60021",
        title="Executive Officer",
        duty_station="Pristina",
        call=CallFactory(deadline=deadline),
    )
    response = client.get("/posts.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = content(response)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith(
        "END:VCALENDAR\r\n"
    )
    assert "\n" not in text.replace("\r\n", "")
    event = text.split("BEGIN:VEVENT\r\n")[1].replace("\r\n ", "")  # unfolded
    assert f"UID:post-{post.pk}@testserver\r\n" in event
    assert "DTSTART;TZID=Europe/Brussels:20300427T170000\r\n" in event
    assert "DTEND;TZID=Europe/Brussels:20300427T173000\r\n" in event
    assert "SUMMARY:Deadline: Executive Officer (EK 60021)\\, " in event
    assert f"URL:http://testserver{post.get_absolute_url()}\r\n" in event
    assert "LOCATION:Pristina\r\n" in event


def test_ics_text_is_escaped():
    assert ics_text("a,b;c\\d\ne\r\nf\x00g") == "a\\,b\\;c\\\\d\\ne\\nfg"


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    line = "DESCRIPTION:" + "é" * 100
    out = folded(line)
    physical = out.split("\r\n")[:-1]
    assert all(len(part.encode()) <= 75 for part in physical)
    assert "".join(part[1:] if i else part for i, part in enumerate(physical)) == line


def test_calendar_of_a_document_with_hostile_text(client):
    PostFactory(title="Officer\r\nBEGIN:VALARM", duty_station="A;B,C")
    event = ics_events(client)[0].replace("\r\n ", "")
    assert event.count("\r\nBEGIN:VALARM") == 1  # only the calendar's own alarm
    assert "Officer\\nBEGIN:VALARM" in event and "LOCATION:A\\;B\\,C" in event


BRUSSELS = ZoneInfo("Europe/Brussels")


def test_the_calendar_describes_brussels_time_in_a_vtimezone(client):
    PostFactory()
    lines = ics_content_lines(content(client.get("/posts.ics")))
    (vtimezone,) = ics_components(lines, "VTIMEZONE")
    assert ics_property(vtimezone, "TZID") == ({}, "Europe/Brussels")
    (daylight,) = ics_components(vtimezone, "DAYLIGHT")
    (standard,) = ics_components(vtimezone, "STANDARD")
    facts = {
        name: ics_property(daylight, name)[1]
        for name in ["TZOFFSETFROM", "TZOFFSETTO", "TZNAME", "DTSTART", "RRULE"]
    }
    assert facts == {
        "TZOFFSETFROM": "+0100",
        "TZOFFSETTO": "+0200",
        "TZNAME": "CEST",
        "DTSTART": "19700329T020000",
        "RRULE": "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    }
    facts = {
        name: ics_property(standard, name)[1]
        for name in ["TZOFFSETFROM", "TZOFFSETTO", "TZNAME", "DTSTART", "RRULE"]
    }
    assert facts == {
        "TZOFFSETFROM": "+0200",
        "TZOFFSETTO": "+0100",
        "TZNAME": "CET",
        "DTSTART": "19701025T030000",
        "RRULE": "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    }
    # The timezone is defined before the events that use it.
    assert lines.index("BEGIN:VTIMEZONE") < lines.index("BEGIN:VEVENT")


@pytest.mark.parametrize(
    "deadline",
    [
        datetime(2030, 1, 15, 12, 0, tzinfo=BRUSSELS),  # winter time, UTC+1
        datetime(2030, 7, 1, 23, 59, tzinfo=BRUSSELS),  # summer time, UTC+2
        datetime(2030, 3, 31, 3, 30, tzinfo=BRUSSELS),  # the morning summer time begins
    ],
)
def test_each_event_starts_at_the_deadline_in_brussels_time_with_an_end_and_an_alarm(
    client, deadline
):
    PostFactory(ref="EK 1", title="Analyst", call=CallFactory(deadline=deadline))
    lines = ics_content_lines(content(client.get("/posts.ics")))
    (event,) = ics_components(lines, "VEVENT")
    params, start = ics_property(event, "DTSTART")
    assert params == {"TZID": "Europe/Brussels"}
    assert start == deadline.astimezone(BRUSSELS).strftime("%Y%m%dT%H%M%S")
    assert datetime.strptime(start, "%Y%m%dT%H%M%S").replace(tzinfo=BRUSSELS) == deadline
    params, end = ics_property(event, "DTEND")
    assert params == {"TZID": "Europe/Brussels"}
    assert datetime.strptime(end, "%Y%m%dT%H%M%S").replace(tzinfo=BRUSSELS) > deadline
    (alarm,) = ics_components(event, "VALARM")
    assert ics_property(alarm, "ACTION") == ({}, "DISPLAY")
    assert ics_property(alarm, "TRIGGER") == ({}, "-P3D")
    assert ics_property(alarm, "DESCRIPTION")[1].startswith("Deadline in 3 days: Analyst (EK 1)")


# CSV ---------------------------------------------------------------------------------------


def test_one_row_per_post_with_every_fact(client):
    post = PostFactory(
        ref="EK 60099",
        title="Thematic Lead Monitor",
        clearance=Clearance.EU_CONFIDENTIAL,
        open_to_third_states=True,
        call=CallFactory(deadline=timezone.now() + timedelta(days=10)),
    )
    VacancyFactory(post=post)
    response = client.get("/posts.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="missionjobs-posts.csv"'
    header, row = csv_rows(client)
    record = dict(zip(header, row, strict=True))
    assert record["Ref."] == "EK 60099" and record["Title"] == "Thematic Lead Monitor"
    assert record["Security clearance"] == "EU CONFIDENTIAL"
    assert record["Open to Contributing Third States"] == "Yes"
    assert record["Confirmed vacancies"] == "1" and record["Pending vacancies"] == "0"
    assert record["Days left"] in {"9", "10"}
    assert record["URL"] == f"http://testserver{post.get_absolute_url()}"


def test_csv_follows_the_chosen_order(client):
    PostFactory(
        ref="B", title="Zoologist", call=CallFactory(deadline=timezone.now() + timedelta(days=1))
    )
    PostFactory(
        ref="A", title="Analyst", call=CallFactory(deadline=timezone.now() + timedelta(days=9))
    )
    assert [row[0] for row in csv_rows(client)[1:]] == ["B", "A"]
    assert [row[0] for row in csv_rows(client, sort="title")[1:]] == ["A", "B"]


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
)
def test_cells_a_spreadsheet_would_run_are_defused(client, text):
    PostFactory(title=text)
    row = csv_rows(client)[1]
    assert row[1] == "'" + text
    assert defused(text) == "'" + text


def test_ordinary_cells_are_left_alone():
    assert (
        defused("EK 60021") == "EK 60021"
        and defused(3) == 3
        and defused("Head - Unit") == "Head - Unit"
    )


def test_exports_take_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(30):
        VacancyFactory(post=PostFactory(call=CallFactory()))
    with django_assert_max_num_queries(3):
        assert len(csv_rows(client)) == 31
    with django_assert_max_num_queries(3):
        assert len(ics_events(client)) == 30


# "Published" ------------------------------------------------------------------------------


def test_the_feed_csv_and_calendar_say_when_the_call_was_published(client):
    PostFactory(call=CallFactory(publication_date=datetime(2030, 3, 2).date()))
    entry = atom_entries(client)[0]
    assert entry.find(f"{ATOM}published").text == "2030-03-02T00:00:00+01:00"
    header, row = csv_rows(client)
    assert dict(zip(header, row, strict=True))["Published"] == "2030-03-02"
    assert "Published: 02 Mar 2030." in ics_events(client)[0].replace("\r\n ", "")
