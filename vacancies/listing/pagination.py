"""Pages of posts without an exact COUNT(*) per request, and without ever-deeper OFFSETs."""

from functools import cached_property

from django.core.paginator import Paginator

# 500 pages of 20: past that, a person refines the search; a crawler uses the sitemap.
MAX_PAGES = 500


class CountedPaginator(Paginator):
    """A paginator told its count (the listing's total, from the facet counts) and capped
    in depth."""

    def __init__(self, object_list, per_page, *args, count: int, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, MAX_PAGES)


def nearest_page(paginator: Paginator, number) -> int:
    """The page a reader asking for ``number`` is shown: the first for what is not a page
    number (``abc``, 0, a negative number), the last for ``last`` or past the end (or past
    MAX_PAGES), so that an old or mangled link still shows a page of the list."""
    if number == "last":
        return paginator.num_pages
    try:
        number = int(number)
    except (TypeError, ValueError):
        return 1
    return max(1, min(number, paginator.num_pages))
