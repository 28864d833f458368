"""Security middleware of the project: the Content-Security-Policy header and rate limits.

A URL declares its limit where it is routed: ``ratelimited("search")(view)`` in a urls.py;
``RateLimitMiddleware`` counts the views so declared. Counts are kept in Postgres (an UPSERT
on one UNLOGGED table, ``vacancies_ratelimit``, migration 0008): atomic, shared by every
worker and host, and nothing to run beside the database. django-ratelimit would need
memcached or Redis for the same guarantees (its own system check refuses the local-memory
and database caches).
"""

import functools
import ipaddress
import logging
import random
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse

from .plans import plan_once
from .site_url import check_port, parse_site_url

logger = logging.getLogger(__name__)

# Where the admin is: its own CSP, and never a replica or a public query limit.
ADMIN_PREFIX = "/admin/"


def client_ip(request) -> str:
    """The client's address: ``settings.CLIENT_IP_HEADER`` on a request from one of
    ``settings.TRUSTED_PROXIES``, which sets that header; the socket's (REMOTE_ADDR) on any
    other, whose header, if it sent one, it wrote itself. Used by the rate limits and by
    django-axes."""
    remote = request.META.get("REMOTE_ADDR") or ""
    header = settings.CLIENT_IP_HEADER
    if header == "REMOTE_ADDR" or header not in request.META:
        return remote
    if not is_trusted_proxy(remote):
        _warn_untrusted(header, remote)
        return remote
    # In a list (X-Forwarded-For), the last address is the one our proxy saw; those before
    # it are whatever the client chose to send.
    return request.META[header].split(",")[-1].strip() or remote


def is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    ip = getattr(ip, "ipv4_mapped", None) or ip  # ::ffff:127.0.0.1 from a dual-stack socket
    return any(ip in network for network in trusted_networks(tuple(settings.TRUSTED_PROXIES)))


