from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from vacancies.seo import robots_txt
from vacancies.sitemaps import SITEMAPS

admin.site.site_header = "missionjobs administration"
admin.site.site_title = "missionjobs admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
         name="sitemap"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("", include("vacancies.urls")),
]
