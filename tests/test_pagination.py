"""A list page asked for a page that does not exist shows the nearest one, not a 404."""

import pytest

from tests.factories import CallFactory, PostFactory
from tests.test_query_budget import LIST_BUDGET
from vacancies import views
from vacancies.listing import pagination

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_pages():
    """25 open posts: page 1 has 20, page 2 has 5."""
    call = CallFactory()
    for n in range(25):
        PostFactory(call=call, order=n, open_to_third_states=True)


@pytest.mark.parametrize(
    "asked, shown, rows",
    [
        ("abc", 1, 20),
        ("", 1, 20),
        ("1.5", 1, 20),
        ("0", 1, 20),
        ("-3", 1, 20),
        ("1", 1, 20),
        ("2", 2, 5),
        ("3", 2, 5),
        ("99999999999999999999", 2, 5),
        ("last", 2, 5),
    ],
)
@pytest.mark.usefixtures("two_pages")
def test_the_post_list_shows_the_nearest_page(client, asked, shown, rows):
    # An empty page= is tidied away by a redirect; follow it as a browser would.
    response = client.get("/posts/", {"third_states": "yes", "page": asked}, follow=True)
    assert response.status_code == 200
    assert response.context["page_obj"].number == shown
    assert len(response.context["object_list"]) == rows
    assert f"Page {shown} of 2" in response.content.decode()


@pytest.mark.usefixtures("two_pages")
def test_pagination_links_of_a_page_past_the_end_point_at_real_pages(client):
    body = client.get("/posts/", {"third_states": "yes", "page": 7}).content.decode()
    assert '<a rel="prev" href="?third_states=yes&amp;page=1">' in body
    assert 'rel="next"' not in body
    body = client.get("/posts/", {"third_states": "yes", "page": "abc"}).content.decode()
    assert '<a rel="next" href="?third_states=yes&amp;page=2">' in body
    assert 'rel="prev"' not in body


def test_an_empty_list_shows_its_one_empty_page(client):
    response = client.get("/posts/", {"page": 5})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
    assert list(response.context["object_list"]) == []


@pytest.mark.usefixtures("two_pages")
def test_a_page_past_the_cap_on_depth_shows_the_deepest_page(client, monkeypatch):
    monkeypatch.setattr(pagination, "MAX_PAGES", 1)
    response = client.get("/posts/", {"third_states": "yes", "page": 2})
    assert response.status_code == 200
    assert response.context["paginator"].count == 25  # the count is still the whole list's
    assert response.context["page_obj"].number == 1
    assert 'rel="next"' not in response.content.decode()


def test_the_call_list_shows_the_nearest_page(client, monkeypatch):
    monkeypatch.setattr(views.CallListView, "paginate_by", 2)
    for _ in range(3):
        CallFactory()
    for asked, shown in [("abc", 1), ("0", 1), ("-1", 1), ("2", 2), ("9", 2)]:
        response = client.get("/calls/", {"page": asked})
        assert response.status_code == 200
        assert response.context["page_obj"].number == shown


@pytest.mark.parametrize("asked", ["abc", "0", "99"])
@pytest.mark.usefixtures("two_pages")
def test_the_nearest_page_stays_within_budget(client, asked, django_assert_max_num_queries):
    with django_assert_max_num_queries(LIST_BUDGET):
        assert client.get("/posts/", {"status": "all", "page": asked}).status_code == 200
