"""Settings for the test suite: production settings with a throwaway key, on the embedded
Postgres when DATABASE_URL is unset (the test setup starts it, as manage.py does)."""

import os

from missionjobs.embedded_postgres import use_embedded_if_unset

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
use_embedded_if_unset()

from missionjobs.settings import *  # noqa: E402,F403

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Serve static files from the app directories: the suite does not run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The suite makes many requests from one address, and counts the queries of pages: rate
# limits are off but in tests/security/test_rate_limits.py, which turns them on.
RATELIMIT_ENABLE = False
# Each test process its own cache in memory: suites run at once do not share pages.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The data generator of the load benchmark (manage.py generate_posts): not in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools.datagen"]  # noqa: F405
# Tasks run as they are queued, within the request, so that a test sees their effect as it
# returns (and in its own transaction). The tests of the queue itself switch to the database
# backend and run `db_worker` (tests/test_tasks.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A second connection to the test database, as a read replica, for tests/test_replicas.py.
# The router stays off elsewhere: a test's rows, uncommitted on the default connection, are
# not seen through another.
DATABASES["replica1"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
