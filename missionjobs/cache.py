"""The two cache backends of settings.CACHES: Django's own, with what the page cache needs.

- ``FileBasedCache`` (one machine, ``CACHE_DIR``): ``add`` is atomic across processes, so
  that one worker alone holds the lock under which a cold page is rendered
  (vacancies/caching.py). Django's checks for the file and then writes it: two workers may
  both "add". And it culls at most once a CULL_INTERVAL per directory and process: Django's
  lists the whole directory on every write, 14 ms at 10,000 entries, which a crowd of cold
  pages paid two or three times a request. And it compresses at zlib's fastest level:
  Django's default level took three times as long (0.27 ms for a list page of 37 kB) to
  save 12 % of its size. Its directory is made again only when it is gone.
- ``RedisCache`` (``CACHE_URL``, shared by several machines): a site whose cache is down
  still answers, from the database. Django's raises on every error, and its cache
  middleware and our page cache would turn that into a 500 on every page.
"""

import logging
import os
import pickle
import tempfile
import time
import zlib
from pathlib import Path

from django.core.cache.backends import filebased
from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from redis import RedisError

logger = logging.getLogger(__name__)


# Seconds between two looks at the number of entries in a cache directory, per process: the
# directory may outgrow MAX_ENTRIES by what the process writes in that time.
CULL_INTERVAL = 1.0

# Directory -> when its process may next count its entries; shared by the threads, each of
# which has a cache object of its own.
_next_cull: dict[str, float] = {}


# Every cold page is written once: its compression is paid by a request, its size by the disk.
COMPRESSION_LEVEL = 1


class FileBasedCache(filebased.FileBasedCache):
    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol), COMPRESSION_LEVEL))

    def _createdir(self):
        # Django makes the directory before every write, in case it was deleted: a mkdir that
        # waits on the parent directory's lock behind the other workers' writes (4 % of a
        # crowd's time). A stat says whether it is there.
        if not Path(self._dir).is_dir():
            super()._createdir()

    def _cull(self):
        now = time.monotonic()
        if now < _next_cull.get(self._dir, 0.0):
            return
        _next_cull[self._dir] = now + CULL_INTERVAL
        super()._cull()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._createdir()
        entry = Path(self._key_to_file(key, version))
        self._cull()
        fd, written = tempfile.mkstemp(dir=self._dir)
        try:
            with os.fdopen(fd, "wb") as f:
                self._write_content(f, timeout, value)
            return self._link(Path(written), entry, key, version)
        except OSError:  # a file system without hard links: Django's add
            return super().add(key, value, timeout, version)
        finally:
            Path(written).unlink()

    def _link(self, written: Path, entry: Path, key, version) -> bool:
        # A hard link is made whole or not at all, and never over an existing file: of two
        # processes adding the same key, one wins.
        for _attempt in range(2):
            try:
                entry.hardlink_to(written)
            except FileExistsError:
                # has_key removes an expired entry: then try once more. Two processes finding
                # the same expired entry at once may both win (the second removing the
                # first's): at worst a page is rendered twice.
                if self.has_key(key, version):
                    return False
            else:
                return True
        return False


# After an error the cache is left alone this long: while Redis is unreachable, a worker
# pays the connection timeout once per this many seconds, not on every request.
RETRY_AFTER = 5.0
# A cache read or write takes well under a millisecond: a server slower than this is down.
SOCKET_TIMEOUT = 1.0

# The servers (a tuple of URLs) that failed, and until when they are left alone; shared by
# the threads of a worker, so an outage is logged once, not once per thread.
_unavailable_until: dict[tuple[str, ...], float] = {}


class RedisCache(django_redis.RedisCache):
    """Django's Redis cache, reading an error as a miss: a read finds nothing, a write keeps
    nothing, and ``add`` succeeds, so that a request renders its page itself rather than
    wait for a lock that no one holds. Errors are logged once per outage."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._options = {
            "socket_connect_timeout": SOCKET_TIMEOUT,
            "socket_timeout": SOCKET_TIMEOUT,
            **self._options,
        }
        self._servers_key = tuple(self._servers)

    def _guarded(self, operation, *args, miss):
        until = _unavailable_until.get(self._servers_key)
        if until is not None and time.monotonic() < until:
            return miss
        try:
            result = operation(*args)
        except RedisError as error:
            if until is None:
                logger.warning(
                    "The cache is unavailable, pages are rendered from the database: %s", error
                )
            _unavailable_until[self._servers_key] = time.monotonic() + RETRY_AFTER
            return miss
        if until is not None and _unavailable_until.pop(self._servers_key, None) is not None:
            logger.warning("The cache is available again")
        return result

    def get(self, key, default=None, version=None):
        return self._guarded(super().get, key, default, version, miss=default)

    def get_many(self, keys, version=None):
        return self._guarded(super().get_many, keys, version, miss={})

    def has_key(self, key, version=None):
        return self._guarded(super().has_key, key, version, miss=False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().add, key, value, timeout, version, miss=True)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().set, key, value, timeout, version, miss=None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().set_many, data, timeout, version, miss=list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().touch, key, timeout, version, miss=False)

    def delete(self, key, version=None):
        return self._guarded(super().delete, key, version, miss=False)

    def delete_many(self, keys, version=None):
        return self._guarded(super().delete_many, keys, version, miss=None)
