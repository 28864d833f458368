"""The facets of the post list: the filters whose options show how many posts they give.

FACETS is the one description of them: PostFilter takes its choices and conditions from
it, the counting below tests one condition per option, the form shows the counts next
to the choices, and the API answers them as ``facets``. Each facet names the Post fields
its options read (``Facet.fields``). PostCount has the same fields and Postgres keeps its
rows by them, which is why the counts can be read from PostCount instead of the posts.
"""

import functools
import itertools
import json
import operator
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import NotRequired, TypedDict

from django import forms
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import OperationalError, connection, connections, transaction
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.db.models.sql import Query
from django.utils import timezone
from django_filters import FilterSet

from missionjobs.query_timeout import is_query_timeout

from ..importer.places import country_name
from ..models import (
    Clearance,
    Eligibility,
    PostCount,
    q_closed,
    q_closing_within,
    q_eligible_for,
    q_for_third_states,
    q_not_for_third_states,
    q_open,
    q_open_to_states,
    q_published,
    q_taking_contracted,
    q_taking_secondees,
    q_within_clearance,
    states_lists,
)


@dataclass(frozen=True)
class Option:
    value: str  # as in the URL: ?regime=seconded
    label: str
    # Built when used, not once: "open" is relative to the time of the request.
    condition: Callable[[], Q]


@dataclass(frozen=True)
class Facet:
    name: str  # the URL parameter, and the PostFilter filter of that name
    fields: tuple[str, ...]  # what its options read: fields of Post, and of PostCount
    # None: one option per mission with posts, counted by grouping, not by condition.
    options: tuple[Option, ...] | None = None

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(option.value, option.label) for option in self.options]

    def conditions(self) -> dict[str, Q]:
        return {option.value: option.condition() for option in self.options}

    def condition(self, value: str) -> Q:
        return next(option.condition() for option in self.options if option.value == value)


FACETS: dict[str, Facet] = {
    facet.name: facet
    for facet in [
        Facet(
            "status",
            ("call_status", "deadline"),
            (
                Option("open", "Open", q_open),
                Option("closed", "Closed", q_closed),
                Option("all", "All", q_published),
            ),
        ),
        Facet(
            "eligible_for",
            ("regime", "open_to_third_states"),
            tuple(
                Option(kind.value, kind.label, partial(q_eligible_for, kind))
                for kind in Eligibility
            ),
        ),
        Facet(
            "regime",
            ("regime",),
            (
                Option(
                    "seconded",
                    "Takes secondees (seconded, seconded/contracted)",
                    q_taking_secondees,
                ),
                Option(
                    "contracted",
                    "Takes contracted staff (contracted, seconded/contracted)",
                    q_taking_contracted,
                ),
            ),
        ),
        Facet(
            "clearance",
            ("clearance",),
            tuple(
                Option(slug, label, partial(q_within_clearance, Clearance.from_slug(slug)))
                for slug, label in Clearance.slug_choices()
            ),
        ),
        Facet(
            "third_states",
            ("open_to_third_states",),
            (
                Option("yes", "Open to Contributing Third States", q_for_third_states),
                Option("no", "Not open to them", q_not_for_third_states),
            ),
        ),
        Facet("mission", ("mission",)),
        # One option per country with posts, like the missions; ISO 3166-1 codes.
        Facet("country", ("country",)),
    ]
}
# The facets counted by condition, one per option.
BY_CONDITION = [facet for facet in FACETS.values() if facet.options is not None]
# The filters PostCount cannot answer: it knows no words, no places, and no past deadlines.
POST_COUNT_BLIND = ("q", "location", "deadline_after", "deadline_before")
# Past this many posts, those filters' matches are not counted one by one: the total says
# "about N" (the planner's estimate) and the facets go without numbers (a common word over
# a million posts is hundreds of thousands of them: seconds to count); nor ranked (each
# match's whole search vector read). 100 pages of 20: a search past that is refined, not
# read through. Counting, then ranking, up to 10,000 made the slowest searches with filters
# (words matching 6,000 posts or more) take 300-570 ms at 1,000,000 posts; up to 2,000,
# the API's crowd went from 70 to 53-60 ms a request, the searches' from 120 to 90-96 ms.
COUNT_CAP = 2_000
# Past this many by the planner's estimate, a search is taken to be past COUNT_CAP without
# reading its posts: twice the cap, a margin for the estimate's error (see surely_too_many).
SURELY_TOO_MANY = 2 * COUNT_CAP
# How long a search by dates alone may count with a plain LIMIT before it is counted as
# words and places are (see capped_count).
LIMIT_BET_MS = 30


