"""Backup and restore as the README describes them: `manage.py backup_db FILE` of a site
with data, `manage.py restore_db FILE` into a new database, the same rows, a working site."""

import stat
from io import StringIO

import psycopg
import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from devtools.serving import fetch, manage, production_env, serve
from tests.factories import PostFactory
from vacancies.models import ContentVersion

from .databases import database_url


def tables_and_rows(settings_dict: dict, name: str) -> dict[str, tuple[int, str]]:
    """Each table of the database: (row count, a digest of all its rows)."""
    params = {
        "dbname": name,
        "user": settings_dict["USER"],
        "host": settings_dict["HOST"] or None,
        "port": settings_dict["PORT"] or None,
        "password": settings_dict["PASSWORD"] or None,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v}) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {
            table: db.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text),"
                    " '')) FROM {} t"
                ).format(sql.Identifier(table))
            ).fetchone()
            for table in tables
        }


@pytest.fixture
def restored_database():
    """The name of a new, empty database beside the test database; dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"[:63]
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_new_database_has_the_same_rows_and_serves_the_site(
    settings, tmp_path, restored_database, static_root
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_samples", stdout=StringIO())
    PostFactory(title="Head of <b>Security</b> Unit")  # and one typed in the admin
    backup = tmp_path / "missionjobs.dump"

    call_command("backup_db", str(backup), stdout=StringIO())
    env = production_env(
        database_url(connection.settings_dict, restored_database),
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=static_root,
    )
    restore = manage("restore_db", str(backup), env=env)

    assert restore.returncode == 0, restore.stderr
    original = tables_and_rows(connection.settings_dict, connection.settings_dict["NAME"])
    restored = tables_and_rows(connection.settings_dict, restored_database)
    # All but the content version, which the restore moves on (the test below).
    del original["vacancies_contentversion"], restored["vacancies_contentversion"]
    assert restored == original
    assert original["vacancies_post"][0] == 32 and original["vacancies_historicalpost"][0] > 0

    assert manage("migrate", "--check", env=env).returncode == 0  # nothing left to apply
    with serve(env, workers=1, threads=2) as server:
        status, body, _ = fetch(f"{server.url}/posts/?status=all")
        assert status == 200 and ">32 posts<" in body
        # The search vectors and their triggers came back too.
        status, body, _ = fetch(f"{server.url}/posts/?status=all&q=doctor")
        assert status == 200 and "International <mark>Doctor</mark>" in body


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    backup = tmp_path / "missionjobs.dump"
    call_command("backup_db", str(backup), stdout=StringIO())

    with pytest.raises(CommandError, match="is not empty: restore into a new database"):
        call_command("restore_db", str(backup))


@pytest.mark.django_db
@pytest.mark.parametrize("existing", [False, True], ids=["new file", "file overwritten"])
def test_a_backup_is_readable_by_its_owner_only(tmp_path, existing):
    backup = tmp_path / "missionjobs.dump"
    if existing:
        backup.write_bytes(b"yesterday's")
        backup.chmod(0o644)

    call_command("backup_db", str(backup), stdout=StringIO())

    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert backup.read_bytes().startswith(b"PGDMP")


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_another_database_leaves_the_sites_cache_alone(tmp_path, restored_database):
    ContentVersion.objects.get_or_create(id=1)  # a flushed test database has none
    PostFactory()
    backup = tmp_path / "missionjobs.dump"
    call_command("backup_db", str(backup), stdout=StringIO())
    site_cache = FileBasedCache(str(tmp_path / "cache"), {})
    site_cache.set("page:a-page-of-the-site", "<html>")
    env = production_env(
        database_url(connection.settings_dict, restored_database), CACHE_DIR=site_cache._dir
    )

    restore = manage("restore_db", str(backup), env=env)

    assert restore.returncode == 0, restore.stderr
    assert site_cache.get("page:a-page-of-the-site") == "<html>"
    # Nor can a page cached from another database be taken for one of the restored data: its
    # content version is one that no other database has reached.
    original = ContentVersion.objects.get().number
    with psycopg.connect(database_url(connection.settings_dict, restored_database)) as db:
        (restored,) = db.execute("SELECT number FROM vacancies_contentversion").fetchone()
    assert restored > original + 10**12
