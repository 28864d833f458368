"""A search matching more posts than COUNT_CAP is neither counted nor ranked in full: "more
than N posts", facets without numbers, and the list's order instead of relevance."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import CallFactory, PostFactory
from tests.test_query_budget import LIST_BUDGET
from vacancies import views
from vacancies.listing import Listing, facets
from vacancies.models import Post

pytestmark = pytest.mark.django_db
CAP = 3


@pytest.fixture(autouse=True)
def small_cap(monkeypatch):
    monkeypatch.setattr(facets, "COUNT_CAP", CAP)


@pytest.fixture
def officers():
    """Five open posts with "officer" in the title, each call closing a day after the last;
    the one closing first has the word twice (the best match), and one Justice Monitor."""
    made = []
    for n in range(5):
        call = CallFactory(deadline=timezone.now() + timedelta(days=10 + n))
        title = "Officer for Officer Training" if n == 0 else f"Officer {n}"
        made.append(PostFactory(call=call, title=title, regime="seconded"))
    PostFactory()
    return made


def titles(response) -> list[str]:
    return [post.title for post in response.context["object_list"]]


@pytest.mark.usefixtures("officers")
def test_a_search_matching_more_than_the_cap_says_more_than(client):
    response = client.get("/posts/", {"q": "officer"})
    assert "More than 3 posts" in response.text
    assert response.context["paginator"].count == CAP + 1


@pytest.mark.usefixtures("officers")
def test_a_search_matching_more_than_the_cap_shows_no_facet_numbers(client):
    body = client.get("/posts/", {"q": "officer"}).text
    assert "Takes secondees (seconded, seconded/contracted)</option>" in body
    assert "Takes secondees (seconded, seconded/contracted) (" not in body


@pytest.mark.usefixtures("officers")
def test_a_search_matching_more_than_the_cap_still_offers_the_missions(client):
    response = client.get("/posts/", {"q": "officer"})
    choices = response.context["filter"].form.fields["mission"].widget.choices
    assert len(choices) == 1 + 6  # "Any mission" and the mission of each post, no numbers
    assert not any("(" in str(label) for _, label in choices)


@pytest.mark.usefixtures("officers")
def test_a_capped_search_pages_without_a_last_page(client, monkeypatch):
    monkeypatch.setattr(views.PostListView, "paginate_by", 2)
    body = client.get("/posts/", {"q": "officer", "page": 2}).text
    assert "Page 2</span>" in body
    assert "Page 2 of" not in body
    assert 'rel="prev"' in body


def test_a_search_matching_the_cap_or_fewer_is_counted_exactly(client, officers):
    officers[-1].delete()
    officers[-2].delete()
    response = client.get("/posts/", {"q": "officer"})
    assert "3 posts for" in response.text
    assert "Takes secondees (seconded, seconded/contracted) (3)" in response.text
    assert "Page 1 of" not in response.text  # one page: no pagination at all


@pytest.mark.usefixtures("officers")
def test_a_search_too_big_to_rank_is_in_the_list_order(client):
    response = client.get("/posts/", {"q": "officer"})
    # The first CAP + 1: the pages reach as far as the count.
    assert titles(response) == [
        "Officer for Officer Training",
        "Officer 1",
        "Officer 2",
        "Officer 3",
    ]
    assert "Too many posts match to rank them by relevance" in response.text
    assert "those closing soonest" in response.text


@pytest.mark.usefixtures("officers")
def test_a_search_of_the_archive_too_big_to_rank_shows_the_latest_deadlines_first(client):
    response = client.get("/posts/", {"q": "officer", "status": "all"})
    assert titles(response) == ["Officer 4", "Officer 3", "Officer 2", "Officer 1"]
    assert "the latest deadlines first" in response.text


def test_a_search_within_the_cap_is_ranked(client, officers):
    for post in officers[1:3]:
        post.delete()
    response = client.get("/posts/", {"q": "officer", "status": "all"})
    assert titles(response)[0] == "Officer for Officer Training"
    assert "Too many posts match" not in response.text


def test_few_matches_among_many_are_counted_and_ranked(client, officers):
    """The words match more than the cap, the mission chosen few: an exact total, ranked,
    the facets without numbers (the counts table knows no words)."""
    mission = officers[0].call.mission.slug
    response = client.get("/posts/", {"q": "officer", "mission": mission})
    assert "1 post for" in response.text
    assert "Too many posts match" not in response.text
    assert "Takes secondees (seconded, seconded/contracted) (" not in response.text


@pytest.mark.usefixtures("officers")
def test_a_sort_chosen_is_kept(client):
    response = client.get("/posts/", {"q": "officer", "sort": "title"})
    assert titles(response)[0] == "Officer 1"
    assert "Too many posts match" not in response.text


@pytest.mark.usefixtures("officers")
def test_the_api_says_the_count_is_not_exact(client):
    data = client.get("/api/posts/", {"q": "officer"}).json()
    assert data["count"] == CAP + 1
    assert data["count_exact"] is False
    assert data["facets"]["regime"] == {}


@pytest.mark.usefixtures("officers")
def test_the_api_count_is_exact_within_the_cap(client):
    data = client.get("/api/posts/", {"q": "monitor"}).json()
    assert (data["count"], data["count_exact"]) == (1, True)


@pytest.mark.usefixtures("officers")
def test_filters_the_counts_table_answers_are_never_capped(client):
    response = client.get("/posts/", {"regime": "seconded"})
    assert "6 posts" in response.text


@pytest.mark.usefixtures("officers")
@pytest.mark.parametrize(
    "params, more",
    [
        # the planner's estimate of the words' posts, the counts table's missions, the
        # estimate of the total
        ({"q": "officer"}, 3),
        ({"q": "officer", "regime": "contracted"}, 4),  # and the total, counted apart
    ],
)
def test_a_capped_search_costs_three_or_four_queries_more(
    client, django_assert_max_num_queries, params, more
):
    with django_assert_max_num_queries(LIST_BUDGET + more):
        client.get("/posts/", params)


def first_posts_read(queries) -> bool:
    """Whether the first COUNT_CAP + 1 posts of the words were read to count their facets."""
    return any("= ANY(ARRAY(WITH matches" in query["sql"] for query in queries)


@pytest.mark.usefixtures("officers")
def test_a_search_expected_far_past_the_cap_is_not_read_to_count_its_facets(client, monkeypatch):
    monkeypatch.setattr(facets, "estimated_count", lambda posts: 1_000)
    with CaptureQueriesContext(connection) as counted:
        client.get("/posts/", {"q": "officer"})
    assert first_posts_read(counted)
    cache.clear()  # the page, kept by the first request
    monkeypatch.setattr(facets, "SURELY_TOO_MANY", 500)
    with CaptureQueriesContext(connection) as expected:
        response = client.get("/posts/", {"q": "officer"})
    assert not first_posts_read(expected)
    assert response.context["paginator"].count == CAP + 1
    assert "About 1,000 posts" in response.text
    assert "Takes secondees (seconded, seconded/contracted) (" not in response.text
    choices = response.context["filter"].form.fields["mission"].widget.choices
    assert len(choices) == 1 + 6  # the missions are still offered


@pytest.mark.usefixtures("officers")
def test_an_estimate_far_past_the_cap_that_is_wrong_costs_only_the_facet_numbers(
    client, monkeypatch
):
    """One post matches; the planner expects a thousand: the total is still counted."""
    monkeypatch.setattr(facets, "estimated_count", lambda posts: 1_000)
    monkeypatch.setattr(facets, "SURELY_TOO_MANY", 500)
    response = client.get("/posts/", {"q": "monitor"})
    assert "1 post for" in response.text
    assert response.context["paginator"].count == 1
    assert "Takes secondees (seconded, seconded/contracted) (" not in response.text
    data = client.get("/api/posts/", {"q": "monitor"}).json()
    assert (data["count"], data["count_exact"]) == (1, True)


@pytest.mark.usefixtures("officers")
def test_words_expected_far_past_the_cap_but_seldom_together_are_counted_after_all(
    client, monkeypatch
):
    """The planner takes words for independent: "security freedom" expected in 24,000 posts
    of a million, found in none. Over the whole archive, a few are counted as any few."""
    closed = CallFactory(deadline=timezone.now() - timedelta(days=3))
    PostFactory(title="Justice Monitor", call=closed)
    monkeypatch.setattr(facets, "estimated_count", lambda posts: 1_000)
    monkeypatch.setattr(facets, "SURELY_TOO_MANY", 500)
    response = client.get("/posts/", {"q": "justice monitor", "status": "all"})
    assert "2 posts for" in response.text  # the officers' Justice Monitor, and this one
    assert "Too many posts match" not in response.text
    assert "Takes secondees (seconded, seconded/contracted) (" in response.text


@pytest.fixture
def many_officers():
    """Sixty open "officer" posts and ten others, with statistics, as autovacuum keeps them."""
    PostFactory.create_batch(60, title="Field Officer")
    PostFactory.create_batch(10, title="Legal Adviser")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@pytest.mark.usefixtures("many_officers")
def test_a_capped_search_says_about_how_many(client, monkeypatch):
    monkeypatch.setattr(facets, "COUNT_CAP", 20)
    response = client.get("/posts/", {"q": "officer"})
    estimate = response.context["count_estimate"]
    assert 30 <= estimate <= 120  # the planner's guess of 60, to two figures
    assert f"About {estimate} posts" in response.text
    data = client.get("/api/posts/", {"q": "officer"}).json()
    assert (data["count"], data["count_exact"]) == (estimate, False)


def counted_to_the_cap(queries) -> list[str]:
    return [query["sql"] for query in queries if query["sql"].startswith("WITH matches AS")]


@pytest.mark.usefixtures("many_officers")
@pytest.mark.parametrize("path", ["/posts/", "/api/posts/"])
def test_one_word_expected_far_past_the_cap_over_the_archive_is_not_counted(
    client, monkeypatch, path
):
    """The planner knows one word's share of the posts from the table's statistics."""
    monkeypatch.setattr(facets, "COUNT_CAP", 20)
    monkeypatch.setattr(facets, "SURELY_TOO_MANY", 40)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, {"q": "officer", "status": "all"})
    assert response.status_code == 200
    assert not counted_to_the_cap(queries)
    if path == "/api/posts/":
        data = response.json()
        assert not data["count_exact"] and 30 <= data["count"] <= 120
        assert len(data["results"]) == 20
    else:
        assert f"About {response.context['count_estimate']} posts" in response.text


def read_the_counts_table(queries) -> bool:
    return any("vacancies_postcount" in query["sql"] for query in queries)


@pytest.mark.usefixtures("many_officers")
def test_searches_too_big_to_count_share_the_counts_table_of_the_content_version(
    client, monkeypatch
):
    """The counts table's missions and countries for the facets alone come from its groups,
    read once per content version (and closing_within) for every search."""
    monkeypatch.setattr(facets, "COUNT_CAP", 20)
    monkeypatch.setattr(facets, "SURELY_TOO_MANY", 40)
    asked = [
        ({"q": "officer", "status": "all"}, True),
        ({"q": "field", "status": "all"}, False),  # other words, the same facets
        ({"q": "field", "status": "all", "regime": "seconded"}, False),  # another facet
        ({"q": "officer", "status": "all", "regime": "seconded", "sort": "title"}, False),
        ({"q": "officer", "closing_within": "300"}, True),  # other groups: the deadlines'
        ({"q": "field", "closing_within": "300"}, False),
    ]
    for params, counted in asked:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/posts/", params)
        assert read_the_counts_table(queries) == counted, params
        choices = response.context["filter"].form.fields["mission"].widget.choices
        assert len(choices) == 1 + 70  # "Any mission" and each post's, without numbers
    PostFactory(title="Field Officer")  # a change: a new content version, counted again
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/posts/", {"q": "field", "status": "all"})
    assert read_the_counts_table(queries)
    assert len(response.context["filter"].form.fields["mission"].widget.choices) == 1 + 71


@pytest.mark.usefixtures("many_officers")
@pytest.mark.parametrize(
    "params",
    [
        {"q": "field officer", "status": "all"},  # words together: taken for independent
        {"q": "officer", "status": "all", "location": "Pristina"},
        {"q": "officer", "status": "all", "deadline_after": "2020-01-01"},
    ],
)
def test_words_or_a_word_with_a_place_or_dates_are_counted_to_the_cap(client, monkeypatch, params):
    monkeypatch.setattr(facets, "COUNT_CAP", 20)
    monkeypatch.setattr(facets, "SURELY_TOO_MANY", 40)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/posts/", params)
    assert response.status_code == 200
    assert counted_to_the_cap(queries) or "SET LOCAL statement_timeout" in str(
        queries.captured_queries
    )


@pytest.mark.usefixtures("many_officers")
def test_an_estimate_under_the_cap_is_not_shown(client, monkeypatch):
    """The planner may guess fewer than the cap, which is known to be wrong."""
    monkeypatch.setattr(facets, "COUNT_CAP", 20)
    monkeypatch.setattr(facets, "estimated_count", lambda posts: None)
    response = client.get("/posts/", {"q": "officer"})
    assert "More than 20 posts" in response.text


def page_queries(client, params) -> tuple[list[str], list[str]]:
    """The titles of the list page, and the SQL that read its posts (ordered by title)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/posts/", params)
    sql = [
        q["sql"]
        for q in queries.captured_queries
        if 'ORDER BY "vacancies_post"."title"' in q["sql"]
    ]
    return titles(response), sql


