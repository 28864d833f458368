"""Full-text search of posts: the configuration, the query, the ranking and the headlines.

Postgres writes ``Post.search_vector`` (the triggers of vacancies/db/search.sql, with the same
configuration as SEARCH_CONFIG); ``PostQuerySet.search`` and ``with_headlines`` read it
through the expressions here. The words are split and spelled the same way on both sides by
the functions of search.sql: ``vacancies_search_words`` (slashes and hyphens) and
``vacancies_search_query`` (the query, with British and American spellings).
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db.models import F, FloatField, Func, TextField, Value
from django.db.models.functions import Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe

# The text search configuration of Post.search_vector; vacancies/db/search.sql uses the same.
SEARCH_CONFIG = "english"
# Marks around matched words in headlines: control characters, so that the text can be
# escaped for HTML first and the marks turned into <mark> after (marked, below).
MATCH_START, MATCH_STOP = "\x02", "\x03"

_MARKS = {"start_sel": MATCH_START, "stop_sel": MATCH_STOP, "config": SEARCH_CONFIG}
MATCHED = re.compile(f"{MATCH_START}(.*?){MATCH_STOP}", re.DOTALL)


# What vacancies_search_words puts after a slash or hyphen between letters; never shown.
WORD_BREAK = "\u200b"


class WordsQuery(SearchQuery):
    """websearch_to_tsquery of the text split as the document is, each spelling widened to
    its British and American forms: the function vacancies_search_query of search.sql."""

    def __init__(self, text: str):
        super().__init__(text)
        self.function = "vacancies_search_query"


def search_query(text: str) -> SearchQuery:
    """Web search syntax: ``"close protection" -deputy``, ``police or justice``."""
    return WordsQuery(text)


def rank(query: SearchQuery) -> Func:
    """How well a post matches: the title first, then ts_rank with the trigger's weights
    (vacancies_search_rank in search.sql)."""
    return Func(
        F("search_vector"), query, function="vacancies_search_rank", output_field=FloatField()
    )


def _split(text) -> Func:
    """``text`` (a field name or an expression) split into words as the document is."""
    expression = F(text) if isinstance(text, str) else text
    return Func(expression, function="vacancies_search_words", output_field=TextField())


def _as_printed(headline: SearchHeadline) -> Replace:
    """A headline of split text, without the marks that split it: the text as printed."""
    return Replace(headline, Value(WORD_BREAK), Value(""), output_field=TextField())


def title_headline(query: SearchQuery) -> Replace:
    """The whole title, every matched word marked."""
    return _as_printed(SearchHeadline(_split("title"), query, highlight_all=True, **_MARKS))


def snippet(text, query: SearchQuery) -> Replace:
    """A few words around the matches in ``text`` (an expression), fragments joined by "…"."""
    return _as_printed(
        SearchHeadline(
            _split(text),
            query,
            max_words=20,
            min_words=8,
            max_fragments=2,
            fragment_delimiter=" … ",
            **_MARKS,
        )
    )


# The headlines on the page (the list's cards: ``post.title_headline|marked``) -------------


def marked(headline: str | None) -> str:
    """A headline from PostQuerySet.with_headlines: the text escaped, matched words in <mark>."""
    if not headline:
        return ""
    html = MATCHED.sub(r"<mark>\1</mark>", escape(headline))
    html = html.replace(MATCH_START, "").replace(MATCH_STOP, "")
    return mark_safe(html)  # noqa: S308  (the headline escaped: only <mark> tags added)


def has_match(headline: str | None) -> bool:
    return bool(headline) and MATCH_START in headline
