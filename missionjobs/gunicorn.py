"""gunicorn settings for the production command (Dockerfile CMD and the benchmarks)."""

import gc
import itertools
import multiprocessing
import os
import sys

# Loopback unless told otherwise: on a host, 0.0.0.0 would let anyone past the proxy
# (deploy/nginx.conf) and its limits. The image sets GUNICORN_BIND=0.0.0.0:8000 for the
# proxy's container to reach; compose.yaml publishes only the proxy's port.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Page views spend most of their time waiting on Postgres: a few threads per worker.
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# Each worker takes at most two connections per thread. Left at gunicorn's 1,000, the worker
# that wakes first took most of a burst of keep-alive connections and kept them: one
# process, one core, while the others idled; a page's load ran at half speed one time in
# five (make bench). The browsers' idle connections belong to the TLS proxy in front.
worker_connections = 2 * threads
timeout = 30
graceful_timeout = 20
# A safety net against a leak (bench/soak.py finds none), not a routine: a worker's restart
# costs a second of a core, which at 5,000 requests came every 15 s under load (make bench).
max_requests = 50000
max_requests_jitter = 5000
accesslog = "-"
# gunicornc's control socket is one per user ($XDG_RUNTIME_DIR/gunicorn.ctl), not per
# instance: a second gunicorn of the user takes it over, and stopping either removes it.
# Signals to the master do its work (README: kill -HUP to reload).
control_socket_disable = True


def on_starting(server):
    """Refuse to start, in one line, on settings that would make every request fail (no
    SECRET_KEY in production), before a worker boots and prints a traceback."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missionjobs.settings")
    from django.conf import settings  # noqa: PLC0415 (the master needs Django only here)
    from django.core.exceptions import ImproperlyConfigured  # noqa: PLC0415

    try:
        settings.INSTALLED_APPS  # noqa: B018 (loads the settings)
    except ImproperlyConfigured as error:
        sys.exit(f"gunicorn: {error}")


# Requests after which a worker holds what lives as long as it does (Django's apps, URLs,
# compiled templates, the ORM's caches) and freezes it (freeze_when_warm).
WARM_REQUESTS = 100


def post_worker_init(worker):
    worker.requests_served = itertools.count(1)  # next() is atomic: threads share it


def post_request(worker, req, environ, resp):
    freeze_when_warm(worker)


def freeze_when_warm(worker) -> None:
    """Once warm, move the worker's long-lived objects out of the garbage collector's sight
    (gc.freeze): a full collection walked them all, about 50 ms with the GIL held, every
    thread of the worker stalled; after, full collections are rare and walk only what
    requests left. Measured on post pages at 1,000,000 posts (bench/LOAD.md)."""
    if next(worker.requests_served) == WARM_REQUESTS:
        gc.collect()
        gc.freeze()
