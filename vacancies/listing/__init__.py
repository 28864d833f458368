"""The post list as every reader of it sees it: the list page, the home page's counts, the
Atom feed, the CSV and calendar exports, the API and the e-mail alerts.

A Listing is the one way to build it, so a search means the same everywhere:

    filterset.py   PostFilter: the parameters in, the posts out, in order
    facets.py      FACETS, and the counts of their options (from PostCount or the posts)
    cache.py       those counts kept under the content key, when the caller asks
    params.py      the search as parameters, as a query string, and in words
    pagination.py  pages counted from the facet counts, not by a COUNT(*) of their own
    cards.py       a page's posts: their ids, then their cards by SQL written once, kept
                   in each process under the content key

A search whose words, place or dates match more than COUNT_CAP posts is neither counted
nor ranked in full: "about 310,000 posts" (the planner's estimate; "more than 2,000" when
it has none better), in the list's order (``paged_posts``).
"""

from functools import cached_property, partial

from ..caching import content_key
from ..models import Post
from .cache import cached_counts, post_count_groups
from .cards import Cards
from .facets import (
    COUNT_CAP,
    FACETS,
    Counts,
    among_first,
    asks_the_posts,
    count_facets,
    show_counts,
)
from .filterset import SORT_ORDER, PostFilter
from .pagination import CountedPaginator, nearest_page
from .params import Search
from .walk import WalkOrSort

# What a walk (WalkOrSort) tests post by post along the order: each a cost per post (the
# search vector read from TOAST, vacancies_place_key); the other filters, the walked
# posts' own columns, come from the order's index with them.
WALK_TESTS = ("q", "location")

__all__ = [
    "COUNT_CAP",
    "FACETS",
    "SORT_ORDER",
    "CountedPaginator",
    "Listing",
    "PostFilter",
    "Search",
    "listing_for",
    "nearest_page",
]


