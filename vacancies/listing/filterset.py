"""The filters of the public post list: what applicants and seconding authorities ask.

PostFilter takes the parameters of a search and gives the posts, in order; nothing else.
The facets (listing.facets) lend it their choices and conditions, so that a filter and
its count mean the same.
"""

import copy
import html
from datetime import date, timedelta
from functools import cache

import django_filters
from django import forms
from django.http import QueryDict
from django.utils.choices import BaseChoiceIterator
from django.utils.html import escape
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

# The list's form has hundreds of options (nationalities, places, countries, missions), on
# every list page: written through templates, they took 3-4 ms of a page's 50 at 1,000,000
# posts (a template looks up each option's value, label and state by name); written here,
# each escaped, a few tenths of a millisecond. Its five inputs too: each went through two
# templates (input.html, attrs.html).


class WrittenInput:
    """An input written as Django's input.html writes it, without the template."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value = widget["value"]
        value = "" if value is None else f' value="{_escape(value)}"'
        return mark_safe(  # noqa: S308 (every value escaped)
            f'<input type="{escape(widget["type"])}" name="{escape(name)}"{value}'
            f"{_attributes(widget['attrs'])}>"
        )


class TextInput(WrittenInput, forms.TextInput):
    pass


class NumberInput(WrittenInput, forms.NumberInput):
    pass


class DateInput(WrittenInput, forms.DateInput):
    pass


DATE_WIDGET = DateInput(attrs={"type": "date"})


class PlaceInput(TextInput):
    """A text input offering the known places as one types: an HTML datalist, no script."""

    LIST_ID = "known-places"

    def __init__(self):
        super().__init__(attrs={"list": self.LIST_ID, "autocomplete": "off"})

    def render(self, name, value, attrs=None, renderer=None):
        return super().render(name, value, attrs, renderer) + self.datalist()

    @classmethod
    @cache
    def datalist(cls) -> str:
        """The same on every page: written once."""
        places = "".join(f'<option value="{escape(place)}"></option>' for place in suggestions())
        return mark_safe(f'\n<datalist id="{cls.LIST_ID}">{places}</datalist>')  # noqa: S308


class Select(forms.Select):
    """Django's select, its options written here rather than through a template and a
    dictionary each (Django's optgroups): the same HTML, a fifth of the time."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        parts = [f'<select name="{escape(name)}"{_attributes(attrs)}>']
        is_chosen = self._chooser(self.format_value(value))
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):  # a group of options
                parts.append(f'\n  <optgroup label="{_escape(option_value)}">')
                parts.extend(_option(v, text, selected=is_chosen(v)) for v, text in label)
                parts.append("\n  </optgroup>")
            else:
                parts.append(_option(option_value, label, selected=is_chosen(option_value)))
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every value and label escaped)

    def _chooser(self, values: list[str]):
        """Whether an option is selected: as Django's, the first one of the value only,
        unless the select takes several."""
        wanted, found = set(values), []

        def is_chosen(option_value) -> bool:
            if found and not self.allow_multiple_selected:
                return False
            chosen = str("" if option_value is None else option_value) in wanted
            if chosen:
                found.append(option_value)
            return chosen

        return is_chosen


