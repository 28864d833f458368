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
