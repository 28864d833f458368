"""Read replicas (missionjobs/db_router.py): which database serves which query.

``replica1`` is a second connection to the test database (tests/settings.py), so each query
shows which alias ran it; the last tests point it at a database of its own, as a replica
that lags.
"""

import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connections, router, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from missionjobs.db_router import (
    PIN_COOKIE,
    PRIMARY,
    ROUTER,
    ReplicaReadsMiddleware,
    reading_from,
)
from tests.factories import PostFactory, VacancyFactory
from vacancies.models import Alert, ContentVersion, Post

REPLICA = "replica1"
# Committed, not rolled back: the replica's connection sees committed rows only, and the
# router reads from the primary inside a transaction, which a rolled-back test is.
pytestmark = pytest.mark.django_db(transaction=True, databases=[PRIMARY, REPLICA])
# For the tests that route nothing by the request.
rolled_back = pytest.mark.django_db(databases=[PRIMARY, REPLICA])


@pytest.fixture(autouse=True)
def replicas(settings):
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.REPLICA_PIN_SECONDS = 30
    yield
    # A rolled-back test leaves it open, and an open connection keeps the test database
    # from being dropped at the end.
    connections[REPLICA].close()


@pytest.fixture
def post():
    ContentVersion.objects.get_or_create(id=1)  # a flushed database (the last test's) has none
    return VacancyFactory(post__title="Rule of Law Adviser").post


@pytest.fixture
def staff(client):
    user = User.objects.create_superuser("boss", "boss@example.org", "a-long-password-1")
    client.force_login(user)
    return user


@contextmanager
def queries():
    """The SQL each database ran: ``{"default": [...], "replica1": [...]}``."""
    captured = {alias: CaptureQueriesContext(connections[alias]) for alias in (PRIMARY, REPLICA)}
    for context in captured.values():
        context.__enter__()
    ran = {}
    try:
        yield ran
    finally:
        for alias, context in captured.items():
            context.__exit__(None, None, None)
            ran[alias] = [query["sql"] for query in context.captured_queries]


def sign_up(client):
    return client.post("/alerts/new/", {"email": "reader@example.org", "search": "q=law"})


def test_the_post_list_reads_from_a_replica(client, post):
    with queries() as ran:
        response = client.get("/posts/")

    assert response.status_code == 200
    assert "Rule of Law Adviser" in response.content.decode()
    assert ran[REPLICA]
    assert ran[PRIMARY] == []


def test_a_post_page_reads_from_a_replica(client, post):
    with queries() as ran:
        response = client.get(post.get_absolute_url())

    assert response.status_code == 200
    assert ran[REPLICA]
    assert ran[PRIMARY] == []


def test_a_write_reads_and_writes_on_the_primary(client, settings):
    settings.SITE_URL = "https://jobs.example.org"

    with queries() as ran:
        response = sign_up(client)

    assert response.status_code == 302
    assert ran[REPLICA] == []
    assert any(sql.startswith("INSERT") for sql in ran[PRIMARY])


def test_the_admin_reads_from_the_primary(client, staff, post):
    with queries() as ran:
        response = client.get("/admin/vacancies/post/")

    assert response.status_code == 200
    assert ran[REPLICA] == []


def test_staff_read_public_pages_from_the_primary(client, staff, post):
    with queries() as ran:
        client.get("/posts/")
        client.get(post.get_absolute_url())

    assert ran[REPLICA] == []


def test_a_client_that_wrote_reads_from_the_primary_until_the_pin_expires(client, settings, post):
    settings.SITE_URL = "https://jobs.example.org"
    assert PIN_COOKIE in sign_up(client).cookies

    with queries() as ran:
        client.get("/posts/")
    assert ran[REPLICA] == []

    later = time.time() + settings.REPLICA_PIN_SECONDS + 1
    with mock.patch("django.core.signing.time", mock.Mock(time=lambda: later)), queries() as ran:
        client.get("/posts/")
    assert ran[REPLICA]


def test_saving_in_the_admin_pins_the_editor_to_the_primary(client, staff, post):
    response = client.post(
        f"/admin/vacancies/post/{post.pk}/delete/", {"post": "yes"}, follow=False
    )

    assert response.status_code == 302
    assert response.cookies[PIN_COOKIE]["max-age"] == 30


@pytest.mark.parametrize(
    "method, path, cookies, reads_from",
    [
        ("GET", "/posts/", {}, REPLICA),
        ("HEAD", "/api/posts/", {}, REPLICA),
        ("POST", "/alerts/new/", {}, PRIMARY),
        ("GET", "/admin/", {}, PRIMARY),
        ("GET", "/posts/", {"sessionid": "staff"}, PRIMARY),
    ],
)
@rolled_back
def test_where_a_request_reads(rf, method, path, cookies, reads_from):
    request = rf.generic(method, path)
    request.COOKIES.update(cookies)

    assert ReplicaReadsMiddleware(HttpResponse).reads_from(request) == reads_from


