"""A page's cards, kept in each process under the content key (vacancies/listing/cards.py):
read and written once for the searches that show a post alike, never shown out of date,
never with another search's marks or nationality."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from markupsafe import Markup

from tests.factories import CallFactory, PostFactory
from vacancies.listing.cards import KeptCards, kept_cards
from vacancies.models import Post, Regime

pytestmark = pytest.mark.django_db

# A column that only the cards' query reads: the call's text on how to apply.
CARDS_COLUMN = '"vacancies_call"."how_to_apply"'


def card_of(response, post: Post) -> str:
    """The HTML of ``post``'s card on the page."""
    page = response.content.decode()
    found = re.search(
        rf'<article class="post-card" aria-labelledby="post-{post.pk}-title">.*?</article>',
        page,
        re.DOTALL,
    )
    assert found, f"no card of post {post.pk}"
    return found.group(0)


def cards_read(queries) -> int:
    return sum(CARDS_COLUMN in query["sql"] for query in queries)


@pytest.fixture
def post():
    return PostFactory(title="Police Adviser", regime=Regime.SECONDED, call=CallFactory())


def test_a_post_shown_again_under_the_same_content_key_is_read_and_written_once(client, post):
    first = client.get("/posts/")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/posts/?regime=seconded")  # another page, showing the same post
    assert cards_read(queries) == 0
    assert card_of(again, post) == card_of(first, post)
    assert kept_cards.kept[post.pk].html.strip() == card_of(first, post)


def test_a_change_shows_on_the_next_page_at_once(client, post):
    client.get("/posts/")
    Post.objects.filter(pk=post.pk).update(title="Border Adviser")  # the content key moves
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/posts/?regime=seconded")
    assert cards_read(queries) == 1
    assert "Border Adviser" in card_of(page, post)


def test_the_words_one_search_marks_are_not_marked_for_the_next(client, post):
    assert "<mark>Police</mark>" in card_of(client.get("/posts/?q=police"), post)
    card = card_of(client.get("/posts/?regime=seconded"), post)
    assert "<mark>" not in card
    assert "Police Adviser" in card


def test_why_a_post_is_open_to_a_nationality_is_said_for_that_search_only(client, post):
    assert 'class="why-open"' in card_of(client.get("/posts/?nationality=FR"), post)
    assert 'class="why-open"' not in card_of(client.get("/posts/?regime=seconded"), post)
    assert 'class="why-open"' in card_of(client.get("/posts/?nationality=DE"), post)


def test_a_kept_cards_facts_are_written_once_for_the_searches_that_mark_or_name(client, post):
    """Words marked, or a nationality: the card is written around its kept facts, the same
    as a plain list's card holds."""
    plain = card_of(client.get("/posts/"), post)
    assert kept_cards.kept[post.pk].facts is None  # a plain list keeps the whole card
    marked = card_of(client.get("/posts/?q=police"), post)
    facts = kept_cards.kept[post.pk].facts
    assert facts and facts in plain and facts in marked
    kept_cards.kept[post.pk].facts = Markup('<p id="kept">facts</p>')  # read, not written
    for query in ["?q=adviser", "?nationality=FR"]:
        card = card_of(client.get("/posts/" + query), post)
        assert '<p id="kept">facts</p>' in card and '<dl class="facts">' not in card, query


def test_the_least_recently_shown_card_goes_first_and_another_key_empties_them(
    django_assert_num_queries,
):
    first, second, third = PostFactory.create_batch(3, call=CallFactory())
    kept = KeptCards(size=2)
    kept([first.pk, second.pk], "v1")
    kept([first.pk], "v1")  # shown again: second is now the least recent
    with django_assert_num_queries(1):
        assert [post.pk for post in kept([third.pk, first.pk], "v1")] == [third.pk, first.pk]
    assert list(kept.kept) == [first.pk, third.pk]
    with django_assert_num_queries(1):
        kept([first.pk], "v2")
    assert list(kept.kept) == [first.pk]


def test_each_request_gets_a_copy_of_a_kept_post(post):
    kept = KeptCards()
    shown = kept([post.pk], "v1")[0]
    shown.title_headline = "<mark>Police</mark> Adviser"
    assert not hasattr(kept([post.pk], "v1")[0], "title_headline")


def test_posts_deleted_meanwhile_are_left_out(post):
    assert KeptCards()([post.pk, 0], "v1") == [post]
