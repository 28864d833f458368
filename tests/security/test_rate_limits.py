"""Search, the API, alert sign-ups and admin logins are rate limited per client address,
answered with 429 and a Retry-After; counts are shared through Postgres."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits(settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMITS = {"search": "3/m", "api": "2/m", "alerts": "2/h", "login": "2/h"}


def test_search_over_the_limit_gets_a_429_page(client):
    statuses = [client.get("/posts/", {"q": "monitor"}).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = client.get("/posts.csv")  # the feed and exports count as searches
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Too many requests" in response.content.decode()


@pytest.mark.parametrize(
    "path, limit", [("/posts/feed/", 3), ("/posts.ics", 3), ("/api/openapi.json", 2)]
)
def test_the_feed_the_calendar_and_the_api_schema_are_limited_too(client, path, limit):
    statuses = [client.get(path).status_code for _ in range(limit + 1)]

    assert statuses == [200] * limit + [429]


def test_the_api_over_the_limit_gets_a_json_429(client):
    post = PostFactory()
    assert client.get("/api/posts/").status_code == 200
    assert client.get(f"/api/posts/{post.pk}/").status_code == 200

    response = client.get("/api/posts/")
    assert response.status_code == 429 and response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("Too many requests: try again in")


def test_each_address_has_its_own_count(client):
    for _ in range(3):
        client.get("/posts/", REMOTE_ADDR="192.0.2.1")
    assert client.get("/posts/", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get("/posts/", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_ipv6_clients_are_counted_by_their_64(client):
    for host in ("2001:db8::1", "2001:db8::2", "2001:db8::3"):
        client.get("/posts/", REMOTE_ADDR=host)
    assert client.get("/posts/", REMOTE_ADDR="2001:db8::ffff").status_code == 429
    assert client.get("/posts/", REMOTE_ADDR="2001:db8:0:1::1").status_code == 200


def test_behind_a_proxy_the_configured_header_names_the_client(client, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for _ in range(3):
        client.get("/posts/", HTTP_X_REAL_IP="198.51.100.7")
    assert client.get("/posts/", HTTP_X_REAL_IP="198.51.100.7").status_code == 429
    assert client.get("/posts/", HTTP_X_REAL_IP="198.51.100.8").status_code == 200


def test_the_header_is_ignored_from_a_client_that_is_not_a_trusted_proxy(client, settings):
    """A client talking to gunicorn directly cannot choose its address (issue 14, item 6)."""
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for n in range(3):
        client.get("/posts/", REMOTE_ADDR="203.0.113.5", HTTP_X_REAL_IP=f"198.51.100.{n}")
    response = client.get("/posts/", REMOTE_ADDR="203.0.113.5", HTTP_X_REAL_IP="198.51.100.9")
    assert response.status_code == 429


def test_the_header_is_honoured_from_the_proxies_in_trusted_proxies(client, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::7"]
    for proxy in ("10.0.0.2", "10.1.2.3", "2001:db8::7"):
        client.get("/posts/", REMOTE_ADDR=proxy, HTTP_X_REAL_IP="198.51.100.7")

    def status(client_address: str) -> int:
        return client.get(
            "/posts/", REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP=client_address
        ).status_code

    assert status("198.51.100.7") == 429
    assert status("198.51.100.8") == 200


def test_trusted_proxies_that_are_not_addresses_are_an_error(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "proxy.internal"]
    with pytest.raises(SystemCheckError, match=r"missionjobs\.E002"):
        call_command("check")


def test_a_client_cannot_escape_its_count_by_forging_x_forwarded_for(client, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    for n in range(3):  # the proxy appends the address it saw: the last one
        client.get("/posts/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 198.51.100.7")
    assert client.get("/posts/", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7").status_code == 429


def test_alert_sign_ups_are_limited_but_the_form_is_not(client, mailoutbox):
    for n in range(2):
        assert (
            client.post("/alerts/new/", {"email": f"a{n}@example.org", "search": ""}).status_code
            == 302
        )
    assert client.post("/alerts/new/", {"email": "a3@example.org", "search": ""}).status_code == 429
    assert client.get("/alerts/new/").status_code == 200
    assert len(mailoutbox) == 2


def test_admin_login_attempts_are_limited_per_address(client):
    for _ in range(2):
        client.post("/admin/login/", {"username": "nobody", "password": "wrong"})
    assert (
        client.post("/admin/login/", {"username": "someone-else", "password": "wrong"}).status_code
        == 429
    )
    assert client.get("/admin/login/").status_code == 200


def test_post_pages_are_not_limited(client):
    post = PostFactory()
    assert {client.get(post.get_absolute_url()).status_code for _ in range(5)} == {200}


def test_counters_are_shared_in_the_database(client):
    client.get("/posts/")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT hits FROM vacancies_ratelimit WHERE key LIKE 'search:3/60:127.0.0.1:%%'"
        )
        assert cursor.fetchone() == (1,)


def test_rate_limits_can_be_turned_off(client, settings):
    settings.RATELIMIT_ENABLE = False
    assert {client.get("/posts/").status_code for _ in range(5)} == {200}
