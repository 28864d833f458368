"""The admin resists password guessing: django-axes locks a username out from an address
after repeated failures, and passwords must be long and not common."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-password-1"


@pytest.fixture
def admin_user():
    return User.objects.create_superuser("admin", "admin@example.org", PASSWORD)


def log_in(client, password, username="admin", address="192.0.2.10", **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def test_five_wrong_passwords_lock_the_account_out_from_that_address(client, admin_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "guess").status_code == 200  # the form again, with an error

    locked = log_in(client, "guess")
    assert locked.status_code == 429 and "Login locked" in locked.content.decode()
    assert (
        AccessAttempt.objects.get(username="admin").failures_since_start
        == settings.AXES_FAILURE_LIMIT
    )
    # Even the right password is refused now, from that address.
    assert log_in(client, PASSWORD).status_code == 429


def test_the_lock_out_says_when_to_try_again(client, admin_user, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "guess")

    locked = log_in(client, "guess")

    assert locked.status_code == 429 and locked["Retry-After"] == "900"
    assert "Try again in 15 minutes" in locked.content.decode()


def test_a_login_without_a_next_page_lands_on_the_admin(client, admin_user):
    """As after a refused login whose form lost its `next` (a lock-out's page, a reload)."""
    refused = client.post("/admin/login/", {"username": "admin", "password": "guess"})
    assert refused.status_code == 200  # the form again
    response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_failed_logins_are_logged_with_the_address_not_the_username(client, admin_user, caplog):
    log_in(client, "guess", username="admin-with-Pa55word-typed-in")

    (line,) = [record.getMessage() for record in caplog.records if record.name.startswith("axes")]
    assert "192.0.2.10" in line and "Pa55word" not in line


def test_the_lock_out_is_for_that_address_only(client, admin_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "guess")

    response = log_in(client, PASSWORD, address="198.51.100.20")
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_a_forged_client_address_header_does_not_escape_the_lock_out(client, admin_user, settings):
    """Straight to gunicorn, not through the proxy: X-Real-IP is the client's own (issue 14)."""
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "guess", address="203.0.113.5", HTTP_X_REAL_IP=f"198.51.100.{n}")

    locked = log_in(client, PASSWORD, address="203.0.113.5", HTTP_X_REAL_IP="198.51.100.99")
    assert locked.status_code == 429


def test_behind_the_proxy_the_lock_out_is_for_the_address_it_names(client, admin_user, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "guess", address="127.0.0.1", HTTP_X_REAL_IP="198.51.100.1")

    locked = log_in(client, PASSWORD, address="127.0.0.1", HTTP_X_REAL_IP="198.51.100.1")
    assert locked.status_code == 429
    # Another client behind the same proxy is not locked out.
    assert (
        log_in(client, PASSWORD, address="127.0.0.1", HTTP_X_REAL_IP="198.51.100.2").status_code
        == 302
    )


def test_a_successful_login_forgets_earlier_failures(client, admin_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "guess")
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()
    assert log_in(client, "guess").status_code == 200  # a fresh count, not a lock-out


@pytest.mark.parametrize(
    "password, problem",
    [
        ("Sh0rt-pass", "too short"),
        ("password1234", "too common"),
        ("481516234278", "entirely numeric"),
        ("hr.editor.missionjobs", "too similar"),
    ],
)
def test_weak_passwords_are_refused(password, problem):
    user = User(username="hr.editor", email="hr.editor@missionjobs.example")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert problem in " ".join(refused.value.messages)
