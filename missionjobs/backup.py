"""pg_dump and pg_restore of the project's database, wherever it is (DATABASE_URL or the
embedded server): ``manage.py backup_db FILE`` and ``manage.py restore_db FILE``.

The dump is pg_dump's custom format: every table, sequence, function and trigger of the
database, compressed; pg_restore reads it. The client programs come from the PATH or from
pgserver's bundle, whichever is recent enough for the server (pg_dump refuses servers
newer than itself).
"""

import contextlib
import os
import re
import shutil
import subprocess
from pathlib import Path

from django.db import connection

PGSERVER_BIN = None
# pgserver is in the `local` extra, not in the production image.
with contextlib.suppress(ImportError):
    from pgserver._commands import POSTGRES_BIN_PATH as PGSERVER_BIN


class BackupError(Exception):
    """pg_dump or pg_restore is missing or failed: the message says which and why."""


def server_major() -> int:
    connection.ensure_connection()
    return connection.pg_version // 10000


def _major(program: Path) -> int | None:
    try:
        result = subprocess.run(
            [str(program), "--version"], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    match = re.search(r"(\d+)(?:\.\d+)?", result.stdout)
    return int(match.group(1)) if match else None


def client_program(name: str) -> Path:
    """The ``pg_dump``/``pg_restore`` closest in version to the server, not older than it."""
    server = server_major()
    found = (shutil.which(name), PGSERVER_BIN and PGSERVER_BIN / name)
    programs = [Path(program) for program in found if program]
    candidates = [
        (major, program)
        for program in programs
        if program.exists() and (major := _major(program)) and major >= server
    ]
    if not candidates:
        raise BackupError(
            f"No {name} of version {server} or newer: install the PostgreSQL {server} client"
            " programs."
        )
    return min(candidates)[1]


def libpq_environment() -> dict[str, str]:
    """The connection settings of the default database as libpq environment variables."""
    db = connection.settings_dict
    env = {**os.environ}
    for variable, value in [
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGDATABASE", db.get("NAME")),
        ("PGSSLMODE", db.get("OPTIONS", {}).get("sslmode")),
    ]:
        if value:
            env[variable] = str(value)
    return env


def _run(command: list[str]) -> None:
    result = subprocess.run(
        command, env=libpq_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def dump(path: Path) -> None:
    """The whole database into ``path`` (pg_dump's custom format), consistent as of its start.

    Readable by its owner only, new or overwritten: it holds alert addresses and login
    records. pg_dump writes into the file made here, which keeps its mode whatever the umask.
    """
    program = str(client_program("pg_dump"))
    file = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(file, 0o600)  # a file that was already there keeps its own mode
    finally:
        os.close(file)
    try:
        _run([program, "--format=custom", "--no-owner", "--no-acl", f"--file={path}"])
    except BackupError:
        path.unlink(missing_ok=True)  # a partial dump is no backup
        raise


def table_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        return cursor.fetchone()[0]


def restore(path: Path) -> None:
    """``path`` into the database, which must be empty; all or nothing."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file.")
    if table_count():
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty: restore into a new"
            " database (createdb), then point DATABASE_URL at it."
        )
    program = client_program("pg_restore")
    connection.close()  # pg_restore works in its own session
    _run(
        [
            str(program),
            "--no-owner",
            "--no-acl",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ]
    )
    _move_content_version()


def _move_content_version() -> None:
    """Give the restored data a content version no other database has reached.

    Cached pages and counts are keyed on it (vacancies/caching.py), and the restored data
    repeats the numbers of the database it came from, which went on counting and caching
    pages of other data under them. Rather than empty the cache, which is the running site's
    (restore_db usually targets a new database beside it), the number jumps to the time in
    microseconds: beyond any database's count of changes, and beyond any earlier restore's.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('vacancies_contentversion') IS NOT NULL")
        if cursor.fetchone()[0]:  # not in a backup older than the table: migrate makes it
            cursor.execute(
                "UPDATE vacancies_contentversion"
                " SET number = greatest(number, (extract(epoch FROM clock_timestamp())"
                " * 1000000)::bigint)"
            )
