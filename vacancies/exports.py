"""Posts as CSV (for seconding authorities' circulars) and as iCalendar (one event per deadline).

Both stream: a search may match many posts. Text from documents is data: CSV cells that a
spreadsheet would run as a formula are defused, iCalendar text is escaped and folded.
"""

import csv
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from .models import Post

CHUNK_SIZE = 500

CSV_HEADER = [
    "Ref.",
    "Title",
    "Grade",
    "Mission",
    "Call",
    "Regime",
    "Post category",
    "Duty station",
    "Region",
    "Component",
    "Security clearance",
    "Open to Contributing Third States",
    "Confirmed vacancies",
    "Pending vacancies",
    "Deadline (Brussels time)",
    "Days left",
    "Published",
    "URL",
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
            post.get_regime_display(),
            post.post_category,
            post.duty_station,
            post.location,
            post.component,
            post.get_clearance_display() or "Not stated",
            {True: "Yes", False: "No", None: "Not stated"}[post.open_to_third_states],
            post.confirmed_count,
            post.pending_count,
            timezone.localtime(call.deadline).strftime("%Y-%m-%d %H:%M"),
            "" if post.days_left is None else post.days_left,
            call.published_on.isoformat() if call.published_on else "",
            base_url + post.get_absolute_url(),
        ]
    ]


class _Echo:
    """csv.writer wants a file; this one hands each line back to be streamed."""

    def write(self, line: str) -> str:
        return line


def csv_lines(posts, base_url: str) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # the byte order mark tells Excel the file is UTF-8
    yield writer.writerow(CSV_HEADER)
    for post in posts.iterator(chunk_size=CHUNK_SIZE):
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


def ics_event(post: Post, base_url: str, host: str, stamp: str) -> list[str]:
    call, mission = post.call, post.call.mission
    name = mission.acronym or mission.name
    title = f"{post.title} ({post.ref})" if post.ref else post.title
    description = "\n".join(
        line
        for line in [
            f"{title}, {mission.name}.",
            f"Regime: {post.get_regime_display()}.",
            f"Duty station: {post.duty_station or 'not stated'}.",
            f"Security clearance: {post.get_clearance_display() or 'not stated'}.",
            f"Call: {call.title}.",
            *([f"Published: {call.published_on:%d %b %Y}."] if call.published_on else []),
            (
                f"Deadline for applications: {timezone.localtime(call.deadline):%d %b %Y %H:%M}"
                " Brussels time."
            ),
            base_url + post.get_absolute_url(),
        ]
    )
    return [
        "BEGIN:VEVENT",
        f"UID:post-{post.pk}@{host}",
        f"DTSTAMP:{stamp}",
        f"DTSTART{ics_local_time(call.deadline)}",
        f"DTEND{ics_local_time(call.deadline + EVENT_LENGTH)}",
        f"LAST-MODIFIED:{ics_time(call.updated_at)}",
        f"SUMMARY:{ics_text(f'Deadline: {title}, {name}')}",
        f"DESCRIPTION:{ics_text(description)}",
        *([f"LOCATION:{ics_text(post.duty_station)}"] if post.duty_station else []),
        f"URL:{base_url}{post.get_absolute_url()}",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"TRIGGER:{ALARM_TRIGGER}",
        f"DESCRIPTION:{ics_text(f'Deadline in 3 days: {title}, {name}')}",
        "END:VALARM",
        "END:VEVENT",
    ]


def ics_lines(posts, base_url: str, host: str, name: str) -> Iterable[str]:
    stamp = ics_time(timezone.now())
    header = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//missionjobs//Post deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_text(name)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for line in header:
        yield folded(line)
    for post in posts.iterator(chunk_size=CHUNK_SIZE):
        for line in ics_event(post, base_url, host, stamp):
            yield folded(line)
    yield folded("END:VCALENDAR")
