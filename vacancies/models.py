"""Calls, the posts they advertise, each post's vacancies and job-description sections."""

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property

from django.contrib.postgres.aggregates import JSONBAgg, StringAgg
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection, models
from django.db.models import Count, F, Func, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, JSONObject, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import slugify

from .history import History
from .importer.glyphs import clean as clean_text

# The text search configuration of Post.search_vector; migration 0003's trigger uses the same.
SEARCH_CONFIG = "english"
# Marks around matched words in headlines: control characters, so that the text can be
# escaped for HTML first and the marks turned into <mark> after.
MATCH_START, MATCH_STOP = "\x02", "\x03"

EARLIEST, LATEST = date(1900, 1, 1), date(9000, 1, 1)


def unique_slug(text: str, max_length: int = 80) -> str:
    return slugify(text)[:max_length].strip("-") or "item"


def _yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "not stated"}[value]


def has_passed(deadline: datetime) -> bool:
    """Whether a deadline has passed: "closed", for one call or one value in a form."""
    return deadline <= timezone.now()


def vacancy_summary(vacancies) -> str:
    """ "1 confirmed (ASAP), 1 pending (from 23 Jan 2026)" of (status, availability) pairs."""
    groups = Counter((VacancyStatus(status).label.lower(), when) for status, when in vacancies)
    if not groups:
        return "not stated"
    return ", ".join(
        f"{count} {status} ({'from ' + format_date(when, 'j M Y') if when else 'ASAP'})"
        for (status, when), count in groups.items()
    )


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


def start_of_day(day: date) -> datetime:
    """Midnight at the start of ``day`` in Brussels time (the site's time zone).

    Days far in the past or future are clamped: a typed year 1 or 9999 must not overflow.
    """
    day = min(max(day, EARLIEST), LATEST)
    return timezone.make_aware(datetime.combine(day, time.min))


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
        return reverse("vacancies:mission_detail", args=[self.slug])


class CallQuerySet(models.QuerySet):
    def with_post_count(self):
        # A per-row subquery: counted for the calls of the page only, not for every call.
        posts = (
            Post.objects.filter(call=OuterRef("pk"))
            .order_by()
            .values("call")
            .annotate(n=Count("pk"))
        )
        return self.annotate(post_count=Coalesce(Subquery(posts.values("n")), 0))

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
        return reverse("vacancies:call_detail", args=[self.pk, self.slug])

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

    # The one vocabulary of clearance: the enum's name is the key in a URL, the API and an
    # alert ("?clearance=top_secret"); the label is what the documents and pages say.
    @property
    def slug(self) -> str:
        return "none" if self is Clearance.NOT_REQUIRED else self.name.removeprefix("EU_").lower()

    @classmethod
    def from_slug(cls, slug: str) -> "Clearance":
        return next(level for level in cls if level.slug == slug)

    @classmethod
    def slug_choices(cls) -> list[tuple[str, str]]:
        return [(level.slug, "None" if level is cls.NOT_REQUIRED else level.label) for level in cls]

    @classmethod
    def from_document(cls, text: str | None) -> "Clearance | None":
        """ "EU SECRET" -> EU_SECRET; "NOT REQUIRED", "NOT APPLICABLE" -> NOT_REQUIRED."""
        if not text:
            return None
        words = text.upper()
        # Highest first: "TOP SECRET" also contains "SECRET".
        for level in sorted(cls, reverse=True):
            if level and level.label.removeprefix("EU ") in words:
                return level
        return cls.NOT_REQUIRED


class Eligibility(models.TextChoices):
    """Who may put a candidate forward for a post: what a seconding authority asks first."""

    MEMBER_STATE = "member_state", "EU Member States (secondment)"
    THIRD_STATE = "third_state", "Contributing Third States (secondment)"
    CONTRACTED = "contracted", "Personal applications (contracted)"


# Conditions on posts as Q objects. The PostQuerySet methods filter with them and facet
# counts aggregate several of them in one query, so each is written once, here.
def q_published() -> Q:
    return Q(call_status=Call.Status.PUBLISHED)


def q_open() -> Q:
    return q_published() & Q(deadline__gt=timezone.now())


def q_closed() -> Q:
    return q_published() & Q(deadline__lte=timezone.now())


