"""Public queries under PUBLIC_QUERY_TIMEOUT_MS: a search that runs too long answers
"narrow your search", and the connection serves the next request as before."""

import pytest
from django.core.cache import cache
from django.db import connection

from tests.factories import PostFactory
from vacancies import listing

# The test's own transaction would be aborted by the cancelled query: each commits instead.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def unlimited_after():
    """The test's own queries and the flush after it share the requests' connection."""
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET statement_timeout")
    connection.statement_timeout_ms = None


@pytest.fixture
def slow_counts(monkeypatch, settings):
    """Counting takes a second, the limit is 50 ms."""
    settings.PUBLIC_QUERY_TIMEOUT_MS = 50

    def count_slowly(filterset, post_counts=None):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(1)")

    monkeypatch.setattr(listing, "count_facets", count_slowly)


def session_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def test_a_search_too_slow_asks_to_narrow_it(client, slow_counts):
    response = client.get("/posts/?q=officer&status=all")
    assert response.status_code == 503
    assert "narrow it with a filter or more specific words" in response.text
    assert 'value="officer"' in response.text  # the search, to narrow
    assert response["Retry-After"]
    assert response["Cache-Control"] == "no-cache"


def test_a_search_too_slow_is_not_kept_in_the_page_cache(client, slow_counts, monkeypatch):
    client.get("/posts/?q=officer")
    monkeypatch.undo()
    response = client.get("/posts/?q=officer")
    assert response.status_code == 200


def test_a_search_too_slow_in_the_api_answers_json(client, slow_counts):
    response = client.get("/api/posts/?q=officer")
    assert response.status_code == 503
    assert response.json() == {
        "detail": "This search took too long: narrow it with a filter or more specific words."
    }


def test_the_connection_answers_the_next_request(client, slow_counts, monkeypatch):
    PostFactory(title="Police Officer")
    client.get("/posts/?q=officer")
    monkeypatch.undo()
    response = client.get("/posts/?q=officer")
    assert response.status_code == 200
    assert ">1 post for" in response.text


def test_public_queries_run_under_the_limit(client, settings):
    settings.PUBLIC_QUERY_TIMEOUT_MS = 1500
    client.get("/posts/")
    assert session_timeout() == "1500ms"


def test_the_admin_runs_without_the_limit(client, admin_client, settings):
    settings.PUBLIC_QUERY_TIMEOUT_MS = 1500
    default = session_timeout()
    client.get("/posts/")  # the same thread, so the same connection
    admin_client.get("/admin/")
    assert session_timeout() == default


def test_a_form_posted_runs_without_the_limit(client, settings):
    settings.PUBLIC_QUERY_TIMEOUT_MS = 1500
    default = session_timeout()
    client.get("/posts/")
    client.post("/alerts/new/", {"email": "someone@example.org"})
    assert session_timeout() == default


def test_zero_turns_the_limit_off(client, settings):
    settings.PUBLIC_QUERY_TIMEOUT_MS = 0
    default = session_timeout()
    client.get("/posts/")
    assert session_timeout() == default


def test_the_page_cache_is_untouched(client, slow_counts):
    client.get("/posts/?q=officer")
    assert not any(key.startswith(":1:page:") for key in cache._cache)  # locmem


def test_the_exports_run_without_the_limit(client, settings):
    settings.PUBLIC_QUERY_TIMEOUT_MS = 1500
    PostFactory()
    default = session_timeout()
    client.get("/posts/")
    response = client.get("/posts.csv", {"status": "all"})
    assert session_timeout() == default  # before the streamed rows are read
    assert b"Justice Monitor" in b"".join(response.streaming_content)
