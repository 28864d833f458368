"""A parsed call as the database stores it: each post's values, its vacancies, the call it
updates, and how long each column is. Used by the save, by what a re-import changes, and
by the preview (which shows a post as it will be stored).
"""

from ..models import (
    Call,
    CallPart,
    Clearance,
    Mission,
    Organisation,
    Post,
    Section,
    Vacancy,
)
from .check import DEFAULT_REGIME
from .model import ParsedCall, ParsedPost, ParsedVacancy

# The models whose columns check.check_complete measures texts against, by name.
_MODELS = {
    model.__name__: model for model in (Call, CallPart, Mission, Organisation, Post, Section)
}


def column(model: str, name: str) -> tuple[str, int | None]:
    """The field's name for people and the longest text its column holds (a list's items
    for an array)."""
    field = _MODELS[model]._meta.get_field(name)
    return field.verbose_name, getattr(field, "base_field", field).max_length


def post_values(parsed: ParsedPost) -> dict:
    return {
        "title": parsed.title,
        "grade": parsed.grade or "",
        "regime": parsed.regime or DEFAULT_REGIME,
        "post_category": parsed.post_category or "",
        "location": parsed.location or "",
        "duty_station": parsed.duty_station or "",
        "country": parsed.country,
        "component": parsed.component or "",
        "clearance": Clearance.from_document(parsed.clearance),
        "open_to_third_states": parsed.open_to_third_states,
        "pending_deployment_acceptance": parsed.pending_deployment_acceptance,
    }


def vacancies_of(post: ParsedPost) -> list[ParsedVacancy]:
    """The post's vacancies; counts stated without availability rows mean ASAP."""
    if post.vacancies is not None:
        return post.vacancies
    return [ParsedVacancy(Vacancy.Status.CONFIRMED, None)] * (post.confirmed_vacancies or 0) + [
        ParsedVacancy(Vacancy.Status.PENDING, None)
    ] * (post.pending_vacancies or 0)


def section_kind(kind: str) -> str:
    return kind if kind in Section.Kind.values else Section.Kind.OTHER


def find_mission(parsed: ParsedCall) -> Mission | None:
    name = parsed.mission or parsed.organisation
    return Mission.objects.filter(name=name).first() if name else None


def find_existing(parsed: ParsedCall) -> Call | None:
    """The call this document would update: same mission and reference (or title if none)."""
    mission = find_mission(parsed)
    if mission is None:
        return None
    calls = Call.objects.filter(mission=mission)
    if parsed.reference:
        return calls.filter(reference=parsed.reference).first()
    return calls.filter(reference="", title=parsed.title).first()
