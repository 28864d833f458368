"""The Host header and X-Forwarded-Proto are the client's to choose: no page, feed or export
shows another visitor the address one request claimed (issue 14, item 5)."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from tests.factories import CallFactory, PostFactory

pytestmark = pytest.mark.django_db

CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)">')
# What one request in the issue sent: an allowed name (ALLOWED_HOSTS ignores the port) on
# another port, and a scheme of its choosing.
FORGED = {"HTTP_HOST": "127.0.0.1:6666", "HTTP_X_FORWARDED_PROTO": "https"}
SITE_URL = "https://jobs.example.org"


@pytest.fixture
def post(now):
    return PostFactory(title="Legal Adviser", call=CallFactory(deadline=now + timedelta(days=3)))


def cached_urls(post) -> list[str]:
    """The cached pages that carry absolute addresses."""
    return [
        "/",
        "/posts/",
        post.get_absolute_url(),
        post.call.get_absolute_url(),
        "/posts/feed/",
        "/calls.ics",
        "/api/posts/?page_size=1",
        f"/api/posts/{post.pk}/",
    ]


def linked_urls(post) -> list[str]:
    """Every page that writes an absolute address of the site."""
    return [
        *cached_urls(post),
        "/posts.csv",
        "/posts.ics",
        "/sitemap.xml",
        "/sitemap-posts.xml",
        "/robots.txt",
    ]


def text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_a_page_cached_for_a_forged_host_is_never_served_to_others(client, post, settings):
    settings.SITE_URL = ""
    PostFactory(call=post.call)  # a second page of /api/posts/?page_size=1: a "next" link
    for url in cached_urls(post):
        assert "127.0.0.1:6666" in text(client.get(url, **FORGED)), url

        assert "127.0.0.1:6666" not in text(client.get(url)), url


def test_without_site_url_a_page_links_the_address_it_was_asked_at(client, post, settings):
    settings.SITE_URL = ""
    page = client.get(post.get_absolute_url())
    assert CANONICAL.findall(page.content.decode()) == [
        f"http://testserver{post.get_absolute_url()}"
    ]


def test_with_site_url_every_absolute_address_is_the_sites(client, post, settings):
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = ["jobs.example.org", "localhost"]
    PostFactory(call=post.call)
    for url in linked_urls(post):
        body = text(client.get(url, HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO="https"))
        assert "localhost" not in body, url
        assert "jobs.example.org" in body, url


def test_with_site_url_the_json_ld_and_the_feed_name_the_site(client, post, settings):
    settings.SITE_URL = SITE_URL
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'"url": "{SITE_URL}{post.get_absolute_url()}"' in page
    feed = client.get("/posts/feed/").content.decode()
    assert f'<link href="{SITE_URL}{post.get_absolute_url()}" rel="alternate"/>' in feed
    assert f'<link href="{SITE_URL}/posts/feed/" rel="self"/>' in feed


@pytest.mark.parametrize("host", ["testserver:6666", "testserver:443", "[::1]:80"])
def test_a_host_on_another_port_than_site_urls_is_refused(client, post, settings, host):
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = ["testserver", "[::1]"]
    assert client.get(post.get_absolute_url(), HTTP_HOST=host).status_code == 400
    assert client.get("/api/posts/", HTTP_HOST=host).json() == {"detail": "Bad Request."}


def test_the_port_of_site_url_is_the_one_accepted(client, post, settings):
    settings.SITE_URL = "http://testserver:8000"
    assert client.get(post.get_absolute_url(), HTTP_HOST="testserver:8000").status_code == 200
    assert client.get(post.get_absolute_url(), HTTP_HOST="testserver").status_code == 400


def test_without_site_url_any_port_is_served(client, post, settings):
    """`make run`: DEBUG, no SITE_URL, 127.0.0.1 on the port of your choosing."""
    settings.SITE_URL = ""
    assert client.get("/posts/", HTTP_HOST="127.0.0.1:8123").status_code == 200


@pytest.mark.parametrize(
    "site_url",
    ["jobs.example.org", "ftp://jobs.example.org", "https://jobs.example.org/jobs", "https://x:no"],
)
def test_a_site_url_that_is_not_an_address_is_an_error(settings, site_url):
    settings.SITE_URL = site_url
    with pytest.raises(SystemCheckError, match=r"missionjobs\.E001"):
        call_command("check")
