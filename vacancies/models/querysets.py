"""Questions asked of calls, posts and alerts, as QuerySet methods (``Post.objects.open()``).

Posts are filtered with the conditions of ``conditions.py`` and searched with the
expressions of ``vacancies.search``. The model modules import this one, so a subquery
looks up the model it counts by name (``_model``) rather than importing it back.
"""

import re
from datetime import datetime

from django.apps import apps
from django.contrib.postgres.aggregates import JSONBAgg
from django.db import connections, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.expressions import RawSQL
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
# Ranking 50 of each (to_tsvector of each title) took 1.7 ms more of Postgres a post page,
# for the same five on 257 of 264 pages of the crowd (bench/LOAD.md, "Similar posts by index").
SIMILAR_CANDIDATES = 20
# Words of a title that say nothing of the job: left out when looking for similar posts.
_TITLE_FILLER = frozenset({"and", "or", "for", "the", "with", "of", "to", "in", "on", "a", "an"})


# The candidates of similar_to: the open posts other than the post and its call's, from an
# index each, up to %(candidates)s of each kind, closing soonest: of the same title, with
# any word of the title, of the mission, of the country. Ranked on their titles, which
# are short, rather than on their search vectors, which Postgres would read from TOAST.
# An empty title query or country asks for nothing: Postgres drops those parts when planning.
_OTHER_OPEN_POST = (
    "call_status = %(published)s AND deadline > %(now)s AND id <> %(post)s AND call_id <> %(call)s"
)
SIMILAR_SQL = f"""
SELECT id FROM vacancies_post WHERE id IN (
    (SELECT id FROM vacancies_post WHERE {_OTHER_OPEN_POST} AND title = %(title)s
     ORDER BY deadline LIMIT %(candidates)s)
    UNION (SELECT id FROM vacancies_post WHERE {_OTHER_OPEN_POST} AND %(words)s <> ''
           AND search_vector @@ vacancies_search_query(%(words)s)
           ORDER BY deadline LIMIT %(candidates)s)
    UNION (SELECT id FROM vacancies_post WHERE {_OTHER_OPEN_POST} AND mission_id = %(mission)s
           ORDER BY deadline LIMIT %(candidates)s)
    UNION (SELECT id FROM vacancies_post WHERE {_OTHER_OPEN_POST} AND %(country)s <> ''
           AND country = %(country)s ORDER BY deadline LIMIT %(candidates)s)
)
ORDER BY ts_rank(to_tsvector('pg_catalog.english', vacancies_search_words(title)),
                 vacancies_search_query(%(words)s)) DESC, deadline, id
LIMIT %(count)s
"""  # noqa: S608 - constants only; the values are parameters


def similar_title_query(title: str) -> str:
    """The words of a title as one "any of these words" search ("legal or adviser"):
    web-search syntax, so only the words are kept (no quotes or minus signs)."""
    words = [w for w in re.findall(r"[^\W_]+", title.lower()) if w not in _TITLE_FILLER]
    return " or ".join(dict.fromkeys(words))


