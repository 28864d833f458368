from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "missionjobs administration"
admin.site.site_title = "missionjobs admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("vacancies.urls")),
]
