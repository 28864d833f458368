"""Questions asked of calls, posts and alerts, as QuerySet methods (``Post.objects.open()``).

Posts are filtered with the conditions of ``conditions.py`` and searched with the
expressions of ``vacancies.search``. The model modules import this one, so a subquery
looks up the model it counts by name (``_model``) rather than importing it back.
"""

import re
from datetime import datetime

from django.apps import apps
from django.contrib.postgres.aggregates import JSONBAgg, StringAgg
from django.db import models
from django.db.models import Count, F, Func, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, JSONObject
from django.utils import timezone

from ..search import rank, search_query, snippet, title_headline
from .choices import CallStatus, VacancyStatus
from .conditions import (
    q_at,
    q_closing_within,
    q_open,
    q_open_to_nationality,
    q_published,
    q_withdrawn,
)


def _model(name: str) -> type[models.Model]:
    return apps.get_model("vacancies", name)


class CallQuerySet(models.QuerySet):
    def with_post_count(self):
        # A per-row subquery: counted for the calls of the page only, not for every call.
        posts = (
            _model("Post")
            .objects.filter(call=OuterRef("pk"))
            .order_by()
            .values("call")
            .annotate(n=Count("pk"))
        )
        return self.annotate(post_count=Coalesce(Subquery(posts.values("n")), 0))

    def published(self):
        return self.filter(status=CallStatus.PUBLISHED)

    def with_page(self):
        """Calls whose address answers: published, or withdrawn (410 Gone)."""
        return self.filter(status__in=[CallStatus.PUBLISHED, CallStatus.WITHDRAWN])

    def open(self):
        return self.published().filter(deadline__gt=timezone.now())


# How many similar posts a post page lists: a short list to go on with, not a search.
SIMILAR_COUNT = 5
# Ranked to find them, per kind of likeness: a few dozen posts read, not every open one.
SIMILAR_CANDIDATES = 50
# Words of a title that say nothing of the job: left out when looking for similar posts.
_TITLE_FILLER = frozenset({"and", "or", "for", "the", "with", "of", "to", "in", "on", "a", "an"})


def similar_title_query(title: str) -> str:
    """The words of a title as one "any of these words" search ("legal or adviser"):
    web-search syntax, so only the words are kept (no quotes or minus signs)."""
    words = [w for w in re.findall(r"[^\W_]+", title.lower()) if w not in _TITLE_FILLER]
    return " or ".join(dict.fromkeys(words))


def _vacancy_count(status: str) -> Subquery:
    vacancies = _model("Vacancy").objects.filter(post=OuterRef("pk"), status=status).order_by()
    return Coalesce(Subquery(vacancies.values("post").annotate(n=Count("pk")).values("n")), 0)


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(q_published())

    def open(self):
        return self.filter(q_open())

    def with_page(self):
        """Posts whose address answers: published ones, and those of a withdrawn call (410
        Gone, saying what the post was). A draft's stays a 404."""
        return self.filter(q_published() | q_withdrawn())

    def similar_to(self, post):
        """Up to SIMILAR_COUNT other posts like ``post``, best first: sharing words of its
        title (full-text, as a search for them would), or its mission or country. Never the
        post itself nor its own call's posts, which the post page lists apart.

        Only a few candidates are ranked (similar_candidates): ranking every open post
        that shares a common word ("officer") reads tens of thousands of them."""
        words = similar_title_query(post.title)
        found = self.filter(pk__in=self.similar_candidates(post, words))
        if words:
            found = found.annotate(title_rank=rank(search_query(words)))
        else:
            found = found.annotate(title_rank=Value(0.0))
        return found.order_by("-title_rank", "deadline", "pk")[:SIMILAR_COUNT]

    def similar_candidates(self, post, words: str):
        """The ids of up to SIMILAR_CANDIDATES posts of each kind, from an index each: those
        with all the words of the title (the best matches), with any of them, of the
        mission, of the country. One subquery; each part stops at its limit."""
        others = self.order_by().exclude(pk=post.pk).exclude(call_id=post.call_id)
        kinds = [Q(mission_id=post.mission_id)]
        if post.country:
            kinds.append(Q(country=post.country))
        if words:
            every_word = " ".join(word for word in words.split(" or "))
            kinds[:0] = [
                Q(search_vector=search_query(every_word)),
                Q(search_vector=search_query(words)),
            ]
        parts = [others.filter(kind).values("pk")[:SIMILAR_CANDIDATES] for kind in kinds]
        return parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]

    def closing_within(self, days: int):
        return self.filter(q_closing_within(days))

    def at(self, place: str):
        """Posts at ``place``: its duty station or region in any case, accents or known
        spelling ("Priština", "Prishtina"), or in the country or region it names
        ("Kosovo", "Horn of Africa"). See vacancies.importer.places."""
        return self.filter(q_at(place))

    def search(self, text: str):
        """Posts matching ``text`` (web search syntax), annotated with their ``rank``.

        Title and ref weigh most, then the component, then the mission and place, then the
        job description: see vacancies/db/search.sql, whose trigger keeps ``search_vector`` current.
        """
        query = search_query(text)
        return self.filter(search_vector=query).annotate(rank=rank(query))

    def with_headlines(self, text: str):
        """The title and a snippet of the job description with matched words between
        MATCH_START and MATCH_STOP. ts_headline is slow: use it on a page of posts only."""
        query = search_query(text)
        sections = (
            _model("Section")
            .objects.filter(post=OuterRef("pk"))
            .order_by()
            .values("post")
            .annotate(text=StringAgg(Func(F("items"), Value(" "), function="array_to_string"), " "))
            .values("text")
        )
        return self.annotate(
            title_headline=title_headline(query), snippet=snippet(Subquery(sections), query)
        )

    def published_between(self, since: datetime, until: datetime):
        """Posts that appeared on the site in (since, until]: when their call was published,
        or when they were added to a call that already was."""
        return (
            self.published()
            .alias(appeared_at=Greatest("published_at", "created_at"))
            .filter(appeared_at__gt=since, appeared_at__lte=until)
        )

    def advertisements_of(self, post):
        """Every published advertisement of the same post: same mission and ref, any call."""
        if not post.ref:
            return self.none()
        return self.published().filter(mission_id=post.call.mission_id, ref=post.ref)

    def with_vacancy_counts(self):
        # Correlated subqueries, not a join and GROUP BY: Postgres counts for the rows of
        # the page only, after the LIMIT, however many posts match.
        return self.annotate(
            confirmed_count=_vacancy_count(VacancyStatus.CONFIRMED),
            pending_count=_vacancy_count(VacancyStatus.PENDING),
        )

    def with_vacancy_rows(self):
        """Each post's vacancies as JSON rows in the same query (see Post.vacancy_list)."""
        rows = (
            _model("Vacancy")
            .objects.filter(post=OuterRef("pk"))
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

    def open_to_nationality(self, code: str):
        return self.filter(q_open_to_nationality(code))

    def for_listing(self):
        # The organisation says who may apply (vacancies/nationality.py).
        return self.select_related("call__mission__organisation").with_vacancy_counts()


class AlertQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)
