"""The read-only JSON API: /api/posts/ (the /posts/ parameters, paginated, with facet counts),
/api/posts/<id>/, and its OpenAPI document at /api/openapi.json.

Django REST framework with drf-spectacular: DRF's django-filter backend runs the same
PostFilter as the pages, and drf-spectacular documents that FilterSet's parameters.
"""

from functools import partial

from django import forms
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from .caching import content_key
from .filters import PostFilter
from .models import Call, Clearance, Eligibility, Mission, Post, Section, Vacancy
from .pagination import CountedPaginator

@extend_schema_field(OpenApiTypes.URI)
class AbsoluteUrlField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class MissionSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()

    class Meta:
        model = Mission
        fields = ["name", "acronym", "slug", "country", "url"]


class CallSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()
    published_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="The call's date of publication: as printed on the call, else the day it was"
        " published here (published_at).",
    )

    class Meta:
        model = Call
        fields = ["id", "reference", "title", "url", "published_on", "published_at", "deadline"]


class PostSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()
    mission = MissionSerializer(source="call.mission")
    call = CallSerializer()
    regime_label = serializers.CharField(source="get_regime_display")
    clearance = serializers.SerializerMethodField(
        help_text="The lowest clearance=... that shows the post; null: not stated."
    )
    clearance_label = serializers.CharField(source="get_clearance_display", allow_null=True)
    eligible_for = serializers.ListField(
        child=serializers.ChoiceField(Eligibility.choices), source="eligibility"
    )
    confirmed_vacancies = serializers.IntegerField(source="confirmed_count")
    pending_vacancies = serializers.IntegerField(source="pending_count")
    deadline = serializers.DateTimeField(source="call.deadline")
    days_left = serializers.IntegerField(
        allow_null=True, help_text="Whole days left in Brussels time; null once closed."
    )
    is_open = serializers.BooleanField()

    class Meta:
        model = Post
        fields = [
            "id",
            "url",
            "ref",
            "title",
            "grade",
            "mission",
            "call",
            "regime",
            "regime_label",
            "post_category",
            "location",
            "duty_station",
            "component",
            "clearance",
            "clearance_label",
            "open_to_third_states",
            "pending_deployment_acceptance",
            "eligible_for",
            "confirmed_vacancies",
            "pending_vacancies",
            "deadline",
            "days_left",
            "is_open",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=[level.slug for level in Clearance], allow_null=True))
    def get_clearance(self, post) -> str | None:
        return None if post.clearance is None else Clearance(post.clearance).slug


class VacancySerializer(serializers.ModelSerializer):
    class Meta:
        model = Vacancy
        fields = ["status", "availability"]


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["kind", "heading", "items"]


class AdvertisementSerializer(serializers.ModelSerializer):
    url = AbsoluteUrlField()
    call = CallSerializer()

    class Meta:
        model = Post
        fields = ["id", "url", "regime", "call"]


class PostDetailSerializer(PostSerializer):
    vacancies = VacancySerializer(many=True, source="vacancy_list")
    confirmed_vacancies = serializers.IntegerField()  # counted from vacancy_list
    pending_vacancies = serializers.IntegerField()
    sections = SectionSerializer(many=True)
    how_to_apply = serializers.CharField(source="call.how_to_apply")
    application_urls = serializers.ListField(
        child=serializers.URLField(), source="call.application_urls"
    )
    contact_email = serializers.SerializerMethodField(
        help_text="null when the call names no address."
    )
    other_advertisements = serializers.SerializerMethodField(
        help_text="The same post (mission and ref) advertised in other calls or under another regime."
    )

    class Meta(PostSerializer.Meta):
        fields = PostSerializer.Meta.fields + [
            "vacancies",
            "sections",
            "how_to_apply",
            "application_urls",
            "contact_email",
            "other_advertisements",
        ]

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_contact_email(self, post) -> str | None:
        # Stored as "" when not stated; "" is not an address, as the document's format says.
        return post.call.contact_email or None

    @extend_schema_field(AdvertisementSerializer(many=True))
    def get_other_advertisements(self, post):
        others = [ad for ad in post.advertisement_list if ad.pk != post.pk]
        return AdvertisementSerializer(others, many=True, context=self.context).data


class PostFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend that leaves its FilterSet on the view, for the facet counts."""

    def get_filterset_kwargs(self, request, queryset, view):
        version = content_key(request)
        return {**super().get_filterset_kwargs(request, queryset, view), "version": version}

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if not filterset.is_valid():
            raise utils.translate_validation(filterset.errors)
        view.filterset = filterset
        return filterset.qs


FACETS_SCHEMA = {
    "type": "object",
    "description": "For each option of each filter, how many posts choosing it would give, the other "
    "filters staying as they are. mission is keyed by slug.",
    "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}},
    "example": {"regime": {"seconded": 26, "contracted": 5}, "mission": {"eulex": 30}},
}


class PostPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        # The count comes with the cached facet counts: no COUNT(*) of its own.
        self.django_paginator_class = partial(CountedPaginator, count=view.filterset.total)
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
    filter_backends = [PostFilterBackend]
    filterset_class = PostFilter
    pagination_class = PostPagination

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        data = self.get_serializer(page, many=True).data
        return self.paginator.get_facets_response(data, self.filterset.facets)


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
