"""Public pages served from a cache that is never older than the data.

A page is the same for every visitor (no form with a CSRF token, no login state), and what
it shows changes only when the data changes (ContentVersion: Postgres bumps it on every
change), when a deadline passes (a post closes) or when the day turns in Brussels (days
left). A rendered page is kept under a key of those three, so it is computed once until
one of them moves, not once a minute; a hit costs one small query. The ETag and
Last-Modified give clients a 304 on the same key, and Cache-Control lets them reuse a page
without asking until the next deadline or midnight in Brussels (at most five minutes).

A publish turns every page cold at once. Each cold page is rendered once: the first
request for it renders it, the others wait for that page (``render_once``).
"""

import hashlib
import time
from datetime import datetime, timedelta
from functools import wraps
from http import HTTPStatus

from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from missionjobs.middleware import is_personal
from missionjobs.site_url import request_root

from .models import ContentVersion, start_of_day

# Only bounds how long an unused page takes up room: the key changes with the content.
PAGE_TTL = 24 * 60 * 60

# A cold page's renderer holds a lock at most this long: a worker that died while rendering,
# or a render that failed after the view returned, holds up the page no longer than this.
RENDER_LOCK_TTL = 10
# How long the others wait for its page, asking the cache this often, before rendering it
# themselves (a page that slow is slow for all of them).
RENDER_WAIT = 3.0
RENDER_POLL = 0.025


def content_version(request) -> ContentVersion:
    """The content version, with ``last_deadline_passed``, read once per request."""
    if not hasattr(request, "content_version"):
        request.content_version = ContentVersion.current()
    return request.content_version


def content_key(request) -> str:
    """What the public pages show depends on: the data, the deadlines passed, the day."""
    version = content_version(request)
    passed = version.last_deadline_passed
    return (
        f"{version.number}-{int(passed.timestamp()) if passed else 0}-{timezone.localdate():%Y%m%d}"
    )


def etag(request, *args, **kwargs) -> str:
    return f'"{content_key(request)}"'


def last_modified(request, *args, **kwargs) -> datetime:
    version = content_version(request)
    changes = [version.changed_at, start_of_day(timezone.localdate()), version.last_deadline_passed]
    return max(change for change in changes if change)


def cached_page(view):
    """Serve the view's 200 answers to GET from the cache, keyed as the module says."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = page_key(request)
        response = cache.get(key)
        if response is None:
            response = render_once(key, lambda: view(request, *args, **kwargs), request)
        return response

    return wrapper


def render_once(key: str, render, request):
    """The cold page under ``key``: rendered by this request if no other is rendering it,
    else the other's, once it is in the cache.

    Waiting, not serving the page of the previous content version while the new one renders
    ("stale while revalidate"): a page from the cache is never older than the data (a post
    edited, withdrawn, or past its deadline must not be shown as it was), and the wait is
    no longer than rendering the page would have taken.
    """
    lock = f"{key}:rendering"
    if not cache.add(lock, 1, RENDER_LOCK_TTL):
        response = _wait_for(key, lock)
        if response is not None:
            return response
        # Not in the cache: one that cannot be (a 404, a personal page), or its renderer
        # took too long or died.
        response = render()
        _store_when_rendered(request, response, key)
        return response
    try:
        response = render()
    except BaseException:
        cache.delete(lock)
        raise
    _store_when_rendered(request, response, key, then_release=lock)
    return response


def _wait_for(key: str, lock: str):
    until = time.monotonic() + RENDER_WAIT
    while time.monotonic() < until:
        time.sleep(RENDER_POLL)
        found = cache.get_many([key, lock])
        if key in found:
            return found[key]
        if lock not in found:  # rendered: the page, if it could be cached, is in by now
            return cache.get(key)
    return None


def shared(request, name: str, parts: tuple, compute):
    """A value that many pages show alike (the open posts like every closed post of one
    title at one mission), computed once for all of them; kept under the content key, as
    the pages are, so never older than the data, the deadlines passed or the day."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    key = f"{name}:{content_key(request)}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, PAGE_TTL)
    return value


def page_key(request) -> str:
    # With the scheme and host it was asked at, which a page without SITE_URL links to
    # (missionjobs.site_url): another Host or X-Forwarded-Proto never gets this one's page.
    # Hashed: a query string may be long or hold characters a cache key must not.
    address = f"{request_root(request)}{request.get_full_path()}"
    return f"page:{content_key(request)}:{hashlib.sha256(address.encode()).hexdigest()}"


def _store_when_rendered(request, response, key: str, then_release: str | None = None) -> None:
    def store(rendered):
        try:
            if rendered.status_code == 200 and not is_personal(request, rendered):
                cache.set(key, rendered, PAGE_TTL)
        finally:
            if then_release:
                cache.delete(then_release)

    if response.streaming:
        if then_release:
            cache.delete(then_release)
        return
    if hasattr(response, "add_post_render_callback") and not response.is_rendered:
        response.add_post_render_callback(store)
    else:
        store(response)


def public_page(view):
    """The page cache, then conditional GET and ``Cache-Control``, for pages that are the
    same for everyone.

    Validated after the view, not before as Django's ``condition`` does: a 304 says "what you
    have is still the 200", so a 404, 410, redirect or 400 at the same address must never be
    answered 304 because its ETag (the content key, shared by every page) matches.
    """
    cached = cached_page(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = cached(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != HTTPStatus.OK:
            return response
        response["ETag"] = etag(request)
        response["Last-Modified"] = http_date(last_modified(request).timestamp())
        set_freshness(request, response)
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=int(last_modified(request).timestamp()),
            response=response,
        )

    return wrapper


# Cache-Control ---------------------------------------------------------------------------

# However long nothing closes, a browser or proxy asks again after this: an HR edit then
# shows within minutes (asking is cheap: a 304 on the same ETag).
MAX_AGE = 5 * 60


def set_freshness(request, response) -> None:
    """Let browsers and proxies reuse the page until it could first be wrong: the next
    deadline (a post it shows as open closes), the day turning in Brussels (days left), at
    most ``MAX_AGE``. The next deadline of any open call bounds the deadlines of the posts
    any page shows, so no page lists a post as open after it closed."""
    seconds = min(MAX_AGE, *seconds_until_change(request))
    if "Cache-Control" in response:  # a page from the cache carries the header of its day
        del response["Cache-Control"]
    if seconds > 0:
        patch_cache_control(response, public=True, max_age=seconds)
    else:
        patch_cache_control(response, public=True, no_cache=True)


def seconds_until_change(request) -> list[int]:
    now = timezone.now()
    tomorrow = start_of_day(timezone.localdate() + timedelta(days=1))
    changes = [tomorrow, content_version(request).next_deadline]
    return [int((change - now).total_seconds()) for change in changes if change]
