"""Posts as CSV (for seconding authorities' circulars), and posts and calls as iCalendar (one
event per deadline).

Both stream: a search may match many posts. Text from documents is data: CSV cells that a
spreadsheet would run as a formula are defused, iCalendar text is escaped and folded.
"""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from .models import Call, Post

CHUNK_SIZE = 500

CSV_HEADER = [
    "Ref.",
    "Title",
    "Grade",
    "Mission",
    "Call",
    "Call reference",
    "Regime",
    "Post category",
    "Duty station",
    "Region",
    "Component",
    "Security clearance",
    "Open to Contributing Third States",
    "Confirmed vacancies",
    "Pending vacancies",
    "Availability",
    "Pending deployment acceptance",
    "Deadline (Brussels time)",
    "Days left",
    "Status",
    "Published",
    "URL",
    "Call URL",
    "Application links",
]
# Excel, LibreOffice and Google Sheets run a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defused(value) -> str | int:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(post: Post, base_url: str) -> list:
    call = post.call
    return [
        defused(value)
        for value in [
            post.ref,
            post.title,
            post.grade,
            call.mission.name,
            call.title,
            call.reference,
            post.get_regime_display(),
            post.post_category,
            post.duty_station,
            post.location,
            post.component,
            post.get_clearance_display() or "Not stated",
            third_states(post),
            post.confirmed_count,
            post.pending_count,
            availability(post),
            "Yes" if post.pending_deployment_acceptance else "No",
            timezone.localtime(call.deadline).strftime("%Y-%m-%d %H:%M"),
            "" if post.days_left is None else post.days_left,
            "Open" if post.is_open else "Closed",
            call.published_on.isoformat() if call.published_on else "",
            base_url + post.get_absolute_url(),
            base_url + call.get_absolute_url(),
            " ".join(call.application_urls),
        ]
    ]


def third_states(post: Post) -> str:
    # The OSCE has no Contributing Third States: say who may apply instead of "Not stated".
    if post.is_osce:
        return f"Not applicable: {post.who_may_apply}"
    return {True: "Yes", False: "No", None: "Not stated"}[post.open_to_third_states]


def availability(post: Post) -> str:
    """When each vacancy can be filled, in the post's order: "Confirmed: ASAP; Pending:
    2026-01-23" (the post page's "available as soon as possible" / "from 23 Jan 2026")."""
    return "; ".join(
        f"{vacancy.get_status_display()}: "
        f"{vacancy.availability.isoformat() if vacancy.availability else 'ASAP'}"
        for vacancy in post.vacancy_list
    )


class _Echo:
    """csv.writer wants a file; this one hands each line back to be streamed."""

    def write(self, line: str) -> str:
        return line


def csv_lines(posts, base_url: str) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # the byte order mark tells Excel the file is UTF-8
    yield writer.writerow(CSV_HEADER)
    # The vacancies come as JSON in the same query, not one query per post.
    for post in posts.with_vacancy_rows().iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow(csv_row(post, base_url))


# iCalendar (RFC 5545) ------------------------------------------------------------------


def ics_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newlines escaped; other controls dropped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return "".join(ch for ch in value if ch == "\t" or (ord(ch) >= 0x20 and ord(ch) != 0x7F))


def ics_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


# Deadlines are given in Brussels time, so events say so with a TZID; the VTIMEZONE below
# describes it (the EU rules since 1996: summer time from the last Sunday of March at
# 01:00 UTC to the last Sunday of October at 01:00 UTC).
TZID = "Europe/Brussels"
BRUSSELS = ZoneInfo(TZID)
VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]
# The event lasts a moment after the deadline (RFC 5545 wants DTEND later than DTSTART);
# the alarm rings three days before it.
EVENT_LENGTH = timedelta(minutes=30)
ALARM_TRIGGER = "-P3D"


def ics_local_time(moment: datetime) -> str:
    """A DATE-TIME property value with its TZID parameter: ';TZID=Europe/Brussels:...'."""
    return f";TZID={TZID}:{moment.astimezone(BRUSSELS):%Y%m%dT%H%M%S}"


def folded(line: str) -> str:
    """One content line, folded at 75 octets without splitting a UTF-8 character, CRLF-ended."""
    parts, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode())
        if size + width > 75:
            parts.append(current)
            current, size = " ", 1
        current += ch
        size += width
    parts.append(current)
    return "\r\n".join(parts) + "\r\n"


