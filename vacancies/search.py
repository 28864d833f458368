"""Full-text search of posts: the configuration, the query, the ranking and the headlines.

Postgres writes ``Post.search_vector`` (the triggers of vacancies/db/search.sql, with the same
configuration as SEARCH_CONFIG); ``PostQuerySet.search`` and ``with_headlines`` read it
through the expressions here.
"""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F

# The text search configuration of Post.search_vector; vacancies/db/search.sql uses the same.
SEARCH_CONFIG = "english"
# Marks around matched words in headlines: control characters, so that the text can be
# escaped for HTML first and the marks turned into <mark> after (templatetags.posts).
MATCH_START, MATCH_STOP = "\x02", "\x03"

_MARKS = {"start_sel": MATCH_START, "stop_sel": MATCH_STOP, "config": SEARCH_CONFIG}


def search_query(text: str) -> SearchQuery:
    """Web search syntax: ``"close protection" -deputy``, ``police or justice``."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def rank(query: SearchQuery) -> SearchRank:
    """How well a post matches: its weights are the trigger's (title and ref weigh most)."""
    return SearchRank(F("search_vector"), query)


def title_headline(query: SearchQuery) -> SearchHeadline:
    """The whole title, every matched word marked."""
    return SearchHeadline("title", query, highlight_all=True, **_MARKS)


def snippet(text, query: SearchQuery) -> SearchHeadline:
    """A few words around the matches in ``text`` (an expression), fragments joined by "…"."""
    return SearchHeadline(
        text,
        query,
        max_words=20,
        min_words=8,
        max_fragments=2,
        fragment_delimiter=" … ",
        **_MARKS,
    )