def q_taking_secondees() -> Q:
    return Q(regime__in=[Regime.SECONDED, Regime.SECONDED_CONTRACTED])


def q_taking_contracted() -> Q:
    return Q(regime__in=[Regime.CONTRACTED, Regime.SECONDED_CONTRACTED])


def q_for_third_states() -> Q:
    return Q(open_to_third_states=True)


def q_within_clearance(level: int) -> Q:
    """Posts a holder of ``level`` may apply for; an unstated clearance is not required."""
    return Q(clearance__lte=level) | Q(clearance__isnull=True)


def q_eligible_for(kind: str) -> Q:
    return {
        Eligibility.MEMBER_STATE: q_taking_secondees,
        Eligibility.THIRD_STATE: lambda: q_taking_secondees() & q_for_third_states(),
        Eligibility.CONTRACTED: q_taking_contracted,
    }[Eligibility(kind)]()


def q_closing_within(days: int) -> Q:
    """Open posts whose deadline falls on one of the next ``days`` days (0: today), Brussels time."""
    return q_open() & Q(deadline__lt=start_of_day(timezone.localdate() + timedelta(days=days + 1)))


def search_query(text: str) -> SearchQuery:
    """Web search syntax: ``"close protection" -deputy``, ``police or justice``."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def _vacancy_count(status: str) -> Subquery:
    vacancies = Vacancy.objects.filter(post=OuterRef("pk"), status=status).order_by()
    return Coalesce(Subquery(vacancies.values("post").annotate(n=Count("pk")).values("n")), 0)


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(q_published())

    def open(self):
        return self.filter(q_open())

    def closed(self):
        return self.filter(q_closed())

    def taking_secondees(self):
        return self.filter(q_taking_secondees())

    def taking_contracted(self):
        return self.filter(q_taking_contracted())

    def for_third_states(self):
        return self.filter(q_for_third_states())

    def within_clearance(self, level: int):
        """Posts a holder of ``level`` may apply for; an unstated clearance is not required."""
        return self.filter(q_within_clearance(level))

    def eligible_for(self, kind: str):
        """Posts the given kind of candidate may be put forward for: an ``Eligibility`` value."""
        return self.filter(q_eligible_for(kind))

    def closing_within(self, days: int):
        return self.filter(q_closing_within(days))

    def at(self, place: str):
        """Case-insensitive match on the duty station or the region."""
        place = place.strip().upper()
        return self.alias(
            duty_station_upper=Upper("duty_station"), location_upper=Upper("location")
        ).filter(Q(duty_station_upper=place) | Q(location_upper=place))

    def search(self, text: str):
        """Posts matching ``text`` (web search syntax), annotated with their ``rank``.

        Title and ref weigh most, then the component, then the mission and place, then the
        job description: see migration 0003, whose trigger keeps ``search_vector`` current.
        """
        query = search_query(text)
        return self.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))

    def with_headlines(self, text: str):
        """The title and a snippet of the job description with matched words between
        MATCH_START and MATCH_STOP. ts_headline is slow: use it on a page of posts only."""
        query = search_query(text)
        sections = (
            Section.objects.filter(post=OuterRef("pk"))
            .order_by()
            .values("post")
            .annotate(text=StringAgg(Func(F("items"), Value(" "), function="array_to_string"), " "))
            .values("text")
        )
        marks = {"start_sel": MATCH_START, "stop_sel": MATCH_STOP, "config": SEARCH_CONFIG}
        return self.annotate(
            title_headline=SearchHeadline("title", query, highlight_all=True, **marks),
            snippet=SearchHeadline(
                Subquery(sections),
                query,
                max_words=20,
                min_words=8,
                max_fragments=2,
                fragment_delimiter=" … ",
                **marks,
            ),
        )

    def published_between(self, since: datetime, until: datetime):
        """Posts that appeared on the site in (since, until]: when their call was published,
        or when they were added to a call that already was."""
        return (
            self.published()
            .alias(appeared_at=Greatest("published_at", "created_at"))
            .filter(appeared_at__gt=since, appeared_at__lte=until)
        )

    def advertisements_of(self, post: "Post"):
        """Every published advertisement of the same post: same mission and ref, any call."""
        if not post.ref:
            return self.none()
        return self.published().filter(mission_id=post.call.mission_id, ref=post.ref)

    def with_vacancy_counts(self):
        # Correlated subqueries, not a join and GROUP BY: Postgres counts for the rows of
        # the page only, after the LIMIT, however many posts match.
        return self.annotate(
            confirmed_count=_vacancy_count(Vacancy.Status.CONFIRMED),
            pending_count=_vacancy_count(Vacancy.Status.PENDING),
        )

    def with_vacancy_rows(self):
        """Each post's vacancies as JSON rows in the same query (see Post.vacancy_list)."""
        rows = (
            Vacancy.objects.filter(post=OuterRef("pk"))
            .order_by()
            .values("post")
            .annotate(
                rows=JSONBAgg(
                    JSONObject(status="status", availability="availability"),
                    order_by=("order", "id"),
                )
            )
            .values("rows")
        )
        return self.annotate(vacancy_rows=Subquery(rows))

    def for_listing(self):
        return self.select_related("call__mission").with_vacancy_counts()


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
    # Written by the database (migration 0003's triggers), never by Django: title, ref,
    # component, place, mission and sections, weighted. A migration that renames or drops
    # one of those columns must recreate the SQL function vacancies_post_document().
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Copies of the call's status, deadline and publication time, written by the database
    # (migration 0005's triggers), never by Django: the list filters and sorts a million
    # posts on these without joining their calls.
    call_status = models.CharField(max_length=20, editable=False, default="")
    deadline = models.DateTimeField(null=True, editable=False)
    published_at = models.DateTimeField(null=True, editable=False)
    # The call's mission, copied by migration 0009's triggers: PostCount groups by it.
    mission = models.ForeignKey(
        Mission, on_delete=models.DO_NOTHING, null=True, editable=False, related_name="+"
    )

    objects = PostQuerySet.as_manager()
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
            models.Index(Upper("duty_station"), name="post_duty_station_upper"),
            models.Index(Upper("location"), name="post_location_upper"),
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
    def days_left(self) -> int | None:
        return self.call.days_left

    def advertisements(self):
        """This post's advertisements in every call, this one included, oldest call first."""
        return (
            Post.objects.advertisements_of(self)
            .select_related("call")
            .order_by("deadline", "call_id", "order", "pk")
        )

    def advertisements_with_vacancies(self) -> list["Post"]:
        """The advertisements (just this post when it has no ref), each with its
        ``vacancy_list``, in one query."""
        ads = (
            self.advertisements()
            if self.ref
            else Post.objects.filter(pk=self.pk).select_related("call")
        )
        return list(ads.with_vacancy_rows())

    def load_details(self) -> list["Post"]:
        """What a post's page shows besides the post, in two queries: its sections, and every
        advertisement with its vacancies (this post's ``vacancy_list`` is taken from them)."""
        models.prefetch_related_objects(
            [self], models.Prefetch("sections", queryset=Section.objects.order_by("order", "pk"))
        )
        ads = self.advertisements_with_vacancies()
        self.vacancy_list = next(ad for ad in ads if ad.pk == self.pk).vacancy_list
        return ads

    @cached_property
    def vacancy_list(self) -> list["Vacancy"]:
        """The vacancies, from ``with_vacancy_rows`` when the query had it."""
        rows = getattr(self, "vacancy_rows", None)
        if rows is None:
            return list(self.vacancies.all())
        return [
            Vacancy(
                post=self,
                status=row["status"],
                availability=date.fromisoformat(row["availability"])
                if row["availability"]
                else None,
            )
            for row in rows
        ]

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
        if len(ads) < 2:
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
                self.get_clearance_display() or "not stated",
                earlier.get_clearance_display() or "not stated",
            ),
            (
                "Contributing Third States",
                _yes_no(self.open_to_third_states),
                _yes_no(earlier.open_to_third_states),
            ),
            ("Vacancies", self.vacancy_summary(), earlier.vacancy_summary()),
        ]:
            if now != then:
                changes.append(f"{label}: {then} → {now}")
        return changes

    def vacancy_summary(self) -> str:
        """ "1 confirmed (ASAP), 1 pending (from 23 Jan 2026)"."""
        return vacancy_summary((v.status, v.availability) for v in self.vacancy_list)


