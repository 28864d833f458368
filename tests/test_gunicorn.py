"""missionjobs/gunicorn.py: the production server's settings and hooks."""

import gc
from types import SimpleNamespace

import pytest

from missionjobs import gunicorn


@pytest.fixture
def worker():
    worker = SimpleNamespace()
    gunicorn.post_worker_init(worker)
    assert gc.get_freeze_count() == 0
    yield worker
    gc.unfreeze()


def serve(worker, requests: int) -> None:
    for _ in range(requests):
        gunicorn.post_request(worker, None, {}, None)


def test_a_warm_worker_freezes_what_lives_as_long_as_it(worker):
    serve(worker, gunicorn.WARM_REQUESTS - 1)
    assert gc.get_freeze_count() == 0
    serve(worker, 1)
    assert gc.get_freeze_count() > 0


def test_it_freezes_once(worker):
    serve(worker, gunicorn.WARM_REQUESTS)
    frozen = gc.get_freeze_count()
    gc.unfreeze()
    serve(worker, gunicorn.WARM_REQUESTS)
    assert gc.get_freeze_count() == 0
    assert frozen > 0