class Listing:
    """The posts of one search, with the counts of its facets and its parameters.

    Its counts and cards are kept only under ``content_key``, the request's (caching.
    content_key): the counts in the cache, the cards in this process (cards.KeptCards).
    Without one they are counted and read afresh.
    """

    def __init__(self, data=None, *, content_key: str | None = None):
        self.filterset = PostFilter(data, queryset=Post.objects.all())
        self.search = Search(self.filterset)
        self.content_key = content_key

    @property
    def form(self):
        return self.filterset.form

    @property
    def errors(self):
        return self.filterset.errors

    def is_valid(self) -> bool:
        return self.filterset.is_valid()

    @property
    def posts(self):
        """The posts, filtered and in order, with what their cards show (the feed, the
        exports, the alerts); what cannot be understood is left out."""
        return self.matches.for_listing()

    @property
    def matches(self):
        """``posts`` without what a card shows: which posts, for a page's ids (Cards). Its
        annotations, which the ids do not select, took the ORM 2-3 ms a request to build."""
        return self.filterset.qs

    @cached_property
    def counts(self) -> Counts:
        if self.content_key is None:
            return count_facets(self.filterset)
        count = partial(count_facets, self.filterset, partial(post_count_groups, self.content_key))
        self.is_valid()
        if not asks_the_posts(self.form.cleaned_data):
            # Added up from the counts table's groups that this process keeps, in less time
            # than the shared cache takes to read them, or to write them on a miss.
            return count()
        return cached_counts(self.search, self.content_key, count)

    @property
    def facets(self) -> dict[str, dict[str, int]]:
        """For each option of each facet, how many posts choosing it would show, the other
        filters staying as they are."""
        return self.counts["facets"]

    @property
    def total(self) -> int:
        return self.counts["total"]

    @property
    def capped(self) -> bool:
        """More than COUNT_CAP posts: ``total`` is COUNT_CAP + 1, "more than 2,000"."""
        return self.counts.get("capped", False)

    @property
    def estimate(self) -> int | None:
        """When ``capped``, about how many posts there are (the planner's estimate), if
        it is more than the cap; else None."""
        return self.counts.get("estimate")

    @property
    def too_many_to_rank(self) -> bool:
        """A search by relevance matching more than COUNT_CAP posts: ranking them all would
        read every one; they are shown in an order an index gives (PostFilter.unranked)."""
        return self.capped and self.filterset.ranked()

    @property
    def paged_posts(self):
        """The posts of the list page and the API: ``posts``, but that a search matching too
        many to rank is in the list's order, read from an index up to the page and no
        further (a search by words: within a bound, else sorted, WalkOrSort); one matching
        few is sorted: from the ids its count found (``counted``), when it found them."""
        if self.walks_or_sorts:
            order = self.filterset.index_order()
            others = self.filterset.filtered(self.filterset.queryset, leave_out=WALK_TESTS)
            not_tested = tuple(name for name in self.filterset.filters if name not in WALK_TESTS)
            tested = self.filterset.filtered(Post.objects.all(), leave_out=not_tested)
            return WalkOrSort(
                self.matches.order_by(*order), others, tested, order, self.content_key
            )
        if self.too_many_to_rank:
            return Cards(self.filterset.unranked(self.matches), self.content_key)
        if (found := self.counts.get("matches")) is not None:
            return Cards(self.filterset.sorted(self.counted(found)), self.content_key)
        if self.few_to_sort:
            return Cards(self.matches.filter(among_first(self.matches)), self.content_key)
        return Cards(self.matches, self.content_key)

    def counted(self, ids: list[int]):
        """The search's posts as counted (Counts' ``matches``), ranked if it is: the words,
        place and filters not tested again. Matching a common word again would build a
        bitmap of every post that has it (341,309 at 1,000,000 posts, 70 ms) for the few
        that the other filters leave."""
        posts = Post.objects.among(ids)
        return posts.ranked_for(self.form.cleaned_data["q"]) if self.filterset.ranked() else posts

    @property
    def walks_or_sorts(self) -> bool:
        """A search by words or place over COUNT_CAP posts (WalkOrSort). Along the order's
        index, Postgres would test each post's words or place until the page is full: a
        place rare along it (status=all&location=Kramatorsk&sort=title&page=3 at 1,000,000
        posts: 24,740 posts read, 330 ms) as words rare along it."""
        if not self.capped:  # counted first: the form is valid from there on
            return False
        return any(self.form.cleaned_data.get(name) for name in WALK_TESTS)

    @property
    def few_to_sort(self) -> bool:
        """A search by words, place or dates, in an order other than relevance, counted to
        the end (at most COUNT_CAP posts): Postgres would walk the order's index testing
        each post until the page is full, far past the few that match ("minimum lead" by
        title, 3,827 matches at 1,000,000 posts: past the 2 s limit); found first through
        their own indexes (among_first, which then holds every match) and sorted, 150 ms.
        Relevance is sorted so already; too many are not (too_many_to_rank)."""
        return (
            asks_the_posts(self.form.cleaned_data)
            and not self.filterset.ranked()
            and not self.capped
        )

    @property
    def mission_counts(self) -> list[tuple[str, str, int]]:
        """(slug, name, posts) of the missions with posts for the other filters, by name."""
        return self.counts["missions"]

    def show_counts(self) -> None:
        """The counts next to the form's choices: "EU SECRET (10)"."""
        show_counts(self.form, self.counts)

    def highlight(self, posts) -> list[Post]:
        """The page's posts, with the searched words marked in ``title_headline`` and in a
        ``snippet`` of the job description: one query, for this page only."""
        posts = list(posts)
        text = self.form.cleaned_data.get("q")
        if text and posts:
            marked = Post.objects.filter(pk__in=[post.pk for post in posts]).with_headlines(text)
            rows = marked.values_list("pk", "title_headline", "snippet")
            headlines = {pk: (title, snippet) for pk, title, snippet in rows}
            for post in posts:
                post.title_headline, post.snippet = headlines[post.pk]
        return posts


def listing_for(request, *, keep: bool = False) -> Listing:
    """The listing of the request's parameters. ``keep``: keep its counts and cards under
    the request's content key, for the public pages and the API, which are keyed on it too."""
    return Listing(request.GET, content_key=content_key(request) if keep else None)
