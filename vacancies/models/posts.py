"""The posts a call advertises, each post's vacancies and its job-description sections.

HR writes these; Postgres writes a few columns of Post besides (see the comments on them).
"""

from collections import Counter
from datetime import date
from functools import cached_property

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q

from missionjobs.paths import cached_reverse

from .. import labels, nationality
from ..history import History
from ..importer.places import country_name, country_of, place_key
from .calls import Call, CleanText, Mission, unique_slug
from .choices import Clearance, Eligibility, Regime, SectionKind, VacancyStatus
from .conditions import PlaceKey
from .prepared import Prepared
from .querysets import PostQuerySet


class PostManager(models.Manager.from_queryset(PostQuerySet)):
    def get_queryset(self):
        # The search vector is most of a post's bytes, kept out of line (TOAST) and only
        # ever searched in SQL: reading it into Python cost every list and post page the
        # detoasting and the transfer of about 2.7 kB a post.
        return super().get_queryset().defer("search_vector")


def vacancy_summary(vacancies) -> str:
    """(status, availability) pairs as "1 confirmed (ASAP), 1 pending (from 23 Jan 2026)"."""
    groups = Counter((VacancyStatus(status).label.lower(), when) for status, when in vacancies)
    if not groups:
        return "not stated"
    return ", ".join(
        f"{count} {status} ({'from ' + labels.format_date(when, 'j M Y') if when else 'ASAP'})"
        for (status, when), count in groups.items()
    )


