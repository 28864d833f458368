"""The filters of the public post list: what applicants and seconding authorities ask.

One FilterSet serves the list page, the Atom feed, the calendar, the CSV and the API, so a
search means the same everywhere.
"""

import hashlib
from datetime import date, timedelta
from functools import cached_property
from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.utils.formats import date_format

from .models import (
    Clearance,
    Eligibility,
    Mission,
    Post,
    PostCount,
    q_closed,
    q_closing_within,
    q_eligible_for,
    q_for_third_states,
    q_open,
    q_published,
    q_taking_contracted,
    q_taking_secondees,
    q_within_clearance,
    start_of_day,
)

STATUS_CHOICES = [("open", "Open"), ("closed", "Closed"), ("all", "All")]
REGIME_CHOICES = [
    ("seconded", "Takes secondees (seconded, seconded/contracted)"),
    ("contracted", "Takes contracted staff (contracted, seconded/contracted)"),
]
CLEARANCE_CHOICES = Clearance.slug_choices()
CLEARANCE_LEVELS = {level.slug: level for level in Clearance}
THIRD_STATES_CHOICES = [("yes", "Open to Contributing Third States"), ("no", "Not open to them")]
SORT_CHOICES = [
    ("relevance", "Relevance"),
    ("deadline", "Closing soonest"),
    ("-published", "Newest"),
    ("title", "Title"),
]
SORT_ORDER = {
    "deadline": ["deadline", "call_id", "order", "pk"],
    "-published": ["-published_at", "call_id", "order", "pk"],
    "title": ["title", "pk"],
}
# The archive reads best newest first.
CLOSED_DEFAULT_ORDER = ["-deadline", "call_id", "order", "pk"]
MAX_CLOSING_WITHIN = 366
# The filters whose options show counts; the others (search, place, dates) narrow them all.
FACET_FILTERS = ("status", "eligible_for", "regime", "clearance", "third_states", "mission")
# The filters PostCount cannot answer: it knows no words, no places, and no past deadlines.
POST_COUNT_BLIND = ("q", "location", "deadline_after", "deadline_before")
COUNTS_TTL = 24 * 60 * 60  # bounds the room unused counts take: the key changes with the data

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


def status_conditions() -> dict[str, Q]:
    return {"open": q_open(), "closed": q_closed(), "all": q_published()}


def third_states_conditions() -> dict[str, Q]:
    return {"yes": q_for_third_states(), "no": Q(open_to_third_states=False)}