@dataclass(frozen=True)
class Deadline:
    """One event of a calendar: a deadline, what closes then, and where to read about it."""

    uid: str
    moment: datetime
    modified: datetime
    title: str  # "Executive Officer (EK 60021), EULEX": the summary and the alarm say it
    description: str
    url: str
    location: str = ""


def ics_event(deadline: Deadline, stamp: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{deadline.uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART{ics_local_time(deadline.moment)}",
        f"DTEND{ics_local_time(deadline.moment + EVENT_LENGTH)}",
        f"LAST-MODIFIED:{ics_time(deadline.modified)}",
        f"SUMMARY:{ics_text(f'Deadline: {deadline.title}')}",
        f"DESCRIPTION:{ics_text(deadline.description)}",
        *([f"LOCATION:{ics_text(deadline.location)}"] if deadline.location else []),
        f"URL:{deadline.url}",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"TRIGGER:{ALARM_TRIGGER}",
        f"DESCRIPTION:{ics_text(f'Deadline in 3 days: {deadline.title}')}",
        "END:VALARM",
        "END:VEVENT",
    ]


def deadline_line(call: Call) -> str:
    return (
        f"Deadline for applications: {timezone.localtime(call.deadline):%d %b %Y %H:%M}"
        " Brussels time."
    )


def published_lines(call: Call) -> list[str]:
    return [f"Published: {call.published_on:%d %b %Y}."] if call.published_on else []


def post_deadline(post: Post, base_url: str, host: str) -> Deadline:
    call, mission = post.call, post.call.mission
    title = f"{post.title} ({post.ref})" if post.ref else post.title
    url = base_url + post.get_absolute_url()
    description = [
        f"{title}, {mission.name}.",
        f"Regime: {post.get_regime_display()}.",
        f"Duty station: {post.duty_station or 'not stated'}.",
        f"Security clearance: {post.get_clearance_display() or 'not stated'}.",
        f"Call: {call.title}.",
        *published_lines(call),
        deadline_line(call),
        url,
    ]
    return Deadline(
        uid=f"post-{post.pk}@{host}",
        moment=call.deadline,
        modified=call.updated_at,
        title=f"{title}, {mission.acronym or mission.name}",
        description="\n".join(description),
        url=url,
        location=post.duty_station,
    )


def call_deadline(call: Call, base_url: str, host: str) -> Deadline:
    """A call's deadline; ``call`` has ``post_count`` (CallQuerySet.with_post_count)."""
    mission = call.mission
    url = base_url + call.get_absolute_url()
    description = [
        f"{call.title}, {mission.name}.",
        *([f"Reference: {call.reference}."] if call.reference else []),
        f"Posts: {call.post_count}.",
        *published_lines(call),
        deadline_line(call),
        *(f"Apply: {link}" for link in call.application_urls),
        url,
    ]
    return Deadline(
        uid=f"call-{call.pk}@{host}",
        moment=call.deadline,
        modified=call.updated_at,
        title=f"{call.title}, {mission.acronym or mission.name}",
        description="\n".join(description),
        url=url,
    )


def ics_calendar(deadlines: Iterable[Deadline], name: str, product: str) -> Iterator[str]:
    """The folded lines of a calendar of ``deadlines``, in Brussels time."""
    stamp = ics_time(timezone.now())
    header = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//missionjobs//{product}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_text(name)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for line in header:
        yield folded(line)
    for deadline in deadlines:
        for line in ics_event(deadline, stamp):
            yield folded(line)
    yield folded("END:VCALENDAR")


def ics_lines(posts, base_url: str, host: str, name: str) -> Iterator[str]:
    """One event per post, at its call's deadline."""
    deadlines = (
        post_deadline(post, base_url, host) for post in posts.iterator(chunk_size=CHUNK_SIZE)
    )
    return ics_calendar(deadlines, name, "Post deadlines")


def calls_ics_lines(calls, base_url: str, host: str, name: str) -> Iterator[str]:
    """One event per call, at its deadline."""
    deadlines = (
        call_deadline(call, base_url, host) for call in calls.iterator(chunk_size=CHUNK_SIZE)
    )
    return ics_calendar(deadlines, name, "Call deadlines")
