"""The JSON shapes of the API's posts (vacancies/api.py): a post in a list, and a post
with its job description."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from missionjobs.site_url import absolute_url

from . import nationality
from .models import Call, Clearance, Eligibility, Mission, Post, Section, Vacancy


@extend_schema_field(OpenApiTypes.URI)
class AbsoluteUrlField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return absolute_url(self.context["request"], obj.get_absolute_url())


class SharedSerializer(serializers.ModelSerializer):
    """An object that many posts of a response share (their mission, their call): written
    once per response and object. A serializer instance serves one response."""

    def to_representation(self, instance):
        written = self.__dict__.setdefault("_written", {})
        if instance.pk not in written:
            written[instance.pk] = super().to_representation(instance)
        return written[instance.pk]


class MissionSerializer(SharedSerializer):
    url = AbsoluteUrlField()

    class Meta:
        model = Mission
        fields = ["name", "acronym", "slug", "country", "url"]


class CallSerializer(SharedSerializer):
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
    # Method fields, not CharField(source="get_regime_display"): DRF inspects the signature
    # of a callable source on every post, a quarter of the time a page of them took.
    regime_label = serializers.SerializerMethodField()
    clearance = serializers.SerializerMethodField(
        help_text="The lowest clearance=... that shows the post; null: not stated."
    )
    clearance_label = serializers.SerializerMethodField()
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
    who_may_apply = serializers.CharField(
        help_text="The states whose nationals the post is open to, in its organisation's"
        ' terms: "EU Member States and Contributing Third States", "OSCE participating States".'
    )
    open_to_nationality = serializers.SerializerMethodField(
        help_text="With ?nationality=: why the post is open to it (or not); else null."
    )

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
            "country",
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
            "who_may_apply",
            "open_to_nationality",
        ]

    @extend_schema_field(
        serializers.ChoiceField(choices=[level.slug for level in Clearance], allow_null=True)
    )
    def get_clearance(self, post) -> str | None:
        return None if post.clearance is None else Clearance(post.clearance).slug

    def get_regime_label(self, post) -> str:
        return post.get_regime_display()

    def get_clearance_label(self, post) -> str | None:
        return post.get_clearance_display()

    def get_open_to_nationality(self, post) -> str | None:
        code = nationality.known(self.context["request"].query_params.get("nationality"))
        return None if code is None else post.open_to(code).reason


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
        help_text="The same post (mission and ref) advertised in other calls"
        " or under another regime."
    )

    class Meta(PostSerializer.Meta):
        fields = [
            *PostSerializer.Meta.fields,
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
