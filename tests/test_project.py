"""The project as a whole: checks and migrations are clean, settings as production needs."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command


def test_system_checks_pass(settings, tmp_path):
    # A media folder of its own: a local `make run`'s documents are not this test's.
    settings.MEDIA_ROOT = tmp_path
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_models_and_migrations_agree():
    # Exits with status 1 when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_the_production_cache_is_shared_by_the_workers(tmp_path):
    """Two processes with the production settings, as two gunicorn workers: what one
    caches, the other reads."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "missionjobs.settings",
        "CACHE_DIR": str(tmp_path),
        "SECRET_KEY": "tests-only",
        "DATABASE_URL": "postgres://unused@127.0.0.1:1/unused",
    }
    script = "import django; django.setup(); from django.core.cache import cache; {}"
    worker = [sys.executable, "-c"]
    subprocess.run(
        [*worker, script.format("cache.set('page', 'rendered', 60)")], env=env, check=True
    )
    read = subprocess.run(
        [*worker, script.format("print(cache.get('page'))")],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    assert read.stdout.strip() == "rendered"


PREPARED = "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE %s"


@pytest.mark.django_db
def test_a_query_of_a_fixed_shape_is_prepared_and_planned_once():
    """The settings' server-side binding and missionjobs/plans.py: a query of
    vacancies.models.prepared run five times on a connection is prepared (parsed once) from
    its sixth run on, and planned once for every value (a generic plan)."""
    from django.db import connection

    from vacancies.models import Post
    from vacancies.models.prepared import Prepared

    post_by_id = Prepared(lambda pk: Post.objects.filter(pk=pk), 0)
    for pk in range(1, 13):
        post_by_id(pk)
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "auto"
        cursor.execute(PREPARED, ['%WHERE "vacancies_post"."id" = $1%'])
        [(generic, custom)] = cursor.fetchall()
    assert custom == 5  # Postgres's own rule: five runs planned for their values, then
    assert generic == 2  # runs 11 and 12 on the generic plan (the sixth prepares it)


@pytest.mark.django_db
def test_any_other_query_is_planned_for_its_own_values_every_time():
    """A search's words need a plan of their own: the same query run twelve times is never
    prepared, so Postgres never takes one plan for every word."""
    from django.db import connection

    from vacancies.models import Post

    for words in ["police"] * 6 + ["forensic"] * 6:
        list(Post.objects.filter(title__icontains=words))
    with connection.cursor() as cursor:
        cursor.execute(PREPARED, ['%"vacancies_post"."title"::text) LIKE UPPER($1)%'])
        assert cursor.fetchall() == []
