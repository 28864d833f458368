"""Calls, the posts they advertise, each post's vacancies and job-description sections."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify


def unique_slug(text: str, max_length: int = 80) -> str:
    return slugify(text)[:max_length].strip("-") or "item"


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    acronym = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.acronym or self.name


class Mission(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="missions")
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
        return reverse("vacancies:mission_detail", args=[self.slug])


class CallQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Call.Status.PUBLISHED)

    def open(self):
        return self.published().filter(deadline__gt=timezone.now())

    def closed(self):
        return self.published().filter(deadline__lte=timezone.now())


class CallKind(models.TextChoices):
    CALL_FOR_CONTRIBUTIONS = "call_for_contributions", "Call for contributions"
    VACANCY_NOTICE = "vacancy_notice", "Single vacancy notice"


class CallStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Call(models.Model):
    Kind = CallKind
    Status = CallStatus

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="calls")
    reference = models.CharField(
        max_length=50, blank=True, help_text="As printed on the call, e.g. 3-2025. Empty for notices without one."
    )
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=80)
    kind = models.CharField(max_length=30, choices=CallKind, default=CallKind.CALL_FOR_CONTRIBUTIONS)
    deadline = models.DateTimeField(help_text="Deadline for applications, in Brussels time.")
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
            models.CheckConstraint(
                condition=Q(kind__in=CallKind.values), name="call_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self):
        return f"{self.mission.acronym or self.mission.name} {self.title}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("vacancies:call_detail", args=[self.pk, self.slug])

    @property
    def is_open(self) -> bool:
        return self.deadline > timezone.now()

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


class CallPart(models.Model):
    """A general part of a call: conditions, requirements, documents, information."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="parts")
    order = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(max_length=300, blank=True)
    text = models.TextField()

    class Meta:
        ordering = ["call", "order"]

    def __str__(self):
        return self.heading or f"Part {self.order}"


class Regime(models.TextChoices):
    SECONDED = "seconded", "Seconded"
    CONTRACTED = "contracted", "Contracted"
    SECONDED_CONTRACTED = "seconded_contracted", "Seconded/Contracted"


class Clearance(models.IntegerChoices):
    """Ordered, so that "what may a holder of level X apply for" is ``clearance__lte``."""

    NOT_REQUIRED = 0, "Not required"
    EU_RESTRICTED = 1, "EU RESTRICTED"
    EU_CONFIDENTIAL = 2, "EU CONFIDENTIAL"
    EU_SECRET = 3, "EU SECRET"
    EU_TOP_SECRET = 4, "EU TOP SECRET"


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(call__status=Call.Status.PUBLISHED)

    def open(self):
        return self.published().filter(call__deadline__gt=timezone.now())

    def closed(self):
        return self.published().filter(call__deadline__lte=timezone.now())

    def taking_secondees(self):
        return self.filter(regime__in=[Regime.SECONDED, Regime.SECONDED_CONTRACTED])

    def taking_contracted(self):
        return self.filter(regime__in=[Regime.CONTRACTED, Regime.SECONDED_CONTRACTED])

    def for_third_states(self):
        return self.filter(open_to_third_states=True)

    def within_clearance(self, level: int):
        """Posts a holder of ``level`` may apply for; an unstated clearance is not required."""
        return self.filter(Q(clearance__lte=level) | Q(clearance__isnull=True))

    def at(self, place: str):
        """Case-insensitive match on the duty station or the region."""
        place = place.strip().upper()
        return self.alias(duty_station_upper=Upper("duty_station"), location_upper=Upper("location")).filter(
            Q(duty_station_upper=place) | Q(location_upper=place)
        )

    def with_vacancy_counts(self):
        return self.annotate(
            confirmed_count=Count("vacancies", filter=Q(vacancies__status=Vacancy.Status.CONFIRMED)),
            pending_count=Count("vacancies", filter=Q(vacancies__status=Vacancy.Status.PENDING)),
        )

    def for_listing(self):
        return self.select_related("call__mission").with_vacancy_counts()