class Counts(TypedDict):
    total: int  # the posts of the search; COUNT_CAP + 1 when capped
    capped: bool  # more than COUNT_CAP posts: how many more was not counted
    # When capped, the planner's estimate of the total ("about 310,000"); else None
    estimate: int | None
    # False when the search's filters matched too many posts to count them by facet
    facets_counted: bool
    # facet -> option -> the posts choosing it would give; no options when not counted
    facets: dict[str, dict[str, int]]
    # (slug, name, posts) of the missions with posts; posts None when not counted
    missions: list[tuple[str, str, int | None]]
    countries: list[tuple[str, str, int | None]]  # (code, name, posts), the same
    # The ids of the search's posts, in no order, when they were found one by one to count
    # them (search_total) and are no more than COUNT_CAP: the page is ranked or sorted from
    # them (Listing.paged_posts) rather than by matching the words again
    matches: NotRequired[list[int] | None]


# The counts table's groups for a number of days to closing (None: any deadline).
PostCounts = Callable[[int | None], "Groups"]
# Every combination of the lists that decide who may apply (states_lists): the counts
# table's groups take each, so that any nationality is counted from them.
EVERY_STATES_LISTS = tuple(itertools.product((False, True), repeat=3))


def count_facets(filterset: FilterSet, post_counts: PostCounts | None = None) -> Counts:
    """For a PostFilter's search: for each option of each facet, how many posts choosing
    it would show, the other filters staying as they are; the missions with posts; the
    total of the search. ``post_counts``: how the counts table's groups are had
    (post_count_groups, or kept per content version: listing.cache).

    Added up from groups (add_up): of PostCount when no filter needs the posts themselves,
    else of the published posts that the other filters (search, place, dates) leave, at
    most COUNT_CAP + 1 of them (first_posts). When there are more, too_many_to_count says
    so instead: at once when the planner expects far more (surely_too_many), without
    reading them to count facets.
    """
    post_counts = post_counts or post_count_groups
    posts = blind_posts(filterset)
    data = filterset.form.cleaned_data
    by_facets = partial(counted_by_facets, data, post_counts)
    expected = estimated_count(posts) if posts is not None else None
    if surely_too_many(expected):
        if narrowed(data):
            # The facets alone bound the search, and the counts table has them: where they
            # leave no post (nationality=AM&eligible_for=third_state), neither do the words,
            # which Postgres would test on every post of a facet's index to find none.
            facets_alone = by_facets()
            total, matches = search_total(filterset) if facets_alone["total"] else (0, [])
            return too_many_to_count(filterset, total, facets_alone, matches=matches)
        # No facet narrows them: the search's posts are ``posts``, expected as many.
        if one_word_alone(data):
            return too_many_to_count(filterset, COUNT_CAP + 1, by_facets(), expected)
        total, _ = search_total(filterset)
        if total > COUNT_CAP:
            return too_many_to_count(filterset, total, by_facets(), expected)
        # Words seldom found together, which the planner took for independent: few after
        # all ("security freedom": 24,000 expected, none found), counted as any few are.
    if posts is None:
        return add_up(post_counts(data.get("closing_within")), data)[0]
    counts, posts_counted = add_up(first_posts_groups(filterset, posts), data)
    if posts_counted > COUNT_CAP:
        at_least = counts["total"]
        total, matches = (at_least, None) if at_least > COUNT_CAP else search_total(filterset)
        return too_many_to_count(filterset, total, by_facets(), matches=matches)
    return counts


def surely_too_many(expected: int | None) -> bool:
    """Whether the search's words, place or dates (its blind_posts) match more than
    SURELY_TOO_MANY posts by the planner's estimate (``expected``, estimated_count: a
    millisecond): then the first
    COUNT_CAP + 1 of them need not be read and counted by facet, only to find that there
    are more. A common word over a million posts, most searches of the archive: a hundred
    milliseconds saved each. The total is still counted, up to the cap: the estimate of
    words seldom found together can be thousands too many. Where it was wrong, a search of
    the whole archive is counted as any small one; one that other filters narrow goes
    without facet numbers."""
    return (expected or 0) > SURELY_TOO_MANY


