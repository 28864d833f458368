"""PostCount: the table of post counts that Postgres keeps (vacancies/db/post_counts.sql), and
the facet counts that read it instead of the posts."""

import random
import time
from collections import Counter
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import CallFactory, MissionFactory, OrganisationFactory, PostFactory
from vacancies import listing
from vacancies.listing import PostFilter
from vacancies.listing.cache import cached_counts
from vacancies.listing.facets import FACETS, count_facets, post_count_groups
from vacancies.models import Call, Clearance, Post, PostCount, Regime

pytestmark = pytest.mark.django_db

KEY = ("mission_id", "call_status", "regime", "clearance", "open_to_third_states")
# A filter PostCount cannot answer and every post passes: its counts come from the posts.
FROM_THE_POSTS = {"deadline_after": "1900-01-01"}


def counted_by_hand(now=None) -> Counter:
    """What PostCount must add up to: posts by key, open ones by deadline, closed as one."""
    now = now or timezone.now()
    counts = Counter()
    for post in Post.objects.values(*KEY, "deadline"):
        deadline = post.pop("deadline")
        counts[(*post.values(), deadline if deadline > now else "closed")] += 1
    return counts


def counted_by_postgres(now=None) -> Counter:
    now = now or timezone.now()
    counts = Counter()
    for row in PostCount.objects.values(*KEY, "deadline", "posts"):
        deadline, posts = row.pop("deadline"), row.pop("posts")
        counts[(*row.values(), deadline if deadline > now else "closed")] += posts
    return +counts  # without keys whose posts add up to nothing


def assert_counts_match_posts(now=None):
    assert counted_by_postgres(now) == counted_by_hand(now)


def build_world(seed: int = 5) -> list:
    """Three missions; open, closing, closed, draft and withdrawn calls; posts of every
    regime, clearance and third-state answer."""
    rng = random.Random(seed)  # noqa: S311  (seeded test data, no secret)
    missions = [MissionFactory() for _ in range(3)]
    now = timezone.now()
    calls = [
        CallFactory(mission=missions[0]),
        CallFactory(mission=missions[1], deadline=now + timedelta(days=2)),
        CallFactory(mission=missions[2], deadline=now + timedelta(days=40)),
        CallFactory(mission=missions[0], closed=True),
        CallFactory(mission=missions[1], deadline=now - timedelta(days=400)),
        CallFactory(mission=missions[2], draft=True),
        CallFactory(mission=missions[0], withdrawn=True),
    ]
    for call in calls:
        for _ in range(rng.randint(3, 9)):
            PostFactory(
                call=call,
                regime=rng.choice(Regime.values),
                clearance=rng.choice([None, *Clearance.values]),
                open_to_third_states=rng.choice([None, True, False]),
            )
    return calls


def test_posts_are_counted_as_they_are_written():
    build_world()
    assert_counts_match_posts()
    assert PostCount.objects.filter(posts__lte=0).count() == 0


def test_the_archive_folds_into_one_row_per_group():
    call = CallFactory(closed=True)
    other_call = CallFactory(mission=call.mission, deadline=timezone.now() - timedelta(days=900))
    for c in (call, other_call):
        PostFactory.create_batch(
            3, call=c, regime=Regime.SECONDED, clearance=0, open_to_third_states=True
        )
    [row] = PostCount.objects.all()
    assert (row.deadline, row.posts) == (PostCount.CLOSED_DEADLINE, 6)


@pytest.mark.parametrize(
    "change",
    [
        lambda calls, post: Post.objects.filter(pk=post.pk).update(
            regime=Regime.CONTRACTED, clearance=4
        ),
        lambda calls, post: Post.objects.filter(pk=post.pk).update(open_to_third_states=None),
        lambda calls, post: Post.objects.filter(pk=post.pk).update(call=calls[4]),
        lambda calls, post: Post.objects.filter(pk=post.pk).delete(),
        lambda calls, post: calls[0].withdraw(),
        lambda calls, post: Call.objects.filter(pk=calls[5].pk).update(
            status=Call.Status.PUBLISHED
        ),
        lambda calls, post: Call.objects.filter(pk=calls[0].pk).update(
            deadline=timezone.now() - timedelta(days=1)
        ),
        lambda calls, post: Call.objects.filter(pk=calls[3].pk).update(
            deadline=timezone.now() + timedelta(days=9)
        ),
        lambda calls, post: Call.objects.filter(pk=calls[1].pk).update(mission=calls[2].mission),
        lambda calls, post: calls[1].delete(),
        lambda calls, post: Post.objects.bulk_create(
            [
                Post(call=calls[2], title=f"Adviser {n}", slug=f"adviser-{n}", clearance=3)
                for n in range(25)
            ]
        ),
    ],
    ids=[
        "regime and clearance",
        "third states",
        "another call",
        "post deleted",
        "call withdrawn",
        "draft published",
        "deadline passed",
        "deadline extended",
        "call moved to another mission",
        "call deleted",
        "bulk insert",
    ],
)
def test_every_kind_of_write_keeps_the_counts(change):
    calls = build_world()
    change(calls, calls[0].posts.first())
    assert_counts_match_posts()