def test_a_search_matching_few_in_another_order_sorts_its_matches(client, officers):
    """Counted to the end and few: the matches, which counting them found (through the
    words' index), are sorted, rather than the order's index walked past every post."""
    for post in officers[1:3]:
        post.delete()
    found, sql = page_queries(client, {"q": "officer", "sort": "title"})
    assert found == ["Officer 3", "Officer 4", "Officer for Officer Training"]
    assert len(sql) == 1 and '"vacancies_post"."id" = ANY(' in sql[0]
    assert "@@" not in sql[0]  # the words not tested again


@pytest.mark.usefixtures("officers")
def test_a_capped_search_in_another_order_is_not_cut_to_its_first_matches(client):
    found, sql = page_queries(client, {"q": "officer", "sort": "title"})
    assert found[:2] == ["Officer 1", "Officer 2"]
    assert "MATERIALIZED" not in sql[0]


@pytest.mark.usefixtures("officers")
def test_a_search_matching_nothing_does_not_ask_for_its_page(client):
    """Counted as none: the paginator's empty page asks nothing (no walk of the order)."""
    found, sql = page_queries(client, {"q": "astronaut", "sort": "title"})
    assert found == []
    assert sql == []


# A search by dates alone counts with a plain LIMIT first (facets.bet_on_limit) ------------


