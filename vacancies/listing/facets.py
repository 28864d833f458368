"""The facets of the post list: the filters whose options show how many posts they give.

FACETS is the one description of them: PostFilter takes its choices and conditions from
it, the counting below aggregates one condition per option, the form shows the counts next
to the choices, and the API answers them as ``facets``. Each facet names the Post fields
its options read (``Facet.fields``). PostCount has the same fields and Postgres keeps its
rows by them, which is why the counts can be read from PostCount instead of the posts.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TypedDict

from django import forms
from django.db.models import Count, Q, Sum
from django_filters import FilterSet

from ..importer.places import country_name
from ..models import (
    Clearance,
    Eligibility,
    PostCount,
    q_closed,
    q_closing_within,
    q_eligible_for,
    q_for_third_states,
    q_not_for_third_states,
    q_open,
    q_open_to_nationality,
    q_published,
    q_taking_contracted,
    q_taking_secondees,
    q_within_clearance,
)


@dataclass(frozen=True)
class Option:
    value: str  # as in the URL: ?regime=seconded
    label: str
    # Built when used, not once: "open" is relative to the time of the request.
    condition: Callable[[], Q]


@dataclass(frozen=True)
class Facet:
    name: str  # the URL parameter, and the PostFilter filter of that name
    fields: tuple[str, ...]  # what its options read: fields of Post, and of PostCount
    # None: one option per mission with posts, counted by grouping, not by condition.
    options: tuple[Option, ...] | None = None

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(option.value, option.label) for option in self.options]

    def conditions(self) -> dict[str, Q]:
        return {option.value: option.condition() for option in self.options}

    def condition(self, value: str) -> Q:
        return next(option.condition() for option in self.options if option.value == value)


FACETS: dict[str, Facet] = {
    facet.name: facet
    for facet in [
        Facet(
            "status",
            ("call_status", "deadline"),
            (
                Option("open", "Open", q_open),
                Option("closed", "Closed", q_closed),
                Option("all", "All", q_published),
            ),
        ),
        Facet(
            "eligible_for",
            ("regime", "open_to_third_states"),
            tuple(
                Option(kind.value, kind.label, partial(q_eligible_for, kind))
                for kind in Eligibility
            ),
        ),
        Facet(
            "regime",
            ("regime",),
            (
                Option(
                    "seconded",
                    "Takes secondees (seconded, seconded/contracted)",
                    q_taking_secondees,
                ),
                Option(
                    "contracted",
                    "Takes contracted staff (contracted, seconded/contracted)",
                    q_taking_contracted,
                ),
            ),
        ),
        Facet(
            "clearance",
            ("clearance",),
            tuple(
                Option(slug, label, partial(q_within_clearance, Clearance.from_slug(slug)))
                for slug, label in Clearance.slug_choices()
            ),
        ),
        Facet(
            "third_states",
            ("open_to_third_states",),
            (
                Option("yes", "Open to Contributing Third States", q_for_third_states),
                Option("no", "Not open to them", q_not_for_third_states),
            ),
        ),
        Facet("mission", ("mission",)),
        # One option per country with posts, like the missions; ISO 3166-1 codes.
        Facet("country", ("country",)),
    ]
}
# The facets counted by condition, one aggregate per option.
BY_CONDITION = [facet for facet in FACETS.values() if facet.options is not None]
# The filters PostCount cannot answer: it knows no words, no places, and no past deadlines.
POST_COUNT_BLIND = ("q", "location", "deadline_after", "deadline_before")


class Counts(TypedDict):
    total: int  # the posts of the search
    facets: dict[str, dict[str, int]]  # facet -> option -> the posts choosing it would give
    missions: list[tuple[str, str, int]]  # (slug, name, posts) of the missions with posts
    countries: list[tuple[str, str, int]]  # (code, name, posts) of the countries with posts


def count_facets(filterset: FilterSet) -> Counts:
    """For a PostFilter's search: for each option of each facet, how many posts choosing
    it would show, the other filters staying as they are; the missions with posts; the
    total of the search.

    One query, grouped by mission, over PostCount or over the published posts that the
    other filters (search, place, dates) leave (see rows_to_count).
    """
    rows, tally = rows_to_count(filterset)
    chosen = chosen_conditions(filterset.form.cleaned_data)
    aggregates = {
        "n_total": tally(all_but(chosen, None)),
        "n_mission": tally(all_but(chosen, "mission")),
        "n_country": tally(all_but(chosen, "country")),
    }
    options = {facet.name: facet.conditions() for facet in BY_CONDITION}
    for name, conditions in options.items():
        others = all_but(chosen, name)
        for value, condition in conditions.items():
            aggregates[f"n_{name}__{value}"] = tally(others & condition)
    rows = list(rows.values("mission__slug", "mission__name", "country").annotate(**aggregates))
    facets = {
        name: {value: sum(row[f"n_{name}__{value}"] or 0 for row in rows) for value in conditions}
        for name, conditions in options.items()
    }
    # Rows are per mission and country: add up each mission's, and each country's.
    missions = _grouped_counts(rows, "mission__slug", "n_mission", lambda row: row["mission__name"])
    countries = _grouped_counts(
        rows, "country", "n_country", lambda row: country_name(row["country"])
    )
    facets["mission"] = {slug: count for slug, _, count in missions}
    facets["country"] = {code: count for code, _, count in countries}
    return {
        "total": sum(row["n_total"] or 0 for row in rows),
        "facets": facets,
        "missions": sorted(missions, key=lambda mission: mission[1]),
        "countries": sorted(countries, key=lambda country: country[1]),
    }


def _grouped_counts(rows: list[dict], key: str, count: str, name) -> list[tuple[str, str, int]]:
    """(key, name, posts) for each value of ``key`` with posts, adding up its rows."""
    totals: dict[str, int] = {}
    names = {}
    for row in rows:
        if row[key] and row[count]:
            totals[row[key]] = totals.get(row[key], 0) + row[count]
            names[row[key]] = name(row)
    return sorted((value, names[value], total) for value, total in totals.items())


def rows_to_count(filterset: FilterSet):
    """What the counts of a PostFilter's search add up, and how: the PostCount rows of the
    published posts when no filter needs the posts themselves (a few thousand rows), else
    those posts."""
    filterset.is_valid()
    data = filterset.form.cleaned_data
    if any(data.get(name) for name in POST_COUNT_BLIND):
        posts = filterset.filtered(filterset.queryset.published(), leave_out=tuple(FACETS))
        return posts.order_by(), lambda condition: Count("pk", filter=condition)
    rows = PostCount.objects.filter(q_published())
    if (days := data.get("closing_within")) is not None:
        rows = rows.filter(q_closing_within(days))
    return rows.order_by(), lambda condition: Sum("posts", filter=condition)


def chosen_conditions(cleaned_data: dict) -> dict[str, Q]:
    """The condition of the option chosen for each facet; a facet left at "any" has none."""
    chosen = {}
    for name, facet in FACETS.items():
        value = cleaned_data.get(name)
        if name == "status":
            value = value or "open"  # the default
        if value:
            chosen[name] = (
                Q(**{facet.fields[0]: value}) if facet.options is None else facet.condition(value)
            )
    # Not a facet (no counts per state), but the counts honour it; PostCount can answer it.
    if nationality := cleaned_data.get("nationality"):
        chosen["nationality"] = q_open_to_nationality(nationality)
    return chosen


def all_but(chosen: dict[str, Q], leave_out: str | None) -> Q:
    condition = Q()
    for name, chosen_condition in chosen.items():
        if name != leave_out:
            condition &= chosen_condition
    return condition


def show_counts(form: forms.Form, counts: Counts) -> None:
    """Put each option's count in its label, "EU SECRET (10)", and offer only the
    missions that have posts (the list of missions is not bounded)."""
    facets = counts["facets"]
    for facet in BY_CONDITION:
        widget = form.fields[facet.name].widget
        shown = facets[facet.name]
        widget.choices = [
            (value, f"{label} ({shown[value]})" if value in shown else label)
            for value, label in widget.choices
        ]
    choices = [("", "Any mission")]
    choices += [(slug, f"{name} ({count})") for slug, name, count in counts["missions"]]
    chosen = form.cleaned_data.get("mission")
    if chosen and chosen.slug not in facets["mission"]:
        choices.append((chosen.slug, f"{chosen.name} (0)"))
    form.fields["mission"].widget.choices = choices
    show_country_counts(form, counts)


def show_country_counts(form: forms.Form, counts: Counts) -> None:
    """Offer the countries with posts, "Kosovo (12)"; a chosen one without posts too."""
    choices = [("", "Any country")]
    choices += [(code, f"{name} ({count})") for code, name, count in counts["countries"]]
    chosen = form.cleaned_data.get("country")
    if chosen and chosen not in counts["facets"]["country"]:
        choices.append((chosen, f"{country_name(chosen)} (0)"))
    form.fields["country"].widget.choices = choices
