"""Slow clients, never done sending, take gunicorn's connections: sent straight to it they
stop /healthz; sent to the proxy of deploy/nginx.conf they wait on nginx alone and /healthz
answers at once. The proxy here is a real nginx running the committed file, with only its
addresses and paths changed (devtools/proxy.py; CI installs Debian's nginx)."""

import http.client
import re
import socket
import subprocess
import time
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path

import pytest
from django.db import connection

from devtools.proxy import NGINX, nginx
from devtools.serving import HOST, PYTHON, ROOT, production_env, serve

from .databases import database_url

# One worker of 4 threads: 8 connections (missionjobs/gunicorn.py, 2 per thread; 24 on 2
# cores). One, so that it is warm when timed (serve() waited for its /healthz): a worker's
# first request takes up to a second.
WORKERS, THREADS = 1, 4
SLOW_CLIENTS = 48  # as many as stopped the site (issue 14): twice the 24 connections of 2 cores
# What a slow client sends, then nothing more: half a request header, or a whole header and
# the first bytes of a form it announced, which Django reads whole (its CSRF token is in it).
PARTIAL_REQUESTS = {
    "header": b"GET /posts/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow",
    "body": (
        b"POST /posts/ HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: csrftoken=" + b"a" * 32 + b"\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000000\r\n\r\n"
        b"csrfmiddlewaretoken="
    ),
}


@pytest.fixture(scope="module")
def runtime_dir(tmp_path_factory) -> Path:
    """The XDG_RUNTIME_DIR of gunicorn, where its control socket would be."""
    return tmp_path_factory.mktemp("runtime")


@pytest.fixture(scope="module")
def gunicorn(django_db_setup, tmp_path_factory, runtime_dir):
    """The production command answering /healthz from the test database. Yields its port."""
    env = production_env(
        database_url(connection.settings_dict),
        STATIC_ROOT=str(tmp_path_factory.mktemp("static")),  # /healthz needs no static file
        XDG_RUNTIME_DIR=str(runtime_dir),
    )
    with serve(env, workers=WORKERS, threads=THREADS) as server:
        yield server.port


@pytest.fixture(scope="module")
def proxy(gunicorn, tmp_path_factory):
    """The proxy: nginx with deploy/nginx.conf in front of that gunicorn. Yields its port."""
    if not NGINX.exists():
        pytest.fail(f"{NGINX} is missing: apt-get install -y nginx (.ci/run installs it)")
    with nginx([f"{HOST}:{gunicorn}"], tmp_path_factory.mktemp("nginx")) as port:
        yield port


def healthz(port: int, timeout: float) -> tuple[int, float]:
    """GET /healthz: (status, seconds it took). Raises TimeoutError past ``timeout``."""
    started = time.monotonic()
    with closing(http.client.HTTPConnection(HOST, port, timeout=timeout)) as client:
        client.request("GET", "/healthz", headers={"Host": HOST})
        status = client.getresponse().status
    return status, time.monotonic() - started


@contextmanager
def slow_clients(port: int, kind: str):
    """SLOW_CLIENTS connections that each send PARTIAL_REQUESTS[kind], then wait. Each has
    an address of its own (127.0.1.n): what holds them off is not the per-address limit."""
    with ExitStack() as stack:
        clients = []
        for n in range(SLOW_CLIENTS):
            client = stack.enter_context(socket.socket())
            client.bind((f"127.0.1.{n + 1}", 0))
            client.settimeout(5)
            client.connect((HOST, port))
            client.sendall(PARTIAL_REQUESTS[kind])
            clients.append(client)
        time.sleep(0.5)  # for the server to take them in
        yield clients


def still_waiting(client: socket.socket) -> bool:
    """Neither answered nor closed: the server is still waiting for the rest."""
    client.settimeout(0)  # not blocking
    try:
        client.recv(1)
    except BlockingIOError:
        return True
    return False


@pytest.mark.parametrize("kind", ["header", "body"])
def test_slow_clients_at_the_proxy_leave_healthz_answering_within_a_second(proxy, kind):
    with slow_clients(proxy, kind) as clients:
        status, seconds = healthz(proxy, timeout=2)

        assert status == 200 and seconds < 1, seconds
        assert all(still_waiting(client) for client in clients)


@pytest.mark.parametrize("kind", ["header", "body"])
def test_slow_clients_straight_to_gunicorn_stop_healthz(gunicorn, kind):
    # Why the proxy is there: gunicorn's connections are all taken, /healthz waits in line.
    with slow_clients(gunicorn, kind), pytest.raises(TimeoutError):
        healthz(gunicorn, timeout=2)

    # And once the slow clients are gone, it answers again.
    assert healthz(gunicorn, timeout=5)[0] == 200


def test_gunicorn_listens_on_loopback_unless_told_otherwise():
    env = production_env("postgres://app@db.example.org/missionjobs")
    env.pop("GUNICORN_BIND", None)
    command = ["gunicorn", "missionjobs.wsgi", "--config", "python:missionjobs.gunicorn"]
    config = subprocess.run(
        [PYTHON, "-m", *command, "--print-config"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert re.search(r"^bind += \['127\.0\.0\.1:8000'\]$", config, re.MULTILINE), config


def test_gunicorn_opens_no_control_socket(gunicorn, runtime_dir):
    # Its path is the user's, not the instance's: another gunicorn of the user would take it.
    assert list(runtime_dir.iterdir()) == []