def _attributes(attrs: dict) -> str:
    """As Django's attrs.html writes them, in their order: True bare, False left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _escape(text) -> str:
    """conditional_escape, without its wrappers (a third of an option's time)."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


def _option(value, label, *, selected: bool) -> str:
    value = "" if value is None else value
    return (
        f'\n  <option value="{_escape(value)}"{" selected" if selected else ""}>'
        f"{_escape(label)}</option>"
    )


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ListedChoices(BaseChoiceIterator):
    """Choices listed once, the empty one first. django-filter's iterator normalizes every
    choice again on each pass, and Django a list on each copy of its widget: a request
    makes several of both (the form's fields copied, a value validated, a select written),
    over hundreds of nationalities and countries. An iterator is copied as it is."""

    def __init__(self, choices):
        self.listed = list(choices)

    def __iter__(self):
        return iter(self.listed)

    def __len__(self):
        return len(self.listed)


class SharedChoiceField(django_filters.fields.ChoiceField):
    """A choice field whose choices every form copied from it shares. Django deep-copies
    them for each form: hundreds of tuples a request (nationalities, countries). Nothing
    changes them in place: show_counts gives the widget new ones."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._choices = self.widget.choices = ListedChoices(self._choices)

    def __deepcopy__(self, memo):
        return forms.Field.__deepcopy__(self, memo)


class ChoiceFilter(django_filters.ChoiceFilter):
    field_class = SharedChoiceField


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
        widget=TextInput(attrs={"type": "search"}),
        help_text="Title, ref, mission, unit or job description."
        ' "Quotes" find a phrase, -word leaves a word out.',
    )
    status = ChoiceFilter(
        widget=Select,
        choices=FACETS["status"].choices,
        method="filter_facet",
        empty_label=None,
        label="Status",
    )
    eligible_for = ChoiceFilter(
        widget=Select,
        choices=FACETS["eligible_for"].choices,
        method="filter_facet",
        empty_label="Anyone",
        label="Open to",
    )
    nationality = ChoiceFilter(
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
    country = ChoiceFilter(
        widget=Select,
        choices=country_choices(),
        field_name="country",
        empty_label="Any country",
        label="Country",
        help_text="The country of the duty station: its ISO 3166-1 code (XK: Kosovo).",
    )
    regime = ChoiceFilter(
        widget=Select,
        choices=FACETS["regime"].choices,
        method="filter_facet",
        empty_label="Any regime",
        label="Regime",
    )
    clearance = ChoiceFilter(
        widget=Select,
        choices=FACETS["clearance"].choices,
        method="filter_facet",
        empty_label="Any",
        label="Security clearance you hold",
    )
    third_states = ChoiceFilter(
        widget=Select,
        choices=FACETS["third_states"].choices,
        method="filter_facet",
        empty_label="Any",
        label="Contributing Third States",
    )
    closing_within = IntegerFilter(
        widget=NumberInput,
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
    sort = ChoiceFilter(
        widget=Select, choices=SORT_CHOICES, method="sort_by", empty_label=None, label="Sort by"
    )

    class Meta:
        model = Post
        fields = []
        form = PostFilterForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # Always bound: the defaults (open posts, by deadline) apply to a bare /posts/ too.
        # As BaseFilterSet.__init__, but that each filter is copied, not deep-copied (half
        # a millisecond a request): the form is built from the class's filters, once.
        self.is_bound = True
        self.data = data or QueryDict()
        self.queryset = Post.objects.all() if queryset is None else queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: copy.copy(f) for name, f in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = self.queryset.model
            filter_.parent = self
            filter_.method = filter_.method  # a new FilterMethod, calling this filterset

    def get_form_class(self):
        return self.form_class()

    @classmethod
    @cache
    def form_class(cls) -> type[PostFilterForm]:
        """The form of the filters' fields, made once rather than for every request."""
        fields = {name: filter_.field for name, filter_ in cls.base_filters.items()}
        return type(f"{cls.__name__}Form", (cls._meta.form,), fields)

    def filter_queryset(self, queryset):
        # Which posts, in order: what a card shows is the Listing's to add (Listing.posts).
        return self.sorted(self.filtered(queryset))

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
        return said_once(queryset)

    def sorted(self, queryset):
        return queryset.order_by(*self.order())

    def order(self) -> list[str]:
        data = self.form.cleaned_data
        sort = data.get("sort") or "relevance"
        if sort != "relevance":
            return SORT_ORDER[sort]
        if data.get("q"):
            return ["-rank", *SORT_ORDER["deadline"]]
        if data.get("status") == "closed":
            return CLOSED_DEFAULT_ORDER
        return SORT_ORDER["deadline"]

    def ranked(self) -> bool:
        """Whether the posts are in order of relevance: a search, sorted by relevance."""
        data = self.form.cleaned_data
        return bool(data.get("q")) and (data.get("sort") or "relevance") == "relevance"

    def unranked(self, queryset):
        """A search's posts in an order an index gives, for when too many match to rank them
        all: closing soonest for open posts, as the list is; the latest deadlines first
        over the archive or everything, where a search reads best newest first."""
        return queryset.order_by(*self.unranked_order())

    def unranked_order(self) -> list[str]:
        return CLOSED_DEFAULT_ORDER if self.latest_first() else SORT_ORDER["deadline"]

    def index_order(self) -> list[str]:
        """The list's order, but that of a search ranked by relevance: unranked_order."""
        return self.unranked_order() if self.ranked() else self.order()

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


def said_once(queryset):
    """``queryset`` with each of its conditions written once. Filters overlap (eligible_for=
    third_state is regime and third states; third_states=yes repeats one of them), and
    Postgres takes a condition written twice for two independent ones: it expects the
    square of its share of the posts, then tests the words on the posts of that condition's
    index rather than finding them through theirs (eligible_for=third_state&third_states=
    yes&q=criminal by title at 1,000,000 posts: 2.6 s, 0.27 s written once)."""
    where = queryset.query.where
    unique = list(dict.fromkeys(where.children))  # in their order: the words stay last
    if where.connector != "AND" or where.negated or len(unique) == len(where.children):
        return queryset
    queryset = queryset.all()  # a copy, with a copy of the conditions
    queryset.query.where.children = unique
    return queryset
