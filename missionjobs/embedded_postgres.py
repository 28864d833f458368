"""An embedded Postgres for machines without a server: ``manage.py`` and the test settings
start it when DATABASE_URL is unset. The settings themselves only read DATABASE_URL.

pgserver (the ``local`` extra, not installed in the production image) ships the Postgres
binaries as a wheel, so a fresh clone needs nothing installed by hand. The server keeps its
data under ``var/postgres`` and stops when the last process that started it exits; the
processes those start (runserver's, the tests' subprocesses) inherit DATABASE_URL.
"""

import importlib.util
import os
import warnings
from pathlib import Path
from urllib.parse import quote

DATA_DIR = Path(__file__).resolve().parent.parent / "var" / "postgres"
DATABASE_NAME = "missionjobs"


def use_embedded_if_unset(data_dir: Path = DATA_DIR) -> None:
    """Without DATABASE_URL, start the embedded Postgres and set DATABASE_URL to it.

    Without pgserver (the production image) DATABASE_URL stays unset, and the settings say
    so when the database is first needed.
    """
    if os.environ.get("DATABASE_URL") or importlib.util.find_spec("pgserver") is None:
        return
    with warnings.catch_warnings():
        # platformdirs warns about XDG_RUNTIME_DIR on headless machines: harmless here.
        warnings.simplefilter("ignore")
        import pgserver  # noqa: PLC0415 (only where the embedded server is wanted)

        data_dir.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(data_dir)
    _create_database(server)
    # The socket's directory as the host: no TCP port to collide with another server.
    socket_dir = quote(str(server.get_postmaster_info().socket_dir), safe="")
    os.environ["DATABASE_URL"] = f"postgres://postgres@{socket_dir}/{DATABASE_NAME}"


def _create_database(server) -> None:
    # DATABASE_NAME is a constant of this module: nothing to inject.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
