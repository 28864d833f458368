"""Security middleware of the project: the Content-Security-Policy header and rate limits.

Rate limits count in Postgres (an UPSERT on one UNLOGGED table, ``vacancies_ratelimit``,
migration 0008): atomic, shared by every worker and host, and nothing to run beside the
database. django-ratelimit would need memcached or Redis for the same guarantees (its own
system check refuses the local-memory and database caches).
"""

import ipaddress
import logging
import random
import re
import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.template.response import TemplateResponse

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    """The client's address, from ``settings.CLIENT_IP_HEADER`` (REMOTE_ADDR unless a proxy
    sets a header it always overwrites). Used by the rate limits and by django-axes."""
    value = request.META.get(settings.CLIENT_IP_HEADER) or request.META.get("REMOTE_ADDR") or ""
    # In a list (X-Forwarded-For), the last address is the one our proxy saw; those before
    # it are whatever the client chose to send.
    return value.split(",")[-1].strip()


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
            admin = request.path_info.startswith("/admin/")
            response["Content-Security-Policy"] = self.admin if admin else self.public
        return response


# Rate limits ---------------------------------------------------------------------------

# URL name -> (settings.RATELIMITS group, methods counted; None: all).
LIMITED = {
    "vacancies:post_list": ("search", None),
    "vacancies:post_feed": ("search", None),
    "vacancies:post_ics": ("search", None),
    "vacancies:post_csv": ("search", None),
    "vacancies:api_post_list": ("api", None),
    "vacancies:api_post_detail": ("api", None),
    "vacancies:api_schema": ("api", None),
    "vacancies:alert_create": ("alerts", {"POST"}),
    "admin:login": ("login", {"POST"}),
}
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")
# One request in this many also deletes the counters of windows that have ended.
CLEANUP_EVERY = 500

HIT = """
INSERT INTO vacancies_ratelimit AS counter (key, expires_at, hits)
VALUES (%s, to_timestamp(%s), 1)
ON CONFLICT (key) DO UPDATE SET hits = counter.hits + 1
RETURNING hits
"""
CLEANUP = "DELETE FROM vacancies_ratelimit WHERE expires_at < now()"


def parse_rate(rate: str) -> tuple[int, int]:
    """ "120/m" -> (120, 60); "10/5m" -> (10, 300)."""
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
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def hit(group: str, rate: str, client: str) -> tuple[bool, int]:
    """Count one request of ``client`` in ``group``; (over the limit?, seconds to wait)."""
    limit, period = parse_rate(rate)
    now = time.time()
    window_end = (int(now) // period + 1) * period
    # The rate is in the key, so that changing it starts a new count.
    key = f"{group}:{limit}/{period}:{client}:{window_end}"
    with connection.cursor() as cursor:
        cursor.execute(HIT, [key, window_end])
        (hits,) = cursor.fetchone()
        if random.randrange(CLEANUP_EVERY) == 0:
            cursor.execute(CLEANUP)
    return hits > limit, max(1, int(window_end - now))


class RateLimitMiddleware:
    """Answers 429 to a client over its limit for the views in ``LIMITED``."""

    def __init__(self, get_response):
        self.get_response = get_response
        for group, rate in settings.RATELIMITS.items():  # a typo fails at start, not per request
            try:
                parse_rate(rate)
            except ValueError as error:
                raise ImproperlyConfigured(f"RATELIMITS[{group!r}]: {error}") from None

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.RATELIMIT_ENABLE or request.resolver_match is None:
            return None
        limited = LIMITED.get(request.resolver_match.view_name)
        if limited is None:
            return None
        group, methods = limited
        if methods is not None and request.method not in methods:
            return None
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
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = TemplateResponse(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
