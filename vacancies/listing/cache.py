"""The facet counts of public pages, kept under the content key (caching.content_key), so a
count is never older than the data, the last deadline passed or the day.

Only callers that hold that key turn it on (Listing's ``counts_version``): a count read
elsewhere, by an alert or a test, is computed afresh.
"""

import hashlib
from collections.abc import Callable
from urllib.parse import urlencode

from django.core.cache import cache

from .facets import Counts
from .params import Search

# Bounds the room unused counts take: the key changes with the data.
COUNTS_TTL = 24 * 60 * 60


def counts_key(search: Search, version: str) -> str:
    params = urlencode(sorted(search.params(leave_out=("sort",)).items()))
    return f"posts:counts:{version}:{hashlib.sha256(params.encode()).hexdigest()}"


def cached_counts(search: Search, version: str, count: Callable[[], Counts]) -> Counts:
    key = counts_key(search, version)
    counts = cache.get(key)
    if counts is None:
        counts = count()
        cache.set(key, counts, COUNTS_TTL)
    return counts
