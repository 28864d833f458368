from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from missionjobs.middleware import ratelimited
from missionjobs.views import favicon, healthz
from vacancies import sitemaps
from vacancies.seo import robots_txt

admin.site.site_header = "missionjobs administration"
admin.site.site_title = "missionjobs admin"

handler500 = "missionjobs.views.server_error"

urlpatterns = [
    # Before the admin's own route to the same view, to limit attempts per address (django-axes
    # locks out a username and address pair; this stops one address trying many usernames).
    path("admin/login/", ratelimited("login", methods=["POST"])(admin.site.login)),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap_section",
    ),
    path("", include("vacancies.urls")),
]
