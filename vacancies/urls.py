from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from . import api, views
from .feeds import PostFeed

app_name = "vacancies"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("posts/", views.PostListView.as_view(), name="post_list"),
    path("posts/feed/", PostFeed(), name="post_feed"),
    path("posts.ics", views.posts_ics, name="post_ics"),
    path("posts.csv", views.posts_csv, name="post_csv"),
    path("posts/<int:pk>/<slug:slug>/", views.PostDetailView.as_view(), name="post_detail"),
    path("calls/", views.CallListView.as_view(), name="call_list"),
    path("calls/<int:pk>/<slug:slug>/", views.CallDetailView.as_view(), name="call_detail"),
    path("missions/<slug:slug>/", views.MissionDetailView.as_view(), name="mission_detail"),
    path("alerts/new/", views.AlertCreateView.as_view(), name="alert_create"),
    path("alerts/sent/", views.TemplateView.as_view(template_name="vacancies/alert_sent.html"), name="alert_sent"),
    path("alerts/confirm/<str:token>/", views.AlertConfirmView.as_view(), name="alert_confirm"),
    path("alerts/unsubscribe/<str:token>/", views.AlertUnsubscribeView.as_view(), name="alert_unsubscribe"),
    path("api/posts/", api.PostListView.as_view(), name="api_post_list"),
    path("api/posts/<int:pk>/", api.PostDetailView.as_view(), name="api_post_detail"),
    path("api/openapi.json", SpectacularJSONAPIView.as_view(), name="api_schema"),
]