class PostCount(models.Model):
    """How many posts share each combination of the fields the list counts by.

    Postgres keeps the rows (migration 0009's statement triggers, so a COPY of a million
    posts updates a few thousand rows), and the facet counts of the list read them instead
    of a million posts. A post whose deadline had passed when its row was written counts
    under ``CLOSED_DEADLINE``, far in the past: closed is all that is ever asked of it, so
    the archive folds into a few hundred rows. The field names are Post's, so the same
    ``q_*`` conditions filter both.
    """

    CLOSED_DEADLINE = datetime(1, 1, 1, tzinfo=UTC)

    mission = models.ForeignKey(Mission, on_delete=models.DO_NOTHING, related_name="+")
    call_status = models.CharField(max_length=20)
    regime = models.CharField(max_length=30)
    clearance = models.PositiveSmallIntegerField(null=True)
    open_to_third_states = models.BooleanField(null=True)
    deadline = models.DateTimeField()
    posts = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "mission",
                    "call_status",
                    "regime",
                    "clearance",
                    "open_to_third_states",
                    "deadline",
                ],
                nulls_distinct=False,
                name="post_count_key",
            ),
        ]

    def __str__(self):
        return f"{self.posts} posts"


class VacancyStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    PENDING = "pending", "Pending"


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
    PROFESSIONAL_COMPETENCE = (
        "professional_competence_requirements",
        "Professional competence requirements",
    )
    MISSION_SPECIFIC_MANDATORY = (
        "mission_specific_mandatory",
        "Mission-specific requirements: mandatory",
    )
    MISSION_SPECIFIC_DESIRABLE = (
        "mission_specific_desirable",
        "Mission-specific requirements: desirable",
    )
    TASKS = "tasks", "Tasks and responsibilities"
    # OSCE notices from the jobs portal (jobs.osce.org)
    BACKGROUND = "background", "Background"
    NECESSARY_QUALIFICATIONS = "necessary_qualifications", "Necessary qualifications"
    REQUIRED_COMPETENCIES = "required_competencies", "Required competencies"
    OTHER = "other", "Other"


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


class AlertQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)


class Alert(models.Model):
    """An e-mail address subscribed to a search of posts: no account, double opt-in."""

    email = models.EmailField()
    search = models.JSONField(
        default=dict,
        blank=True,
        help_text='The /posts/ parameters of the search, e.g. {"regime": "seconded"}.',
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="Posts that appeared after this are in the next message."
    )

    objects = AlertQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["email", "search"], name="unique_alert_per_search")
        ]
        indexes = [models.Index(fields=["email"]), models.Index(fields=["confirmed_at"])]

    def __str__(self):
        return f"{self.email}: {self.search or 'all open posts'}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def sent_up_to(self) -> datetime | None:
        """The next message lists the posts that appeared after this moment."""
        return self.last_sent_at or self.confirmed_at

    def confirm(self):
        if self.confirmed_at is None:
            self.confirmed_at = timezone.now()
            self.save(update_fields=["confirmed_at"])


class ContentVersion(models.Model):
    """One row that Postgres triggers bump whenever published content may have changed.

    Cached counts and pages, and the ETag/Last-Modified of public pages, are keyed on it
    (and on the last deadline passed, see ``current``), so a cache is never older than the
    data (migration 0006 has the triggers).
    """

    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="content_version_single_row")]

    def __str__(self):
        return f"version {self.number} of {self.changed_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def current(cls) -> "ContentVersion":
        """The version, with ``last_deadline_passed``: when the latest published call to
        close closed (None before any has), read backwards on the (status, deadline) index.

        Plain SQL: every public request asks, even a cache hit, and compiling the same
        query through the ORM took seven times as long as running it.
        """
        with connection.cursor() as cursor:
            cursor.execute(CURRENT_VERSION_SQL, [Call.Status.PUBLISHED, timezone.now()])
            row = cursor.fetchone()
        if row is None:  # migration 0006 makes the row; a flushed test database has none
            cls.objects.get_or_create(id=1)
            return cls.current()
        number, changed_at, passed = row
        version = cls(id=1, number=number, changed_at=changed_at)
        version.last_deadline_passed = passed
        return version


CURRENT_VERSION_SQL = f"""
SELECT number, changed_at, (
    SELECT deadline FROM {Call._meta.db_table}
    WHERE status = %s AND deadline <= %s ORDER BY deadline DESC LIMIT 1
) FROM {ContentVersion._meta.db_table} WHERE id = 1
"""
