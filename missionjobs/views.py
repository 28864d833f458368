"""Project-wide views: the health check and the error pages."""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache

from missionjobs.middleware import API_PREFIX, api_error

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


def server_error(request):
    """handler500. A request that failed because the database is away (a restart, a
    failover: the connection failed or broke) gets a 503 that says to come back shortly;
    anything else, a failing query included, is a 500.

    Rendered without a request context, as Django's own handler500 is: the context
    processors may be what failed. JSON under /api/, as the API's OpenAPI document says.
    """
    error = sys.exc_info()[1]
    api = request.path_info.startswith(API_PREFIX)
    if isinstance(error, (OperationalError, InterfaceError)):
        if api:
            response = api_error(503, "The database is unavailable: try again shortly.")
        else:
            response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if api:
        return api_error(500)
    return HttpResponseServerError(loader.get_template("500.html").render())


def page_not_found(request, exception):
    """handler404: JSON under /api/, as the API's OpenAPI document says; Django's page elsewhere."""
    if request.path_info.startswith(API_PREFIX):
        return api_error(404)
    return defaults.page_not_found(request, exception)
