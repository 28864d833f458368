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
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from .listing import CountedPaginator, PostFilter, listing_for
from .models import Post
from .serializers import PostDetailSerializer, PostSerializer


class ListingBackend(DjangoFilterBackend):
    """Filters with the request's Listing, and leaves it on the view for the count and the
    facets. A DjangoFilterBackend still, for drf-spectacular to document the parameters of
    the view's ``filterset_class``."""

    def filter_queryset(self, request, queryset, view):
        listing = listing_for(request, cache_counts=True)
        if not listing.is_valid():
            raise utils.translate_validation(listing.errors)
        view.listing = listing
        return listing.posts


FACETS_SCHEMA = {
    "type": "object",
    "description": "For each option of each filter, how many posts choosing it would give, "
    "the other filters staying as they are. mission is keyed by slug.",
    "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}},
    "example": {"regime": {"seconded": 26, "contracted": 5}, "mission": {"eulex": 30}},
}


class PostPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        # The count comes with the cached facet counts: no COUNT(*) of its own.
        self.django_paginator_class = partial(CountedPaginator, count=view.listing.total)
        return super().paginate_queryset(queryset, request, view)

    def get_facets_response(self, data, facets):
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "facets": facets,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"] = {**response["properties"], "facets": FACETS_SCHEMA}
        response["required"] = ["count", "facets", "results"]
        return response


def document_limits(result, generator, request, public):
    """drf-spectacular postprocessing hook: the bounds the API enforces on its parameters
    (PostFilter's min_value, max_value and max_length; the pagination's), in the document,
    so that clients (and schemathesis) know them."""
    bounds = {
        "page": {"minimum": 1},
        "page_size": {"minimum": 1, "maximum": PostPagination.max_page_size},
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
    for parameter in result["paths"].get("/api/posts/", {}).get("get", {}).get("parameters", []):
        parameter["schema"].update(bounds.get(parameter["name"], {}))
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
    queryset = Post.objects.published().select_related("call__mission__organisation")

    def get_object(self):
        post = super().get_object()
        post.advertisement_list = post.load_details()
        return post
