"""Queries of a fixed shape whose SQL the ORM writes once per process, then runs with new
values: the post page's.

Writing the SQL is the ORM's slowest part. A post page asks four questions of the same
shape every time (the post with its call, mission, organisation and job description; its
advertisements with their vacancies; the other posts of its call), and the ORM took longer
to write each of them than Postgres took to answer it. A ``Prepared`` query is built and
written once, with stand-in values in place of those that change; each call puts its own
values where the stand-ins were and lets the ORM run the written SQL as it runs any query,
so that the rows come back as the same model instances, related objects and annotations.

    call_posts = Prepared(lambda call_id: Post.objects.filter(call_id=call_id), 0)
    call_posts(call.pk)  # a list of posts

Every value that may change between two calls must be a stand-in (an int or a str, as the
ORM passes it to the database as it is): any other value, ``timezone.now()`` above all,
would be the first call's forever. A call returns a list, never a QuerySet, since filtering
it further would not change the SQL already written.
"""

import copy
from collections.abc import Callable
from threading import Lock

from django.db import connections
from django.db.models import Model, QuerySet

from missionjobs.plans import plan_once

# Stand-ins no real value takes: found once each among the written query's parameters.
_INT_STAND_IN = -7_340_000_000
_STR_STAND_IN = "\x00stand-in "


class Prepared:
    def __init__(self, build: Callable[..., QuerySet], *examples: int | str):
        """``build(*values)``: the QuerySet for those values; ``examples``: one value of
        each parameter's type (int or str), in order."""
        self.build = build  # called at the first query, when the models are ready
        self.stand_ins = tuple(_stand_in(example, n) for n, example in enumerate(examples))
        self.built = None
        self.written = {}  # database alias -> (compiler, sql, params, where each value goes)
        self.lock = Lock()

    def __call__(self, *values: int | str) -> list[Model]:
        queryset = self.queryset().all()
        alias = queryset.db  # the router's choice for this request: a replica or the primary
        compiler, sql, params, places = self.written_for(alias)
        params = list(params)
        for place, value in zip(places, values, strict=True):
            params[place] = value
        ready = copy.copy(compiler)
        ready.connection = connections[alias]  # this thread's connection
        ready.as_sql = lambda *args, **kwargs: (sql, tuple(params))
        queryset.query.get_compiler = lambda *args, **kwargs: ready
        return list(queryset)

    def queryset(self) -> QuerySet:
        with self.lock:
            if self.built is None:
                self.built = self.build(*self.stand_ins)
            return self.built

    def written_for(self, alias: str) -> tuple:
        with self.lock:
            if alias not in self.written:
                self.written[alias] = self.write(alias)
            return self.written[alias]

    def write(self, alias: str) -> tuple:
        compiler = self.built.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()  # also sets what reading the rows needs (select ...)
        places = []
        for stand_in in self.stand_ins:
            if list(params).count(stand_in) != 1:
                raise ValueError(f"{stand_in!r} is not one of the query's parameters once")
            places.append(list(params).index(stand_in))
        return compiler, plan_once(sql), params, places


def _stand_in(example: int | str, n: int) -> int | str:
    if isinstance(example, bool) or not isinstance(example, int | str):
        raise TypeError(f"a prepared query's values are ints or strs, not {example!r}")
    return _INT_STAND_IN - n if isinstance(example, int) else f"{_STR_STAND_IN}{n}"


class PreparedByIds:
    """``build(ids)`` (a QuerySet of those ids' rows) for any number of ids up to the
    largest of ``sizes``, written once for each size: the ids padded with 0, no row's id.
    The rows come back in the ids' order."""

    def __init__(self, build: Callable[[tuple[int, ...]], QuerySet], sizes: tuple[int, ...]):
        self.prepared = {
            size: Prepared(lambda *ids: build(ids), *[0] * size) for size in sorted(sizes)
        }

    def __call__(self, ids: list[int]) -> list[Model]:
        if not ids:
            return []
        size = next((size for size in self.prepared if size >= len(ids)), None)
        if size is None:
            raise ValueError(f"{len(ids)} ids, more than {max(self.prepared)} at a time")
        found = {row.pk: row for row in self.prepared[size](*ids, *[0] * (size - len(ids)))}
        return [found[pk] for pk in ids if pk in found]  # one deleted meanwhile is left out