def closing_posts(count: int) -> None:
    """``count`` open posts, closing 20 days from now or later."""
    for n in range(count):
        PostFactory(call=CallFactory(deadline=timezone.now() + timedelta(days=20 + n)))


def counted_with_cte(queries) -> bool:
    return any("WITH matches AS MATERIALIZED" in query["sql"] for query in queries)


def dates_total(**filters) -> int:
    listing = Listing({"status": "all", **filters})
    assert listing.is_valid()
    total, _ = facets.search_total(listing.filterset)
    return total


def test_a_search_by_dates_is_counted_with_a_plain_limit():
    closing_posts(5)
    after = (timezone.localdate() + timedelta(days=21)).isoformat()
    with CaptureQueriesContext(connection) as queries:
        assert dates_total(deadline_after=after) == CAP + 1  # 4 posts, capped at 3
    assert not counted_with_cte(queries)
    assert any(f"LIMIT {CAP + 1}) AS first" in query["sql"] for query in queries)


def test_words_and_places_are_counted_through_their_indexes():
    closing_posts(2)
    after = timezone.localdate().isoformat()
    for words_or_place in [{"q": "officer"}, {"location": "pristina"}]:
        with CaptureQueriesContext(connection) as queries:
            dates_total(deadline_after=after, **words_or_place)
        assert counted_with_cte(queries)


