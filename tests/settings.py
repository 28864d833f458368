"""Settings for the test suite: production settings with a throwaway key."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")

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