class Post(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="posts")
    ref = models.CharField(
        max_length=40, blank=True, help_text="As printed, without the trailing *, e.g. EK 60004."
    )
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=80)
    grade = models.CharField(max_length=20, blank=True, help_text="OSCE grade, e.g. S1.")
    regime = models.CharField(max_length=30, choices=Regime, default=Regime.SECONDED)
    post_category = models.CharField(
        max_length=200, blank=True, help_text="Post category for contracted staff, e.g. Mission Support Staff."
    )
    location = models.CharField(max_length=200, blank=True, help_text="Region, as printed.")
    duty_station = models.CharField(max_length=200, blank=True)
    component = models.CharField(max_length=300, blank=True, help_text="Component, department or unit.")
    clearance = models.PositiveSmallIntegerField(
        choices=Clearance, null=True, blank=True, help_text="Leave empty when the call does not state it."
    )
    open_to_third_states = models.BooleanField(
        null=True, help_text="Open to Contributing Third States. Empty when not stated."
    )
    pending_deployment_acceptance = models.BooleanField(
        default=False, help_text="The * on a ref: availability pending deployment acceptance."
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["call", "order", "pk"]
        constraints = [
            # Seed 001 advertises EK 60021 both as seconded and as seconded/contracted.
            models.UniqueConstraint(
                fields=["call", "ref", "regime"], condition=~Q(ref=""), name="unique_post_ref_regime_per_call"
            ),
            models.CheckConstraint(
                condition=Q(regime__in=Regime.values), name="post_regime_valid"
            ),
            models.CheckConstraint(
                condition=Q(clearance__isnull=True) | Q(clearance__in=Clearance.values),
                name="post_clearance_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["regime"]),
            models.Index(fields=["clearance"]),
            models.Index(fields=["open_to_third_states"]),
            models.Index(Upper("duty_station"), name="post_duty_station_upper"),
            models.Index(Upper("location"), name="post_location_upper"),
            models.Index(fields=["ref"]),
        ]

    def __str__(self):
        return f"{self.ref} {self.title}".strip()

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("vacancies:post_detail", args=[self.pk, self.slug])

    @property
    def deadline(self):
        return self.call.deadline

    @property
    def is_open(self) -> bool:
        return self.call.is_open

    @property
    def takes_secondees(self) -> bool:
        return self.regime in (Regime.SECONDED, Regime.SECONDED_CONTRACTED)


class VacancyStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    PENDING = "pending", "Pending"


class Vacancy(models.Model):
    Status = VacancyStatus

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="vacancies")
    status = models.CharField(max_length=20, choices=VacancyStatus, default=VacancyStatus.CONFIRMED)
    availability = models.DateField(null=True, blank=True, help_text="Empty means as soon as possible (ASAP).")
    order = models.PositiveSmallIntegerField(default=0)

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


class SectionKind(models.TextChoices):
    REPORTING_LINE = "reporting_line", "Reporting line"
    MAIN_TASKS = "main_tasks", "Main tasks and responsibilities"
    GENERAL_TASKS = "general_tasks", "General tasks and responsibilities"
    ESSENTIAL_QUALIFICATIONS = "essential_qualifications", "Essential qualifications and experience"
    ESSENTIAL_SKILLS = "essential_skills", "Essential knowledge, skills and abilities"
    DESIRABLE_QUALIFICATIONS = "desirable_qualifications", "Desirable qualifications and experience"
    DESIRABLE_SKILLS = "desirable_skills", "Desirable knowledge, skills and abilities"
    GENERAL_MINIMUM_REQUIREMENTS = "general_minimum_requirements", "General minimum requirements"
    FIELD_OF_EXPERTISE = "field_of_expertise_requirements", "Field of expertise requirements"
    PROFESSIONAL_COMPETENCE = "professional_competence_requirements", "Professional competence requirements"
    MISSION_SPECIFIC_MANDATORY = "mission_specific_mandatory", "Mission-specific requirements: mandatory"
    MISSION_SPECIFIC_DESIRABLE = "mission_specific_desirable", "Mission-specific requirements: desirable"
    TASKS = "tasks", "Tasks and responsibilities"
    OTHER = "other", "Other"


class Section(models.Model):
    Kind = SectionKind

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=50, choices=SectionKind)
    heading = models.CharField(max_length=300, help_text="As printed, e.g. 2. Main Tasks and Responsibilities")
    order = models.PositiveSmallIntegerField(default=0)
    items = ArrayField(models.TextField(), default=list, blank=True, help_text="One entry per paragraph or bullet.")

    class Meta:
        ordering = ["post", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SectionKind.values), name="section_kind_valid"),
        ]

    def __str__(self):
        return self.heading
