from functools import partial
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, FormView, ListView, TemplateView

from missionjobs.query_timeout import without_query_timeout
from missionjobs.site_url import site_host, site_root

from . import alerts, exports, nationality, tasks
from .caching import content_key, shared
from .listing import SORT_ORDER, CountedPaginator, Listing, facets, listing_for, nearest_page
from .listing.params import tidy_query
from .models import Alert, Call, Mission, Post
from .models.prepared import Prepared, PreparedByIds
from .models.querysets import SIMILAR_COUNT

CLOSING_SOON_COUNT = 6


def bad_filter_response(listing: Listing) -> HttpResponse:
    """The feed and exports have no page to show a form error on: say what is wrong."""
    lines = [f"{name}: {' '.join(errors)}" for name, errors in listing.errors.items()]
    return HttpResponse(
        "Some parameters were not understood:\n" + "\n".join(lines) + "\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


class CanonicalSlugMixin:
    """Old or mistyped slugs redirect to the object's canonical URL. A withdrawn call's
    pages answer 410 Gone (``is_gone``), in the site's layout: what it was and the open
    posts like it, so that an old link is never a dead end."""

    gone_template_name = "vacancies/post_gone.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs.get("slug") != self.object.slug:
            return redirect(self.object, permanent=True)
        if self.is_gone():
            return TemplateResponse(
                request, self.gone_template_name, self.get_gone_context(), status=410
            )
        return self.render_to_response(self.get_context_data(object=self.object))

    def is_gone(self) -> bool:
        return False

    def get_gone_context(self) -> dict:
        return {}


class HomeView(TemplateView):
    template_name = "vacancies/home.html"

    def get_context_data(self, **kwargs):
        # The counts of a bare /posts/ (open posts): cached, one query at most.
        open_posts = Listing(content_key=content_key(self.request))
        return super().get_context_data(
            open_post_count=open_posts.total,
            # Counted with the others above: the status facet's option "closed".
            archived_post_count=open_posts.facets["status"]["closed"],
            closing_soon=Post.objects.open()
            .for_listing()
            .order_by(*SORT_ORDER["deadline"])[:CLOSING_SOON_COUNT],
            missions=open_posts.mission_counts,
            **kwargs,
        )


class NearestPageMixin:
    """A list page asked for a page that does not exist (``page=abc``, 0, past the end or
    past the cap on depth) shows the nearest one, rather than a 404 for an old link."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        asked = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg)
        page = paginator.page(nearest_page(paginator, asked))
        return (paginator, page, page.object_list, page.has_other_pages())


class TidyQueryMixin:
    """A list asked with empty or default parameters (what a submitted form sends) redirects
    to the same list without them: the URL a person shares is the search, nothing more."""

    def get(self, request, *args, **kwargs):
        tidy = tidy_query(request.GET)
        if tidy is not None:
            return redirect(f"{request.path}?{tidy}" if tidy else request.path)
        return super().get(request, *args, **kwargs)


class PostListView(TidyQueryMixin, NearestPageMixin, ListView):
    template_name = "vacancies/post_list.html"
    paginate_by = 20

    def get_queryset(self):
        # A bad parameter is shown as a form error and ignored, never a 500.
        self.listing = listing_for(self.request, keep=True)
        return self.listing.paged_posts

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountedPaginator(queryset, per_page, count=self.listing.total, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.listing.show_counts()
        context["object_list"] = self.listing.highlight(context["object_list"])
        context["filter"] = self.listing.filterset
        context["search"] = self.listing.search
        context["chips"] = self.listing.search.chips()
        context["count_capped"] = self.listing.capped
        context["count_estimate"] = self.listing.estimate
        context["count_cap"] = facets.COUNT_CAP
        context["too_many_to_rank"] = self.listing.too_many_to_rank
        # A link, not a form: the list has no CSRF token, so it is the same for everyone
        # and can be served from the page cache.
        saved = self.listing.search.params(leave_out=alerts.NOT_SAVED)
        context["alert_url"] = reverse("vacancies:alert_create") + (
            f"?{urlencode(saved)}" if saved else ""
        )
        return context


# The post page's questions of the same shape every time, written once (models/prepared.py).
POST_PAGE = Prepared(
    lambda pk: (
        Post.objects.with_page()
        .with_section_rows()
        .select_related("call__mission__organisation")
        .filter(pk=pk)
    ),
    0,
)
OTHER_POSTS_OF_CALL = Prepared(
    lambda call_id, pk: (
        Post.objects.as_links().filter(call_id=call_id).exclude(pk=pk).order_by("order", "pk")
    ),
    0,
    0,
)

# Links to posts by id: the similar open posts, which SIMILAR_SQL found open.
POST_LINKS = PreparedByIds(
    lambda ids: Post.objects.as_links().filter(pk__in=ids), sizes=(SIMILAR_COUNT,)
)


def similar_open_posts(post: Post) -> list[Post]:
    """``Post.objects.open().as_links().similar_to(post)``, the posts read by POST_LINKS."""
    return POST_LINKS(Post.objects.similar_candidate_ids(post))


class PostDetailView(CanonicalSlugMixin, DetailView):
    template_name = "vacancies/post_detail.html"

    def get_object(self, queryset=None):
        found = POST_PAGE(self.kwargs["pk"])
        if not found:
            raise Http404("No post here.")
        return found[0]

    def is_gone(self) -> bool:
        return self.object.call.status == Call.Status.WITHDRAWN

    def get_gone_context(self) -> dict:
        post = self.object
        return {
            "post": post,
            "call": post.call,
            "withdrawn_at": post.call.withdrawn_at(),
            "similar_posts": self.similar_posts(),
        }

    def similar_posts(self) -> list[Post]:
        """The open posts like this one. A closed post's (most pages: the archive) depend on
        its title, mission and country alone, since neither it nor its call's posts are
        open to be left out: shared by every closed post of that title there (a thousand
        posts of one title at one mission, in ten years of calls)."""
        post = self.object
        similar = partial(similar_open_posts, post)
        if post.is_open:
            return similar()
        return shared(self.request, "similar", (post.title, post.mission_id, post.country), similar)

    def get_context_data(self, **kwargs):
        ads = self.object.load_details()
        return super().get_context_data(
            vacancies=self.object.vacancy_list,
            advertisements=Post.advertisement_history(ads),
            similar_posts=self.similar_posts(),
            # Open or not, a short list: the post page links each (one query).
            call_posts=OTHER_POSTS_OF_CALL(self.object.call_id, self.object.pk),
            nationality=nationality.known(self.request.GET.get("nationality")),
            **kwargs,
        )


@without_query_timeout
def posts_csv(request):
    listing = listing_for(request)
    if not listing.is_valid():
        return bad_filter_response(listing)
    lines = exports.csv_lines(listing.posts, site_root(request))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="missionjobs-posts.csv"'
    return response


@without_query_timeout
def posts_ics(request):
    listing = listing_for(request)
    if not listing.is_valid():
        return bad_filter_response(listing)
    words = listing.search.description()
    name = "missionjobs deadlines" + "".join(f"; {part}" for part in words)
    lines = exports.ics_lines(listing.posts, site_root(request), site_host(request), name)
    response = StreamingHttpResponse(lines, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="missionjobs-deadlines.ics"'
    return response


@without_query_timeout
def calls_ics(request):
    """The calls of the calls page, one event per deadline. Calls are few: one response,
    which the page cache keeps, rather than a stream."""
    view = CallListView()
    view.setup(request)
    lines = exports.calls_ics_lines(
        view.get_queryset(), site_root(request), site_host(request), "missionjobs call deadlines"
    )
    response = HttpResponse("".join(lines), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="missionjobs-call-deadlines.ics"'
    return response


class CallListView(TidyQueryMixin, NearestPageMixin, ListView):
    template_name = "vacancies/call_list.html"
    paginate_by = 30
    queryset = (
        Call.objects.published()
        .select_related("mission")
        .with_post_count()
        .order_by("-deadline", "pk")
    )


class CallDetailView(CanonicalSlugMixin, DetailView):
    template_name = "vacancies/call_detail.html"

    def is_gone(self) -> bool:
        return self.object.status == Call.Status.WITHDRAWN

    def get_gone_context(self) -> dict:
        call = self.object
        return {
            "call": call,
            "withdrawn_at": call.withdrawn_at(),
            "similar_posts": Post.objects.open()
            .for_listing()
            .filter(mission_id=call.mission_id)
            .order_by("deadline", "pk")[:SIMILAR_COUNT],
        }

    def get_queryset(self):
        return (
            Call.objects.with_page()
            .select_related("mission__organisation")
            .prefetch_related(
                Prefetch(
                    "posts", queryset=Post.objects.with_vacancy_counts().order_by("order", "pk")
                ),
                "parts",
            )
        )


class MissionDetailView(DetailView):
    model = Mission
    template_name = "vacancies/mission_detail.html"

    def get_context_data(self, **kwargs):
        posts = Post.objects.open().filter(mission=self.object).for_listing()
        return super().get_context_data(
            posts=posts.order_by("deadline", "call_id", "order", "pk"), **kwargs
        )


# Alerts -------------------------------------------------------------------------------


class AlertCreateView(FormView):
    """Subscribe an address to a search: GET /alerts/new/?<the /posts/ parameters>."""

    form_class = alerts.AlertForm
    template_name = "vacancies/alert_form.html"

    def get_initial(self):
        return {"search": urlencode(alerts.saved_search(self.request.GET))}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        search = (
            form.cleaned_data.get("search", {})
            if form.is_bound
            else alerts.saved_search(self.request.GET)
        )
        context["description"] = alerts.description(search)
        context["search_url"] = alerts.search_url(search)
        return context

    def form_valid(self, form):
        # One answer, as fast, for every address: the worker does the rest. Queuing is the
        # same insert whatever the address, and the only work done here.
        tasks.subscribe.enqueue(
            form.cleaned_data["email"], form.cleaned_data["search"], site_root(self.request)
        )
        return redirect("vacancies:alert_sent")


class AlertLinkView(View):
    """A link from an alert e-mail: GET shows a button, POST does it, so that mail scanners
    that follow links change nothing."""

    purpose: str
    template_name: str

    def get_alert(self, token):
        pk = alerts.read_token(token, self.purpose)
        return pk, (Alert.objects.filter(pk=pk).first() if pk else None)

    def invalid(self):
        return TemplateResponse(self.request, "vacancies/alert_link_invalid.html", status=404)

    def render(self, alert, *, done: bool, **context):
        description = alerts.description(alert.search) if alert else []
        return TemplateResponse(
            self.request,
            self.template_name,
            {"alert": alert, "done": done, "description": description, **context},
        )


class AlertConfirmView(AlertLinkView):
    purpose = alerts.CONFIRM
    template_name = "vacancies/alert_confirm.html"

    def get(self, request, token):
        _, alert = self.get_alert(token)
        return self.render(alert, done=alert.is_confirmed) if alert else self.invalid()

    def post(self, request, token):
        _, alert = self.get_alert(token)
        if alert is None:
            return self.invalid()
        alert.confirm()
        unsubscribe = reverse(
            "vacancies:alert_unsubscribe", args=[alerts.make_token(alert, alerts.UNSUBSCRIBE)]
        )
        return self.render(
            alert,
            done=True,
            search_url=alerts.search_url(alert.search),
            unsubscribe_url=unsubscribe,
        )


@method_decorator(csrf_exempt, name="dispatch")
class AlertUnsubscribeView(AlertLinkView):
    """One click (RFC 8058): mail programs POST here without a cookie or CSRF token. The
    signed token is what authorises the request, so CSRF protection adds nothing."""

    purpose = alerts.UNSUBSCRIBE
    template_name = "vacancies/alert_unsubscribe.html"

    def get(self, request, token):
        pk, alert = self.get_alert(token)
        if pk is None:
            return self.invalid()
        return self.render(alert, done=alert is None)

    def post(self, request, token):
        pk, alert = self.get_alert(token)
        if pk is None:
            return self.invalid()
        Alert.objects.filter(pk=pk).delete()
        return self.render(alert, done=True)
