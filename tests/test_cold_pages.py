"""A cold page is rendered once however many ask for it at once, in every cache backend."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import count

import pytest
import redis
from django.http import HttpResponseNotFound
from django.template import engines
from django.template.response import TemplateResponse
from django.test import RequestFactory
from django.utils import timezone

from vacancies import caching
from vacancies.models import ContentVersion

ASKING_AT_ONCE = 8
RENDER_SECONDS = 0.3


@pytest.fixture(params=["memory", "files", "redis"])
def backend(request, settings, tmp_path):
    """The page cache in each backend a site may run: the tests' memory, files, Redis."""
    if request.param == "files":
        settings.CACHES = {
            "default": {"BACKEND": "missionjobs.cache.FileBasedCache", "LOCATION": str(tmp_path)}
        }
    elif request.param == "redis":
        url = request.getfixturevalue("redis_server")
        redis.Redis.from_url(url).flushdb()
        settings.CACHES = {"default": {"BACKEND": "missionjobs.cache.RedisCache", "LOCATION": url}}
    return request.param


class SlowPage:
    """A view that takes its time and numbers its renders: a page names the render it is."""

    def __init__(self, response_class=None):
        self.renders = count(1)
        self.rendered = []
        self.response_class = response_class

    def __call__(self, request):
        number = next(self.renders)
        self.rendered.append(number)
        time.sleep(RENDER_SECONDS)
        if self.response_class:
            return self.response_class(f"render {number}")
        template = engines["django"].from_string("render {{ number }}")
        return TemplateResponse(request, template, {"number": number})


def a_request():
    """A GET of one address, at one content version (what content_key reads, without a
    database)."""
    request = RequestFactory().get("/posts/?regime=seconded")
    version = ContentVersion(number=7, changed_at=timezone.now())
    version.last_deadline_passed = version.next_deadline = None
    request.content_version = version
    return request


def ask(page):
    """One request as the handler makes it: the view, then the template rendered."""
    response = page(a_request())
    if hasattr(response, "render"):
        response.render()
    return response


def ask_at_once(page, times=ASKING_AT_ONCE):
    start = threading.Barrier(times)

    def one(_):
        start.wait()
        response = ask(page)
        return response.status_code, response.content

    with ThreadPoolExecutor(times) as pool:
        return list(pool.map(one, range(times)))


def test_requests_for_a_cold_page_at_once_render_it_once(backend):
    view = SlowPage()
    answers = ask_at_once(caching.cached_page(view))
    assert view.rendered == [1]
    assert answers == [(200, b"render 1")] * ASKING_AT_ONCE


def test_a_page_that_is_not_cached_holds_up_no_one(backend):
    # A 404 is not kept: once it is rendered the others render theirs, without waiting on.
    view = SlowPage(HttpResponseNotFound)
    started = time.monotonic()
    answers = ask_at_once(caching.cached_page(view))
    assert {status for status, _ in answers} == {404}
    assert time.monotonic() - started < caching.RENDER_WAIT


def test_a_request_waits_no_longer_than_the_bound_for_a_renderer_that_died(backend, monkeypatch):
    monkeypatch.setattr(caching, "RENDER_WAIT", 0.2)
    view = SlowPage()
    page = caching.cached_page(view)
    lock = f"{caching.page_key(a_request())}:rendering"
    caching.cache.add(lock, 1, caching.RENDER_LOCK_TTL)  # held by a worker that died

    assert ask(page).content == b"render 1"
    assert view.rendered == [1]


def test_a_request_renders_at_once_when_the_dead_renderers_lock_expired(backend, monkeypatch):
    view = SlowPage()
    page = caching.cached_page(view)
    lock = f"{caching.page_key(a_request())}:rendering"
    caching.cache.add(lock, 1, 1)
    time.sleep(1.1)
    waits = []
    monkeypatch.setattr(caching, "_wait_for", lambda *args: waits.append(args))

    assert ask(page).content == b"render 1"
    assert waits == []
