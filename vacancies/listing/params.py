"""A search of posts as parameters: what the links to the feed and exports carry, what an
alert saves, and what a person reads in an e-mail or a feed's title."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import date_format

from .filterset import PostFilter

# What the list shows anyway: a shared link leaves these out, as it leaves out empty ones.
DEFAULTS = {"status": "open", "sort": "relevance"}


def tidy_query(query: QueryDict) -> str | None:
    """The query string without its empty or default parameters, the rest in the order
    given; None when there is nothing to leave out. A submitted form sends every field."""
    given = [(name, value) for name, values in query.lists() for value in values]
    kept = [
        (name, value)
        for name, value in given
        if value.strip() and DEFAULTS.get(name) != value.strip()
    ]
    return None if len(kept) == len(given) else urlencode(kept)


@dataclass(frozen=True)
class Chip:
    """A filter in use, "Regime: Seconded", and the link to the search without it."""

    words: str
    remove_url: str


class Search:
    def __init__(self, filterset: PostFilter):
        self.filterset = filterset

    def params(self, leave_out=()) -> dict[str, str]:
        """The valid, non-empty parameters as given, in the form's order."""
        self.filterset.is_valid()
        cleaned = self.filterset.form.cleaned_data
        return {
            name: str(self.filterset.data.get(name)).strip()
            for name in self.filterset.filters
            if name not in leave_out
            and cleaned.get(name) not in (None, "")
            and DEFAULTS.get(name) != str(self.filterset.data.get(name)).strip()
        }

    @property
    def querystring(self) -> str:
        return urlencode(self.params())

    def description(self) -> list[str]:
        """The search in words, "Regime: Takes secondees (...)", for people reading e-mail."""
        return [f"{label}: {shown}" for _, label, shown in self.in_words()]

    def chips(self) -> list[Chip]:
        """Each filter in use, with a link to this search without it (and from page 1)."""
        params = self.params()
        url = reverse("vacancies:post_list")
        chips = []
        for name, label, shown in self.in_words():
            rest = {key: value for key, value in params.items() if key != name}
            chips.append(Chip(f"{label}: {shown}", url + (f"?{urlencode(rest)}" if rest else "")))
        return chips

    def in_words(self) -> Iterator[tuple[str, str, str]]:
        """(name, label, value shown) of each filter in use, in the form's order."""
        params = self.params(leave_out=("sort",))
        cleaned = self.filterset.form.cleaned_data
        for name, value in params.items():
            filter_ = self.filterset.filters[name]
            choices = dict(filter_.extra.get("choices") or [])
            if name == "mission":
                shown = cleaned[name].name
            elif name == "q":
                shown = f"“{value}”"
            elif isinstance(cleaned[name], date):
                shown = date_format(cleaned[name], "j M Y")
            else:
                shown = choices.get(value, value)
            yield name, str(filter_.label), str(shown)
