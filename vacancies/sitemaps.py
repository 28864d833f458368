"""sitemap.xml: an index of sections, each paginated (50,000 URLs a page) for large archives."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from .models import Call, Mission, Post


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["vacancies:home", "vacancies:post_list", "vacancies:call_list"]

    def location(self, name):
        return reverse(name)


class PostSitemap(Sitemap):
    """Every published post, closed ones too: their pages stay as an archive."""

    def items(self):
        return (
            Post.objects.published()
            .select_related("call")
            .only("pk", "slug", "call__updated_at")
            .order_by("pk")
        )

    def lastmod(self, post):
        return post.call.updated_at


class CallSitemap(Sitemap):
    def items(self):
        return Call.objects.published().only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, call):
        return call.updated_at


class MissionSitemap(Sitemap):
    def items(self):
        published = Call.objects.published().filter(mission=OuterRef("pk"))
        return Mission.objects.filter(Exists(published)).only("slug").order_by("pk")


SITEMAPS = {
    "pages": PageSitemap,
    "posts": PostSitemap,
    "calls": CallSitemap,
    "missions": MissionSitemap,
}
