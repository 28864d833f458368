from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from missionjobs.middleware import ratelimited

from . import api, views
from .caching import public_page
from .feeds import PostFeed

app_name = "vacancies"

urlpatterns = [
    path("", public_page(views.HomeView.as_view()), name="home"),
    # Searches, with their feed and exports, share one limit; rate limits wrap the cache, so
    # that a page served from it counts and a 429 is never cached.
    path(
        "posts/",
        ratelimited("search")(public_page(views.PostListView.as_view())),
        name="post_list",
    ),
    path("posts/feed/", ratelimited("search")(public_page(PostFeed())), name="post_feed"),
    path("posts.ics", ratelimited("search")(public_page(views.posts_ics)), name="post_ics"),
    path("posts.csv", ratelimited("search")(public_page(views.posts_csv)), name="post_csv"),
    path(
        "posts/<int:pk>/<slug:slug>/",
        public_page(views.PostDetailView.as_view()),
        name="post_detail",
    ),
    path("calls/", public_page(views.CallListView.as_view()), name="call_list"),
    path("calls.ics", ratelimited("search")(public_page(views.calls_ics)), name="call_ics"),
    path(
        "calls/<int:pk>/<slug:slug>/",
        public_page(views.CallDetailView.as_view()),
        name="call_detail",
    ),
    path(
        "missions/<slug:slug>/",
        public_page(views.MissionDetailView.as_view()),
        name="mission_detail",
    ),
    path(
        "alerts/new/",
        ratelimited("alerts", methods=["POST"])(views.AlertCreateView.as_view()),
        name="alert_create",
    ),
    path(
        "alerts/sent/",
        views.TemplateView.as_view(template_name="vacancies/alert_sent.html"),
        name="alert_sent",
    ),
    path("alerts/confirm/<str:token>/", views.AlertConfirmView.as_view(), name="alert_confirm"),
    path(
        "alerts/unsubscribe/<str:token>/",
        views.AlertUnsubscribeView.as_view(),
        name="alert_unsubscribe",
    ),
    path(
        "api/posts/",
        ratelimited("api")(public_page(api.PostListView.as_view())),
        name="api_post_list",
    ),
    path(
        "api/posts/<int:pk>/",
        ratelimited("api")(public_page(api.PostDetailView.as_view())),
        name="api_post_detail",
    ),
    path(
        "api/openapi.json",
        ratelimited("api")(SpectacularJSONAPIView.as_view()),
        name="api_schema",
    ),
]
