"""The site's URLs and /bench/hello/, a page that does nothing: the benchmark's ceiling."""

from django.http import HttpResponse
from django.urls import path

from missionjobs.urls import urlpatterns as site_urlpatterns


def hello(request):
    return HttpResponse("Hello, world.\n", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/hello/", hello, name="bench_hello"), *site_urlpatterns]
