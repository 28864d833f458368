"""Fixtures of the security and operations tests (helpers are in serving.py)."""

import shutil
import tempfile
from pathlib import Path

import pytest

from .serving import manage, production_env


@pytest.fixture(scope="session")
def static_root(tmp_path_factory) -> str:
    """The static files collected as the Dockerfile collects them (hashed, compressed)."""
    root = tmp_path_factory.mktemp("static")
    env = production_env("postgres://build@localhost/build", STATIC_ROOT=str(root))
    result = manage("collectstatic", "--noinput", env=env)
    assert result.returncode == 0, result.stderr
    return str(root)


@pytest.fixture(scope="module")
def throwaway_postgres():
    """A Postgres server of its own (pgserver's binaries, a temporary data directory, a
    socket only: no TCP port), deleted afterwards. Yields the pgserver handle."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs on XDG_RUNTIME_DIR
        import pgserver

    # A short, lower-case path: the socket lives in it, and DATABASE_URL hosts are lower-cased.
    parent = Path(tempfile.mkdtemp(prefix="mj-pg-"))
    server = pgserver.get_server(parent / "pgdata", cleanup_mode="delete")
    try:
        yield server
    finally:
        server.cleanup()
        shutil.rmtree(parent, ignore_errors=True)
