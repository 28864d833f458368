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
