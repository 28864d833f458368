"""The facet counts of public pages' searches by words, place or dates, kept under the
content key (caching.content_key), so a count is never older than the data, the last
deadline passed or the day; and the counts table's groups that the other counts are added
up from, kept in each process under the same key.

Only callers that hold that key turn it on (Listing's ``content_key``): a count read
elsewhere, by an alert or a test, is computed afresh.
"""

import hashlib
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlencode

from django.core.cache import cache

from . import facets
from .facets import Counts, Groups
from .params import Search

# Bounds the room unused counts take: the key changes with the data.
COUNTS_TTL = 24 * 60 * 60
# The counts table's groups a process keeps: those of the version, for "any deadline" and
# for a few "closing within N days", and of a version or two before (about 1,500 groups
# each at 1,000,000 posts).
GROUPS_KEPT = 16


def counts_key(search: Search, version: str) -> str:
    params = urlencode(sorted(search.params(leave_out=("sort",)).items()))
    return f"posts:counts:{version}:{hashlib.sha256(params.encode()).hexdigest()}"


def cached_counts(search: Search, version: str, count: Callable[[], Counts]) -> Counts:
    return kept(counts_key(search, version), count)


@lru_cache(maxsize=GROUPS_KEPT)
def post_count_groups(version: str, closing_within: int | None) -> Groups:
    """The counts table's groups (facets.post_count_groups: count_facets' ``post_counts``)
    of content version ``version``, kept in this process: every count of a list page or
    API query adds them up (a millisecond) instead of asking Postgres to fold and sum the
    counts table (8-10 ms at 1,000,000 posts). Each process asks once a version."""
    return facets.post_count_groups(closing_within)


def kept(key: str, count: Callable[[], Counts]) -> Counts:
    """The counts under ``key``, counted and kept if not there yet."""
    counts = cache.get(key)
    if counts is None:
        counts = count()
        cache.set(key, counts, COUNTS_TTL)
    return counts
