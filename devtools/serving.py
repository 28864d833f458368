"""Serve the site as production does, on loopback: the Dockerfile's command (gunicorn with
missionjobs/gunicorn.py), DEBUG off, static files collected, a given DATABASE_URL. Used by
the load benchmark (bench/run.py, bench/workers.py), the soak test (bench/soak.py) and the
operations tests (tests/security/).

    env = production_env(database_url, STATIC_ROOT=...)
    manage("migrate", "--noinput", env=env, check=True)
    collect_static(env)
    with serve(env) as site:
        fetch(site.url + "/posts/")

What a caller changes is a parameter: the settings module (bench.settings adds the
benchmark's hello-world page), plain HTTP or behind a TLS proxy, the rate limits, the
number of workers and threads, gunicorn's own options, where its log goes.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
# What the TLS-terminating proxy of production adds: without it the site redirects to https.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
# The groups of missionjobs.settings.RATELIMITS, each read from RATELIMIT_<GROUP>.
RATE_LIMIT_GROUPS = ("SEARCH", "API", "ALERTS", "LOGIN")
START_SECONDS = 60  # the longest wait for a new server to answer
STOP_SECONDS = 30  # gunicorn's graceful_timeout is 20 s


def production_env(
    database_url: str,
    *,
    settings: str = "missionjobs.settings",
    behind_proxy: bool = False,
    rate_limit: str | None = None,
    **extra: str,
) -> dict[str, str]:
    """The environment of a production deployment on loopback.

    ``behind_proxy``: keep the production redirect to https, as behind the TLS proxy; the
    client then sends PROXY_HEADERS. Otherwise the site answers plain HTTP.
    ``rate_limit``: every group's limit ("1000000/m"); None keeps the production limits.
    The rest of os.environ is kept (GUNICORN_WORKERS, BENCH_CACHE ...) but for the
    DJANGO_* and PYTEST* variables of the calling process.
    """
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": settings,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),  # bench.settings and devtools are not installed packages
        }
    )
    if not behind_proxy:
        env["SECURE_SSL_REDIRECT"] = "0"
    if rate_limit:
        env.update({f"RATELIMIT_{group}": rate_limit for group in RATE_LIMIT_GROUPS})
    env.update(extra)
    return env


class CommandFailedError(subprocess.CalledProcessError):
    """A manage.py command failed; its message ends with what it wrote."""

    def __str__(self) -> str:
        said = "\n".join(text[-3000:] for text in (self.stdout, self.stderr) if text)
        return f"manage.py {' '.join(self.cmd[2:])} failed ({self.returncode})" + (
            f":\n{said}" if said else ""
        )


def manage(
    *args: str, env: dict, check: bool = False, capture: bool = True, timeout: float | None = 120
) -> subprocess.CompletedProcess:
    """``manage.py *args`` in a process of its own. ``capture``: keep its output (in the
    result, and in the error when ``check``) instead of showing it."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=capture,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and result.returncode:
        raise CommandFailedError(result.returncode, result.args, result.stdout, result.stderr)
    return result


def collect_static(env: dict) -> None:
    """The static files into the settings' STATIC_ROOT, hashed and compressed, as the
    Dockerfile collects them; whitenoise serves nothing else with DEBUG off."""
    manage("collectstatic", "--noinput", "-v0", env=env, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 10, headers: dict | None = None) -> tuple[int, str, dict]:
    """(status, body, headers) of a GET, whatever the status."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


class NotServingError(RuntimeError):
    """The server exited, or did not answer in time; the message ends with its log."""


@dataclass
class Server:
    """A gunicorn master started by serve(): ``process.pid`` is the master's."""

    port: int
    process: subprocess.Popen
    log: IO[str]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log_text(self) -> str:
        """What the server wrote so far. Read without moving the file's offset, which the
        server's processes share and write at."""
        self.log.flush()
        fd = self.log.fileno()
        return os.pread(fd, os.fstat(fd).st_size, 0).decode(errors="replace")


def start(  # noqa: PLR0913 - keyword-only options, each named by its callers
    env: dict,
    port: int,
    *,
    workers: int | None = None,
    threads: int | None = None,
    args: Sequence[str] = (),
    log: IO[str] | None = None,
) -> Server:
    """The Dockerfile's command, bound to 127.0.0.1:``port``. ``workers`` and ``threads``
    go through the environment, which missionjobs/gunicorn.py reads (the number of
    connections a worker takes follows the threads); None keeps its defaults. ``args``:
    more of gunicorn's options. Its output (access log included) goes to ``log``, an open
    text file, by default a temporary one."""
    env = dict(env)
    if workers is not None:
        env["GUNICORN_WORKERS"] = str(workers)
    if threads is not None:
        env["GUNICORN_THREADS"] = str(threads)
    log = log or tempfile.TemporaryFile("w+")  # noqa: SIM115 - the Server holds it open
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "missionjobs.wsgi",
            "--config",
            "python:missionjobs.gunicorn",
            "--bind",
            f"{HOST}:{port}",
            *args,
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        # A group of its own, stopped as one (master and workers), and out of reach of
        # the terminal's Ctrl-C, which the caller handles by stopping it.
        start_new_session=True,
    )
    return Server(port, process, log)


def wait_until_answering(server: Server, path: str = "/healthz", seconds: float = START_SECONDS):
    """Until ``path`` answers 200 (/healthz: exempt from the https redirect, and it asks the
    database), or raise NotServingError."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise NotServingError(f"gunicorn exited:\n{server.log_text()[-3000:]}")
        try:
            if fetch(server.url + path, timeout=5, headers=PROXY_HEADERS)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise NotServingError(
        f"{server.url}{path} did not answer within {seconds:g} s:\n{server.log_text()[-3000:]}"
    )


def stop(server: Server) -> None:
    """Stop the master and its workers, gracefully, then not."""
    stop_group(server.process, signal.SIGTERM)


def stop_group(
    process: subprocess.Popen, first: signal.Signals, seconds: float = STOP_SECONDS
) -> None:
    """Send ``first`` to the process's group, wait ``seconds``, then kill the group."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, first)
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


@contextmanager
def serve(env: dict, port: int | None = None, **options) -> Iterator[Server]:
    """A server that answers (see start() for ``options``), stopped on the way out, on
    error and on Ctrl-C too."""
    server = start(env, port or free_port(), **options)
    try:
        wait_until_answering(server)
        yield server
    finally:
        stop(server)
        if options.get("log") is None:  # the temporary log start() opened
            server.log.close()


@contextmanager
def throwaway_postgres(prefix: str = "mj-pg-") -> Iterator[object]:
    """A Postgres server of its own (pgserver's binaries, a temporary data directory, a
    socket only: no TCP port), deleted afterwards. Yields the pgserver handle."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs on XDG_RUNTIME_DIR
        import pgserver

    # A short, lower-case path: the socket lives in it, and DATABASE_URL hosts are lower-cased.
    parent = Path(tempfile.mkdtemp(prefix=prefix))
    server = pgserver.get_server(parent / "pgdata", cleanup_mode="delete")
    try:
        yield server
    finally:
        server.cleanup()
        shutil.rmtree(parent, ignore_errors=True)


def throwaway_url(server, name: str = "postgres") -> str:
    """DATABASE_URL of a database of a throwaway_postgres(): its socket directory as host."""
    socket_dir = server.get_postmaster_info().socket_dir
    return f"postgres://postgres@{quote(str(socket_dir), safe='')}/{name}"