def one_word_alone(cleaned_data: dict) -> bool:
    """Whether the search's posts are those of one word, no place or dates (and no facet:
    see narrowed). The planner's estimate of one word's posts is its share in the table's
    statistics, which a far larger estimate cannot be wrong about; it misjudges words
    together (taken for independent), or a word and a place. Not counted to the cap, one
    word over the archive saves a query of 16 ms (mean 22 ms, at most 89 ms) at 1,000,000
    posts: a third of a search's time in Postgres."""
    words = (cleaned_data.get("q") or "").split()
    others = [name for name in POST_COUNT_BLIND if name != "q"]
    return len(words) == 1 and not any(cleaned_data.get(name) for name in others)


def narrowed(cleaned_data: dict) -> bool:
    """Whether a facet chosen narrows the published posts: any but status=all."""
    return chosen_options(cleaned_data) != {"status": "all"}


def counted_by_facets(cleaned_data: dict, post_counts: PostCounts) -> Counts:
    """The counts table's total of the search's facets, without its words, place or dates,
    and its missions and countries; no option counted."""
    groups = post_counts(cleaned_data.get("closing_within"))
    return add_up(groups, cleaned_data, count_options=False)[0]


def too_many_to_count(
    filterset: FilterSet,
    total: int,
    by_facets: Counts,
    expected: int | None = None,
    *,
    matches: list[int] | None = None,
) -> Counts:
    """The counts of a search whose words, place or dates match more than COUNT_CAP posts,
    ``total`` of them passing its other filters too (counted up to COUNT_CAP + 1): the
    missions and countries that the counts table has for its other filters
    (``by_facets``: counted_by_facets), for the form's choices, without numbers (they are
    not this search's); no facet numbers. ``expected``: the planner's estimate of the
    search's posts, when known (estimated_count). ``matches``: the ids of its posts, when
    search_total found them one by one."""
    capped = total > COUNT_CAP
    if capped and expected is None:
        expected = estimated_count(filterset.filtered(filterset.queryset))
    return {
        "total": total,
        "capped": capped,
        "estimate": expected if capped else None,
        "facets_counted": False,
        "facets": {name: {} for name in FACETS},
        "missions": [(slug, name, None) for slug, name, _ in by_facets["missions"]],
        "countries": [(code, name, None) for code, name, _ in by_facets["countries"]],
        "matches": None if capped else matches,
    }


def search_total(filterset: FilterSet) -> tuple[int, list[int] | None]:
    """The search's posts, every filter applied, counted up to COUNT_CAP + 1; and their ids
    when they were found one by one: by words or a place (first_ids), not by dates alone
    (counted with a LIMIT first: capped_count)."""
    data = filterset.form.cleaned_data
    posts = filterset.filtered(filterset.queryset)
    if not (data.get("q") or data.get("location")):
        return capped_count(posts), None
    return first_ids(posts)


def first_ids(posts) -> tuple[int, list[int] | None]:
    """How many ``posts`` there are, up to COUNT_CAP + 1: Postgres stops reading there; and
    their ids, in no order, unless there are more than COUNT_CAP. Found in a MATERIALIZED
    CTE, as first_posts finds them, and for the same reason. Kept with the counts (Counts'
    ``matches``): a common word's matches are found through a bitmap of every post that
    has it (70 ms for 341,309 posts at 1,000,000), which the page's query would build again
    to rank the few that the other filters leave."""
    sql, params = posts.order_by().values("pk").query.sql_with_params()
    with connections[posts.db].cursor() as cursor:
        cursor.execute(
            f"WITH matches AS MATERIALIZED ({sql})"  # noqa: S608 (Django's SQL, integers)
            f" SELECT count(*), CASE WHEN count(*) <= {COUNT_CAP} THEN array_agg(pk) END"
            f" FROM (SELECT matches.pk FROM matches LIMIT {COUNT_CAP + 1}) AS first",
            params,
        )
        count, ids = cursor.fetchone()
        return count, (ids or [] if count <= COUNT_CAP else None)


