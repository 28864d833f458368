"""The Atom feed of a search: /posts/feed/ takes the same parameters as /posts/."""

import re

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from missionjobs.site_url import site_url_or_path

from .listing import listing_for
from .models import start_of_day
from .views import bad_filter_response

FEED_SIZE = 50
# What XML 1.0 cannot carry (django.utils.xmlutils refuses it): a control character in a
# search, or pasted into a title, would otherwise make the whole feed a 500.
NOT_XML = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F]")


def xml_safe(value):
    return NOT_XML.sub("", value) if isinstance(value, str) else value


class XmlSafeAtom1Feed(Atom1Feed):
    def __init__(self, *args, **kwargs):
        super().__init__(*map(xml_safe, args), **{k: xml_safe(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(xml_safe, args), **{k: xml_safe(v) for k, v in kwargs.items()})


class PostFeed(Feed):
    """Its links on SITE_URL when set; Django's Feed puts a path on the request's host."""

    feed_type = XmlSafeAtom1Feed
    description_template = "vacancies/feed_item.html"

    def __call__(self, request, *args, **kwargs):
        listing = self.get_object(request)
        if not listing.is_valid():
            return bad_filter_response(listing)
        response = super().__call__(request, *args, **kwargs)
        # The feed generator writes the XML in hundreds of small pieces, which the server
        # would send as as many small TCP writes (and the cache would store): one piece.
        response.content = response.content
        return response

    def get_object(self, request, *args, **kwargs):
        return listing_for(request)

    def title(self, listing):
        return "missionjobs: " + ("; ".join(listing.search.description()) or "open posts")

    def subtitle(self, listing):
        return "New posts of international civilian missions matching this search, newest first."

    def link(self, listing):
        query = listing.search.querystring
        return site_url_or_path(reverse("vacancies:post_list") + (f"?{query}" if query else ""))

    def feed_url(self, listing):
        query = listing.search.querystring
        return site_url_or_path(reverse("vacancies:post_feed") + (f"?{query}" if query else ""))

    def items(self, listing):
        # Newest first whatever the sort: feed readers only look at the top of a feed.
        return listing.posts.order_by("-published_at", "-created_at", "-pk")[:FEED_SIZE]

    def item_link(self, post):
        return site_url_or_path(post.get_absolute_url())

    def item_title(self, post):
        mission = post.call.mission
        ref = f" ({post.ref})" if post.ref else ""
        return f"{post.title}{ref}, {mission.acronym or mission.name}"

    def item_pubdate(self, post):
        published = post.call.published_on  # what the post page says, at the start of that day
        return start_of_day(published) if published else None

    def item_updateddate(self, post):
        return max(post.call.updated_at, post.created_at)

    def item_author_name(self, post):
        return post.call.mission.name

    def item_categories(self, post):
        return [post.get_regime_display(), post.call.mission.acronym or post.call.mission.name]
