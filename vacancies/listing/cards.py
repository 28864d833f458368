"""A page of posts as their cards show them: which posts, by one query, then what each
card shows, by a query whose SQL is written once per process (models/prepared.py).

The ORM took 4-5 ms to write the one query that did both (each post with its call,
mission, organisation and vacancy counts: some sixty columns and two subqueries), longer
than Postgres took to run it. Which posts a page holds is a short query to write (the
filters, the order, the page's ids); what a card shows is the same question every time.
"""

from ..models import Post
from ..models.prepared import PreparedByIds

# The list's page, and the API's largest (its page_size).
PAGE_SIZES = (20, 100)

cards = PreparedByIds(lambda ids: Post.objects.for_listing().filter(pk__in=ids), PAGE_SIZES)


class Cards:
    """``posts`` (a Listing's ``matches``) as the paginator slices them: the page's ids, then
    their cards."""

    model = Post  # for ListView: the list is "post_list"
    ordered = True  # for the paginator: the posts are in order

    def __init__(self, posts):
        self.posts = posts

    def __getitem__(self, page: slice) -> list[Post]:
        if page.stop - page.start > PAGE_SIZES[-1]:
            return list(self.posts.for_listing()[page])
        return cards(list(self.posts.values_list("pk", flat=True)[page]))
