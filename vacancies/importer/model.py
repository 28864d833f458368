"""What the parsers read from a document: plain dataclasses, no Django.

The save step (``save.py``) turns a ``ParsedCall`` into database rows; everything
before it works on files alone so it can be tested without a database.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo


@dataclass
class Block:
    """One piece of text in reading order, as a reader found it.

    ``kind`` is ``"paragraph"``, ``"heading"`` or ``"cell"`` (a table cell; ``row`` and
    ``col`` then say where it sat, counting from 0 within its table ``table``).
    """

    text: str
    kind: str = "paragraph"
    table: int | None = None
    row: int | None = None
    col: int | None = None
    # The block starts a paragraph for certain (a Word or HTML paragraph, a PDF paragraph
    # set apart by its spacing), not a piece of one that a page break or a reader cut.
    whole: bool = False


@dataclass
class Doubt:
    """A fact the importer read but is not sure of. The preview shows ``reason`` next to
    the field, so HR staff check it against the document before anything is public."""

    field: str  # a ParsedCall field ("deadline", "mission_acronym"...) or, with ``post``,
    # a ParsedPost field ("duty_station", "title", "sections"...)
    reason: str  # a sentence for HR staff, without the post's ref (the preview shows it)
    post: int | None = None  # index in ParsedCall.posts; None: the call itself


@dataclass
class ParsedVacancy:
    status: str  # "confirmed" | "pending"
    availability: date | None  # None means ASAP


@dataclass
class ParsedSection:
    kind: str  # one of vacancies.models.Section.Kind values, e.g. "main_tasks"
    heading: str  # as printed, e.g. "2. Main Tasks and Responsibilities"
    items: list[str] = field(default_factory=list)


@dataclass
class ParsedPart:
    """A general part of a call (conditions, documents, additional information...)."""

    heading: str
    text: str


@dataclass
class ParsedPost:
    ref: str | None
    title: str
    grade: str | None = None
    regime: str | None = None  # "seconded" | "contracted" | "seconded_contracted"
    post_category: str | None = None
    location: str | None = None
    duty_station: str | None = None
    # ISO 3166-1 alpha-2 ("XK": Kosovo), "" when unknown: see places.country_of.
    country: str = ""
    component: str | None = None
    clearance: str | None = None  # as printed, upper case: "EU SECRET", "NOT REQUIRED"
    open_to_third_states: bool | None = None
    pending_deployment_acceptance: bool = False
    confirmed_vacancies: int | None = None
    pending_vacancies: int | None = None
    vacancies: list[ParsedVacancy] | None = None
    sections: list[ParsedSection] = field(default_factory=list)
    category: str | None = None  # OSCE job category, e.g. "Peace and Security"
    education_level: str | None = None  # OSCE, e.g. "Bachelor Degree"


@dataclass
class ParsedCall:
    organisation: str | None
    mission: str | None
    mission_acronym: str | None
    reference: str | None
    title: str
    kind: str  # "call_for_contributions" | "vacancy_notice"
    # Aware datetime in Brussels time, or a date when the document states no time.
    deadline: datetime | date | None
    posts: list[ParsedPost] = field(default_factory=list)
    application_urls: list[str] = field(default_factory=list)
    how_to_apply: str = ""
    contact: str = ""
    contact_email: str | None = None
    publication_date: date | None = None  # as printed on the document, if it says
    parts: list[ParsedPart] = field(default_factory=list)
    doubts: list[Doubt] = field(default_factory=list)

    def doubt(self, field: str, reason: str, post: int | None = None) -> None:
        self.doubts.append(Doubt(field, reason, post))

    def doubt_lines(self) -> list[str]:
        """Each doubt as one line naming the post and field: for logs and the command line."""
        lines = []
        for doubt in self.doubts:
            where = doubt.field.replace("_", " ")
            if doubt.post is not None:
                post = self.posts[doubt.post]
                where = f"{post.ref or post.title} {where}"
            lines.append(f"{where}: {doubt.reason}")
        return lines

    def as_dict(self) -> dict:
        """The JSON shape of ``import_call --dry-run --json`` (dates as ISO 8601).

        Each post also lists ``section_kinds`` (the golden files compare those), and an
        ASAP availability is written "ASAP" rather than null, which would read as unknown.
        """
        data = dataclasses.asdict(self)
        for post in data["posts"]:
            post["section_kinds"] = [section["kind"] for section in post["sections"]]
            for vacancy in post["vacancies"] or []:
                if vacancy["availability"] is None:
                    vacancy["availability"] = "ASAP"
        return _jsonable(data)

    def to_json(self) -> dict:
        """The call as JSON that ``from_json`` reads back into an equal call, time zones
        included: what the worker that read a document hands to the preview and the save."""
        return _encoded(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, data: dict) -> ParsedCall:
        return _decoded(cls, data)


def _encoded(value):
    if isinstance(value, dict):
        return {k: _encoded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encoded(v) for v in value]
    if isinstance(value, datetime) and isinstance(value.tzinfo, ZoneInfo):
        # The offset alone would come back as a fixed one, not Brussels time.
        return f"{value.isoformat()}[{value.tzinfo.key}]"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _decoded(kind, value):
    """``value`` (JSON) as the type ``kind`` of a field of these dataclasses."""
    if value is None:
        return None
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        fields = dataclasses.fields(kind)
        return kind(**{f.name: _decoded(hints[f.name], value[f.name]) for f in fields})
    if typing.get_origin(kind) is list:
        (item,) = typing.get_args(kind)
        return [_decoded(item, v) for v in value]
    if isinstance(kind, types.UnionType):
        return _decoded(_member(kind, value), value)
    return _moment(kind, value) if kind in (date, datetime) else value


def _member(union, value):
    """Which type of ``union`` (``X | None``, or a deadline's ``datetime | date | None``)
    the JSON ``value`` is."""
    kinds = [kind for kind in typing.get_args(union) if kind is not type(None)]
    if kinds == [datetime, date]:  # a time is written after a "T"
        return datetime if "T" in value else date
    (kind,) = kinds
    return kind


def _moment(kind, value: str) -> date | datetime:
    if kind is date:
        return date.fromisoformat(value)
    moment, _, zone = value.partition("[")
    moment = datetime.fromisoformat(moment)
    return moment.astimezone(ZoneInfo(zone.rstrip("]"))) if zone else moment


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value