@rolled_back
def test_writes_never_reach_a_replica(post):
    with reading_from(REPLICA), queries() as ran:
        Post.objects.filter(pk=post.pk).update(title="Senior Rule of Law Adviser")
        PostFactory(call=post.call)

    assert ran[REPLICA] == []


def test_reads_in_a_transaction_stay_on_the_primary(post):
    with reading_from(REPLICA), queries() as ran, transaction.atomic():
        Post.objects.get(pk=post.pk)

    assert ran[REPLICA] == []


def test_sessions_users_and_alerts_are_read_from_the_primary(staff):
    with reading_from(REPLICA), queries() as ran:
        Session.objects.count()
        User.objects.count()
        Alert.objects.count()

    assert ran[REPLICA] == []
    assert len(ran[PRIMARY]) == 3


def test_outside_a_request_reads_from_the_primary(post):
    with queries() as ran:
        assert Post.objects.count() == 1
        ContentVersion.current()

    assert ran[REPLICA] == []


@rolled_back
def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate_model(PRIMARY, Post)
    assert not router.allow_migrate_model(REPLICA, Post)
    assert not router.allow_migrate(REPLICA, "auth")

    with queries() as ran:
        call_command("migrate", database=REPLICA, verbosity=0)

    assert not any(sql.startswith(("CREATE", "ALTER", "INSERT")) for sql in ran[REPLICA])


# Two databases -------------------------------------------------------------------------


@pytest.fixture
def lagging_replica(post):
    """``replica1`` on a copy of the test database taken now: a replica that has not yet
    received what is written after."""
    primary = connections[PRIMARY]
    replica = connections[REPLICA]
    name = replica.settings_dict["NAME"]
    # A database is copied only while no one is connected to it: earlier tests' threads
    # (live servers, background senders) may still hold connections of their own.
    with primary.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connections.close_all()
    primary.creation.clone_test_db(suffix="replica", verbosity=0)
    replica.settings_dict["NAME"] = primary.creation.get_test_db_clone_settings("replica")["NAME"]
    yield
    replica.close()
    replica.settings_dict["NAME"] = name
    primary.creation.destroy_test_db(suffix="replica", verbosity=0)


def test_public_pages_show_the_replicas_rows_and_the_admin_the_primarys(
    client, lagging_replica, post
):
    PostFactory(call=post.call, title="Head of Mission Support")  # not on the replica yet

    public = client.get("/posts/").content.decode()
    assert "Rule of Law Adviser" in public
    assert "Head of Mission Support" not in public

    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "password"))
    admin = client.get("/admin/vacancies/post/").content.decode()
    assert "Head of Mission Support" in admin


def test_a_client_that_wrote_sees_the_primarys_rows(client, settings, lagging_replica, post):
    settings.SITE_URL = "https://jobs.example.org"
    PostFactory(call=post.call, title="Head of Mission Support")

    sign_up(client)

    assert "Head of Mission Support" in client.get("/posts/").content.decode()


def test_a_page_is_cached_under_the_replicas_content_version(client, lagging_replica, post):
    behind = ContentVersion.current(using=REPLICA).number
    PostFactory(call=post.call, title="Head of Mission Support")
    assert ContentVersion.current(using=PRIMARY).number > behind

    response = client.get("/posts/")

    assert response["ETag"].startswith(f'"{behind}-')


def test_rows_read_from_a_replica_relate_to_the_primarys(post):
    call = type(post.call).objects.using(REPLICA).get(pk=post.call_id)

    assert router.allow_relation(call, post)


@rolled_back
def test_each_replica_url_is_a_database_connected_to_as_the_primary():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "missionjobs.settings",
        "SECRET_KEY": "tests-only",
        "DATABASE_URL": "postgres://app@primary:5432/jobs",
        "DATABASE_REPLICA_URLS": "postgres://app@replica-a:5432/jobs, postgres://app@replica-b/jobs",
    }
    script = (
        "from django.conf import settings as s; import json; print(json.dumps(["
        "{a: [d['HOST'], d['CONN_MAX_AGE'], d['OPTIONS']] for a, d in s.DATABASES.items()},"
        " s.DATABASE_ROUTERS]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True
    )

    databases, routers = json.loads(result.stdout)
    _, max_age, options = databases["default"]
    assert databases == {
        "default": ["primary", max_age, options],
        "replica1": ["replica-a", max_age, options],
        "replica2": ["replica-b", max_age, options],
    }
    assert routers == [ROUTER]
