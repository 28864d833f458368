"""A page of posts as their cards show them: which posts, by one query, then what each
card shows, by a query whose SQL is written once per process (models/prepared.py), for
the posts that this process has not shown under the same content key (KeptCards).

The ORM took 4-5 ms to write the one query that did both (each post with its call,
mission, organisation and vacancy counts: some sixty columns and two subqueries), longer
than Postgres took to run it. Which posts a page holds is a short query to write (the
filters, the order, the page's ids); what a card shows is the same question every time.
"""

from collections import OrderedDict
from threading import Lock

from ..models import Post
from ..models.prepared import PreparedByIds

# The list's page, and the API's largest (its page_size).
PAGE_SIZES = (20, 100)
# The cards a process keeps (a post with its call and mission, and its card's HTML: about
# 7 kB each, 28 MB a process at most). Most lists open on the posts closing soonest or closed
# last, which other searches show too: in a crowd of facet combinations, 40-55 % of a page's
# cards had been shown before.
CARDS_KEPT = 4_000

cards = PreparedByIds(lambda ids: Post.objects.for_listing().filter(pk__in=ids), PAGE_SIZES)


class KeptCard:
    """A post as its card shows it, and the card's HTML once written (``html``), and its
    facts' (``facts``: the card of a search that marks words or names a nationality is
    written around them), as long as the content key it was read under holds."""

    __slots__ = ("facts", "html", "post")

    def __init__(self, post: Post):
        self.post = post
        self.html = None
        self.facts = None

    def shown(self) -> Post:
        """The post for one request: a copy, which that request may mark (its search's
        headlines) without marking it for the others."""
        post = Post.__new__(Post)
        # Its attributes copied, not its state: the relations it shows (call, mission,
        # organisation) are read already, and copy.copy, which copies those too, took a
        # tenth of a kept API page's Python.
        post.__dict__ = {**self.post.__dict__, "kept_card": self}
        return post


class KeptCards:
    """The cards of the posts this process showed last, under one content key
    (caching.content_key: the data, the deadlines passed, the day): a post's card reads the
    same until that key moves, which empties them all. Least recently shown go first."""

    def __init__(self, size: int = CARDS_KEPT):
        self.size = size
        self.version = None
        self.kept: OrderedDict[int, KeptCard] = OrderedDict()
        self.lock = Lock()

    def __call__(self, ids: list[int], version: str) -> list[Post]:
        """The posts of ``ids`` that exist, in their order, each a copy (KeptCard.shown)."""
        with self.lock:
            if version != self.version:
                self.version, self.kept = version, OrderedDict()
            found = {pk: self.kept[pk] for pk in ids if pk in self.kept}
            for pk in found:
                self.kept.move_to_end(pk)
        missing = [pk for pk in ids if pk not in found]
        read = {post.pk: KeptCard(post) for post in cards(missing)}
        with self.lock:
            if version == self.version:
                self.kept.update(read)
                while len(self.kept) > self.size:
                    self.kept.popitem(last=False)
        found.update(read)
        return [found[pk].shown() for pk in ids if pk in found]

    def clear(self) -> None:
        with self.lock:
            self.version, self.kept = None, OrderedDict()


kept_cards = KeptCards()


def page_ids(posts, page: slice) -> list[int]:
    """The ids of ``posts`` on ``page``, in their order."""
    return list(posts.values_list("pk", flat=True)[page])


def read_cards(ids: list[int], version: str | None) -> list[Post]:
    """The cards of ``ids`` in their order: kept in this process under ``version`` (the
    content key), if given, else read."""
    return cards(ids) if version is None else kept_cards(ids, version)


class Cards:
    """``posts`` (a Listing's ``matches``) as the paginator slices them: the page's ids, then
    their cards; kept in this process under ``version`` (the content key), if given."""

    model = Post  # for ListView: the list is "post_list"
    ordered = True  # for the paginator: the posts are in order

    def __init__(self, posts, version: str | None = None):
        self.posts = posts
        self.version = version

    def __getitem__(self, page: slice) -> list[Post]:
        if page.stop - page.start > PAGE_SIZES[-1]:
            return list(self.posts.for_listing()[page])
        return read_cards(page_ids(self.posts, page), self.version)