def capped_count(posts) -> int:
    """How many ``posts`` there are, up to COUNT_CAP + 1, for a search by dates alone: first
    with a plain LIMIT, for LIMIT_BET_MS at most (bet_on_limit), then as first_ids counts
    them. Seeing the LIMIT, the planner reads the table or the deadline index and stops at
    the cap: 7.4 → 2.7 ms on average, at most 123 → 66 ms, over 300 of the crowds' date
    searches (bench/LOAD.md). Not for words or places: their matches are far between along
    any order, and found faster through their own indexes (first_ids)."""
    sql, params = posts.order_by().values("pk").query.sql_with_params()
    if (count := bet_on_limit(posts.db, sql, params)) is not None:
        return count
    return first_ids(posts)[0]


def bet_on_limit(db: str, sql: str, params) -> int | None:
    """``sql``'s rows counted up to COUNT_CAP + 1 with a plain LIMIT, or None if that took
    more than LIMIT_BET_MS: where the filters contradict each other the planner still
    expects thousands of matches (it takes them for independent), and a LIMIT plan then
    reads the whole table for none. The time limit is the transaction's own (SET LOCAL),
    which is always rolled back: the session's limit (missionjobs/query_timeout.py) stays."""
    with transaction.atomic(using=db), connections[db].cursor() as cursor:
        cursor.execute(f"SET LOCAL statement_timeout = {int(LIMIT_BET_MS)}")
        try:
            # Django's own SQL, its parameters apart; the limit an integer.
            cursor.execute(f"SELECT count(*) FROM ({sql} LIMIT {COUNT_CAP + 1}) AS first", params)  # noqa: S608
            count = cursor.fetchone()[0]
        except OperationalError as error:
            if not is_query_timeout(error):
                raise
            count = None
        transaction.set_rollback(True, using=db)  # read only: nothing to keep, SET LOCAL undone
    return count


def estimated_count(posts) -> int | None:
    """How many ``posts`` the planner expects, to two significant figures: "about 310,000"
    for a search too big to count. None if that is not more than COUNT_CAP, which is known.
    EXPLAIN reads the statistics, not the posts: a millisecond."""
    sql, params = posts.order_by().values("pk").query.sql_with_params()
    with connections[posts.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)  # Django's own SQL
        plan = cursor.fetchone()[0]
    rows = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"]
    estimate = int(float(f"{rows:.2g}"))
    return estimate if estimate > COUNT_CAP else None


# PostCount's rows folded by what the counts ask of a deadline: open or closed (closing
# within N days is a condition of the rows, tested before folding). Open posts' rows are
# kept per deadline (9,368 of 10,286 at 1,000,000 posts), and each condition would be
# tested on each: folded, 1,564. A folded row's deadline is the latest of an open group
# (after now) and the earliest of a closed one (before it), so the facets' conditions read
# it as its posts' own; its id is one of theirs, never NULL, as theirs.
_FOLDED_POST_COUNTS = """
SELECT mission_id, call_status, regime, clearance, open_to_third_states, country,
       CASE WHEN is_open THEN MAX(deadline) ELSE MIN(deadline) END AS deadline,
       MIN(id) AS id, SUM(posts)::integer AS posts
FROM (SELECT *, deadline > %s AS is_open FROM vacancies_postcount WHERE {where}) AS counts
GROUP BY mission_id, call_status, regime, clearance, open_to_third_states, country, is_open
"""


@dataclass(frozen=True)
class Groups:
    """Rows to count, PostCount's or posts, grouped by mission, country and which of the
    counts' conditions they meet: all that the counts need, added up in Python (add_up).

    Each condition a count may ask is tested once per group, in one query. Written as
    about twenty aggregates, each repeating the filters chosen, the counts took Postgres
    8-10 ms a list page at 1,000,000 posts, and the counts table's groups are the same
    for every search until the content version moves (listing.cache keeps them)."""

    # (mission slug, mission name, country, the conditions met as bits, posts, and their
    # ids when the rows are posts: None for PostCount's)
    rows: list[tuple[str, str, str, int, int, list[int] | None]]
    # A condition's key ((facet, option value), or ("nationality", states_lists)) -> its bit
    bits: dict[tuple, int]
    of_posts: bool = False  # rows of posts, with their ids; else of PostCount


