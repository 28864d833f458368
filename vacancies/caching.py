"""Public pages served from a cache that is never older than the data.

A page is the same for every visitor (no form with a CSRF token, no login state), and what
it shows changes only when the data changes (ContentVersion: Postgres bumps it on every
change), when a deadline passes (a post closes) or when the day turns in Brussels (days
left). A rendered page is kept under a key of those three, so it is computed once until
one of them moves, not once a minute; a hit costs one small query. The ETag and
Last-Modified give clients a 304 on the same key.
"""

import hashlib
from datetime import datetime
from functools import wraps

from django.core.cache import cache
from django.utils import timezone
from django.views.decorators.http import condition

from .models import ContentVersion, start_of_day

# Only bounds how long an unused page takes up room: the key changes with the content.
PAGE_TTL = 24 * 60 * 60


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
            response = view(request, *args, **kwargs)
            _store_when_rendered(request, response, key)
        return response

    return wrapper


def page_key(request) -> str:
    # Hashed: a query string may be long or hold characters a cache key must not.
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{content_key(request)}:{path}"


def _store_when_rendered(request, response, key: str) -> None:
    def store(rendered):
        if rendered.status_code == 200 and _same_for_everyone(request, rendered):
            cache.set(key, rendered, PAGE_TTL)

    if response.streaming:
        return
    if hasattr(response, "add_post_render_callback") and not response.is_rendered:
        response.add_post_render_callback(store)
    else:
        store(response)


def _same_for_everyone(request, response) -> bool:
    """False for a page that used a CSRF token, the session, or sets a cookie."""
    session = getattr(request, "session", None)
    return not (
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.accessed)
    )


def public_page(view):
    """Conditional GET and the page cache, for pages that are the same for everyone."""
    return condition(etag_func=etag, last_modified_func=last_modified)(cached_page(view))
