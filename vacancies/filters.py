"""The filters of the public post list: what applicants and seconding authorities ask."""

from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.utils import timezone

from .models import Clearance, Mission, Post

STATUS_CHOICES = [("open", "Open"), ("closed", "Closed"), ("all", "All")]
REGIME_CHOICES = [
    ("seconded", "Takes secondees (seconded, seconded/contracted)"),
    ("contracted", "Takes contracted staff (contracted, seconded/contracted)"),
]
CLEARANCE_CHOICES = [
    ("none", "None"),
    ("restricted", "EU RESTRICTED"),
    ("confidential", "EU CONFIDENTIAL"),
    ("secret", "EU SECRET"),
    ("top_secret", "EU TOP SECRET"),
]
CLEARANCE_LEVELS = {
    "none": Clearance.NOT_REQUIRED,
    "restricted": Clearance.EU_RESTRICTED,
    "confidential": Clearance.EU_CONFIDENTIAL,
    "secret": Clearance.EU_SECRET,
    "top_secret": Clearance.EU_TOP_SECRET,
}
THIRD_STATES_CHOICES = [("yes", "Open to Contributing Third States"), ("no", "Not open to them")]
SORT_CHOICES = [("deadline", "Closing soonest"), ("-published", "Newest"), ("title", "Title")]
SORT_ORDER = {
    "deadline": ["call__deadline", "call_id", "order", "pk"],
    "-published": ["-call__published_at", "call_id", "order", "pk"],
    "title": ["title", "pk"],
}
# The archive reads best newest first.
CLOSED_DEFAULT_ORDER = ["-call__deadline", "call_id", "order", "pk"]

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


EARLIEST, LATEST = date(1900, 1, 1), date(9000, 1, 1)


def start_of_day(day: date) -> datetime:
    """Midnight at the start of ``day`` in Brussels time (the site's time zone).

    Days far in the past or future are clamped: a typed year 1 or 9999 must not overflow.
    """
    day = min(max(day, EARLIEST), LATEST)
    return timezone.make_aware(datetime.combine(day, time.min))


class PostFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="filter_status", empty_label=None, label="Status"
    )
    mission = django_filters.ModelChoiceFilter(
        field_name="call__mission",
        to_field_name="slug",
        queryset=Mission.objects.all(),
        empty_label="Any mission",
    )
    location = django_filters.CharFilter(
        method="filter_location", label="Duty station or region", max_length=200
    )
    regime = django_filters.ChoiceFilter(
        choices=REGIME_CHOICES, method="filter_regime", empty_label="Any regime", label="Regime"
    )
    clearance = django_filters.ChoiceFilter(
        choices=CLEARANCE_CHOICES,
        method="filter_clearance",
        empty_label="Any",
        label="Security clearance you hold",
    )
    third_states = django_filters.ChoiceFilter(
        choices=THIRD_STATES_CHOICES,
        method="filter_third_states",
        empty_label="Any",
        label="Contributing Third States",
    )
    deadline_after = django_filters.DateFilter(
        method="filter_deadline_after", label="Deadline on or after", widget=DATE_WIDGET
    )
    deadline_before = django_filters.DateFilter(
        method="filter_deadline_before", label="Deadline on or before", widget=DATE_WIDGET
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="sort_by", empty_label=None, label="Sort by"
    )

    class Meta:
        model = Post
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        # Always bound: the defaults (open posts, by deadline) apply to a bare /posts/ too.
        super().__init__(data if data is not None else {}, *args, **kwargs)

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        if not data.get("status"):  # absent or invalid: open posts, the default
            queryset = queryset.open()
        queryset = super().filter_queryset(queryset)
        if not data.get("sort"):
            closed = data.get("status") == "closed"
            queryset = queryset.order_by(*(CLOSED_DEFAULT_ORDER if closed else SORT_ORDER["deadline"]))
        return queryset

    def filter_status(self, queryset, name, value):
        return {"open": queryset.open, "closed": queryset.closed, "all": queryset.published}[value]()

    def filter_location(self, queryset, name, value):
        return queryset.at(value) if value.strip() else queryset

    def filter_regime(self, queryset, name, value):
        return queryset.taking_secondees() if value == "seconded" else queryset.taking_contracted()

    def filter_clearance(self, queryset, name, value):
        return queryset.within_clearance(CLEARANCE_LEVELS[value])

    def filter_third_states(self, queryset, name, value):
        return queryset.filter(open_to_third_states=(value == "yes"))

    def filter_deadline_after(self, queryset, name, value):
        return queryset.filter(call__deadline__gte=start_of_day(value))

    def filter_deadline_before(self, queryset, name, value):
        return queryset.filter(call__deadline__lt=start_of_day(value) + timedelta(days=1))

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORT_ORDER[value])
