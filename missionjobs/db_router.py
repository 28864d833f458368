"""Public reads from Postgres read replicas (``DATABASE_REPLICA_URLS``); everything else on
the primary.

``ReplicaReadsMiddleware`` picks, once per request, where that request reads: one replica
chosen at random, kept for the whole request (two replicas may lag by different amounts,
and a page, its counts and its content version must come from one of them), or the primary
when the request must see the latest data:

- a write (POST and every other unsafe method) and the admin (``/admin/``);
- a staff member: a request carrying a session cookie (only staff log in: the admin is the
  only login). Asking ``request.user`` instead would read the session, and every page that
  reads it is personal, never cached (missionjobs.middleware.is_personal);
- a client that wrote in the last ``REPLICA_PIN_SECONDS``: a write answers with a signed
  cookie that pins its client to the primary for that long, longer than replication lags,
  so an editor who saves a post and opens it sees their own change.

``ReplicaRouter`` reads from that choice; anything outside a request (management commands,
the task queue's worker, a shell) reads from the primary, the context variable's default. Writes
always go to the primary, and so does every read inside a transaction on it (an ``atomic``
read-then-write). Replicas serve only the public content: sessions, users, lock-outs and
alerts (a confirmation link is often opened seconds after the sign-up, from another
device) are read from the primary, and rate limits are counted there (raw SQL on
``django.db.connection``, the default database).
"""

import random
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.core.signing import BadSignature
from django.db import DEFAULT_DB_ALIAS, connections

from .middleware import ADMIN_PREFIX

PRIMARY = DEFAULT_DB_ALIAS
REPLICA_PREFIX = "replica"  # DATABASES["replica1"], ["replica2"], ...
ROUTER = "missionjobs.db_router.ReplicaRouter"
PIN_COOKIE = "primary_reads"
PIN_SALT = "missionjobs.db_router.pin"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# The models whose reads may be served by a replica: the public content, and only that.
REPLICA_APPS = frozenset({"vacancies"})
PRIMARY_MODELS = frozenset({"alert"})

_reads_from: ContextVar[str] = ContextVar("reads_from", default=PRIMARY)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


def replicas_in_use() -> bool:
    return ROUTER in settings.DATABASE_ROUTERS and bool(replica_aliases())


@contextmanager
def reading_from(alias: str):
    """Route this context's reads to ``alias`` (the middleware's, and the tests')."""
    token = _reads_from.set(alias)
    try:
        yield
    finally:
        _reads_from.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = _reads_from.get()
        if alias == PRIMARY:
            return PRIMARY
        meta = model._meta
        if meta.app_label not in REPLICA_APPS or meta.model_name in PRIMARY_MODELS:
            return PRIMARY
        # A read inside a transaction on the primary is the first half of a write (a
        # get_or_create, a read then a save in one atomic block): it must see the primary's
        # rows. (A select_for_update is read from the write database already.)
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return alias

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the primary's rows: an object read from one relates to any other.
        databases = {PRIMARY, *replica_aliases()}
        if {obj1._state.db, obj2._state.db} <= databases:  # noqa: SLF001 (Django's routing docs read it)
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A replica receives the schema from the primary, with the rows.
        return db == PRIMARY


class ReplicaReadsMiddleware:
    """Chooses where each request reads (the module says how) and pins a client that writes
    to the primary for ``REPLICA_PIN_SECONDS``. Off without replicas."""

    def __init__(self, get_response):
        if not replicas_in_use():
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.replicas = replica_aliases()

    def __call__(self, request):
        with reading_from(self.reads_from(request)):
            response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            response.set_signed_cookie(
                PIN_COOKIE,
                "1",
                salt=PIN_SALT,
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def reads_from(self, request) -> str:
        if (
            request.method not in SAFE_METHODS
            or request.path_info.startswith(ADMIN_PREFIX)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or is_pinned(request)
        ):
            return PRIMARY
        return random.choice(self.replicas)  # noqa: S311 (spreading load, not a secret)


def is_pinned(request) -> bool:
    """The client wrote less than ``REPLICA_PIN_SECONDS`` ago: the cookie's signature holds
    the time it was set, so an old cookie a client keeps sending pins nothing."""
    if PIN_COOKIE not in request.COOKIES:
        return False
    try:
        request.get_signed_cookie(PIN_COOKIE, salt=PIN_SALT, max_age=settings.REPLICA_PIN_SECONDS)
    except BadSignature:  # SignatureExpired is one
        return False
    return True
