"""Project-wide views: the health check, the favicon, the error pages and the admin's
lock-out page."""

import logging
import sys

from axes.helpers import get_cool_off
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import cache_control, never_cache

logger = logging.getLogger(__name__)

# How long a client should wait before trying again while the database is away.
RETRY_AFTER_SECONDS = 30


@never_cache
def healthz(request):
    """200 when the database answers, 503 when not: for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health check: the database does not answer: %s", error)
        return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@cache_control(public=True, max_age=24 * 60 * 60)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the icon, under
    its name of the day (hashed by collectstatic), rather than log a 404 each time."""
    return HttpResponseRedirect(static("img/favicon.svg"))


def server_error(request):
    """handler500. A request that failed because the database is away (a restart, a
    failover: the connection failed or broke) gets a 503 that says to come back shortly;
    anything else, a failing query included, is a 500.

    Rendered without a request context, as Django's own handler500 is: the context
    processors may be what failed. Under /api/, ApiJsonErrorsMiddleware answers either as
    JSON, as it does every error there.
    """
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login (AXES_LOCKOUT_CALLABLE): its page, 429, and
    Retry-After. Every attempt during a lock-out starts the cool-off again (django-axes'
    AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT), so the wait is the whole cool-off."""
    cool_off = get_cool_off(request)
    minutes = round(cool_off.total_seconds() / 60)
    response = render(
        request, settings.AXES_LOCKOUT_TEMPLATE, {"cooloff_minutes": minutes}, status=429
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
