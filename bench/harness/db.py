"""The bench database: a database of its own (never the development one), dropped and
created again for each run unless reused, migrated, filled with generated posts, vacuumed.

Its server: --database-url, else BENCH_DATABASE_URL, else the embedded Postgres of
`make run` (var/postgres). Its name: missionjobs_bench, or BENCH_DATABASE_NAME (two
benchmarks on one server).
"""

import contextlib
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from devtools.serving import collect_static, manage, production_env

DATABASE_NAME = os.environ.get("BENCH_DATABASE_NAME", "missionjobs_bench")
SEED = 1
# The rate limits stay on (their counting is part of each request's cost) but so high that
# one client making thousands of requests a minute is never refused.
UNLIMITED = "1000000000/m"


def bench_database_url(given: str | None) -> tuple[str, str]:
    """(URL of the bench database, which server it is on, for the report)."""
    url = given or os.environ.get("BENCH_DATABASE_URL")
    if url:
        return urlunsplit(urlsplit(url)._replace(path="/" + DATABASE_NAME)), "BENCH_DATABASE_URL"
    return with_database(embedded_url(), DATABASE_NAME), "embedded, var/postgres"


def embedded_url() -> str:
    """The embedded Postgres of `make run`, started if need be (it stops with this process
    unless another uses it), whatever DATABASE_URL says: the bench never uses that one."""
    from missionjobs.embedded_postgres import use_embedded_if_unset

    configured = os.environ.pop("DATABASE_URL", None)
    try:
        use_embedded_if_unset()
        url = os.environ.get("DATABASE_URL")
    finally:
        if configured is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = configured
    if not url:
        raise SystemExit("No embedded Postgres (pgserver is not installed): pass --database-url.")
    return url


def with_database(url: str, database: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + database))


def connect(url: str, database: str | None = None):
    """A connection that libpq opens from the URL itself, a socket directory as host
    included (percent-encoded)."""
    import psycopg

    return psycopg.connect(with_database(url, database) if database else url, autocommit=True)


def recreate_database(url: str) -> None:
    with connect(url, "postgres") as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE_NAME}")


def ensure_database(url: str) -> None:
    with connect(url, "postgres") as conn:
        if not conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone():
            conn.execute(f"CREATE DATABASE {DATABASE_NAME}")


def prepare(url: str) -> dict:
    """Migrate the bench database and collect the static files; the environment that
    manage.py and gunicorn run with: the production settings (bench.settings adds the
    hello-world page) behind the TLS proxy, on the bench database."""
    env = production_env(url, settings="bench.settings", behind_proxy=True, rate_limit=UNLIMITED)
    print("== migrate, collectstatic", flush=True)
    manage("migrate", "--noinput", "-v0", env=env, check=True, capture=False, timeout=None)
    collect_static(env)
    return env


def generate(env: dict, posts: int, *, clear: bool = True, show: bool = True) -> None:
    """``posts`` generated posts, the same for the same SEED; ``clear``: replacing those
    there. generate_posts is installed by bench.settings only (devtools/datagen)."""
    args = ["generate_posts", "--posts", str(posts), "--seed", str(SEED)]
    env = {**env, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    manage(
        *args, *(["--clear"] if clear else []), env=env, check=True, capture=not show, timeout=None
    )


def count_posts(url: str) -> int:
    with connect(url) as conn:
        return conn.execute("SELECT count(*) FROM vacancies_post").fetchone()[0]


def vacuum(url: str) -> str:
    """VACUUM ANALYZE, as autovacuum would have in production; then a checkpoint, so that
    neither runs during the load. Returns the database's size."""
    with connect(url) as conn:
        conn.execute("VACUUM (ANALYZE)")
        # Not a superuser: the next checkpoint comes on its own.
        with contextlib.suppress(Exception):
            conn.execute("CHECKPOINT")
        return conn.execute(
            "SELECT pg_size_pretty(pg_database_size(current_database()))"
        ).fetchone()[0]


# The bench database's tables, indexes and TOAST, as pg_prewarm and the files name them.
_RELATIONS = """
SELECT c.oid, pg_relation_filepath(c.oid) FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'i', 't', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
"""


def warm(url: str) -> str:
    """Read the bench database once into the operating system's cache, as a server that has
    run for a while holds it (the crowd reads posts all over the table: a cold disk would be
    measured, not the site). With pg_prewarm where the server has it, else the files
    themselves when they are on this machine (the embedded Postgres). Says which."""
    import psycopg

    with connect(url) as conn:
        try:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        except psycopg.Error:
            pass
        else:
            blocks = conn.execute(
                f"SELECT sum(pg_prewarm(oid, 'read')) FROM ({_RELATIONS}) AS relation"  # noqa: S608
            ).fetchone()[0]
            return f"{blocks * 8 // 1024:,} MB read with pg_prewarm"
        data = Path(conn.execute("SHOW data_directory").fetchone()[0])
        files = [data / path for _, path in conn.execute(_RELATIONS) if path]
    read = 0
    for first in files:
        for segment in [first, *first.parent.glob(f"{first.name}.*")]:
            with contextlib.suppress(OSError), segment.open("rb") as relation:
                while chunk := relation.read(1 << 20):
                    read += len(chunk)
    if not read:
        return "not read (no pg_prewarm, and its files are not on this machine)"
    return f"{read // 2**20:,} MB of its files read"


def server_version(url: str) -> str:
    with connect(url) as conn:
        return conn.execute("SHOW server_version").fetchone()[0].split()[0]


def last_migration(url: str) -> str:
    """The code under test changes fast: say which schema was measured."""
    with connect(url) as conn:
        row = conn.execute(
            "SELECT name FROM django_migrations WHERE app = 'vacancies' ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return row[0] if row else "none"
