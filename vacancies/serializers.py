"""The JSON shapes of the API's posts (vacancies/api.py): a post in a list, and a post
with its job description.

The fields declared here are the shapes, and what drf-spectacular documents. A post in a
list, its mission and its call are written out by hand (``to_representation``): DRF's way
built each serializer's fields anew for every response and wrote each value through two
or three calls. A page of 20 posts: 5.2 ms that way, 3.0 ms written out, of the 20 ms of
Python an API query takes. The values are the same (tests/test_api.py compares the two);
a post with its job description, one per response, goes DRF's way.
"""

from functools import cached_property

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from missionjobs.site_url import absolute_url

from . import nationality
from .models import Call, Clearance, Eligibility, Mission, Post, Section, Vacancy


def page_url(writer, obj) -> str:
    """The absolute address of ``obj``'s page, for the request that ``writer`` (a field or
    a serializer) answers."""
    return absolute_url(writer.context["request"], obj.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class AbsoluteUrlField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return page_url(self, obj)


def instant(value):
    """A date and time as DRF's DateTimeField writes it: in the current time zone, ISO 8601."""
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


class SharedSerializer(serializers.ModelSerializer):
    """An object that many posts of a response share (their mission, their call): written
    once per response and object (``represent``). A serializer instance serves one response."""

    def to_representation(self, instance):
        written = self.__dict__.setdefault("_written", {})
        if instance.pk not in written:
            written[instance.pk] = self.represent(instance)
        return written[instance.pk]


class MissionSerializer(SharedSerializer):
    url = AbsoluteUrlField()

    class Meta:
        model = Mission
        fields = ["name", "acronym", "slug", "country", "url"]

    def represent(self, mission) -> dict:
        return {
            "name": mission.name,
            "acronym": mission.acronym,
            "slug": mission.slug,
            "country": mission.country,
            "url": page_url(self, mission),
        }


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

    def represent(self, call) -> dict:
        published_on = call.published_on
        return {
            "id": call.pk,
            "reference": call.reference,
            "title": call.title,
            "url": page_url(self, call),
            "published_on": published_on and published_on.isoformat(),
            "published_at": instant(call.published_at),
            "deadline": instant(call.deadline),
        }


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

    def to_representation(self, post) -> dict:
        call = post.call
        return {
            "id": post.pk,
            "url": page_url(self, post),
            "ref": post.ref,
            "title": post.title,
            "grade": post.grade,
            "mission": self.missions.to_representation(call.mission),
            "call": self.calls.to_representation(call),
            "regime": post.regime,
            "regime_label": self.get_regime_label(post),
            "post_category": post.post_category,
            "location": post.location,
            "duty_station": post.duty_station,
            "country": post.country,
            "component": post.component,
            "clearance": self.get_clearance(post),
            "clearance_label": self.get_clearance_label(post),
            "open_to_third_states": post.open_to_third_states,
            "pending_deployment_acceptance": post.pending_deployment_acceptance,
            "eligible_for": [str(kind) for kind in post.eligibility],
            "confirmed_vacancies": post.confirmed_count,
            "pending_vacancies": post.pending_count,
            "deadline": instant(call.deadline),
            "days_left": post.days_left,
            "is_open": post.is_open,
            "who_may_apply": post.who_may_apply,
            "open_to_nationality": self.get_open_to_nationality(post),
        }

    # The posts' missions and calls, each written once per response; without the fields of
    # this serializer, which DRF would build to find them.
    @cached_property
    def missions(self) -> MissionSerializer:
        return MissionSerializer(context=self.context)

    @cached_property
    def calls(self) -> CallSerializer:
        return CallSerializer(context=self.context)

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
    sections = SectionSerializer(many=True, source="section_list")
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

    to_representation = serializers.ModelSerializer.to_representation  # DRF's way: one post

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
