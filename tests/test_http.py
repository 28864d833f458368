"""HTTP of the public pages: Cache-Control, Vary, conditional GET, compression, canonical
links and the favicon."""

import gzip
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import get_max_age

from tests.clock import at
from tests.factories import CallFactory, PostFactory
from vacancies.caching import MAX_AGE

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate"}
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)">')


@pytest.fixture
def post(now):
    return PostFactory(title="Legal Adviser", call=CallFactory(deadline=now + timedelta(days=3)))


def public_urls(post) -> list[str]:
    return [
        "/",
        "/posts/",
        post.get_absolute_url(),
        "/calls/",
        post.call.get_absolute_url(),
        post.call.mission.get_absolute_url(),
        "/posts/feed/",
        "/posts.csv",
        "/posts.ics",
        "/calls.ics",
        "/api/posts/",
        f"/api/posts/{post.pk}/",
    ]


def directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


# Cache-Control -------------------------------------------------------------------------


def test_public_responses_may_be_reused_for_a_few_minutes_at_most(client, post):
    for url in public_urls(post):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "public" in directives(response), url
        assert get_max_age(response) == MAX_AGE, url
        assert response.has_header("ETag") and response.has_header("Last-Modified"), url


def test_a_page_is_reused_no_longer_than_until_the_next_deadline(client, now):
    closing = PostFactory(call=CallFactory(deadline=now + timedelta(minutes=2)))
    PostFactory(call=CallFactory(deadline=now + timedelta(days=3)))
    for url in ["/posts/", closing.get_absolute_url(), "/api/posts/", "/posts/feed/"]:
        assert 0 < get_max_age(client.get(url)) <= 120, url


def test_a_page_from_the_page_cache_counts_down_to_the_deadline(client, now):
    PostFactory(call=CallFactory(deadline=now + timedelta(minutes=2)))
    assert get_max_age(client.get("/posts/")) == 120
    with at(now + timedelta(seconds=90)):
        assert get_max_age(client.get("/posts/")) == 30


def test_a_page_is_revalidated_once_the_next_deadline_is_due(client, now):
    PostFactory(call=CallFactory(deadline=now + timedelta(milliseconds=500)))
    response = client.get("/posts/")
    assert "no-cache" in directives(response) and get_max_age(response) is None
    assert response.has_header("ETag")


def test_midnight_in_brussels_bounds_the_days_left(client):
    late = timezone.localtime().replace(hour=23, minute=59, second=0, microsecond=0)
    with at(late):
        PostFactory(call=CallFactory(deadline=late + timedelta(days=3)))
        assert get_max_age(client.get("/posts/")) == 60


def test_a_page_with_a_form_is_private_and_never_stored(client, post):
    response = client.get("/alerts/new/?q=legal")
    assert {"private", "no-store"} <= directives(response)
    assert "Cookie" in response["Vary"]


def test_admin_pages_are_never_stored(admin_client):
    response = admin_client.get("/admin/")
    assert {"private", "no-store"} <= directives(response)


def test_errors_and_redirects_are_not_reused_without_asking(client, post):
    for url in [f"/posts/{post.pk}/old-title/", "/posts/999999/nothing/", "/posts/feed/?sort=x"]:
        response = client.get(url)
        assert response.status_code in (301, 404, 400), url
        assert directives(response) == {"no-cache"}, url


# Vary ----------------------------------------------------------------------------------


def test_compressed_responses_vary_on_accept_encoding_and_never_on_everything(client, post):
    for url in public_urls(post):
        vary = client.get(url, **GZIP)["Vary"]
        assert "Accept-Encoding" in vary, url
        assert "*" not in vary, url


def test_the_api_answers_json_whatever_the_client_accepts(client, post):
    # Nothing negotiated, so nothing varies on Accept: the page cache may share the answer.
    for accept in ["text/html", "application/xml", "application/json"]:
        cache.clear()
        response = client.get("/api/posts/", HTTP_ACCEPT=accept)
        assert response.status_code == 200 and response["Content-Type"] == "application/json"
        assert "Accept" not in [v.strip() for v in response.get("Vary", "").split(",")]


def test_public_pages_do_not_vary_on_the_cookie(client, post):
    # The page cache serves them to everyone, staff included: the cookie changes nothing.
    for url in public_urls(post):
        assert "Cookie" not in client.get(url).get("Vary", ""), url


# Conditional GET -----------------------------------------------------------------------


def test_a_200_is_answered_304_when_the_client_has_it(client, post):
    for url in public_urls(post):
        first = client.get(url)
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304, url
        since = first["Last-Modified"]
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=since).status_code == 304, url