def _rows_of(model: str, *fields: str) -> Subquery:
    """A post's rows of ``model`` (its vacancies, its sections), those ``fields`` of each,
    as one JSON array in their order."""
    rows = (
        _model(model)
        .objects.filter(post=OuterRef("pk"))
        .order_by()
        .values("post")
        .annotate(rows=JSONBAgg(JSONObject(**{f: f for f in fields}), order_by=("order", "id")))
        .values("rows")
    )
    return Subquery(rows)


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

    def similar_to(self, post) -> list:
        """Up to SIMILAR_COUNT open posts like ``post``, best first, of those in this
        QuerySet: sharing words of its title, then closing soonest. Never the post itself
        nor its own call's posts, which the post page lists apart.

        The candidates (similar_candidate_ids) are a few dozen posts read from an index each,
        not every open post that shares a common word ("officer"); they are ranked by their
        titles alone, which are short, rather than by their whole search vectors."""
        ids = self.similar_candidate_ids(post)
        found = self.filter(pk__in=ids).in_bulk()
        return [found[pk] for pk in ids if pk in found]

    def similar_candidate_ids(self, post) -> list[int]:
        """The ids of the best candidates (SIMILAR_SQL), best first. Raw SQL: the ORM took
        longer to write this query than Postgres took to run it."""
        words = similar_title_query(post.title)
        params = {
            "published": CallStatus.PUBLISHED,
            "now": timezone.now(),
            "post": post.pk,
            "count": SIMILAR_COUNT,
            "candidates": SIMILAR_CANDIDATES,
            "call": post.call_id,
            "title": post.title,
            "words": words,
            "mission": post.mission_id,
            "country": post.country,
        }
        with connections[self.db].cursor() as cursor:
            cursor.execute(SIMILAR_SQL, params)
            return [pk for (pk,) in cursor.fetchall()]

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

    def ranked_for(self, text: str):
        """The posts annotated with their ``rank`` for ``text``, as ``search`` ranks them,
        without matching it: posts already known to match (Listing.paged_posts)."""
        return self.annotate(rank=rank(search_query(text)))

    def among(self, ids: list[int]):
        """The posts of ``ids``: one array parameter (= ANY), where ``pk__in`` would write
        one parameter per id, up to thousands."""
        table = self.model._meta.db_table  # a constant; the ids a parameter
        in_ids = RawSQL(  # noqa: S611
            f'"{table}"."id" = ANY(%s)', [list(ids)], output_field=models.BooleanField()
        )
        return self.filter(in_ids)

    def with_headlines(self, text: str):
        """The title and a snippet of the job description with matched words between
        MATCH_START and MATCH_STOP. ts_headline is slow: use it on a page of posts only."""
        query = search_query(text)
        return self.annotate(
            title_headline=title_headline(query),
            snippet=snippet(self._items_to_mark(text), query),
        )

    def _items_to_mark(self, text: str) -> RawSQL:
        """The items of each post's job description, in order, that may hold a word of the
        search (vacancies_match_pattern, db/search.sql), where a match cannot hide: the
        snippet shows a match or nothing. ts_headline parses the whole of its text, and a
        job description is 3 kB: 11-12 → 5 ms a page of 20 at 1,000,000 posts."""
        items = _model("Section")._meta.db_table
        sql = (
            f"SELECT string_agg(item, ' ' ORDER BY section.\"order\", section.id, n)"  # noqa: S608
            f" FROM {items} AS section, unnest(section.items) WITH ORDINALITY AS items (item, n)"
            f' WHERE section.post_id = "{self.model._meta.db_table}"."id"'
            " AND item ~* vacancies_match_pattern(vacancies_search_query(%s))"
        )
        # The table names are the models'; the search's text a parameter.
        return RawSQL(sql, [text], output_field=models.TextField())  # noqa: S611

    def published_between(self, since: datetime, until: datetime):
        """Posts that appeared on the site in (since, until]: when their call was published,
        or when they were added to a call that already was."""
        return (
            self.published()
            .alias(appeared_at=Greatest("published_at", "created_at"))
            .filter(appeared_at__gt=since, appeared_at__lte=until)
        )

    def advertisements_of(self, mission_id: int, ref: str):
        """Every published advertisement of one post, its mission's ``ref`` in any call,
        oldest call first."""
        return (
            self.published()
            .filter(mission_id=mission_id, ref=ref)
            .order_by("deadline", "call_id", "order", "pk")
        )

    def with_vacancy_counts(self):
        # Correlated subqueries, not a join and GROUP BY: Postgres counts for the rows of
        # the page only, after the LIMIT, however many posts match.
        return self.annotate(
            confirmed_count=_vacancy_count(VacancyStatus.CONFIRMED),
            pending_count=_vacancy_count(VacancyStatus.PENDING),
        )

    def with_vacancy_rows(self):
        """Each post's vacancies as JSON rows in the same query (see Post.vacancy_list)."""
        return self.annotate(vacancy_rows=_rows_of("Vacancy", "status", "availability"))

    def with_section_rows(self):
        """Each post's job-description sections as JSON rows in the same query (see
        Post.section_list): the post page's one query less."""
        return self.annotate(
            section_rows=_rows_of("Section", "id", "kind", "heading", "order", "items")
        )

    def open_to_nationality(self, code: str):
        return self.filter(q_open_to_nationality(code))

    def as_links(self):
        """Just what a link to a post shows (the post page's lists of other posts): not the
        search vector, which is most of a post's bytes."""
        return self.select_related("mission").only(
            "call",  # call.posts sets it on each post: deferred, one query a post
            "slug",
            "title",
            "grade",
            "ref",
            "duty_station",
            "deadline",
            "mission__name",
            "mission__acronym",
        )

    def for_listing(self):
        # The organisation says who may apply (vacancies/nationality.py).
        return self.select_related("call__mission__organisation").with_vacancy_counts()


class AlertQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)
