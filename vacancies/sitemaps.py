"""sitemap.xml: an index of sections, each paginated (50,000 URLs a page) for large archives."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Exists, OuterRef
from django.urls import reverse

from missionjobs.site_url import on_site

from .models import Call, Mission, Post


def index(request, sitemaps, **kwargs):
    """Django's sitemap index, its sections on SITE_URL when set (Django's names them on the
    request's host)."""
    response = sitemap_views.index(request, sitemaps, **kwargs)
    for section in response.context_data["sitemaps"]:
        section.location = on_site(request, section.location)
    return response


class SiteSitemap(Sitemap):
    """Addresses on SITE_URL when set; Django's sitemaps take the request's scheme and host."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or super().get_protocol(protocol)

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc or super().get_domain(site)


class PageSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return ["vacancies:home", "vacancies:post_list", "vacancies:call_list"]

    def location(self, name):
        return reverse(name)


class PostSitemap(SiteSitemap):
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


class CallSitemap(SiteSitemap):
    def items(self):
        return Call.objects.published().only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, call):
        return call.updated_at


class MissionSitemap(SiteSitemap):
    def items(self):
        published = Call.objects.published().filter(mission=OuterRef("pk"))
        return Mission.objects.filter(Exists(published)).only("slug").order_by("pk")


SITEMAPS = {
    "pages": PageSitemap,
    "posts": PostSitemap,
    "calls": CallSitemap,
    "missions": MissionSitemap,
}
