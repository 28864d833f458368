"""The database restarts while the site is serving: requests fail cleanly (503) during the
outage and succeed again afterwards, without restarting the app (CONN_HEALTH_CHECKS)."""

import json
import time

import pytest

from devtools.serving import fetch, manage, production_env, serve, throwaway_url

from .databases import start_postgres, stop_postgres


@pytest.fixture(scope="module")
def site(throwaway_postgres, tmp_path_factory, static_root):
    """The production command (gunicorn) serving the sample calls from its own Postgres."""
    env = production_env(
        throwaway_url(throwaway_postgres),
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
        STATIC_ROOT=static_root,
    )
    for command in (["migrate", "--noinput"], ["load_samples"]):
        result = manage(*command, env=env)
        assert result.returncode == 0, result.stderr
    with serve(env, workers=1, threads=2) as server:
        yield server.url


def test_requests_fail_cleanly_while_the_database_is_down_and_recover_after(
    site, throwaway_postgres
):
    started = time.monotonic()
    status, body, _ = fetch(f"{site}/posts/?status=all")
    assert status == 200 and ">31 posts<" in body

    stop_postgres(throwaway_postgres)
    for path in ["/posts/?status=all", "/", "/api/posts/"]:
        status, body, headers = fetch(site + path)
        assert status == 503, path
        assert "Traceback" not in body
        if path.startswith("/api/"):  # the API's errors are JSON, as its document says
            assert json.loads(body)["detail"].startswith("The database is unavailable")
        else:
            assert "Back in a moment" in body
        assert headers["Retry-After"] == "30"
    status, body, _ = fetch(f"{site}/healthz")
    assert status == 503 and json.loads(body)["database"] == "error"

    start_postgres(throwaway_postgres)
    # The first request after the restart: each thread's stale connection is checked and replaced.
    for path in ["/posts/?status=all", "/posts/?status=all", "/api/posts/", "/healthz"]:
        status, body, _ = fetch(site + path)
        assert status == 200, (path, body[:200])
    assert time.monotonic() - started < 30


def test_a_restart_between_requests_goes_unnoticed(site, throwaway_postgres):
    # Every thread of the worker holds a connection (CONN_MAX_AGE) that the restart breaks.
    for _ in range(4):
        assert fetch(f"{site}/posts/?status=all")[0] == 200
    stop_postgres(throwaway_postgres)
    start_postgres(throwaway_postgres)
    statuses = [fetch(f"{site}/posts/?status=all")[0] for _ in range(4)]
    assert statuses == [200] * 4