@pytest.mark.parametrize(
    "url",
    [
        "/posts/999999/nothing/",  # 404
        "/posts/?q=&status=",  # a redirect, where empty parameters are stripped
        "/posts/feed/?closing_within=many",  # 400
        "/posts.csv?clearance=ultra",  # 400
        "/api/posts/?page_size=1000",  # 400
        "/missions/nowhere/",  # 404
    ],
)
def test_what_is_not_a_200_is_never_answered_304(client, post, url):
    etag = client.get("/posts/")["ETag"]  # every public page shares the content key
    plain = client.get(url)
    conditional = client.get(
        url,
        HTTP_IF_NONE_MATCH=etag,
        HTTP_IF_MODIFIED_SINCE="Fri, 31 Dec 2100 00:00:00 GMT",
    )
    expected = 304 if plain.status_code == 200 else plain.status_code
    assert conditional.status_code == expected


def test_a_redirect_to_the_slugged_address_is_never_answered_304(client, post):
    etag = client.get(post.get_absolute_url())["ETag"]
    response = client.get(f"/posts/{post.pk}/old-title/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 301


def test_a_client_over_its_limit_gets_429_not_304(client, post, settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMITS = {**settings.RATELIMITS, "search": "1/m"}
    etag = client.get("/posts/")["ETag"]
    assert client.get("/posts/", HTTP_IF_NONE_MATCH=etag).status_code == 429


# Compression ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["/posts/", "post", "/posts/feed/", "/api/posts/"])
def test_pages_are_compressed_for_clients_that_accept_gzip(client, post, name):
    url = post.get_absolute_url() if name == "post" else name
    response = client.get(url, **GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == client.get(url).content


def test_exports_stay_streaming_when_compressed(client, post):
    response = client.get("/posts.csv", **GZIP)
    assert response.streaming and response["Content-Encoding"] == "gzip"
    assert b"Legal Adviser" in gzip.decompress(b"".join(response.streaming_content))


def test_tiny_responses_are_not_compressed(client):
    response = client.get("/healthz", **GZIP)
    assert response.status_code == 200 and not response.has_header("Content-Encoding")


def test_pages_are_not_compressed_for_clients_that_do_not_ask(client, post):
    assert not client.get("/posts/").has_header("Content-Encoding")


# Canonical links -----------------------------------------------------------------------


def canonical(response) -> str:
    links = CANONICAL.findall(response.content.decode())
    assert len(links) == 1, links
    return links[0]


def test_every_public_page_has_one_canonical_link(client, post, settings):
    settings.SITE_URL = ""
    pages = {
        "/": "http://testserver/",
        "/posts/": "http://testserver/posts/",
        "/calls/": "http://testserver/calls/",
        post.get_absolute_url(): f"http://testserver{post.get_absolute_url()}",
        post.call.get_absolute_url(): f"http://testserver{post.call.get_absolute_url()}",
        post.call.mission.get_absolute_url(): (
            f"http://testserver{post.call.mission.get_absolute_url()}"
        ),
        "/alerts/new/?q=legal": "http://testserver/alerts/new/",
        "/alerts/sent/": "http://testserver/alerts/sent/",
        "/alerts/confirm/not-a-token/": "http://testserver/alerts/confirm/not-a-token/",
        "/no/such/page/": "http://testserver/no/such/page/",
    }
    for url, expected in pages.items():
        assert canonical(client.get(url)) == expected, url


def test_a_list_canonical_drops_empty_parameters_the_first_page_and_tracking(client, post):
    response = client.get(
        "/posts/?status=all&q=&page=1&utm_source=newsletter&fbclid=abc&mission=", follow=True
    )
    assert canonical(response) == "http://testserver/posts/?status=all"
    response = client.get("/calls/?page=2&gclid=x", follow=True)
    assert canonical(response) == "http://testserver/calls/?page=2"


def test_a_post_canonical_is_its_slugged_address_without_parameters(client, post):
    response = client.get(post.get_absolute_url() + "?nationality=NO&utm_medium=email")
    assert canonical(response) == f"http://testserver{post.get_absolute_url()}"


def test_the_canonical_link_uses_site_url_when_set(client, post, settings):
    settings.SITE_URL = "https://jobs.example.org/"
    assert canonical(client.get("/posts/?status=closed")) == (
        "https://jobs.example.org/posts/?status=closed"
    )
    assert canonical(client.get(post.get_absolute_url())) == (
        f"https://jobs.example.org{post.get_absolute_url()}"
    )


# Favicon -------------------------------------------------------------------------------


def test_pages_link_the_favicon_and_csp_allows_it(client, post):
    response = client.get("/posts/")
    icon = re.search(
        r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', response.content.decode()
    )
    assert icon
    assert "img-src 'self'" in response["Content-Security-Policy"]
    served = client.get(icon.group(1))
    assert served.status_code == 200 and served["Content-Type"] == "image/svg+xml"
    assert b"<svg" in b"".join(served.streaming_content)


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("favicon.svg")
    assert client.get(response["Location"]).status_code == 200