@functools.lru_cache(maxsize=4)
def trusted_networks(
    entries: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    try:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from None


@functools.lru_cache(maxsize=32)
def _warn_untrusted(header: str, address: str) -> None:
    """Once per worker and address (a few): a proxy left out of TRUSTED_PROXIES would
    otherwise make every visitor share its rate limit without a word."""
    logger.warning("%s from %s ignored: that address is not in TRUSTED_PROXIES", header, address)


# The site's host -----------------------------------------------------------------------


class SiteHostMiddleware:
    """A 400 for a Host whose port is not SITE_URL's (``missionjobs.site_url.check_port``):
    ALLOWED_HOSTS matches names only."""

    def __init__(self, get_response):
        self.get_response = get_response
        parse_site_url(settings.SITE_URL)  # a typo fails at start, not per request

    def __call__(self, request):
        check_port(request)
        return self.get_response(request)


# Content-Security-Policy ---------------------------------------------------------------


def policy_header(directives: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


class ContentSecurityPolicyMiddleware:
    """``settings.SECURE_CSP`` on every response; ``SECURE_CSP_ADMIN`` under the admin.

    A view that needs another policy sets the header itself; it is left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.public = policy_header(settings.SECURE_CSP)
        self.admin = policy_header(settings.SECURE_CSP_ADMIN)

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path_info.startswith(ADMIN_PREFIX)
            response["Content-Security-Policy"] = self.admin if admin else self.public
        return response


class PermissionsPolicyMiddleware:
    """``settings.PERMISSIONS_POLICY`` on every response: the browser features no page of
    the site uses are refused to it and to anything it might embed."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


# Cache-Control -------------------------------------------------------------------------


class CacheControlMiddleware:
    """What a browser or proxy may keep, for the responses that did not say it themselves.

    Public pages say it (``vacancies.caching.public_page``: fresh until the next deadline);
    the admin says ``no-store`` itself (``never_cache``). A response that is someone's own (it
    used the session or a CSRF token, or sets a cookie: an alert's form, a staff member's
    page) is ``private, no-store`` whatever it said; any other (an error, a redirect, a 429)
    is ``no-cache``: it may be stored, never reused without asking.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_personal(request, response):
            if "no-store" not in response.get("Cache-Control", ""):
                response["Cache-Control"] = "private, no-store"
        elif "Cache-Control" not in response:
            response["Cache-Control"] = "no-cache"
        return response


def is_personal(request, response) -> bool:
    """True for a response that used a CSRF token or the session, or sets a cookie: never
    shared, by the page cache or by any other."""
    session = getattr(request, "session", None)
    return bool(
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.accessed)
    )


# JSON errors under /api/ ---------------------------------------------------------------

API_PREFIX = "/api/"
ERROR_DETAILS = {
    404: "Not found.",
    500: "A server error occurred.",
    # The site answers 503 only while its database is away (missionjobs.views.server_error).
    503: "The database is unavailable: try again shortly.",
}


def api_error(status: int, detail: str | None = None) -> JsonResponse:
    """An error of the API as its OpenAPI document states it: {"detail": ...}."""
    if detail is None:
        detail = ERROR_DETAILS.get(status, f"{HTTPStatus(status).phrase}.")
    return JsonResponse({"detail": detail}, status=status)


class ApiJsonErrorsMiddleware:
    """Under /api/, an error that is not JSON becomes {"detail": ...}, its status and headers
    (Retry-After, Allow, ...) kept.

    The API's views and the rate limit answer JSON themselves; everything else answering an
    error there passes through here: Django's 404 page, handler500's 500 and 503, the 400
    for a bad Host, and with DEBUG on the debug pages that take their place. Outside the
    middleware that may raise those errors, so that it sees their responses.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path_info.startswith(API_PREFIX)
            and response.status_code >= HTTPStatus.BAD_REQUEST
            and not is_json(response)
        ):
            return as_json_error(response)
        return response


def is_json(response: HttpResponse) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    return content_type == "application/json" or content_type.endswith("+json")


def as_json_error(response: HttpResponse) -> JsonResponse:
    error = api_error(response.status_code)
    for header, value in response.items():
        if header.lower() not in ("content-type", "content-length"):
            error[header] = value
    return error


# Rate limits ---------------------------------------------------------------------------

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")
# One request in this many also deletes the counters of windows that have ended.
CLEANUP_EVERY = 500

HIT = plan_once("""
INSERT INTO vacancies_ratelimit AS counter (key, expires_at, hits)
VALUES (%s, to_timestamp(%s), 1)
ON CONFLICT (key) DO UPDATE SET hits = counter.hits + 1
RETURNING hits
""")
CLEANUP = "DELETE FROM vacancies_ratelimit WHERE expires_at < now()"


@dataclass(frozen=True)
class RateLimit:
    group: str  # a key of settings.RATELIMITS
    methods: frozenset[str] | None  # the methods counted; None: all


def ratelimited(group: str, methods: Iterable[str] | None = None):
    """Declares that a view is limited to ``settings.RATELIMITS[group]`` per client, for
    ``methods`` (all when None): ``path("posts/", ratelimited("search")(view), ...)``.

    Outermost, so that pages served from the cache are counted too and a 429 is never cached.
    """

    def declare(view):
        @functools.wraps(view)  # keeps the view's attributes, csrf_exempt among them
        def limited_view(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        limited_view.rate_limit = RateLimit(group, frozenset(methods) if methods else None)
        return limited_view

    return declare


def parse_rate(rate: str) -> tuple[int, int]:
    """A rate as (requests, seconds): "120/m" -> (120, 60); "10/5m" -> (10, 300)."""
    match = RATE.match(rate.strip())
    if not match:
        raise ValueError(f"Not a rate: {rate!r} (write N/s, N/m, N/h or N/d, e.g. 120/m)")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * PERIODS[unit]


def client_key(request) -> str:
    """The client's address; IPv6 clients by their /64, which one client usually holds whole."""
    text = client_ip(request)
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return text[:64]
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def hit(group: str, rate: str, client: str) -> tuple[bool, int]:
    """Count one request of ``client`` in ``group``; (over the limit?, seconds to wait)."""
    limit, period = parse_rate(rate)
    now = time.time()
    window_end = (int(now) // period + 1) * period
    # The rate is in the key, so that changing it starts a new count.
    key = f"{group}:{limit}/{period}:{client}:{window_end}"
    # On the primary (`connection` is the default database), in GET requests that read
    # from a replica too (missionjobs/db_router.py).
    with connection.cursor() as cursor:
        cursor.execute(HIT, [key, window_end])
        (hits,) = cursor.fetchone()
        if random.randrange(CLEANUP_EVERY) == 0:  # noqa: S311 (a sample, not a secret)
            cursor.execute(CLEANUP)
    return hits > limit, max(1, int(window_end - now))


class RateLimitMiddleware:
    """Answers 429 to a client over its limit, on the views declared ``ratelimited``."""

    def __init__(self, get_response):
        self.get_response = get_response
        for group, rate in settings.RATELIMITS.items():  # a typo fails at start, not per request
            try:
                parse_rate(rate)
            except ValueError as error:
                raise ImproperlyConfigured(f"RATELIMITS[{group!r}]: {error}") from None
        trusted_networks(tuple(settings.TRUSTED_PROXIES))

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = getattr(view_func, "rate_limit", None)
        if not settings.RATELIMIT_ENABLE or limit is None:
            return None
        if limit.methods is not None and request.method not in limit.methods:
            return None
        group = limit.group
        client = client_key(request)
        try:
            over, retry_after = hit(group, settings.RATELIMITS[group], client)
        except DatabaseError:
            # No database, no count: let the request through to fail (503) or succeed.
            logger.warning("Rate limit %s not counted: the database is unavailable", group)
            return None
        if not over:
            return None
        logger.warning("Rate limit %s exceeded by %s on %s", group, client, request.path)
        return too_many_requests(request, retry_after)


def too_many_requests(request, retry_after: int):
    message = f"Too many requests: try again in {retry_after} seconds."
    if request.path_info.startswith(API_PREFIX):
        response = api_error(429, message)
    else:
        response = TemplateResponse(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
