"""gunicorn settings for the production command (Dockerfile CMD and the benchmarks)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Page views spend most of their time waiting on Postgres: a few threads per worker.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
timeout = 30
graceful_timeout = 20
# A safety net against a leak (bench/soak.py finds none), not a routine: a worker's restart
# costs a second of a core, which at 5,000 requests came every 15 s under load (make bench).
max_requests = 50000
max_requests_jitter = 5000
accesslog = "-"