def counted_conditions(nationalities: Iterable[tuple[bool, bool, bool]]) -> dict[tuple, Q]:
    """What the counts ask of a row: each option of each facet counted by condition, and
    "open to nationals of a state in these lists" for each of ``nationalities``."""
    conditions = {
        (facet.name, value): condition
        for facet in BY_CONDITION
        for value, condition in facet.conditions().items()
    }
    for lists in nationalities:
        conditions["nationality", lists] = q_open_to_states(lists)
    return conditions


def post_count_groups(closing_within: int | None) -> Groups:
    """The counts table's rows of the published posts (closing within that many days, if
    given), folded by deadline (_FOLDED_POST_COUNTS), in groups for any search."""
    rows = PostCount.objects.filter(q_published())
    if closing_within is not None:
        rows = rows.filter(q_closing_within(closing_within))
    return grouped(rows.order_by(), counted_conditions(EVERY_STATES_LISTS))


def first_posts_groups(filterset: FilterSet, posts) -> Groups:
    """The first COUNT_CAP + 1 of the search's ``posts`` (blind_posts), in groups for its
    nationality, if any: enough to count them, or to tell that there are more."""
    code = filterset.form.cleaned_data.get("nationality")
    conditions = counted_conditions([states_lists(code)] if code else [])
    return grouped(first_posts(filterset.queryset, posts), conditions)


def grouped(rows, conditions: dict[tuple, Q]) -> Groups:
    """``rows`` (of Post or PostCount) in Groups, by mission, country and ``conditions``."""
    to_sql = ConditionSQL(rows)
    written = {key: to_sql(condition) for key, condition in conditions.items()}
    columns = list(dict.fromkeys(written.values()))  # conditions written alike: one column
    source, source_params, tally = from_item(rows)
    table = connection.ops.quote_name(rows.model._meta.db_table)  # what the conditions name
    of_posts = rows.model is not PostCount
    sql = (
        f"SELECT m.slug, m.name, {table}.country, {tally}, "  # noqa: S608 (Django's own SQL)
        + ", ".join(f"({condition})" for condition, _ in columns)
        + (f", array_agg({table}.id)" if of_posts else "")
        + f" FROM {source} AS {table} JOIN vacancies_mission m ON m.id = {table}.mission_id"
        + " GROUP BY "
        + ", ".join(str(column) for column in range(1, len(columns) + 5) if column != 4)
    )
    params = [param for _, condition_params in columns for param in condition_params]
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, [*params, *source_params])
        found = cursor.fetchall()
    bits = {key: 1 << columns.index(condition) for key, condition in written.items()}
    return Groups(
        [
            (
                slug,
                name,
                country,
                bits_met(rest[: len(columns)]),
                posts,
                rest[-1] if of_posts else None,
            )
            for slug, name, country, posts, *rest in found
        ],
        bits,
        of_posts,
    )


def bits_met(conditions_met) -> int:
    return sum(1 << n for n, met in enumerate(conditions_met) if met)


def from_item(rows) -> tuple[str, list, str]:
    """``rows`` as SQL to read from, its parameters, and how to add up their posts: the
    counts table folded by deadline (its posts summed), or the posts (counted)."""
    table = connection.ops.quote_name(rows.model._meta.db_table)
    if rows.model is not PostCount:
        sql, params = rows.query.sql_with_params()
        return f"({sql})", list(params), "COUNT(*)"
    where, params = rows.query.get_compiler(using=rows.db).compile(rows.query.where)
    folded = _FOLDED_POST_COUNTS.format(where=where or "TRUE")
    return f"({folded})", [timezone.now(), *params], f"SUM({table}.posts)"


