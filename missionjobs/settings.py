"""Settings come from the environment; the defaults are the safe, production ones.

DJANGO_DEBUG=1 turns on development mode (``make run`` sets it). The database is
DATABASE_URL's; importing the settings starts nothing (``manage.py`` and the test settings
start the embedded Postgres when DATABASE_URL is unset: missionjobs/embedded_postgres.py).
"""

import hashlib
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from missionjobs.media_storage import media_storage

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, *, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
# No default key in production. Django itself would start without one and answer every
# request with a 500 (it checks the key when it is first used): refuse to start instead.
SECRET_KEY = os.environ.get("SECRET_KEY") or ("dev-only-insecure-key" if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: set it in the environment (DJANGO_DEBUG=1 for development)."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "simple_history",
    # Before django_tasks_db: its own db_worker command, which queues the daily alert run.
    "vacancies",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, which serves static files compressed ahead of time; above everything
    # that writes a body. Its BREACH mitigation pads each response: pages carry no secret.
    "django.middleware.gzip.GZipMiddleware",
    "missionjobs.middleware.CacheControlMiddleware",
    # Outside those that may answer an error themselves (CommonMiddleware: a bad Host).
    "missionjobs.middleware.ApiJsonErrorsMiddleware",
    # Public requests' queries under PUBLIC_QUERY_TIMEOUT_MS, the rate limit's included.
    "missionjobs.query_timeout.PublicQueryTimeoutMiddleware",
    # A Host on another port than SITE_URL's is refused (400), as ALLOWED_HOSTS refuses names.
    "missionjobs.middleware.SiteHostMiddleware",
    # Before anything reads: where this request reads (a replica or the primary). Off
    # without replicas.
    "missionjobs.db_router.ReplicaReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "missionjobs.middleware.ContentSecurityPolicyMiddleware",
    "missionjobs.middleware.PermissionsPolicyMiddleware",
    "missionjobs.middleware.RateLimitMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "missionjobs.urls"
WSGI_APPLICATION = "missionjobs.wsgi.application"

TEMPLATES = [
    # The public pages: Jinja2, through Django's own backend, renders a list page in about
    # half the time (README, "Dependencies and why"). templates/ holds the layout and the error
    # pages, vacancies/jinja2/ the pages; the environment is missionjobs/jinja2.py.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "missionjobs.jinja2.environment"},
    },
    # The admin, its import pages and the e-mails: Django's template language.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.config(conn_max_age=600, conn_health_checks=True),
    }
    # A server that does not answer fails a request in seconds (a 503), not after minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    # The parameters apart from the SQL (server-side binding), and the queries of a fixed
    # shape prepared once a connection has run them five times: Postgres parses and plans
    # the post page's queries once a connection, not on every request. Every other query is
    # planned for its own values (missionjobs/plans.py): one plan for every word searched
    # would walk an index for a rare word or read 300,000 matches of a common one.
    # bench/LOAD.md, "Prepared statements" and "Planned once".
    DATABASES["default"]["OPTIONS"].update(
        server_side_binding=True,
        prepare_threshold=5,
    )
else:
    # Not an error here: collectstatic and `check` need no database. The first query says
    # that DATABASE_URL is missing.
    DATABASES = {"default": {"ENGINE": "missionjobs.no_database_url"}}

