"""/healthz checks the database; a request that fails for want of the database gets a
503 page that says to come back, any other failure a 500 page; never a traceback."""

import pytest
from django.db import OperationalError
from django.test import Client

from vacancies import views

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_does(client):
    response = client.get("/healthz")

    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("missionjobs.views.connection.cursor", broken)
    response = client.get("/healthz")

    assert response.status_code == 503 and response.json()["database"] == "error"


def test_healthz_is_not_rate_limited(client, settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMITS = {**settings.RATELIMITS, "search": "1/m", "api": "1/m"}
    assert {client.get("/healthz").status_code for _ in range(5)} == {200}


@pytest.fixture
def failing_client(monkeypatch):
    """A client that sees what a browser sees when a view fails (no exception re-raised)."""

    def fail_with(error):
        def get_context_data(self, **kwargs):
            raise error

        monkeypatch.setattr(views.HomeView, "get_context_data", get_context_data)
        return Client(raise_request_exception=False)

    return fail_with


def test_a_page_that_loses_the_database_is_a_503_to_come_back_to(failing_client):
    response = failing_client(OperationalError("server closed the connection unexpectedly")).get(
        "/"
    )

    assert response.status_code == 503 and response["Retry-After"] == "30"
    body = response.content.decode()
    assert "Back in a moment" in body and "Traceback" not in body and "server closed" not in body


def test_any_other_failure_is_a_500_page_without_details(failing_client):
    response = failing_client(ValueError("secret detail")).get("/")

    assert response.status_code == 500
    body = response.content.decode()
    assert (
        "Something went wrong" in body and "secret detail" not in body and "Traceback" not in body
    )


def test_a_failing_query_is_a_500_not_a_503(failing_client):
    from django.db import ProgrammingError

    response = failing_client(ProgrammingError('relation "vacancies_post" does not exist')).get("/")
    assert response.status_code == 500