def add_up(groups: Groups, cleaned_data: dict, *, count_options: bool = True) -> tuple[Counts, int]:
    """The counts of the search's options (``cleaned_data``) in ``groups``; and how many
    posts the groups hold, whatever is chosen. ``count_options`` False: the missions and
    countries only, the facets' options left uncounted (empty)."""
    sums = Sums(groups, chosen_options(cleaned_data), count_options=count_options)
    for group in groups.rows:
        sums.add(*group)
    missions = sorted(
        ((slug, sums.names[slug], count) for slug, count in sums.missions.items() if count),
        key=lambda mission: (mission[1], mission[0]),
    )
    countries = sorted(
        (
            (code, country_name(code), count)
            for code, count in sums.countries.items()
            if code and count
        ),
        key=lambda country: (country[1], country[0]),
    )
    facets = sums.facets | {
        "mission": {slug: count for slug, _, count in missions},
        "country": {code: count for code, _, count in countries},
    }
    counts: Counts = {
        "total": sums.total,
        "matches": sums.matches,
        "capped": False,
        "estimate": None,
        "facets_counted": True,
        "facets": facets,
        "missions": missions,
        "countries": countries,
    }
    return counts, sums.held


class Sums:
    """The sums of add_up, group by group. A group counts for a facet's options when it
    meets every option chosen but that facet's, as the form shows them: what choosing
    another option would give; for the total, when it meets every one. The mission and
    country chosen are the groups' own, not conditions."""

    def __init__(self, groups: Groups, chosen: dict, *, count_options: bool):
        mission, self.country = chosen.get("mission"), chosen.get("country")
        self.mission = mission and mission.slug
        self.needed = {
            name: groups.bits[
                ("nationality", states_lists(value)) if name == "nationality" else (name, value)
            ]
            for name, value in chosen.items()
            if name not in ("mission", "country")
        }
        self.options = {
            facet.name: [
                (option.value, groups.bits[facet.name, option.value]) for option in facet.options
            ]
            for facet in BY_CONDITION
            if count_options
        }
        self.masks = {name: self.all_but(name) for name in self.options}
        self.every = self.all_but(None)
        self.facets = {facet.name: {} for facet in BY_CONDITION} | {
            name: dict.fromkeys((value for value, _ in values), 0)
            for name, values in self.options.items()
        }
        self.total = self.held = 0
        self.matches = [] if groups.of_posts else None  # the ids of the posts in total
        self.missions, self.countries, self.names = Counter(), Counter(), {}

    def all_but(self, leave_out: str | None) -> int:
        """The bits of every condition chosen but ``leave_out``'s."""
        bits = (bit for name, bit in self.needed.items() if name != leave_out)
        return functools.reduce(operator.or_, bits, 0)

    def add(  # noqa: PLR0913, PLR0917 - a group's row, as Groups holds it
        self, slug: str, name: str, country: str, met: int, posts: int, ids: list[int] | None
    ) -> None:
        self.held += posts
        at_mission = self.mission is None or slug == self.mission
        in_country = self.country is None or country == self.country
        if met & self.every == self.every:
            if in_country:
                self.missions[slug] += posts
                self.names[slug] = name
            if at_mission:
                self.countries[country] += posts
            if at_mission and in_country:
                self.total += posts
                if self.matches is not None:
                    self.matches += ids
        if at_mission and in_country:
            self.add_options(met, posts)

    def add_options(self, met: int, posts: int) -> None:
        for facet, values in self.options.items():
            if met & self.masks[facet] == self.masks[facet]:
                counted = self.facets[facet]
                for value, bit in values:
                    if met & bit:
                        counted[value] += posts


# A condition as SQL and its parameters.
Condition = tuple[str, tuple]


class ConditionSQL:
    """Conditions (Q) of the rows' own columns, as SQL, to put together as text (grouped).

    Given to the ORM as Q objects of as many annotations, the counts' conditions took
    longer to write than Postgres took to count (6-8 ms a list page, when each of about
    twenty aggregates repeated the filters chosen)."""

    def __init__(self, rows):
        self.query = Query(rows.model)
        self.compiler = self.query.get_compiler(using=rows.db)

    def __call__(self, condition: Q) -> Condition:
        where = self.query.build_where(condition)
        try:
            sql, params = self.compiler.compile(where)
        except EmptyResultSet:
            return "FALSE", ()
        except FullResultSet:
            return "TRUE", ()
        return sql or "TRUE", tuple(params)


def blind_posts(filterset: FilterSet):
    """The published posts of the search's filters that PostCount cannot answer (words,
    place, dates), the facets left out; None when it uses none of them."""
    filterset.is_valid()
    if not asks_the_posts(filterset.form.cleaned_data):
        return None
    return filterset.filtered(filterset.queryset.published(), leave_out=tuple(FACETS))


