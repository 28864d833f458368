"""The organisations and missions that publish calls, the calls, and their general parts.

HR writes these, in the admin or by importing a call's document; ``CleanText`` cleans
what they type as the importer cleans what it reads.
"""

from datetime import date

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from missionjobs.paths import cached_reverse

from ..history import History
from ..importer.glyphs import clean as clean_text
from .choices import CallKind, CallStatus
from .conditions import has_passed
from .querysets import CallQuerySet


def unique_slug(text: str, max_length: int = 80) -> str:
    return slugify(text)[:max_length].strip("-") or "item"


class CleanText(models.Model):
    """Text typed or pasted into a form (the admin) is cleaned as the importer cleans what
    it reads: Word's glyph bullets become the bullets they draw, other private-use
    characters and U+FFFD go, so none reaches a page, a feed, an export or the API."""

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if isinstance(value, str):
                setattr(self, field.attname, clean_text(value))
            elif isinstance(value, list):
                cleaned = [clean_text(v) if isinstance(v, str) else v for v in value]
                setattr(self, field.attname, cleaned)


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    acronym = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.acronym or self.name


class Mission(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="missions"
    )
    name = models.CharField(max_length=200, unique=True)
    acronym = models.CharField(max_length=30, blank=True)
    country = models.CharField(
        max_length=100, blank=True, help_text="Country or region the mission works in."
    )
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return cached_reverse("vacancies:mission_detail", self.slug)


class Call(CleanText):
    Kind = CallKind
    Status = CallStatus

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="calls")
    reference = models.CharField(
        max_length=50,
        blank=True,
        help_text="As printed on the call, e.g. 3-2025. Empty for notices without one.",
    )
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=80)
    kind = models.CharField(
        max_length=30, choices=CallKind, default=CallKind.CALL_FOR_CONTRIBUTIONS
    )
    deadline = models.DateTimeField(help_text="Deadline for applications, in Brussels time.")
    publication_date = models.DateField(
        null=True,
        blank=True,
        help_text="The date printed on the call as its date of publication, if any.",
    )
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the call is published on missionjobs."
    )
    how_to_apply = models.TextField(blank=True)
    application_urls = ArrayField(models.URLField(max_length=500), default=list, blank=True)
    contact = models.TextField(blank=True)
    contact_email = models.EmailField(blank=True)
    source_document = models.FileField(upload_to="calls/%Y/", blank=True)
    status = models.CharField(max_length=20, choices=CallStatus, default=CallStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CallQuerySet.as_manager()
    history = History()

    class Meta:
        ordering = ["-deadline"]
        permissions = [
            ("publish_call", "Can publish and withdraw calls"),
            ("import_call", "Can import calls from documents"),
        ]
        constraints = [
            # Re-importing a call updates it: one call per mission and reference.
            models.UniqueConstraint(
                fields=["mission", "reference"],
                condition=~Q(reference=""),
                name="unique_call_reference_per_mission",
            ),
            models.CheckConstraint(
                condition=Q(status__in=CallStatus.values), name="call_status_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=CallKind.values), name="call_kind_valid"),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self):
        return f"{self.mission.acronym or self.mission.name} {self.title}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.title)
        # However the status became "published" (publish(), the admin's form), the call
        # has the moment it appeared here: the feed, alerts and "Published" need it.
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("vacancies:call_detail", self.pk, self.slug)

    @property
    def is_open(self) -> bool:
        return not has_passed(self.deadline)

    @property
    def published_on(self) -> date | None:
        """The date applicants see as "Published": the date of publication printed on the
        call, or else the day it was published here (``published_at``, which the sorting
        by "published" uses)."""
        if self.publication_date:
            return self.publication_date
        return timezone.localdate(self.published_at) if self.published_at else None

    @property
    def days_left(self) -> int | None:
        """Whole days until the deadline's day in Brussels; None once the call is closed."""
        if not self.is_open:
            return None
        return (timezone.localdate(self.deadline) - timezone.localdate()).days

    def publish(self):
        self.status = self.Status.PUBLISHED
        self.published_at = self.published_at or timezone.now()
        self.save(update_fields=["status", "published_at", "updated_at"])

    def withdraw(self):
        self.status = self.Status.WITHDRAWN
        self.save(update_fields=["status", "updated_at"])

    def withdrawn_at(self):
        """When the call was last withdrawn, from its history (None if not recorded): the
        first withdrawn record after the last record in another status."""
        records = self.history.order_by("-history_date").values_list("status", "history_date")
        when = None
        for status, date_changed in records:
            if status != self.Status.WITHDRAWN:
                break
            when = date_changed
        return when


class CallPart(CleanText):
    """A general part of a call: conditions, requirements, documents, information."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="parts")
    order = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(max_length=300, blank=True)
    text = models.TextField()

    history = History()

    class Meta:
        ordering = ["call", "order"]

    def __str__(self):
        return self.heading or f"Part {self.order}"
