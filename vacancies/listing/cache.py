"""The facet counts of public pages, kept under the content key (caching.content_key), so a
count is never older than the data, the last deadline passed or the day.

Only callers that hold that key turn it on (Listing's ``counts_version``): a count read
elsewhere, by an alert or a test, is computed afresh.
"""

import hashlib
from collections.abc import Callable
from urllib.parse import urlencode

from django.core.cache import cache

from .facets import POST_COUNT_BLIND, Counts, counted_by_facets
from .params import Search

# Bounds the room unused counts take: the key changes with the data.
COUNTS_TTL = 24 * 60 * 60


def counts_key(search: Search, version: str, kind: str = "counts", leave_out=()) -> str:
    params = urlencode(sorted(search.params(leave_out=("sort", *leave_out)).items()))
    return f"posts:{kind}:{version}:{hashlib.sha256(params.encode()).hexdigest()}"


def cached_counts(search: Search, version: str, count: Callable[[], Counts]) -> Counts:
    return kept(counts_key(search, version), count)


def cached_by_facets(search: Search, version: str) -> Callable:
    """counted_by_facets (count_facets' ``by_facets``), kept under the content key and the
    search's facets alone: the same for every search by words, place or dates with those
    facets. Every search of the archive (status=all) shares one: 5-8 ms of Postgres each
    at 1,000,000 posts (the counts table folded by deadline, then summed)."""

    def counted(filterset) -> Counts:  # the key made only when asked: most counts never ask
        key = counts_key(search, version, "by-facets", leave_out=POST_COUNT_BLIND)
        return kept(key, lambda: counted_by_facets(filterset))

    return counted


def kept(key: str, count: Callable[[], Counts]) -> Counts:
    """The counts under ``key``, counted and kept if not there yet."""
    counts = cache.get(key)
    if counts is None:
        counts = count()
        cache.set(key, counts, COUNTS_TTL)
    return counts
