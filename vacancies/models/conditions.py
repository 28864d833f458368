"""What "open", "closed", "eligible" and "closing within" mean: the one query vocabulary.

Each condition is a Q object on the field names that Post and PostCount share, so that
the PostQuerySet methods filter posts with it and the list's facet counts aggregate
several of them in one query over either table. ``has_passed`` is the same "closed" for
one deadline in Python.
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

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


def q_closing_within(days: int) -> Q:
    """Open posts whose deadline falls on one of the next ``days`` days (0: today), in
    Brussels time."""
    return q_open() & Q(deadline__lt=start_of_day(timezone.localdate() + timedelta(days=days + 1)))
