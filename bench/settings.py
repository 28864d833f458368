"""Settings of the load benchmark: the production settings, plus a hello-world page.

The hello-world view is served by the same gunicorn, through the same middleware, as the
site's pages: its throughput is the ceiling the pages are measured against.

BENCH_CACHE=off swaps the cache for Django's dummy one: every request then does all of
its work, as a request for one of the many pages nobody has asked for since the data changed.
"""

import os

from missionjobs.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# Collected here rather than in staticfiles/, which belongs to deployments.
STATIC_ROOT = BASE_DIR / "var" / "bench" / "staticfiles"  # noqa: F405

# Its own cache directory, emptied by run.py for each database it generates; or the Redis
# of CACHE_URL (bench/scaleout.py), left as the production settings make it.
if not CACHE_URL:  # noqa: F405
    CACHES["default"]["LOCATION"] = str(BASE_DIR / "var" / "bench" / "cache")  # noqa: F405
if os.environ.get("BENCH_CACHE") == "off":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
# manage.py generate_posts, the benchmark's data: installed here and in the tests' settings only.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools.datagen"]  # noqa: F405
