"""Security headers on every response: CSP (no unsafe-inline on public pages), HSTS for a
year over HTTPS, nosniff, Referrer-Policy, Permissions-Policy, framing refused; cookies
secure and HTTP-only."""

import pytest
from django.contrib.auth.models import User

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/",
    "/posts/",
    "/posts/?q=monitor",
    "/calls/",
    "/posts/feed/",
    "/posts.csv",
    "/posts.ics",
    "/api/posts/",
    "/api/openapi.json",
    "/robots.txt",
    "/sitemap.xml",
    "/alerts/new/",
    "/healthz",
    "/no-such-page/",
]


def directives(header: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.fixture
def post():
    return PostFactory()


@pytest.mark.parametrize("url", PUBLIC)
def test_public_responses_carry_a_strict_policy_and_the_security_headers(client, post, url):
    response = client.get(url)

    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["default-src"] == ["'none'"] and policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"] and policy["form-action"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", [*PUBLIC, "/admin/login/"])
def test_every_response_denies_the_browser_features_the_site_never_uses(client, post, url):
    features = dict(
        part.strip().split("=") for part in client.get(url)["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


def test_a_post_page_has_the_policy_too(client, post):
    response = client.get(post.get_absolute_url())
    assert (
        response.status_code == 200 and "script-src 'self'" in response["Content-Security-Policy"]
    )


def test_hsts_for_a_year_over_https(client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_the_admin_allows_inline_styles_but_no_inline_script(client):
    policy = directives(client.get("/admin/login/")["Content-Security-Policy"])
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["script-src"] == ["'self'"]


def test_plain_http_is_redirected_to_https_but_the_health_check_is_not(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/posts/")
    assert response.status_code == 301 and response["Location"] == "https://testserver/posts/"
    assert client.get("/healthz").status_code == 200


def test_session_and_csrf_cookies_are_secure_and_the_session_is_http_only(client):
    User.objects.create_superuser("admin", "admin@example.org", "a-long-password-1")
    login = client.get("/admin/login/")
    response = client.post(
        "/admin/login/",
        {
            "username": "admin",
            "password": "a-long-password-1",
            "csrfmiddlewaretoken": login.cookies["csrftoken"].value,
        },
        secure=True,
    )

    assert response.status_code == 302
    session, csrf = client.cookies["sessionid"], client.cookies["csrftoken"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert csrf["secure"]