def test_a_bet_that_takes_too_long_is_counted_as_words_are(monkeypatch):
    """Filters that contradict each other (none match, thousands expected) would read the
    whole table with a LIMIT: past LIMIT_BET_MS the count is the CTE's."""
    closing_posts(3)
    slow = Post.objects.extra(where=["pg_sleep(0.02) IS NOT NULL"])  # 20 ms a post
    monkeypatch.setattr(facets, "LIMIT_BET_MS", 10)
    with CaptureQueriesContext(connection) as queries:
        assert facets.capped_count(slow) == CAP
    assert counted_with_cte(queries)


def test_a_lost_bet_leaves_the_session_as_it_was():
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 1500")
        assert facets.bet_on_limit(connection.alias, "SELECT pg_sleep(0.2)", []) is None
        cursor.execute("SHOW statement_timeout")  # usable: the bet's transaction rolled back
        assert cursor.fetchone()[0] == "1500ms"
        cursor.execute("RESET statement_timeout")


def test_a_won_bet_leaves_the_session_as_it_was():
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 1500")
        assert facets.bet_on_limit(connection.alias, "SELECT 1", []) == 1
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "1500ms"
        cursor.execute("RESET statement_timeout")


# A search whose facets alone leave no post (the counts table) reads no post -----------


@pytest.mark.usefixtures("officers")
def test_words_with_facets_that_leave_no_post_are_not_counted_through_the_posts(
    client, monkeypatch
):
    """The words are common (far past the cap, as the planner expects); the facets, which
    the counts table answers, leave none: none, without testing any post's words."""
    monkeypatch.setattr(facets, "estimated_count", lambda posts: 1_000)
    monkeypatch.setattr(facets, "SURELY_TOO_MANY", 500)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/posts/", {"q": "officer", "regime": "contracted"})
    assert response.context["paginator"].count == 0
    assert not response.context["object_list"]
    assert not counted_with_cte(queries.captured_queries)
    data = client.get("/api/posts/", {"q": "officer", "regime": "contracted"}).json()
    assert (data["count"], data["count_exact"], data["results"]) == (0, True, [])