# Read replicas: public pages read from one of them, writes, the admin, staff and a client
# that wrote in the last REPLICA_PIN_SECONDS from the primary (missionjobs/db_router.py).
# Each replica is connected to as the primary is, with its OPTIONS (connect_timeout)
# unless its URL sets its own.
DATABASE_ROUTERS = []
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 30)
if replica_urls := env_list("DATABASE_REPLICA_URLS"):
    if not os.environ.get("DATABASE_URL"):
        raise ImproperlyConfigured("DATABASE_REPLICA_URLS is set without DATABASE_URL.")
    for number, url in enumerate(replica_urls, start=1):
        replica = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
        replica["OPTIONS"] = {**DATABASES["default"]["OPTIONS"], **replica.get("OPTIONS", {})}
        DATABASES[f"replica{number}"] = replica
    DATABASE_ROUTERS = ["missionjobs.db_router.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The only login is the admin's: a login form posted without its `next` lands there, not
# on Django's default /accounts/profile/, which does not exist.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# django-axes first: it refuses a locked-out address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Calls state their deadlines in Brussels time.
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    # Source documents: files under MEDIA_ROOT, or an S3 bucket that every machine shares.
    "default": media_storage(os.environ.get("MEDIA_STORAGE_URL", "")),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# Counts and rendered public pages, keyed on the content (vacancies/caching.py), so a cache
# is never older than the data. Files on local disk (Django's own backend, no service to
# run): every gunicorn worker shares them, so a page is computed once for all workers, and
# they outlive a worker's restart. A post page is about 15 kB; CACHE_MAX_ENTRIES bounds it.
# On more than one machine, CACHE_URL puts it on Redis or Valkey, shared by all of them
# (bounded by the server's maxmemory). Both backends are Django's, in missionjobs/cache.py
# with an atomic add for files and Redis errors read as misses.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    # Django's Redis backend reads "primary,replica,...": writes go to the first.
    for server in CACHE_URL.replace(";", ",").split(","):
        if urlsplit(server).scheme not in ("redis", "rediss", "unix"):
            raise ImproperlyConfigured(
                "CACHE_URL: not a Redis address (redis://host:6379/0, rediss://, unix://)."
            )
    CACHES = {"default": {"BACKEND": "missionjobs.cache.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "missionjobs.cache.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 10000)},
        }
    }

# Uploaded call documents: the importer refuses anything larger.
IMPORT_MAX_UPLOAD_MB = env_int("IMPORT_MAX_UPLOAD_MB", 20)
# A document is read in a child process held to this much memory and time
# (vacancies/importer/sandbox.py): one that needs more is refused, not the worker's problem.
IMPORT_SANDBOX_MEMORY_MB = env_int("IMPORT_SANDBOX_MEMORY_MB", 512)
IMPORT_SANDBOX_SECONDS = env_int("IMPORT_SANDBOX_SECONDS", 30)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The first handler stops passing on an upload's bytes once it is over IMPORT_MAX_UPLOAD_MB,
# so an oversized file never reaches memory or the temporary directory whole.
FILE_UPLOAD_HANDLERS = [
    "vacancies.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# The public, read-only JSON API: no sessions, so no CSRF to think about; JSON only.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "missionjobs.negotiation.JsonOnly",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "missionjobs API",
    "DESCRIPTION": (
        "Posts of international civilian missions. /api/posts/ takes the parameters of /posts/."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "vacancies.api.document_limits",
    ],
}

# E-mail, for alerts: printed to the console in development (tests use Django's locmem).
EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 30
# The alert run: daily at this hour, Brussels time, queued by the worker (vacancies/tasks.py).
ALERT_RUN_HOUR = env_int("ALERT_RUN_HOUR", 6)
if not 0 <= ALERT_RUN_HOUR <= 23:
    raise ImproperlyConfigured("ALERT_RUN_HOUR is an hour of the day, from 0 to 23.")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "missionjobs <noreply@localhost>")
# Where the site is, for the links in alert e-mails. Unset, a confirmation links to the
# address its request came to (`make run`'s host and port), and the alert run, which has no
# request, to http://127.0.0.1:8000 in debug and refuses to run otherwise.
SITE_URL = os.environ.get("SITE_URL", "")
# Two sites may share one cache folder or Redis database (staging beside production): their
# content versions, and so their page keys, may well be the same numbers. Each keeps its
# pages apart.
CACHES["default"]["KEY_PREFIX"] = hashlib.sha256(
    repr([SITE_URL, *(DATABASES["default"].get(key) for key in ("HOST", "PORT", "NAME"))]).encode()
).hexdigest()[:16]