def test_truncating_the_posts_empties_the_counts():
    build_world()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks left to run
        cursor.execute("TRUNCATE vacancies_post CASCADE")
    assert not PostCount.objects.exists()


def test_a_deadline_passing_moves_posts_to_closed_without_any_write():
    build_world()
    later = timezone.now() + timedelta(days=3)  # the call closing in two days has closed
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert_counts_match_posts(later)
        assert_facets_from_post_counts_equal_facets_from_posts({"status": "closed"})


@pytest.mark.django_db(transaction=True)
def test_rows_whose_deadline_passed_are_folded_at_the_next_write():
    # In its own transactions: Postgres's now() is the time a transaction began.
    call = CallFactory(deadline=timezone.now() + timedelta(seconds=1))
    PostFactory.create_batch(2, call=call, clearance=0)
    assert PostCount.objects.get().deadline == call.deadline
    time.sleep(1.2)
    PostFactory(call=CallFactory(mission=call.mission), clearance=0)  # any write
    assert not PostCount.objects.filter(deadline=call.deadline).exists()
    assert PostCount.objects.get(deadline=PostCount.CLOSED_DEADLINE).posts == 2
    call.posts.first().delete()  # taken back from the row it is now counted under
    assert PostCount.objects.get(deadline=PostCount.CLOSED_DEADLINE).posts == 1
    assert_counts_match_posts()


def counted(data: dict) -> tuple[dict, list]:
    """count_facets of a search, and the counts table's groups it read (by closing_within)."""
    read = []

    def post_counts(closing_within):
        read.append(closing_within)
        return post_count_groups(closing_within)

    return count_facets(PostFilter(data), post_counts), read


def assert_facets_from_post_counts_equal_facets_from_posts(data: dict):
    from_post_counts, read = counted(data)
    assert read  # the table was read
    from_posts, read = counted({**data, **FROM_THE_POSTS})
    assert not read
    # Counted from the posts, the counts also say which posts (Counts' matches)
    searched = PostFilter({**data, **FROM_THE_POSTS}).qs.values_list("pk", flat=True)
    assert sorted(from_posts.pop("matches")) == sorted(searched)
    assert from_post_counts.pop("matches") is None
    assert from_post_counts == from_posts
    return from_post_counts


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"status": "closed"},
        {"status": "all"},
        {"regime": "seconded"},
        {"regime": "contracted", "status": "all"},
        {"clearance": "none"},
        {"clearance": "secret", "third_states": "yes"},
        {"third_states": "no", "status": "closed"},
        {"eligible_for": "third_state"},
        {"eligible_for": "contracted", "clearance": "confidential", "status": "all"},
        {"closing_within": "7"},
        {"closing_within": "0", "regime": "seconded"},
        {
            "status": "all",
            "regime": "seconded",
            "clearance": "top_secret",
            "third_states": "yes",
            "eligible_for": "member_state",
        },
    ],
)
def test_facet_counts_from_post_counts_equal_those_from_the_posts(data):
    build_world()
    counts = assert_facets_from_post_counts_equal_facets_from_posts(data)
    assert counts["total"] == PostFilter({**data, **FROM_THE_POSTS}).qs.count()


def test_facet_counts_for_one_mission():
    calls = build_world()
    mission = calls[0].mission
    counts = assert_facets_from_post_counts_equal_facets_from_posts(
        {"mission": mission.slug, "status": "all"}
    )
    assert counts["total"] == Post.objects.published().filter(call__mission=mission).count()


def test_a_filter_post_counts_cannot_answer_counts_the_posts():
    build_world()
    for blind in ({"q": "monitor"}, {"location": "Pristina"}, {"deadline_before": "2100-01-01"}):
        counts, read = counted(blind)
        assert not read
        assert counts["total"] == PostFilter(blind).qs.count()


def fields_read(condition: Q) -> set[str]:
    fields = set()
    for child in condition.children:
        fields |= fields_read(child) if isinstance(child, Q) else {child[0].split("__")[0]}
    return fields


def test_each_facet_names_the_fields_its_options_read():
    # What FACETS says it counts by is what PostCount must keep: the names must be true.
    for facet in FACETS.values():
        if facet.options is None:  # mission, country: grouped by, not filtered on
            assert facet.fields == (facet.name,)
            continue
        read = set().union(*(fields_read(condition) for condition in facet.conditions().values()))
        assert read == set(facet.fields), facet.name


