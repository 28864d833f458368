"""A search of posts as parameters: what the links to the feed and exports carry, what an
alert saves, and what a person reads in an e-mail or a feed's title."""

from datetime import date
from urllib.parse import urlencode

from django.utils.formats import date_format

from .filterset import PostFilter


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
            if name not in leave_out and cleaned.get(name) not in (None, "")
        }

    @property
    def querystring(self) -> str:
        return urlencode(self.params())

    def description(self) -> list[str]:
        """The search in words, "Regime: Takes secondees (...)", for people reading e-mail."""
        words = []
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
            words.append(f"{filter_.label}: {shown}")
        return words