def regime_conditions() -> dict[str, Q]:
    return {"seconded": q_taking_secondees(), "contracted": q_taking_contracted()}


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class PostFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label="Search",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text='Title, ref, mission, unit or job description. "Quotes" find a phrase, -word leaves a word out.',
    )
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="filter_status", empty_label=None, label="Status"
    )
    eligible_for = django_filters.ChoiceFilter(
        choices=Eligibility.choices,
        method="filter_eligible_for",
        empty_label="Anyone",
        label="Open to",
    )
    mission = django_filters.ModelChoiceFilter(
        field_name="mission",
        to_field_name="slug",
        queryset=Mission.objects.all(),
        empty_label="Any mission",
        label="Mission",
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
    closing_within = IntegerFilter(
        method="filter_closing_within",
        label="Closing within (days)",
        min_value=0,
        max_value=MAX_CLOSING_WITHIN,
        help_text="0 is today. Only open posts close.",
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

    # Shown folded on the page unless one of them is in use: a phone shows results sooner.
    MORE_FILTERS = (
        "mission",
        "location",
        "closing_within",
        "deadline_after",
        "deadline_before",
        "sort",
    )

    class Meta:
        model = Post
        fields = []

    def __init__(self, data=None, *args, version: str | None = None, **kwargs):
        # Always bound: the defaults (open posts, by deadline) apply to a bare /posts/ too.
        super().__init__(data if data is not None else {}, *args, **kwargs)
        self.version = version  # caching.content_key(): counts are cached only when given

    def main_fields(self):
        return [field for field in self.form if field.name not in self.MORE_FILTERS]

    def more_fields(self):
        return [field for field in self.form if field.name in self.MORE_FILTERS]

    def more_filters_in_use(self) -> bool:
        params = self.params()
        if params.get("sort") == "relevance":  # the default, sent by every submitted form
            del params["sort"]
        return any(name in params for name in self.MORE_FILTERS)

    # The result -------------------------------------------------------------------------

    def filter_queryset(self, queryset):
        return self.sorted(self.filtered(queryset)).for_listing()

    def filtered(self, queryset, leave_out=()):
        """Every valid filter but those in ``leave_out`` (for facet counts); no ordering."""
        data = self.form.cleaned_data
        if "status" not in leave_out and not data.get("status"):  # absent or invalid: open posts
            queryset = queryset.open()
        for name, value in data.items():
            if name not in leave_out and name != "sort":
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def sorted(self, queryset):
        data = self.form.cleaned_data
        sort = data.get("sort") or "relevance"
        if sort != "relevance":
            return queryset.order_by(*SORT_ORDER[sort])
        if data.get("q"):
            return queryset.order_by("-rank", *SORT_ORDER["deadline"])
        if data.get("status") == "closed":
            return queryset.order_by(*CLOSED_DEFAULT_ORDER)
        return queryset.order_by(*SORT_ORDER["deadline"])

    # The filters ------------------------------------------------------------------------

    def filter_search(self, queryset, name, value: str):
        return queryset.search(value) if value.strip() else queryset

    def filter_status(self, queryset, name, value: str):
        return queryset.filter(status_conditions()[value])

    def filter_eligible_for(self, queryset, name, value: str):
        return queryset.eligible_for(value)

    def filter_location(self, queryset, name, value: str):
        return queryset.at(value) if value.strip() else queryset

    def filter_regime(self, queryset, name, value: str):
        return queryset.filter(regime_conditions()[value])

    def filter_clearance(self, queryset, name, value: str):
        return queryset.within_clearance(CLEARANCE_LEVELS[value])

    def filter_third_states(self, queryset, name, value: str):
        return queryset.filter(third_states_conditions()[value])

    def filter_closing_within(self, queryset, name, value: int):
        return queryset.closing_within(value)

    def filter_deadline_after(self, queryset, name, value: date):
        return queryset.filter(deadline__gte=start_of_day(value))

    def filter_deadline_before(self, queryset, name, value: date):
        return queryset.filter(deadline__lt=start_of_day(value) + timedelta(days=1))

    def sort_by(self, queryset, name, value: str):
        return queryset  # see sorted(): the order also depends on q and status

    # Facets -----------------------------------------------------------------------------

    def facet_conditions(self) -> dict[str, dict[str, Q]]:
        return {
            "status": status_conditions(),
            "eligible_for": {kind: q_eligible_for(kind) for kind in Eligibility.values},
            "regime": regime_conditions(),
            "clearance": {
                held: q_within_clearance(level) for held, level in CLEARANCE_LEVELS.items()
            },
            "third_states": third_states_conditions(),
        }

    def selected(self, name: str) -> Q | None:
        """The condition of the option chosen for a facet filter (None: any)."""
        value = self.form.cleaned_data.get(name)
        if name == "status":
            value = value or "open"  # the default
        if not value:
            return None
        if name == "mission":
            return Q(mission=value)
        return self.facet_conditions()[name][value]

    def others(self, leave_out: str | None) -> Q:
        """Every chosen facet option but ``leave_out``'s, as one condition."""
        condition = Q()
        for name in FACET_FILTERS:
            if name != leave_out and (chosen := self.selected(name)) is not None:
                condition &= chosen
        return condition

    @cached_property
    def counts(self) -> dict:
        """The facet counts, the missions with posts, and the total for the current search.

        One query, grouped by mission, over PostCount or the published posts that the
        other filters (search, place, dates) leave; cached under the content key (see
        caching.content_key), so a count is never older than the data, the last deadline
        passed or the day.
        """
        key = self.cache_key()
        counts = cache.get(key) if key else None
        if counts is None:
            counts = self.count_now()
            if key:
                cache.set(key, counts, COUNTS_TTL)
        return counts

    def cache_key(self) -> str | None:
        if self.version is None:
            return None
        params = urlencode(sorted(self.params(leave_out=("sort",)).items()))
        return f"posts:counts:{self.version}:{hashlib.sha256(params.encode()).hexdigest()}"

    def count_now(self) -> dict:
        rows, tally = self.count_rows()
        options = self.facet_conditions()
        aggregates = {
            "n_total": tally(self.others(None)),
            "n_mission": tally(self.others("mission")),
        }
        for name, conditions in options.items():
            others = self.others(name)
            for value, condition in conditions.items():
                aggregates[f"n_{name}__{value}"] = tally(others & condition)
        rows = list(rows.values("mission__slug", "mission__name").annotate(**aggregates))
        facets = {
            name: {
                value: sum(row[f"n_{name}__{value}"] or 0 for row in rows) for value in conditions
            }
            for name, conditions in options.items()
        }
        missions = sorted(
            (row["mission__slug"], row["mission__name"], row["n_mission"])
            for row in rows
            if row["n_mission"]
        )
        facets["mission"] = {slug: count for slug, _, count in missions}
        return {
            "total": sum(row["n_total"] or 0 for row in rows),
            "facets": facets,
            "missions": sorted(missions, key=lambda mission: mission[1]),
        }

    def count_rows(self):
        """What the counts add up, and how: the PostCount rows of the published posts when
        no filter needs the posts themselves (a few thousand rows), else those posts."""
        self.is_valid()
        data = self.form.cleaned_data
        if any(data.get(name) for name in POST_COUNT_BLIND):
            posts = self.filtered(self.queryset.published(), leave_out=FACET_FILTERS).order_by()
            return posts, lambda condition: Count("pk", filter=condition)
        rows = PostCount.objects.filter(q_published())
        if (days := data.get("closing_within")) is not None:
            rows = rows.filter(q_closing_within(days))
        return rows.order_by(), lambda condition: Sum("posts", filter=condition)

    @property
    def facets(self) -> dict[str, dict[str, int]]:
        """For each option of each choice filter, how many posts choosing it would show,
        the other filters staying as they are."""
        return self.counts["facets"]

    @property
    def total(self) -> int:
        return self.counts["total"]

    @property
    def mission_counts(self) -> list[tuple[str, str, int]]:
        """(slug, name, posts) of the missions with posts for the other filters, by name."""
        return self.counts["missions"]

    def show_counts(self) -> None:
        """Put each option's count in its label, "EU SECRET (10)", and offer only the
        missions that have posts (the list of missions is not bounded)."""
        facets = self.facets
        for name in self.facet_conditions():
            widget = self.form.fields[name].widget
            widget.choices = [
                (value, f"{label} ({facets[name][value]})" if value in facets[name] else label)
                for value, label in widget.choices
            ]
        choices = [("", "Any mission")]
        choices += [(slug, f"{name} ({count})") for slug, name, count in self.mission_counts]
        chosen = self.form.cleaned_data.get("mission")
        if chosen and chosen.slug not in facets["mission"]:
            choices.append((chosen.slug, f"{chosen.name} (0)"))
        self.form.fields["mission"].widget.choices = choices

    def highlight(self, posts) -> list[Post]:
        """The page's posts, with the searched words marked in ``title_headline`` and in a
        ``snippet`` of the job description: one query, for this page only."""
        posts = list(posts)
        text = self.form.cleaned_data.get("q")
        if text and posts:
            marked = Post.objects.filter(pk__in=[post.pk for post in posts]).with_headlines(text)
            rows = marked.values_list("pk", "title_headline", "snippet")
            headlines = {pk: (title, snippet) for pk, title, snippet in rows}
            for post in posts:
                post.title_headline, post.snippet = headlines[post.pk]
        return posts

    # The search as parameters and in words ----------------------------------------------

    def params(self, leave_out=()) -> dict[str, str]:
        """The valid, non-empty parameters as given, in the form's order: for the links to
        the feed and exports, and the search an alert saves."""
        self.is_valid()
        cleaned = self.form.cleaned_data
        return {
            name: str(self.data.get(name)).strip()
            for name in self.filters
            if name not in leave_out and cleaned.get(name) not in (None, "")
        }

    @property
    def querystring(self) -> str:
        return urlencode(self.params())

    def description(self) -> list[str]:
        """The search in words, "Regime: Takes secondees (...)", for people reading e-mail."""
        words = []
        params = self.params(leave_out=("sort",))
        cleaned = self.form.cleaned_data
        for name, value in params.items():
            filter_ = self.filters[name]
            choices = dict(filter_.extra.get("choices") or [])
            if name == "mission":
                shown = cleaned[name].name
            elif name == "q":
                shown = f"“{value}”"
            elif isinstance(cleaned[name], date):
                shown = date_format(cleaned[name], "j M Y")
            else:
                shown = choices.get(value, value)
            words.append(f"{filter_.label}: {shown}")
        return words