def asks_the_posts(cleaned_data: dict) -> bool:
    """Whether a search uses a filter that PostCount cannot answer: words, place, dates."""
    return any(cleaned_data.get(name) for name in POST_COUNT_BLIND)


def first_posts(queryset, posts):
    """The first COUNT_CAP + 1 of ``posts``, as a filter of ``queryset``, unordered."""
    return queryset.filter(among_first(posts)).order_by()


def among_first(posts) -> RawSQL:
    """The condition "one of the first COUNT_CAP + 1 of ``posts``", in no order."""
    return in_order_among(posts, [], COUNT_CAP + 1)


def in_order_among(posts, order: list[str], top: int) -> RawSQL:
    """The condition "one of the first ``top`` of ``posts`` in ``order``" (fields of Post,
    "-" for descending; no order: any ``top`` of them).

    Raw SQL for two things the ORM cannot say: the posts are found in a MATERIALIZED CTE,
    planned without the LIMIT, so through the search's GIN index (with the LIMIT, Postgres
    prefers reading the table, or the order's index, until it has found enough, testing
    each post's search_vector: ten times slower for a common word), and sorted there; and
    = ANY(ARRAY(...)) reads those posts by primary key, where IN (...) would scan every
    post to join them.
    """
    fields = dict.fromkeys(["pk", *(name.lstrip("-") for name in order)])
    sql, params = posts.order_by().values(*fields).query.sql_with_params()
    # The CTE's columns are named as the fields given to values(): "title", "pk".
    by = ", ".join(
        f'matches."{name.lstrip("-")}"{" DESC" * name.startswith("-")}' for name in order
    )
    # Django's own SQL, its parameters apart; field names of the model; the limit an integer.
    return RawSQL(  # noqa: S611
        f'"vacancies_post"."id" = ANY(ARRAY(WITH matches AS MATERIALIZED ({sql})'  # noqa: S608
        f' SELECT matches."pk" FROM matches{f" ORDER BY {by}" if by else ""}'
        f" LIMIT {int(top)}))",
        params,
        output_field=BooleanField(),
    )


def chosen_options(cleaned_data: dict) -> dict:
    """The option chosen for each facet (status: "open" unless said), and the nationality,
    which the counts honour though it is no facet (no counts per state); a facet left at
    "any" has none."""
    chosen = {name: cleaned_data.get(name) for name in (*FACETS, "nationality")}
    chosen["status"] = chosen["status"] or "open"  # the default
    return {name: value for name, value in chosen.items() if value}


def show_counts(form: forms.Form, counts: Counts) -> None:
    """Put each option's count in its label, "EU SECRET (10)", and offer only the
    missions that have posts (the list of missions is not bounded)."""
    facets = counts["facets"]
    for facet in BY_CONDITION:
        widget = form.fields[facet.name].widget
        shown = facets[facet.name]
        widget.choices = [
            (value, f"{label} ({shown[value]})" if value in shown else label)
            for value, label in widget.choices
        ]
    choices = [("", "Any mission")]
    choices += [(slug, with_count(name, count)) for slug, name, count in counts["missions"]]
    chosen = form.cleaned_data.get("mission")
    if chosen and not any(slug == chosen.slug for slug, _, _ in counts["missions"]):
        choices.append((chosen.slug, with_count(chosen.name, zero(counts))))
    form.fields["mission"].widget.choices = choices
    show_country_counts(form, counts)


def show_country_counts(form: forms.Form, counts: Counts) -> None:
    """Offer the countries with posts, "Kosovo (12)"; a chosen one without posts too."""
    choices = [("", "Any country")]
    choices += [(code, with_count(name, count)) for code, name, count in counts["countries"]]
    chosen = form.cleaned_data.get("country")
    if chosen and not any(code == chosen for code, _, _ in counts["countries"]):
        choices.append((chosen, with_count(country_name(chosen), zero(counts))))
    form.fields["country"].widget.choices = choices


def zero(counts: Counts) -> int | None:
    """The count of a choice that has no posts: 0, or None when nothing was counted."""
    return 0 if counts.get("facets_counted", True) else None


def with_count(label: str, count: int | None) -> str:
    """The label and its count, "Kosovo (12)"; the label alone when not counted."""
    return label if count is None else f"{label} ({count})"
