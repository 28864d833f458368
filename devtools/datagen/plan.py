"""The plan, drawn before any row: which calls, of which mission, with how many posts and
vacancies, closing when; then cut into batches (one transaction each) whose ids are
reserved at once, so that each batch is written in one COPY per table."""

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction

from vacancies.models import Call, CallPart, Post, Section, Vacancy

from .bulk import reserve_ids
from .wording import EU_PARTS, EU_SECTIONS, OSCE_SECTIONS
from .world import MISSIONS

BRUSSELS = ZoneInfo("Europe/Brussels")
ARCHIVE_YEARS = 10
OPEN_DAYS = 45
EU_CALL_SIZE = (3, 45, 20)  # smallest, largest, most common number of posts of an EU call


@dataclass
class CallPlan:
    mission: int  # index in MISSIONS
    posts: int
    deadline: datetime
    status: str
    vacancies: list[int]  # per post
    index: int = 0  # in deadline order: seeds the call's own random generator
    reference: str = ""


@dataclass
class Batch:
    """Calls written in one transaction, and the first id of each table's rows."""

    index: int
    calls: list[CallPlan]
    first_ids: dict = field(default_factory=dict)

    @property
    def counts(self) -> dict:
        eu_calls = [c for c in self.calls if MISSIONS[c.mission].organisation == "EEAS"]
        eu_posts = sum(c.posts for c in eu_calls)
        posts = sum(c.posts for c in self.calls)
        return {
            Call: len(self.calls),
            CallPart: len(EU_PARTS) * len(eu_calls),
            Post: posts,
            Vacancy: sum(sum(c.vacancies) for c in eu_calls),
            Section: len(EU_SECTIONS) * eu_posts + len(OSCE_SECTIONS) * (posts - eu_posts),
        }


def weighted(pairs):
    """(values, cumulative weights) for random.choices."""
    values = [value for value, _ in pairs]
    cumulative, total = [], 0
    for _, weight in pairs:
        total += weight
        cumulative.append(total)
    return values, cumulative


# A mission's weight is its share of posts; an OSCE notice has one post, an EU call ~23.
MISSION_INDEXES, MISSION_CALL_CUMULATIVE = weighted(
    [
        (i, m.weight / (sum(EU_CALL_SIZE) / 3 if m.organisation == "EEAS" else 1))
        for i, m in enumerate(MISSIONS)
    ]
)


def brussels_time(when: datetime, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(when.astimezone(BRUSSELS).date(), time(hour, minute), tzinfo=BRUSSELS)


def plan_calls(rng: random.Random, total: int, open_share: float, now: datetime) -> list[CallPlan]:
    """Calls in deadline order, so that ids grow with time as they would in production.
    Vacancy counts are drawn here: a batch's ids are reserved before it is written."""
    calls, remaining = [], total
    archive = ARCHIVE_YEARS * 365 * 86400
    while remaining:
        mission = rng.choices(MISSION_INDEXES, cum_weights=MISSION_CALL_CUMULATIVE)[0]
        eu = MISSIONS[mission].organisation == "EEAS"
        size = min(remaining, round(rng.triangular(*EU_CALL_SIZE)) if eu else 1)
        remaining -= size
        # OSCE notices state no vacancy counts (seed 003), so their posts have none.
        vacancies = (
            [rng.choices((1, 2, 3), cum_weights=(88, 97, 100))[0] for _ in range(size)]
            if eu
            else []
        )
        if rng.random() < open_share:
            day = now + timedelta(seconds=rng.uniform(86400, OPEN_DAYS * 86400))
            status = Call.Status.DRAFT if rng.random() < 0.02 else Call.Status.PUBLISHED
        else:
            day = now - timedelta(seconds=rng.uniform(86400, archive))
            status = Call.Status.WITHDRAWN if rng.random() < 0.01 else Call.Status.PUBLISHED
        deadline = brussels_time(day, 17) if eu else brussels_time(day, 23, 59)
        calls.append(CallPlan(mission, size, deadline, status, vacancies))
    calls.sort(key=lambda call: call.deadline)
    numbers = {}
    for index, call in enumerate(calls):
        call.index = index
        if MISSIONS[call.mission].organisation == "EEAS":
            year = call.deadline.year
            numbers[call.mission, year] = n = numbers.get((call.mission, year), 0) + 1
            call.reference = f"{n}-{year}"
    return calls


def cut_into_batches(plan: list[CallPlan], size: int, models: list) -> list[Batch]:
    """Cut the plan into transactions of about ``size`` posts, and reserve every id the
    rows of ``models`` will need now, so that each batch is written in one COPY per table."""
    batches, first = [], 0
    while first < len(plan):
        last, count = first, 0
        while last < len(plan) and count < size:
            count += plan[last].posts
            last += 1
        batches.append(Batch(len(batches), plan[first:last]))
        first = last
    totals = {model: sum(b.counts[model] for b in batches) for model in models}
    with transaction.atomic(), connection.cursor() as cursor:
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
        cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
        next_ids = {model: reserve_ids(cursor, model, totals[model]) for model in models}
    for batch in batches:
        for model in models:
            batch.first_ids[model] = next_ids[model]
            next_ids[model] += batch.counts[model]
    return batches