class Post(CleanText):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="posts")
    ref = models.CharField(
        max_length=40, blank=True, help_text="As printed, without the trailing *, e.g. EK 60004."
    )
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=80)
    grade = models.CharField(max_length=20, blank=True, help_text="OSCE grade, e.g. S1.")
    regime = models.CharField(max_length=30, choices=Regime, default=Regime.SECONDED)
    post_category = models.CharField(
        max_length=200,
        blank=True,
        help_text="Post category for contracted staff, e.g. Mission Support Staff.",
    )
    location = models.CharField(max_length=200, blank=True, help_text="Region, as printed.")
    duty_station = models.CharField(max_length=200, blank=True)
    # db_default: rows written by COPY or plain SQL without it are "not known", not errors.
    country = models.CharField(
        max_length=2,
        blank=True,
        default="",
        db_default="",
        help_text="ISO 3166-1 code of the duty station's country (XK: Kosovo). Set on import.",
    )
    component = models.CharField(
        max_length=300, blank=True, help_text="Component, department or unit."
    )
    clearance = models.PositiveSmallIntegerField(
        choices=Clearance,
        null=True,
        blank=True,
        help_text="Leave empty when the call does not state it.",
    )
    open_to_third_states = models.BooleanField(
        null=True, help_text="Open to Contributing Third States. Empty when not stated."
    )
    pending_deployment_acceptance = models.BooleanField(
        default=False, help_text="The * on a ref: availability pending deployment acceptance."
    )
    order = models.PositiveSmallIntegerField(default=0)
    # Written by the database (vacancies/db/search.sql), never by Django: title, ref,
    # component, place, mission and sections, weighted. Renaming or dropping one of those
    # columns means changing vacancies_post_document() there, in a new migration.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Copies of the call's status, deadline and publication time, written by the database
    # (vacancies/db/call_copies.sql), never by Django: the list filters and sorts a million
    # posts on these without joining their calls.
    call_status = models.CharField(max_length=20, editable=False, default="")
    deadline = models.DateTimeField(null=True, editable=False)
    published_at = models.DateTimeField(null=True, editable=False)
    # The call's mission, copied by vacancies/db/call_copies.sql: PostCount groups by it.
    mission = models.ForeignKey(
        Mission, on_delete=models.DO_NOTHING, null=True, editable=False, related_name="+"
    )

    objects = PostManager()
    # Not the columns the database writes: a record would hold stale copies of them.
    history = History(
        excluded_fields=["search_vector", "call_status", "deadline", "published_at", "mission"]
    )

    class Meta:
        ordering = ["call", "order", "pk"]
        constraints = [
            # Seed 001 advertises EK 60021 both as seconded and as seconded/contracted.
            models.UniqueConstraint(
                fields=["call", "ref", "regime"],
                condition=~Q(ref=""),
                name="unique_post_ref_regime_per_call",
            ),
            models.CheckConstraint(condition=Q(regime__in=Regime.values), name="post_regime_valid"),
            models.CheckConstraint(
                condition=Q(clearance__isnull=True) | Q(clearance__in=Clearance.values),
                name="post_clearance_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["regime"]),
            models.Index(fields=["clearance"]),
            models.Index(fields=["open_to_third_states"]),
            # The place filter's keys (vacancies/db/places.sql), and the country it resolves to.
            models.Index(PlaceKey("duty_station"), name="post_duty_station_place"),
            models.Index(PlaceKey("location"), name="post_location_place"),
            models.Index(fields=["country"], name="post_country"),
            models.Index(fields=["ref"]),
            GinIndex(fields=["search_vector"], name="post_search_vector"),
            # The list's orders, ties broken as SORT_ORDER does, so a page is an index range.
            models.Index(
                fields=["deadline", "call", "order", "id"],
                condition=Q(call_status="published"),
                name="post_published_by_deadline",
            ),
            models.Index(
                fields=["-published_at", "call", "order", "id"],
                condition=Q(call_status="published"),
                name="post_published_newest",
            ),
            models.Index(
                fields=["-deadline", "call", "order", "id"],
                condition=Q(call_status="published"),
                name="post_published_latest_deadline",
            ),
            models.Index(
                fields=["title", "id"],
                condition=Q(call_status="published"),
                name="post_published_by_title",
            ),
            # The open posts of one title (similar_to): a range from now on, however many
            # closed posts share it.
            models.Index(
                fields=["title", "deadline"],
                condition=Q(call_status="published"),
                name="post_published_title_deadline",
            ),
            # The open posts of one mission, of one country (similar_to), closing soonest:
            # along the deadlines' index, 1,600 open posts of the others were read past.
            models.Index(
                fields=["mission", "deadline"],
                condition=Q(call_status="published"),
                name="post_mission_deadline",
            ),
            models.Index(
                fields=["country", "deadline"],
                condition=Q(call_status="published"),
                name="post_country_deadline",
            ),
        ]

    def __str__(self):
        return f"{self.ref} {self.title}".strip()

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.title)
        self.country = self.country_from_places()
        super().save(*args, **kwargs)

    @property
    def country_name(self) -> str:
        return country_name(self.country) if self.country else ""

    @property
    def country_unsaid(self) -> str:
        """The country's name when the duty station (or region, for want of one) does not
        already say it: "Mogadishu" needs "Somalia", "Ramallah, Palestine" does not."""
        place = place_key(self.duty_station or self.location)
        name = self.country_name
        return name if name and place_key(name) not in place else ""

    def country_from_places(self) -> str:
        """The country the duty station or region names, as the importer reads it, so that
        an edited duty station moves the post; else the one it has, else its mission's."""
        return (
            country_of(self.duty_station, self.location)
            or self.country
            or (country_of(self.call.mission.name) if self.call_id else "")
        )

    def get_absolute_url(self):
        return cached_reverse("vacancies:post_detail", self.pk, self.slug)

    @property
    def is_open(self) -> bool:
        return self.call.is_open

    @property
    def takes_secondees(self) -> bool:
        return self.regime in (Regime.SECONDED, Regime.SECONDED_CONTRACTED)

    @property
    def takes_contracted(self) -> bool:
        return self.regime in (Regime.CONTRACTED, Regime.SECONDED_CONTRACTED)

    @property
    def eligibility(self) -> list[Eligibility]:
        """Who may be put forward for this post (the Python twin of ``q_eligible_for``)."""
        kinds = []
        if self.takes_secondees:
            kinds.append(Eligibility.MEMBER_STATE)
            if self.open_to_third_states:
                kinds.append(Eligibility.THIRD_STATE)
        if self.takes_contracted:
            kinds.append(Eligibility.CONTRACTED)
        return kinds

    @property
    def organisation(self) -> str:
        """The organisation's acronym: whose rules say who may apply (vacancies/nationality.py)."""
        return self.call.mission.organisation.acronym

    @property
    def is_osce(self) -> bool:
        return self.organisation == nationality.OSCE

    @property
    def who_may_apply(self) -> str:
        return nationality.who_may_apply(
            self.organisation, open_to_third_states=self.open_to_third_states
        )

    def open_to(self, code: str) -> nationality.Answer:
        """Whether nationals of ``code`` may apply or be nominated, and why."""
        return nationality.open_to(
            code,
            self.organisation,
            takes_secondees=self.takes_secondees,
            open_to_third_states=self.open_to_third_states,
        )

    @property
    def days_left(self) -> int | None:
        return self.call.days_left

    def advertisements_with_vacancies(self) -> list["Post"]:
        """The advertisements of this post in every call, this one included, oldest call
        first (just this post when it has no ref), each with its ``vacancy_list``, in one
        query."""
        if self.ref:
            return ADVERTISEMENTS(self.call.mission_id, self.ref)
        return THIS_ADVERTISEMENT(self.pk)

    def load_details(self) -> list["Post"]:
        """What a post's page shows besides the post and its sections (``section_list``), in
        one query: every advertisement with its vacancies (this post's ``vacancy_list`` is
        taken from them)."""
        ads = self.advertisements_with_vacancies()
        self.vacancy_list = next(ad for ad in ads if ad.pk == self.pk).vacancy_list
        return ads

    @cached_property
    def vacancy_list(self) -> list["Vacancy"]:
        """The vacancies, from ``with_vacancy_rows`` when the query had it (None: none)."""
        if not hasattr(self, "vacancy_rows"):
            return list(self.vacancies.all())
        return [
            Vacancy(
                post=self,
                status=row["status"],
                availability=date.fromisoformat(row["availability"])
                if row["availability"]
                else None,
            )
            for row in self.vacancy_rows or ()
        ]

    @cached_property
    def section_list(self) -> list["Section"]:
        """The job-description sections in order, from ``with_section_rows`` when the query
        had it (None: none)."""
        if not hasattr(self, "section_rows"):
            return list(self.sections.order_by("order", "pk"))
        return [Section(post=self, **row) for row in self.section_rows or ()]

    @property
    def confirmed_vacancies(self) -> int:
        return sum(v.status == Vacancy.Status.CONFIRMED for v in self.vacancy_list)

    @property
    def pending_vacancies(self) -> int:
        return sum(v.status == Vacancy.Status.PENDING for v in self.vacancy_list)

    @staticmethod
    def advertisement_history(ads: list["Post"]) -> list[tuple["Post", list[str] | None]]:
        """Each advertisement (from ``advertisements_with_vacancies``) with what changed since
        the previous call's (None for the first call); empty when advertised only once."""
        if len(ads) <= 1:
            return []
        calls = list(dict.fromkeys(ad.call_id for ad in ads))
        history = []
        for ad in ads:
            position = calls.index(ad.call_id)
            if position == 0:
                history.append((ad, None))
                continue
            before = [other for other in ads if other.call_id == calls[position - 1]]
            same_regime = [other for other in before if other.regime == ad.regime]
            history.append((ad, ad.changes_since((same_regime or before)[0])))
        return history

    def changes_since(self, earlier: "Post") -> list[str]:
        """What a seconding authority compares between two advertisements of a post."""
        changes = []
        for label, now, then in [
            ("Regime", self.get_regime_display(), earlier.get_regime_display()),
            (
                "Security clearance",
                labels.clearance(self.clearance),
                labels.clearance(earlier.clearance),
            ),
            (
                "Contributing Third States",
                labels.yes_no(self.open_to_third_states),
                labels.yes_no(earlier.open_to_third_states),
            ),
            ("Vacancies", self.vacancy_summary(), earlier.vacancy_summary()),
        ]:
            if now != then:
                changes.append(f"{label}: {then} → {now}")
        return changes

    def vacancy_summary(self) -> str:
        """The vacancies as "1 confirmed (ASAP), 1 pending (from 23 Jan 2026)"."""
        return vacancy_summary((v.status, v.availability) for v in self.vacancy_list)


