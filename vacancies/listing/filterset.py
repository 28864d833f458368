"""The filters of the public post list: what applicants and seconding authorities ask.

PostFilter takes the parameters of a search and gives the posts, in order; nothing else.
The facets (listing.facets) lend it their choices and conditions, so that a filter and
its count mean the same.
"""

from datetime import date, timedelta

import django_filters
from django import forms
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from ..importer.places import country_choices, suggestions
from ..models import Mission, Post, start_of_day
from ..nationality import nationality_choices
from .facets import FACETS

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

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


# The list's form has hundreds of options (nationalities, places, countries, missions), on
# every list page: written through templates, they took 3-4 ms of a page's 50 at 1,000,000
# posts (a template looks up each option's value, label and state by name); written here,
# each escaped, a few tenths of a millisecond.


class PlaceInput(forms.TextInput):
    """A text input offering the known places as one types: an HTML datalist, no script."""

    LIST_ID = "known-places"

    def __init__(self):
        super().__init__(attrs={"list": self.LIST_ID, "autocomplete": "off"})

    def render(self, name, value, attrs=None, renderer=None):
        places = "".join(f'<option value="{escape(place)}"></option>' for place in suggestions())
        datalist = f'\n<datalist id="{self.LIST_ID}">{places}</datalist>'
        return super().render(name, value, attrs, renderer) + mark_safe(datalist)  # noqa: S308


class Select(forms.Select):
    """Django's select, its options written here rather than by a template each."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html = [f'<select name="{escape(name)}"{_attributes(widget["attrs"])}>']
        for group_name, options, _ in widget["optgroups"]:
            if group_name:
                html.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            html.extend(_option(option) for option in options)
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))  # noqa: S308 (every value and label escaped)


def _attributes(attrs: dict) -> str:
    """As Django's attrs.html writes them, in their order: True bare, False left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option(option: dict) -> str:
    selected = " selected" if option["selected"] else ""
    label = conditional_escape(option["label"])
    return f'\n  <option value="{escape(option["value"])}"{selected}>{label}</option>'


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class PostFilterForm(forms.Form):
    # Shown folded on the page unless one of them is in use: a phone shows results sooner.
    MORE_FILTERS = (
        "mission",
        "location",
        "country",
        "closing_within",
        "deadline_after",
        "deadline_before",
        "sort",
    )

    def main_fields(self):
        return [field for field in self if field.name not in self.MORE_FILTERS]

    def more_fields(self):
        return [field for field in self if field.name in self.MORE_FILTERS]

    def more_filters_in_use(self) -> bool:
        self.is_valid()
        in_use = {name for name, value in self.cleaned_data.items() if value not in (None, "")}
        if self.cleaned_data.get("sort") == "relevance":  # the default, sent by every form
            in_use.discard("sort")
        return not in_use.isdisjoint(self.MORE_FILTERS)


class PostFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label="Search",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text="Title, ref, mission, unit or job description."
        ' "Quotes" find a phrase, -word leaves a word out.',
    )
    status = django_filters.ChoiceFilter(
        widget=Select,
        choices=FACETS["status"].choices,
        method="filter_facet",
        empty_label=None,
        label="Status",
    )
    eligible_for = django_filters.ChoiceFilter(
        widget=Select,
        choices=FACETS["eligible_for"].choices,
        method="filter_facet",
        empty_label="Anyone",
        label="Open to",
    )
    nationality = django_filters.ChoiceFilter(
        widget=Select,
        choices=nationality_choices(),
        method="filter_nationality",
        empty_label="Any",
        label="Your nationality",
        help_text="Posts you may apply or be nominated for: EU posts for EU Member States"
        " and, where a post is open to them, Contributing Third States; OSCE posts for"
        " OSCE participating States.",
    )
    mission = django_filters.ModelChoiceFilter(
        widget=Select,
        field_name="mission",
        to_field_name="slug",
        queryset=Mission.objects.all(),
        empty_label="Any mission",
        label="Mission",
    )
    location = django_filters.CharFilter(
        method="filter_location",
        label="Place",
        max_length=200,
        help_text="Duty station, region or country, in any spelling: Prishtina, Kiev, Sahel.",
        widget=PlaceInput(),
    )
    country = django_filters.ChoiceFilter(
        widget=Select,
        choices=country_choices(),
        field_name="country",
        empty_label="Any country",
        label="Country",
        help_text="The country of the duty station: its ISO 3166-1 code (XK: Kosovo).",
    )
    regime = django_filters.ChoiceFilter(
        widget=Select,
        choices=FACETS["regime"].choices,
        method="filter_facet",
        empty_label="Any regime",
        label="Regime",
    )
    clearance = django_filters.ChoiceFilter(
        widget=Select,
        choices=FACETS["clearance"].choices,
        method="filter_facet",
        empty_label="Any",
        label="Security clearance you hold",
    )
    third_states = django_filters.ChoiceFilter(
        widget=Select,
        choices=FACETS["third_states"].choices,
        method="filter_facet",
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
        widget=Select, choices=SORT_CHOICES, method="sort_by", empty_label=None, label="Sort by"
    )

    class Meta:
        model = Post
        fields = []
        form = PostFilterForm

    def __init__(self, data=None, *args, **kwargs):
        # Always bound: the defaults (open posts, by deadline) apply to a bare /posts/ too.
        super().__init__(data if data is not None else {}, *args, **kwargs)

    def filter_queryset(self, queryset):
        return self.sorted(self.filtered(queryset)).for_listing()

    def filtered(self, queryset, leave_out=()):
        """Every valid filter but those in ``leave_out`` (for facet counts); no ordering."""
        data = self.form.cleaned_data
        if "status" not in leave_out and not data.get("status"):  # absent or invalid: open posts
            queryset = queryset.open()
        # The words last. Postgres tests a post's conditions in the order written when they
        # cost it the same, and the words are matched against the post's search vector, read
        # from its TOAST table: the other columns first rule most posts out unread (a rare
        # combination of filters among a common word's posts: 995 ms to 283 ms).
        for name, value in sorted(data.items(), key=lambda item: item[0] == "q"):
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

    def ranked(self) -> bool:
        """Whether the posts are in order of relevance: a search, sorted by relevance."""
        data = self.form.cleaned_data
        return bool(data.get("q")) and (data.get("sort") or "relevance") == "relevance"

    def unranked(self, queryset):
        """A search's posts in an order an index gives, for when too many match to rank them
        all: closing soonest for open posts, as the list is; the latest deadlines first
        over the archive or everything, where a search reads best newest first."""
        if self.latest_first():
            return queryset.order_by(*CLOSED_DEFAULT_ORDER)
        return queryset.order_by(*SORT_ORDER["deadline"])

    def latest_first(self) -> bool:
        return self.form.cleaned_data.get("status") in ("closed", "all")

    # The filters ------------------------------------------------------------------------

    def filter_search(self, queryset, name, value: str):
        return queryset.search(value) if value.strip() else queryset

    def filter_facet(self, queryset, name, value: str):
        return queryset.filter(FACETS[name].condition(value))

    def filter_nationality(self, queryset, name, value: str):
        return queryset.open_to_nationality(value)

    def filter_location(self, queryset, name, value: str):
        return queryset.at(value) if value.strip() else queryset

    def filter_closing_within(self, queryset, name, value: int):
        return queryset.closing_within(value)

    def filter_deadline_after(self, queryset, name, value: date):
        return queryset.filter(deadline__gte=start_of_day(value))

    def filter_deadline_before(self, queryset, name, value: date):
        return queryset.filter(deadline__lt=start_of_day(value) + timedelta(days=1))

    def sort_by(self, queryset, name, value: str):
        return queryset  # see sorted(): the order also depends on q and status