@pytest.mark.parametrize(
    "data",
    [{}, {"status": "all"}, {"status": "closed"}, {"closing_within": "3"}, {"regime": "seconded"}],
)
def test_open_rows_of_several_deadlines_fold_into_one_and_count_the_same(data):
    # The counts fold PostCount's rows that differ by deadline alone (open or closed is
    # what they ask of it): one mission's calls closing in 1, 2, 10 and 30 days, and closed
    # ones, posts alike, counted as the posts themselves count them.
    mission = MissionFactory()
    now = timezone.now()
    for days in (1, 2, 10, 30, -3, -400):
        call = CallFactory(mission=mission, deadline=now + timedelta(days=days))
        PostFactory.create_batch(2, call=call, regime=Regime.SECONDED, clearance=0)
        PostFactory(call=call, regime=Regime.CONTRACTED, clearance=0)
    assert PostCount.objects.filter(deadline__gt=now).count() >= 8  # rows per deadline
    counts = assert_facets_from_post_counts_equal_facets_from_posts(data)
    assert counts["total"] == PostFilter({**data, **FROM_THE_POSTS}).qs.count() > 0


def build_varied_world(rng: random.Random) -> None:
    """build_world, plus an OSCE mission and posts in other countries: every condition the
    counts test (nationality and country included) divides the posts."""
    build_world()
    osce = MissionFactory(
        organisation=OrganisationFactory(name="Organization for Security and Co-operation")
    )
    osce.organisation.acronym = "OSCE"
    osce.organisation.save()
    for call in (CallFactory(mission=osce), CallFactory(mission=osce, closed=True)):
        for _ in range(rng.randint(4, 8)):
            PostFactory(
                call=call,
                duty_station=rng.choice(["Pristina", "Skopje", "Sarajevo", "Kyiv"]),
                location="",
                regime=rng.choice(Regime.values),
                clearance=rng.choice([None, *Clearance.values]),
                open_to_third_states=rng.choice([None, True, False]),
            )


def random_search(rng: random.Random, missions: list[str], countries: list[str]) -> dict:
    choices = {
        "status": ["open", "closed", "all"],
        "regime": ["seconded", "contracted"],
        "clearance": [value for value, _ in Clearance.slug_choices()],
        "third_states": ["yes", "no"],
        "eligible_for": ["member_state", "third_state", "contracted"],
        "mission": missions,
        "country": countries,
        # In both lists, the EU's alone, the Third States' alone, the OSCE's alone.
        "nationality": ["FR", "NO", "KR", "AM"],
        "closing_within": ["0", "5", "60"],
    }
    chosen = rng.sample(sorted(choices), rng.randint(0, 4))
    return {name: rng.choice(choices[name]) for name in chosen}


def test_each_count_is_what_choosing_it_gives():
    """Every number the form and the API show, from the counts table or from the posts, is
    the number of posts the list gives when that option is chosen, the others staying."""
    rng = random.Random(11)  # noqa: S311  (seeded test data, no secret)
    build_varied_world(rng)
    missions = sorted(Post.objects.values_list("mission__slug", flat=True).distinct())
    countries = sorted(set(Post.objects.values_list("country", flat=True)) - {""})
    assert len(countries) >= 3

    def listed(data: dict) -> int:
        return PostFilter(data).qs.count()

    for _ in range(30):
        search = random_search(rng, missions, countries)
        for data in (search, {**search, **FROM_THE_POSTS}):
            counts = count_facets(PostFilter(data))
            assert counts["total"] == listed(data), data
            for facet in FACETS.values():
                for value, count in counts["facets"][facet.name].items():
                    assert count == listed({**data, facet.name: value}), (data, facet.name)
            for name, lists in (("mission", missions), ("country", countries)):
                shown = counts["facets"][name]
                assert shown == {
                    value: n for value in lists if (n := listed({**data, name: value}))
                }, (data, name)


def test_the_counts_table_is_read_once_per_content_version(client):
    build_world()

    def reads_the_counts_table(params: dict) -> bool:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/posts/", params).status_code == 200
        return any("vacancies_postcount" in query["sql"] for query in queries)

    assert reads_the_counts_table({"regime": "seconded"})
    assert not reads_the_counts_table({"regime": "contracted", "status": "all"})
    assert not reads_the_counts_table({"clearance": "secret", "nationality": "NO"})
    assert reads_the_counts_table({"closing_within": "5"})  # other deadlines: other groups
    assert not reads_the_counts_table({"closing_within": "5", "third_states": "yes"})
    PostFactory(call=Call.objects.published().first())  # a new content version
    assert reads_the_counts_table({"regime": "seconded", "status": "all"})


def test_only_the_counts_of_searches_that_read_the_posts_go_to_the_shared_cache(
    client, monkeypatch
):
    """A count from the counts table's groups, which each process keeps, is added up again
    (cheaper than the shared cache's read and write); a count that read the posts is kept."""
    build_world()
    kept = []

    def keeping(search, version, count):
        kept.append(search.params())
        return cached_counts(search, version, count)

    monkeypatch.setattr(listing, "cached_counts", keeping)
    for params in ({"regime": "seconded"}, {"status": "all", "nationality": "NO"}):
        assert client.get("/posts/", params).status_code == 200
    assert kept == []
    for params in ({"q": "monitor"}, {"location": "Pristina"}, {"deadline_after": "2020-01-01"}):
        assert client.get("/posts/", params).status_code == 200
        assert kept[-1] == params