class Vacancy(models.Model):
    Status = VacancyStatus

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="vacancies")
    status = models.CharField(max_length=20, choices=VacancyStatus, default=VacancyStatus.CONFIRMED)
    availability = models.DateField(
        null=True, blank=True, help_text="Empty means as soon as possible (ASAP)."
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = History()

    class Meta:
        ordering = ["post", "order", "pk"]
        verbose_name_plural = "vacancies"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=VacancyStatus.values), name="vacancy_status_valid"
            ),
        ]

    def __str__(self):
        when = self.availability.isoformat() if self.availability else "ASAP"
        return f"{self.get_status_display()}, available {when}"


class Section(CleanText):
    Kind = SectionKind

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=50, choices=SectionKind)
    heading = models.CharField(
        max_length=300, help_text="As printed, e.g. 2. Main Tasks and Responsibilities"
    )
    order = models.PositiveSmallIntegerField(default=0)
    items = ArrayField(
        models.TextField(), default=list, blank=True, help_text="One entry per paragraph or bullet."
    )

    history = History()

    class Meta:
        ordering = ["post", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SectionKind.values), name="section_kind_valid"
            ),
        ]

    def __str__(self):
        return self.heading


# The post page's questions, written once (prepared.py): every advertisement of a post, or
# the post alone when it has no ref, each with its call and vacancies.
ADVERTISEMENTS = Prepared(
    lambda mission_id, ref: (
        Post.objects.advertisements_of(mission_id, ref).select_related("call").with_vacancy_rows()
    ),
    0,
    "",
)
THIS_ADVERTISEMENT = Prepared(
    lambda pk: Post.objects.filter(pk=pk).select_related("call").with_vacancy_rows(), 0
)
