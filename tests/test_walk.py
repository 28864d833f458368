"""A capped search by words in an order other than relevance (vacancies/listing/walk.py):
its page is read along the order within a bound, and where the words are rare there, from
every match sorted; the same posts in the same order either way."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import CallFactory, PostFactory
from vacancies.listing import facets, walk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_bounds(monkeypatch):
    monkeypatch.setattr(facets, "COUNT_CAP", 3)  # every search below is capped: 2 pages of 2
    monkeypatch.setattr(walk, "WALK_FACTOR", 2)  # the first page of 2 walks 4 posts


def make(titles: list[str], first_deadline_in_days: int, **post) -> None:
    """One post a call, each call closing a day after the one before; ``post``: more of
    each post's fields."""
    for n, title in enumerate(titles):
        days = first_deadline_in_days + n
        call = CallFactory(deadline=timezone.now() + timedelta(days=days))
        PostFactory(call=call, title=title, **post)


@pytest.fixture
def officers_at_the_end():
    """Thirty posts without the word, first by title and latest to close; eight Zulu
    officers after them by title and closing first."""
    make([f"Zulu Officer {n}" for n in range(8)], first_deadline_in_days=5)
    make([f"Adviser {n:02}" for n in range(30)], first_deadline_in_days=20)


def api_titles(client, **params) -> list[str]:
    response = client.get("/api/posts/", {"status": "all", "q": "officer", **params})
    assert response.status_code == 200
    return [post["title"] for post in response.json()["results"]]


def sorting_every_match(client, **params) -> list[str]:
    """The queries of a page (asked once: the next answer is the cached one) that sorted
    every match (in_order_among)."""
    with CaptureQueriesContext(connection) as queries:
        api_titles(client, **params)
    return [query["sql"] for query in queries if "ORDER BY matches." in query["sql"]]


@pytest.mark.usefixtures("officers_at_the_end")
def test_words_rare_along_the_title_order_give_the_sorted_matches(client):
    officers = sorted(f"Zulu Officer {n}" for n in range(8))
    assert api_titles(client, sort="title", page_size=2) == officers[:2]
    assert api_titles(client, sort="title", page_size=2, page=2) == officers[2:4]


@pytest.mark.usefixtures("officers_at_the_end")
def test_words_rare_along_the_latest_deadlines_give_the_sorted_matches(client):
    # Too many to rank: the archive's order, latest deadline first; the officers close first.
    latest_first = [f"Zulu Officer {n}" for n in reversed(range(8))]
    assert api_titles(client, page_size=2) == latest_first[:2]
    assert api_titles(client, page_size=2, page=2) == latest_first[2:4]


def test_words_common_along_the_order_are_read_along_it_alone(client):
    make([f"Officer {n:02}" for n in range(12)], first_deadline_in_days=5)
    assert sorting_every_match(client, sort="title", page_size=2) == []  # the walk filled it
    assert api_titles(client, sort="title", page_size=2) == ["Officer 00", "Officer 01"]


@pytest.mark.usefixtures("officers_at_the_end")
def test_words_rare_along_the_order_sort_the_matches(client):
    assert len(sorting_every_match(client, sort="title", page_size=2)) == 1


# A place, tested post by post as words are ---------------------------------------------


@pytest.fixture
def mitrovica_at_the_end():
    """Thirty posts in Pristina, first by title and first to close; eight in Mitrovica after
    them by title and closing last."""
    make([f"Adviser {n:02}" for n in range(30)], first_deadline_in_days=5, duty_station="Pristina")
    make(
        [f"Zulu Monitor {n}" for n in range(8)], first_deadline_in_days=40, duty_station="Mitrovica"
    )


def place_titles(client, **params) -> list[str]:
    response = client.get("/api/posts/", {"status": "all", "location": "mitrovica", **params})
    assert response.status_code == 200
    data = response.json()
    assert not data["count_exact"]  # capped: more than COUNT_CAP posts there
    return [post["title"] for post in data["results"]]


@pytest.mark.usefixtures("mitrovica_at_the_end")
@pytest.mark.parametrize("sort", ["title", "deadline", ""])
def test_a_place_rare_along_the_order_gives_the_sorted_matches(client, sort):
    # By title or deadline, or the list's own order (over all posts: closing soonest), as
    # an uncapped search by place would list them.
    monitors = [f"Zulu Monitor {n}" for n in range(8)]
    assert place_titles(client, sort=sort, page_size=2) == monitors[:2]
    assert place_titles(client, sort=sort, page_size=2, page=2) == monitors[2:4]


@pytest.mark.usefixtures("mitrovica_at_the_end")
def test_a_place_rare_along_the_order_is_not_walked_to_its_end(client):
    with CaptureQueriesContext(connection) as queries:
        place_titles(client, sort="title", page_size=2)
    sorting = [query["sql"] for query in queries if "ORDER BY matches." in query["sql"]]
    assert len(sorting) == 1


def test_a_place_common_along_the_order_is_read_along_it_alone(client):
    for n in range(12):
        PostFactory(title=f"Monitor {n:02}", duty_station="Mitrovica")
    with CaptureQueriesContext(connection) as queries:
        assert place_titles(client, sort="title", page_size=2) == ["Monitor 00", "Monitor 01"]
    assert not [query for query in queries if "ORDER BY matches." in query["sql"]]


@pytest.mark.usefixtures("officers_at_the_end")
def test_a_walked_page_reads_its_ids_then_the_cards_not_kept(client):
    """The walk and the sort select ids alone; the cards come by id, and a card another
    page showed under the same content key is not read again."""
    with CaptureQueriesContext(connection) as queries:
        assert api_titles(client, sort="title", page_size=2) == ["Zulu Officer 0", "Zulu Officer 1"]
    card_columns = '"vacancies_call"."how_to_apply"'
    reads = [query["sql"] for query in queries if card_columns in query["sql"]]
    assert len(reads) == 1
    assert '"vacancies_post"."id" IN (' in reads[0]  # by id, as cards.py reads them
    with CaptureQueriesContext(connection) as queries:
        # Another page (the order by deadline) whose first posts are the same two.
        assert api_titles(client, sort="deadline", page_size=2) == [
            "Zulu Officer 0",
            "Zulu Officer 1",
        ]
    assert not [query["sql"] for query in queries if card_columns in query["sql"]]
