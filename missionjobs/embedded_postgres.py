"""An embedded Postgres for machines without a server: ``manage.py`` and the test settings
start it when DATABASE_URL is unset. The settings themselves only read DATABASE_URL.

pgserver (the ``local`` extra, not installed in the production image) ships the Postgres
binaries as a wheel, so a fresh clone needs nothing installed by hand. The server keeps its
data under ``var/postgres`` (or ``EMBEDDED_POSTGRES_DIR``) and stops when the last process
that started it exits; the processes those start (runserver's, the tests' subprocesses)
inherit DATABASE_URL and start nothing.
"""

import contextlib
import importlib.util
import json
import os
import signal
import sys
import warnings
from pathlib import Path
from urllib.parse import quote

DATA_DIR = Path(__file__).resolve().parent.parent / "var" / "postgres"
DATA_DIR_VARIABLE = "EMBEDDED_POSTGRES_DIR"
DATABASE_NAME = "missionjobs"
# pgserver's list of the processes using the server: the last one to exit stops it.
HANDLES_FILE = ".handle_pids.json"


def configured_data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_VARIABLE) or DATA_DIR)


def use_embedded_if_unset(data_dir: Path | None = None) -> None:
    """Without DATABASE_URL, start the embedded Postgres and set DATABASE_URL to it.

    Without pgserver (the production image) DATABASE_URL stays unset, and the settings say
    so when the database is first needed.
    """
    if os.environ.get("DATABASE_URL") or importlib.util.find_spec("pgserver") is None:
        return
    data_dir = data_dir or configured_data_dir()
    with warnings.catch_warnings():
        # platformdirs warns about XDG_RUNTIME_DIR on headless machines: harmless here.
        warnings.simplefilter("ignore")
        import pgserver  # noqa: PLC0415 (only where the embedded server is wanted)
        from pgserver.postgres_server import PostgresServer  # noqa: PLC0415

        data_dir.mkdir(parents=True, exist_ok=True)
        with PostgresServer._lock:  # noqa: SLF001 (pgserver's own lock on its list)
            forget_exited_processes(data_dir)
        server = pgserver.get_server(data_dir)
    stop_on_hangup_and_terminate()
    _create_database(server)
    # The socket's directory as the host: no TCP port to collide with another server.
    socket_dir = quote(str(server.get_postmaster_info().socket_dir), safe="")
    os.environ["DATABASE_URL"] = f"postgres://postgres@{socket_dir}/{DATABASE_NAME}"


def forget_exited_processes(data_dir: Path) -> None:
    """Drop the processes that have gone from pgserver's list of the server's users.

    pgserver stops the server when the last process on that list exits, at exit; one that
    was killed (SIGKILL, a closed terminal) never takes itself off, and then no later
    process would ever be the last: the server would run on after every ``make run``.
    """
    handles = data_dir / HANDLES_FILE
    with contextlib.suppress(FileNotFoundError, ValueError):
        pids = json.loads(handles.read_text())
        alive = [pid for pid in pids if _is_running(pid)]
        if alive != pids:
            handles.write_text(json.dumps(alive))


def _is_running(pid: int) -> bool:
    import psutil  # noqa: PLC0415 (pgserver's dependency: there when pgserver is)

    try:
        # A killed process nobody has reaped yet is a zombie: gone all the same.
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def stop_on_hangup_and_terminate() -> None:
    """Leave through ``sys.exit`` on SIGHUP (the terminal closed) and SIGTERM, as Ctrl-C
    does, so that the exit handler that stops the server runs; by default those signals
    end the process without running it. Handlers someone else installed are kept."""
    for signum in (signal.SIGHUP, signal.SIGTERM):
        # Only the main thread may set handlers; elsewhere the defaults stay.
        with contextlib.suppress(ValueError):
            if signal.getsignal(signum) is signal.SIG_DFL:
                signal.signal(signum, _exit_on_signal)


def _exit_on_signal(signum, frame) -> None:
    sys.exit(128 + signum)


def _create_database(server) -> None:
    # DATABASE_NAME is a constant of this module: nothing to inject.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