@pytest.mark.usefixtures("officers")
def test_words_with_facets_that_leave_some_are_counted_through_the_posts(client, monkeypatch):
    monkeypatch.setattr(facets, "estimated_count", lambda posts: 1_000)
    monkeypatch.setattr(facets, "SURELY_TOO_MANY", 500)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/posts/", {"q": "officer", "regime": "seconded"})
    assert response.context["paginator"].count == CAP + 1  # five officers, capped at 3
    assert counted_with_cte(queries.captured_queries)


@pytest.mark.usefixtures("many_officers")
@pytest.mark.parametrize("params", [{"q": "officer"}, {"q": "field officer"}])
def test_an_archive_search_too_big_to_count_asks_the_planner_once(client, monkeypatch, params):
    """No facet narrows it: the estimate of its words is the search's, not asked again."""
    monkeypatch.setattr(facets, "COUNT_CAP", 20)
    monkeypatch.setattr(facets, "SURELY_TOO_MANY", 40)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/posts/", {**params, "status": "all"})
    explained = [query for query in queries if query["sql"].startswith("EXPLAIN")]
    assert len(explained) == 1
    assert 30 <= response.context["count_estimate"] <= 120  # the planner's guess of 60


# Few posts of common words, counted one by one, are paged from their ids ----------------


def matched_again(queries) -> list[str]:
    """The queries that test posts' words: the count's CTE, and any other."""
    return [query["sql"] for query in queries if "@@" in query["sql"]]


def in_order(params: dict) -> list[int]:
    """The search's posts in its order, every post's words tested: what a page must show."""
    listing = Listing(params)
    assert listing.is_valid()
    return list(listing.matches.values_list("pk", flat=True))


@pytest.fixture
def common_words(monkeypatch, officers):
    """The word "officer" expected far past the cap (a common word over a million posts), the
    seconded posts few enough to count: the five officers, under a cap of ten."""
    monkeypatch.setattr(facets, "COUNT_CAP", 10)
    monkeypatch.setattr(facets, "estimated_count", lambda posts: 1_000)
    monkeypatch.setattr(facets, "SURELY_TOO_MANY", 500)
    PostFactory(title="Officer, contracted", regime="contracted")
    return officers


@pytest.mark.parametrize("sort", ["", "title", "-published"])
def test_few_matches_of_common_words_are_paged_from_the_ids_counted(client, common_words, sort):
    params = {"q": "officer", "regime": "seconded"} | ({"sort": sort} if sort else {})
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/posts/", params)
    assert response.context["paginator"].count == 5
    shown = [post.pk for post in response.context["object_list"]]
    assert shown == in_order(params)
    assert set(shown) == {post.pk for post in common_words}
    [count] = matched_again(queries)  # the words tested once, to count
    assert count.startswith("WITH matches AS MATERIALIZED")
    if not sort:  # relevance
        assert response.context["object_list"][0].title == "Officer for Officer Training"


def test_the_api_pages_few_matches_of_common_words_from_the_ids_kept_with_the_counts(
    client, common_words
):
    """Page 2 reads the counts, the ids with them, from the cache: no word tested at all."""
    params = {"q": "officer", "regime": "seconded", "page_size": 2}
    expected = in_order(params)
    first = client.get("/api/posts/", params).json()
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/api/posts/", {**params, "page": 2}).json()
    assert (first["count"], first["count_exact"]) == (5, True)
    pages = [[post["id"] for post in page["results"]] for page in (first, second)]
    assert pages == [expected[:2], expected[2:4]]
    assert matched_again(queries) == []


def test_a_search_past_the_cap_keeps_no_ids(common_words, monkeypatch):
    monkeypatch.setattr(facets, "COUNT_CAP", 3)
    listing = Listing({"q": "officer", "regime": "seconded"})
    assert listing.is_valid()
    assert listing.capped
    assert listing.counts["matches"] is None
