"""System checks of the project's settings (registered by ``vacancies.apps``)."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.checks import Warning as CheckWarning
from django.core.exceptions import ImproperlyConfigured

from .middleware import trusted_networks
from .site_url import parse_site_url


@register()
def check_site_url(app_configs=None, **kwargs):
    try:
        parse_site_url(settings.SITE_URL)
    except ImproperlyConfigured as error:
        return [Error(str(error), id="missionjobs.E001")]
    return []


@register(deploy=True)
def check_site_url_is_set(app_configs=None, **kwargs):
    if settings.SITE_URL or settings.DEBUG:
        return []
    return [
        CheckWarning(
            "SITE_URL is not set: links in pages, feeds, exports and the API name whatever"
            " address each request says it came to.",
            hint="Set SITE_URL to the site's address, e.g. https://jobs.example.org.",
            id="missionjobs.W001",
        )
    ]


@register()
def check_trusted_proxies(app_configs=None, **kwargs):
    try:
        trusted_networks(tuple(settings.TRUSTED_PROXIES))
    except ImproperlyConfigured as error:
        return [
            Error(
                str(error),
                hint="Comma-separated addresses or networks, e.g. 127.0.0.1,::1,10.0.0.0/8.",
                id="missionjobs.E002",
            )
        ]
    return []