# Background work (vacancies/tasks.py): alert e-mails, the daily alert run, reading an
# uploaded document. The queue is a table of the database (django-tasks-db), so it needs no
# other service, is shared by every machine (workers claim tasks with SKIP LOCKED), and a
# task is queued in the same transaction as the rows it is about. `manage.py db_worker`
# runs them (`make run` starts one; in production, a process or container of its own).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Security headers (see README, "Security and operations"). SecurityMiddleware sends
# HSTS only over HTTPS, so `make run` (DJANGO_DEBUG=1, plain http) is unaffected.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions are for HR staff in the admin: a working day, then log in again.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 3600)
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
# Load balancers and container health checks probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content-Security-Policy, sent by missionjobs.middleware on every response; the same
# shape as Django 6.0's SECURE_CSP, so upgrading replaces the middleware with Django's.
# Public pages run no inline script or style; JSON-LD is data, not script, so needs no nonce.
SECURE_CSP = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "manifest-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
}
# The admin (staff only) has a few inline style attributes (Django's change list without
# actions, django-simple-history's pages): styles only, its scripts stay 'self'.
SECURE_CSP_ADMIN = {**SECURE_CSP, "style-src": ["'self'", "'unsafe-inline'"]}
# Permissions-Policy, sent by missionjobs.middleware on every response: each feature to the
# origins that may use it: none, for these features that no page needs (browsing-topics:
# no interest profiling of visitors). Only names Chromium knows: it warns in the console of
# every page about one it does not.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# How long a query of a public page (GET or HEAD outside the admin) may run, in
# milliseconds, before Postgres cancels it and the page says to narrow the search (503);
# 0: no limit. The admin and management commands are never limited.
PUBLIC_QUERY_TIMEOUT_MS = env_int("PUBLIC_QUERY_TIMEOUT_MS", 2000)

# Rate limits per client address (N/s, N/m, N/h), counted in Postgres so that every
# worker and host shares them; answered with 429. RATELIMIT_ENABLE=0 turns them off.
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", default=True)
RATELIMITS = {
    "search": os.environ.get("RATELIMIT_SEARCH", "120/m"),  # /posts/, its feed and exports
    "api": os.environ.get("RATELIMIT_API", "120/m"),
    "alerts": os.environ.get("RATELIMIT_ALERTS", "10/h"),  # alert sign-ups (POST)
    "login": os.environ.get("RATELIMIT_LOGIN", "30/h"),  # admin login attempts (POST)
}
# Confirmation e-mails to one mailbox (dave+1@ and Dave@ are one), whoever asks for them:
# it spares the mailbox's owner, so RATELIMIT_ENABLE=0 leaves it on.
RATELIMIT_ALERT_MAILBOX = os.environ.get("RATELIMIT_ALERT_MAILBOX", "5/d")
# Where the client's address is: REMOTE_ADDR, or behind a proxy a header the proxy
# always overwrites (nginx: proxy_set_header X-Real-IP $remote_addr -> HTTP_X_REAL_IP).
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "REMOTE_ADDR")
# The proxies whose CLIENT_IP_HEADER is believed (addresses or networks): from anyone else,
# the header is the client's own choice, and REMOTE_ADDR is used.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")

# Admin logins (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username
# from one address, that pair is locked out for AXES_COOLOFF_MINUTES (429). Not by
# username alone, which would let anyone lock HR staff out; the login rate limit above
# stops one address from trying many usernames.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "missionjobs.middleware.client_ip"
AXES_LOCKOUT_TEMPLATE = "locked_out.html"
AXES_LOCKOUT_CALLABLE = "missionjobs.views.locked_out"  # the template, with Retry-After
# Log lines name the address (for a firewall's ban list), not the username typed, which
# is sometimes a password typed in the wrong field.
AXES_SENSITIVE_PARAMETERS = ["username"]

# History (django-simple-history): viewable, not revertible. Reverting a post would not
# revert its sections and vacancies, and half a revert is worse than none.
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # pgserver narrates every start and stop of the embedded server at INFO.
        "pgserver": {"level": "WARNING"},
        # Failed admin logins and lock-outs, one line each (successes are in the admin's
        # Access logs, not worth a line).
        "axes": {"level": "WARNING"},
    },
}
