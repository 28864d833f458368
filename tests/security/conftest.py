"""Fixtures of the security and operations tests (serving as production does is
devtools/serving.py; databases.py has the helpers for the test database)."""

import pytest

from devtools import serving


@pytest.fixture(scope="session")
def static_root(tmp_path_factory) -> str:
    """The static files collected as the Dockerfile collects them (hashed, compressed)."""
    root = tmp_path_factory.mktemp("static")
    serving.collect_static(
        serving.production_env("postgres://build@localhost/build", STATIC_ROOT=str(root))
    )
    return str(root)


@pytest.fixture(scope="module")
def throwaway_postgres():
    """A Postgres server of its own, deleted afterwards. Yields the pgserver handle."""
    with serving.throwaway_postgres() as server:
        yield server
