"""A time limit on the queries of public requests (PUBLIC_QUERY_TIMEOUT_MS), and the answer
when one is cancelled: "narrow your search", never a thread stuck for minutes.

Public requests are GET and HEAD outside the admin. Their queries run under Postgres's
``statement_timeout``; every other request (the admin, a form posted) and the exports
(``without_query_timeout``) under the session's default, and management commands never
pass through here.

Set per connection, not per request: the setting is a session's, and a connection lives on
between requests (CONN_MAX_AGE). Each connection remembers what it was last given
(``statement_timeout_ms``, forgotten when it reconnects), so a worker that serves public
pages sends the ``SET`` once per connection rather than once per request, and the first
query of an admin request on a connection left limited sends one ``RESET``. It is sent just
before a request's first query on each database it uses (the primary or a replica), so a
page served without a query costs nothing. A ``SET`` inside a transaction is undone if that
transaction rolls back: one sent there is not remembered, and sent again next time.
"""

import logging
from contextlib import ExitStack

from django.conf import settings
from django.db import OperationalError, connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.shortcuts import render
from psycopg.errors import QueryCanceled

from .middleware import ADMIN_PREFIX, API_PREFIX, api_error

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD"})
# The session's default (postgresql.conf, the role's, the connection's options): what the
# admin and everything else run under. Also what a new connection starts with.
DEFAULT = None
# A SET inside a transaction that may still roll back: not known to have stayed.
UNKNOWN = object()
RETRY_AFTER_SECONDS = 10
TOO_LONG = "This search took too long: narrow it with a filter or more specific words."


def is_public(request) -> bool:
    return request.method in SAFE_METHODS and not request.path_info.startswith(ADMIN_PREFIX)


@receiver(connection_created)
def _new_session(sender, connection, **kwargs):
    connection.statement_timeout_ms = DEFAULT


class StatementTimeout:
    """An execute wrapper (``connection.execute_wrapper``) that gives the connection
    ``milliseconds`` (DEFAULT: the session's default) before the query it wraps."""

    def __init__(self, milliseconds: int | None):
        self.milliseconds = milliseconds

    def __call__(self, execute, sql, params, many, context):
        self.apply(context["connection"])
        return execute(sql, params, many, context)

    def apply(self, connection) -> None:
        """Give an open connection ``milliseconds``, unless it has them already."""
        if getattr(connection, "statement_timeout_ms", DEFAULT) == self.milliseconds:
            return
        # On a cursor of its own: the query's may be a server-side (named) cursor.
        with connection.wrap_database_errors, connection.connection.cursor() as cursor:
            if self.milliseconds is DEFAULT:
                cursor.execute("RESET statement_timeout")
            else:
                cursor.execute(f"SET statement_timeout = {int(self.milliseconds)}")
        connection.statement_timeout_ms = (
            UNKNOWN if connection.in_atomic_block else self.milliseconds
        )


def without_query_timeout(view):
    """Marks a view whose queries may run as long as they need: the exports, which stream
    every post of a search. Their cursor (a server-side one, WITH HOLD outside a
    transaction) reads the whole result in its first statement, seconds for the archive."""
    view.query_timeout_exempt = True
    return view


def is_query_timeout(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and isinstance(error.__cause__, QueryCanceled)


class PublicQueryTimeoutMiddleware:
    """Public requests' queries under PUBLIC_QUERY_TIMEOUT_MS (0: no limit); a query that
    it cancels answers 503 "narrow your search" (the page, or JSON under /api/), which no
    cache keeps: the page cache keeps 200s only, and CacheControlMiddleware says no-cache."""

    def __init__(self, get_response):
        self.get_response = get_response
        limit = settings.PUBLIC_QUERY_TIMEOUT_MS
        self.limit = int(limit) if limit else DEFAULT

    def __call__(self, request):
        timeout = StatementTimeout(self.limit if is_public(request) else DEFAULT)
        request.statement_timeout = timeout
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(timeout))
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "query_timeout_exempt", False):
            request.statement_timeout.milliseconds = DEFAULT
            # Now, not at the view's next query: a streamed response reads after this
            # middleware has returned, outside the execute wrapper.
            for connection in connections.all(initialized_only=True):
                if connection.connection is not None:
                    request.statement_timeout.apply(connection)

    def process_exception(self, request, exception):
        if not is_query_timeout(exception):
            return None
        logger.warning("Query cancelled after PUBLIC_QUERY_TIMEOUT_MS: %s", request.get_full_path())
        if request.path_info.startswith(API_PREFIX):
            response = api_error(503, TOO_LONG)
        else:
            # Rendered now: the exception may come from rendering a TemplateResponse.
            response = render(
                request,
                "query_timeout.html",
                {"message": TOO_LONG, "q": request.GET.get("q", "")},
                status=503,
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
