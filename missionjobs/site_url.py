"""The site's own address, for the absolute links of pages, feeds, sitemaps, exports, the API
and e-mails: every one is built here.

With SITE_URL set (production) they are built from it, never from the request: the Host
header and X-Forwarded-Proto are whatever a client sends, and a page built from them is kept
in the page cache for every later visitor. Unset (``make run``, most tests), links name the
address the request came to, which ALLOWED_HOSTS has vetted.
"""

from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost, ImproperlyConfigured
from django.http.request import split_domain_port
from django.utils.encoding import iri_to_uri


def request_root(request) -> str:
    """``scheme://host`` as the request states it, as Django's ``build_absolute_uri``; found
    once per request (the Host checked against ALLOWED_HOSTS for each link of an API
    response took a twentieth of its Python)."""
    try:
        return request.request_root
    except AttributeError:
        request.request_root = f"{request.scheme}://{request.get_host()}"
        return request.request_root


def site_root(request) -> str:
    """``scheme://host[:port]`` of the site, without a trailing slash."""
    return settings.SITE_URL.rstrip("/") or request_root(request)


def absolute_url(request, path: str) -> str:
    """As ``build_absolute_uri``: a path of any characters is made a URI (%-escaped)."""
    return iri_to_uri(site_root(request) + path)


def site_host(request) -> str:
    """The site's host and port, as in calendar UIDs."""
    return urlsplit(site_root(request)).netloc


def on_site(request, url: str) -> str:
    """An absolute URL that Django built on the request's address, on the site's instead."""
    root = request_root(request)
    return site_root(request) + url[len(root) :] if url.startswith(root) else url


def site_url_or_path(path: str) -> str:
    """For Django's feeds, which add the request's host to a path but leave an absolute URL
    alone (``django.contrib.syndication.views.add_domain``)."""
    return settings.SITE_URL.rstrip("/") + path


@lru_cache(maxsize=4)
def parse_site_url(value: str) -> str | None:
    """SITE_URL's port ("" when it names none); None when SITE_URL is unset. Raises
    ImproperlyConfigured unless it is ``http(s)://host[:port]``, with no path."""
    if not value:
        return None
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as error:
        raise ImproperlyConfigured(f"SITE_URL {value!r}: {error}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/"):
        raise ImproperlyConfigured(
            f"SITE_URL {value!r} is not the site's address: write https://host or"
            " https://host:port (no path)."
        )
    if parts.query or parts.fragment or parts.username is not None:
        raise ImproperlyConfigured(f"SITE_URL {value!r}: no query, fragment or user, please.")
    return str(port) if port is not None else ""


def check_port(request) -> None:
    """Raise DisallowedHost (a 400) for a Host whose port is not SITE_URL's.

    Django's ALLOWED_HOSTS matching ignores the port, so ``127.0.0.1:6666`` passes where
    ``127.0.0.1`` is allowed. Not checked without SITE_URL: ``make run`` serves any port."""
    port = parse_site_url(settings.SITE_URL)
    if port is None:
        return
    host = request.get_host()  # validates against ALLOWED_HOSTS first
    if split_domain_port(host)[1] != port:
        raise DisallowedHost(
            f"Invalid HTTP_HOST header: {host!r}. The port is not that of SITE_URL"
            f" ({settings.SITE_URL})."
        )
