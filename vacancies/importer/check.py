"""A parsed call, checked before anything is saved.

    check_complete(parsed, stored.column)   # raises IncompleteCall
    deadline = deadline_of(parsed)

What a call cannot be saved without, or holds that no column can, is refused here with a
message HR staff can act on, rather than by the database half-way through saving. What
the importer read but is not sure of is not refused: the parsers note it as a ``Doubt``
for the preview. No Django here: the caller says how long each column is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime

from .dates import BRUSSELS, END_OF_DAY
from .errors import IncompleteCall
from .model import ParsedCall
from .names import mission_country

# A post whose document states no regime is saved as seconded (models.Regime.SECONDED).
DEFAULT_REGIME = "seconded"

# (model, field) -> (the field's name for people, the longest text its column holds)
Column = Callable[[str, str], tuple[str, int | None]]

# A post's texts that have a column of their own.
_POST_TEXTS = ["ref", "title", "grade", "post_category", "location", "duty_station", "component"]


def deadline_of(parsed: ParsedCall) -> datetime:
    """The moment applications close: a deadline that states no time closes at the end of
    its day, Brussels time."""
    deadline = parsed.deadline
    if deadline is None:
        raise IncompleteCall(
            "The document states no deadline for applications, so it cannot be saved."
        )
    if isinstance(deadline, datetime):
        return deadline
    if isinstance(deadline, date):
        return datetime.combine(deadline, END_OF_DAY, tzinfo=BRUSSELS)
    raise IncompleteCall(f"The deadline {deadline!r} is not a date.")


def post_key(ref: str, regime: str, title: str) -> tuple:
    """What a post is known by within its call: a re-import updates the post of the same
    key, and a call may not list one key twice."""
    return (ref, regime) if ref else ("", title)


def check_complete(parsed: ParsedCall, column: Column) -> None:
    """Refuse, before writing anything, what the database would refuse half-way."""
    deadline_of(parsed)
    if not parsed.posts:
        raise IncompleteCall("The document has no posts, so there is nothing to publish.")
    seen = set()
    for post in parsed.posts:
        key = post_key(post.ref or "", post.regime or DEFAULT_REGIME, post.title)
        if key in seen:
            raise IncompleteCall(
                f"The document lists post {post.ref or post.title} twice with the same regime."
            )
        seen.add(key)
    _check_lengths(parsed, column)


def _check_lengths(parsed: ParsedCall, column: Column) -> None:
    """A text longer than its column is a document read wrongly (a table out of line, say)."""
    for what, model, name, value in _texts(parsed):
        verbose_name, limit = column(model, name)
        if value and limit and len(value) > limit:
            raise IncompleteCall(
                f"{what}: its {verbose_name} is {len(value)} characters long, more than the"
                f" {limit} it may have. Is the document laid out as the mission published it?"
            )


def _texts(parsed: ParsedCall) -> Iterator[tuple[str, str, str, str | None]]:
    """(what, model, field, text) of every text the call is saved with, in the order the
    refusals name them."""
    mission = parsed.mission or parsed.organisation or ""
    yield "The call", "Call", "reference", parsed.reference
    yield "The call", "Call", "title", parsed.title
    yield "The call", "Call", "contact_email", parsed.contact_email
    yield "The mission", "Mission", "name", mission
    yield "The mission", "Mission", "acronym", parsed.mission_acronym
    yield "The mission", "Mission", "country", mission_country(mission)
    yield "The organisation", "Organisation", "name", parsed.organisation
    for url in parsed.application_urls:
        yield "A link to apply", "Call", "application_urls", url
    for number, part in enumerate(parsed.parts, 1):
        yield f"General part {number}", "CallPart", "heading", part.heading
    for post in parsed.posts:
        what = f"Post {post.ref or post.title[:40]}"
        for name in _POST_TEXTS:
            yield what, "Post", name, getattr(post, name)
        for section in post.sections:
            yield what, "Section", "heading", section.heading
