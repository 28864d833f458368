"""An embedded Postgres for machines without a server: used when DATABASE_URL is unset.

pgserver ships the Postgres binaries as a wheel, so a fresh clone needs nothing
installed by hand. The server keeps its data under ``var/postgres`` and stops when
the last process using it exits.
"""

import warnings
from pathlib import Path

DATABASE_NAME = "missionjobs"


def database_settings(data_dir: Path) -> dict:
    with warnings.catch_warnings():
        # platformdirs warns about XDG_RUNTIME_DIR on headless machines: harmless here.
        warnings.simplefilter("ignore")
        import pgserver

        data_dir.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(data_dir)
    _create_database(server)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": str(data_dir),  # a directory: psycopg connects through the socket in it
    }


def _create_database(server) -> None:
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
