"""The page of a search by words or place matching more than COUNT_CAP posts, in an order
other than relevance (too many to rank, or sorted by title, deadline or publication).

Postgres read such a page along the order's index, testing each post's words (its search
vector, read from TOAST, about 18 µs) until the page was full: a millisecond when the words
are common along that order, past the 2 s limit when they are rare there ("officials
psychology" by title: 6,117 matches of 1,000,000 posts, none among the first titles). So
the walk is bounded: the words are tested on the first WALK_FACTOR posts of the other
filters per post of the page (400 for a page of 20, 7 ms), which words found in one post of
WALK_FACTOR along the order fill. Where those hold too few, the matches are found through
the words' index and sorted (facets.in_order_among): 30 ms for those 6,117. bench/LOAD.md, "A
bounded walk". A place is tested the same way, with the words or alone (its key,
vacancies_place_key, costs about what the words do): Kramatorsk by title, page 3, read
24,740 posts unbounded, 330 ms; bounded, then sorted, 75 ms.
"""

from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from ..models import Post
from .cards import page_ids, read_cards
from .facets import in_order_among

# Posts of the other filters whose words are tested, per post of the page: words found in
# one post of a hundred along the order fill it; at most MAX_WALK (36 ms, words in none).
WALK_FACTOR = 100
MAX_WALK = 2_000
# What the walk's tests read of a post: its words, its place (PostFilter's q and location).
TESTED_COLUMNS = ("pk", "search_vector", "duty_station", "location", "country")


class WalkOrSort:
    """``posts`` (every filter, in ``order``) as the paginator slices them: each page's ids
    from the first posts of ``others`` (the same filters but the words and place) along the
    order, else from every match, sorted; then their cards (cards.read_cards, kept under
    ``version``, the content key, if given). ``words``: the posts of the words and place
    alone (listing.WALK_TESTS)."""

    model = Post  # for ListView: the list is "post_list" too
    ordered = True  # for the paginator: the posts are in ``order``

    def __init__(self, posts, others, words, order: list[str], version: str | None = None):
        self.posts, self.others, self.order = posts, others, order
        self.words, self.version = words, version

    def __getitem__(self, page: slice) -> list[Post]:
        rows = min(WALK_FACTOR * page.stop, MAX_WALK)
        walked = page_ids(self.posts.filter(self.among_walked(rows, page.stop)), page)
        if len(walked) < page.stop - page.start:
            sorted_ = self.posts.filter(in_order_among(self.posts, self.order, page.stop))
            walked = page_ids(sorted_, page)
        return read_cards(walked, self.version)

    def among_walked(self, rows: int, matches: int) -> RawSQL:
        """The condition "one of the first ``matches`` of the words among the first ``rows``
        of ``others`` in the order": read along the order's index, the words tested on each
        in turn until ``matches`` are found (a common word: a few dozen posts read)."""
        first = self.others.order_by(*self.order).values(*TESTED_COLUMNS)[:rows]
        sql, params = first.query.sql_with_params()
        compiler = self.words.query.get_compiler(using=self.words.db)
        words, words_params = compiler.compile(self.words.query.where)
        # The subquery named as the table, for the words' SQL, written for the table.
        return RawSQL(  # noqa: S611 - Django's own SQL, an integer
            '"vacancies_post"."id" = ANY(ARRAY(SELECT "vacancies_post"."pk"'  # noqa: S608
            f' FROM ({sql}) AS "vacancies_post" WHERE {words} LIMIT {int(matches)}))',
            (*params, *words_params),
            output_field=BooleanField(),
        )
