from django.urls import path

from . import views

app_name = "vacancies"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("posts/", views.PostListView.as_view(), name="post_list"),
    path("posts/<int:pk>/<slug:slug>/", views.PostDetailView.as_view(), name="post_detail"),
    path("calls/", views.CallListView.as_view(), name="call_list"),
    path("calls/<int:pk>/<slug:slug>/", views.CallDetailView.as_view(), name="call_detail"),
    path("missions/<slug:slug>/", views.MissionDetailView.as_view(), name="mission_detail"),
]
