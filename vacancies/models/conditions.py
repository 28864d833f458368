"""What "open", "closed", "eligible" and "closing within" mean: the one query vocabulary.

Each condition is a Q object on the field names that Post and PostCount share, so that
the PostQuerySet methods filter posts with it and the list's facet counts aggregate
several of them in one query over either table. ``has_passed`` is the same "closed" for
one deadline in Python.
"""

from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.db.models import Func, Q
from django.db.models.lookups import In
from django.utils import timezone

from ..importer.places import countries_named, spellings, station_key
from ..nationality import (
    CONTRIBUTING_THIRD_STATES,
    EU_MEMBER_STATES,
    OSCE,
    OSCE_PARTICIPATING_STATES,
)
from .choices import CallStatus, Eligibility, Regime

EARLIEST, LATEST = date(1900, 1, 1), date(9000, 1, 1)


def start_of_day(day: date) -> datetime:
    """Midnight at the start of ``day`` in Brussels time (the site's time zone).

    Days far in the past or future are clamped: a typed year 1 or 9999 must not overflow.
    """
    day = min(max(day, EARLIEST), LATEST)
    return timezone.make_aware(datetime.combine(day, time.min))


def has_passed(deadline: datetime) -> bool:
    """Whether a deadline has passed: "closed", for one call or one value in a form."""
    return deadline <= timezone.now()


def q_published() -> Q:
    return Q(call_status=CallStatus.PUBLISHED)


def q_open() -> Q:
    return q_published() & Q(deadline__gt=timezone.now())


def q_withdrawn() -> Q:
    """Posts of a withdrawn call: their pages answer 410 Gone, never a list or a feed."""
    return Q(call_status=CallStatus.WITHDRAWN)


def q_closed() -> Q:
    return q_published() & Q(deadline__lte=timezone.now())


def q_taking_secondees() -> Q:
    return Q(regime__in=[Regime.SECONDED, Regime.SECONDED_CONTRACTED])


def q_taking_contracted() -> Q:
    return Q(regime__in=[Regime.CONTRACTED, Regime.SECONDED_CONTRACTED])


def q_for_third_states() -> Q:
    return Q(open_to_third_states=True)


def q_not_for_third_states() -> Q:
    # Not the negation of q_for_third_states: a post that does not say is neither.
    return Q(open_to_third_states=False)


def q_within_clearance(level: int) -> Q:
    """Posts a holder of ``level`` may apply for; an unstated clearance is not required."""
    return Q(clearance__lte=level) | Q(clearance__isnull=True)


def q_eligible_for(kind: str) -> Q:
    return {
        Eligibility.MEMBER_STATE: q_taking_secondees,
        Eligibility.THIRD_STATE: lambda: q_taking_secondees() & q_for_third_states(),
        Eligibility.CONTRACTED: q_taking_contracted,
    }[Eligibility(kind)]()


def q_osce() -> Q:
    # Through the mission, which both Post and PostCount have: the counts stay on PostCount.
    # The OSCE's missions as a list, not a join to their organisation: a test of the row's
    # own column, which Postgres makes before reading the post's words (PostFilter.filtered)
    # and which rules out most posts unread (nationality=MC with a common word: 2.4 s).
    missions = apps.get_model("vacancies", "Mission").objects  # calls.py imports this module
    return Q(mission__in=missions.filter(organisation__acronym=OSCE).values("pk"))


def q_open_to_nationality(code: str) -> Q:
    """Posts the nationals of ``code`` may apply or be nominated for (the rules and their
    sources: vacancies/nationality.py; the Python twin: ``nationality.open_to``)."""
    return q_open_to_states(states_lists(code))


def states_lists(code: str) -> tuple[bool, bool, bool]:
    """Which lists ``code`` is in: OSCE participating States, EU Member States, Contributing
    Third States. All that q_open_to_nationality asks of a state: states in the same lists
    may apply for the same posts."""
    return (
        code in OSCE_PARTICIPATING_STATES,
        code in EU_MEMBER_STATES,
        code in CONTRIBUTING_THIRD_STATES,
    )


def q_open_to_states(lists: tuple[bool, bool, bool]) -> Q:
    """Posts open to the nationals of a state in those lists (states_lists)."""
    osce, eu, third_state = lists
    # A state in no list: nothing (a condition that SQL can say, also inside an aggregate).
    condition = Q(pk__isnull=True)
    if osce:
        condition |= q_osce()
    if eu:
        condition |= ~q_osce()
    elif third_state:
        condition |= ~q_osce() & q_taking_secondees() & q_for_third_states()
    return condition


def q_closing_within(days: int) -> Q:
    """Open posts whose deadline falls on one of the next ``days`` days (0: today), in
    Brussels time."""
    return q_open() & Q(deadline__lt=start_of_day(timezone.localdate() + timedelta(days=days + 1)))


class PlaceKey(Func):
    """A place without case, accents or what follows its first comma: the SQL twin of
    vacancies.importer.places.place_key (vacancies/db/places.sql), indexed on posts."""

    function = "vacancies_place_key"
    arity = 1


def q_at(place: str) -> Q:
    """At ``place``: a duty station or region printed in any of its known spellings, any
    case or accents; or in the country, or the countries of the region, it names."""
    keys = sorted({station_key(spelling) for spelling in spellings(place)})
    condition = Q(In(PlaceKey("duty_station"), keys)) | Q(In(PlaceKey("location"), keys))
    if codes := countries_named(place):
        condition |= Q(country__in=sorted(codes))
    return condition
