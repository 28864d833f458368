"""The read-only JSON API: /api/posts/ (the /posts/ parameters, paginated, with facet counts),
/api/posts/<id>/, and its OpenAPI document at /api/openapi.json.

Django REST framework with drf-spectacular: the list filters through the same Listing as
the pages, and drf-spectacular documents PostFilter's parameters.
"""

from functools import partial

from django import forms
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from missionjobs.site_url import on_site

from .listing import COUNT_CAP, CountedPaginator, PostFilter, listing_for
from .models import Mission, Post
from .serializers import PostDetailSerializer, PostSerializer


class ListingBackend(DjangoFilterBackend):
    """Filters with the request's Listing, and leaves it on the view for the count and the
    facets. A DjangoFilterBackend still, for drf-spectacular to document the parameters of
    the view's ``filterset_class``."""

    def filter_queryset(self, request, queryset, view):
        listing = listing_for(request, keep=True)
        # The filters' errors and the pagination's, together: a 400 names every bad parameter.
        errors = {} if listing.is_valid() else utils.translate_validation(listing.errors).detail
        errors = {**errors, **view.paginator.parameter_errors(request)}
        if errors:
            raise ValidationError(errors)
        view.listing = listing
        return listing.paged_posts


FACETS_SCHEMA = {
    "type": "object",
    "description": "For each option of each filter, how many posts choosing it would give, "
    "the other filters staying as they are. mission is keyed by slug, country by ISO 3166-1"
    " alpha-2 code (XK: Kosovo).",
    "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}},
    "example": {"regime": {"seconded": 26, "contracted": 5}, "mission": {"eulex": 30}},
}

COUNT_EXACT_SCHEMA = {
    "type": "boolean",
    "description": f"false when the words, place or dates match more than {COUNT_CAP:,} posts:"
    f" count is then the database's estimate, rounded to two figures (or {COUNT_CAP + 1:,}"
    " when it has none above the cap), the facets are empty, and a search's results come in"
    " the list's order (latest deadlines first over closed or all posts, else closing"
    " soonest) rather than by relevance.",
}


MAX_PAGE_SIZE = 100


class PageForm(forms.Form):
    """The pagination's parameters, within the bounds the OpenAPI document declares for them
    (document_limits). Empty is absent, as for the filters: page= is page 1."""

    page = forms.IntegerField(required=False, min_value=1)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)


class PostPagination(PageNumberPagination):
    """page and page_size out of their bounds, or not whole numbers, are refused (400) rather
    than capped or ignored; a page past the last one is a 404."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    last_page_strings = ()  # page is an integer, as the document says: page=last is a 400

    def parameter_errors(self, request) -> dict[str, list[str]]:
        """What is wrong with page and page_size, by parameter; their values kept if right."""
        form = PageForm({name: request.query_params.get(name) for name in ("page", "page_size")})
        if not form.is_valid():
            return {name: list(errors) for name, errors in form.errors.items()}
        self.parameters = form.cleaned_data
        return {}

    def paginate_queryset(self, queryset, request, view=None):
        errors = self.parameter_errors(request)  # as ListingBackend found them
        if errors:
            raise ValidationError(errors)
        # The count comes with the cached facet counts: no COUNT(*) of its own.
        self.django_paginator_class = partial(CountedPaginator, count=view.listing.total)
        self.request_listing = view.listing
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        return self.parameters["page_size"] or self.page_size

    def get_page_number(self, request, paginator):
        return self.parameters["page"] or 1

    def get_next_link(self):
        link = super().get_next_link()  # on the request's address: moved to the site's
        return link and on_site(self.request, link)

    def get_previous_link(self):
        link = super().get_previous_link()
        return link and on_site(self.request, link)

    def get_facets_response(self, data, facets):
        return Response(
            {
                "count": self.request_listing.estimate or self.page.paginator.count,
                "count_exact": not self.request_listing.capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "facets": facets,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"] = {
            **response["properties"],
            "count_exact": COUNT_EXACT_SCHEMA,
            "facets": FACETS_SCHEMA,
        }
        response["required"] = ["count", "count_exact", "facets", "results"]
        return response


# A mission's slug (SlugField, made by slugify): what mission= takes.
MISSION_SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
MISSION_DESCRIPTION = (
    "Mission: the slug of a mission (a post's mission.slug, e.g. eulex). The missions are"
    " data, so the document cannot list them: the facets of a response count the posts of"
    " each one (facets.mission, keyed by slug). A slug that names no mission is a 400."
)


def document_limits(result, generator, request, public):
    """drf-spectacular postprocessing hook: the bounds the API enforces on its parameters
    (PostFilter's min_value, max_value and max_length; the pagination's; the form of a
    mission's slug), in the document, so that clients (and schemathesis) know them."""
    bounds = {
        "page": {"minimum": 1},
        "page_size": {"minimum": 1, "maximum": MAX_PAGE_SIZE},
    }
    for name, filter_ in PostFilter.base_filters.items():
        extra = filter_.extra
        bounds[name] = {
            key: extra[option]
            for key, option in [
                ("minimum", "min_value"),
                ("maximum", "max_value"),
                ("maxLength", "max_length"),
            ]
            if extra.get(option) is not None
        }
        if issubclass(filter_.field_class, forms.CharField):
            bounds[name]["pattern"] = r"^[^\x00]*$"  # Django's CharField refuses NUL characters
    # Slugs are data: no enum, in a document that does not change with the database.
    bounds["mission"] = {
        "pattern": MISSION_SLUG_PATTERN,
        "maxLength": Mission.slug.field.max_length,
    }
    for parameter in result["paths"].get("/api/posts/", {}).get("get", {}).get("parameters", []):
        parameter["schema"].update(bounds.get(parameter["name"], {}))
        if parameter["name"] == "mission":
            parameter["description"] = MISSION_DESCRIPTION
    return result


# The answers besides 200, as the OpenAPI document states them (checked by schemathesis).
ERROR = OpenApiResponse(inline_serializer("Error", {"detail": serializers.CharField()}))
BAD_PARAMETERS = OpenApiResponse(
    {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "example": {
            "clearance": ["Select a valid choice. cosmic is not one of the available choices."]
        },
    },
    description="A parameter that cannot be understood, with what is wrong with it.",
)
TOO_MANY = OpenApiResponse(
    ERROR.response, description="Over the rate limit: see the Retry-After header."
)


@extend_schema(
    responses={
        200: PostSerializer(many=True),
        400: BAD_PARAMETERS,
        404: OpenApiResponse(ERROR.response, description="No such page of results."),
        429: TOO_MANY,
    }
)
class PostListView(generics.ListAPIView):
    """Posts matching the /posts/ parameters: open ones by default."""

    queryset = Post.objects.all()
    serializer_class = PostSerializer
    filter_backends = [ListingBackend]
    filterset_class = PostFilter  # for the OpenAPI document; ListingBackend filters
    pagination_class = PostPagination

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        data = self.get_serializer(page, many=True).data
        return self.paginator.get_facets_response(data, self.listing.facets)


@extend_schema(
    responses={
        200: PostDetailSerializer,
        404: OpenApiResponse(ERROR.response, description="No such post."),
        429: TOO_MANY,
    }
)
class PostDetailView(generics.RetrieveAPIView):
    """One published post, open or closed, with its job description."""

    serializer_class = PostDetailSerializer
    queryset = (
        Post.objects.published().with_section_rows().select_related("call__mission__organisation")
    )

    def get_object(self):
        post = super().get_object()
        post.advertisement_list = post.load_details()
        return post
