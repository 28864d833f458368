from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from .filters import PostFilter
from .models import Call, Mission, Post, Section, Vacancy

CLOSING_SOON_COUNT = 6


class CanonicalSlugMixin:
    """Old or mistyped slugs redirect to the object's canonical URL."""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs.get("slug") != self.object.slug:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))


class HomeView(TemplateView):
    template_name = "vacancies/home.html"

    def get_context_data(self, **kwargs):
        open_posts = Post.objects.open()
        return super().get_context_data(
            open_post_count=open_posts.count(),
            closing_soon=open_posts.for_listing().order_by("call__deadline", "order", "pk")[:CLOSING_SOON_COUNT],
            missions=Mission.objects.annotate(
                open_count=Count(
                    "calls__posts",
                    filter=Q(calls__status=Call.Status.PUBLISHED, calls__deadline__gt=timezone.now()),
                )
            ).filter(open_count__gt=0),
            **kwargs,
        )


class PostListView(FilterView):
    filterset_class = PostFilter
    queryset = Post.objects.for_listing()
    template_name = "vacancies/post_list.html"
    paginate_by = 20
    strict = False  # a bad parameter is shown as a form error and ignored, never a 500


class PostDetailView(CanonicalSlugMixin, DetailView):
    template_name = "vacancies/post_detail.html"

    def get_queryset(self):
        return (
            Post.objects.published()
            .select_related("call__mission__organisation")
            .prefetch_related(
                Prefetch("vacancies", queryset=Vacancy.objects.order_by("order", "pk")),
                Prefetch("sections", queryset=Section.objects.order_by("order", "pk")),
            )
        )


class CallListView(ListView):
    template_name = "vacancies/call_list.html"
    paginate_by = 30
    queryset = (
        Call.objects.published()
        .select_related("mission")
        .annotate(post_count=Count("posts"))
        .order_by("-deadline", "pk")
    )


class CallDetailView(CanonicalSlugMixin, DetailView):
    template_name = "vacancies/call_detail.html"

    def get_queryset(self):
        return (
            Call.objects.published()
            .select_related("mission__organisation")
            .prefetch_related(
                Prefetch("posts", queryset=Post.objects.with_vacancy_counts().order_by("order", "pk")),
                "parts",
            )
        )


class MissionDetailView(DetailView):
    model = Mission
    template_name = "vacancies/mission_detail.html"

    def get_context_data(self, **kwargs):
        posts = Post.objects.open().filter(call__mission=self.object).for_listing()
        return super().get_context_data(
            posts=posts.order_by("call__deadline", "order", "pk"), **kwargs
        )
