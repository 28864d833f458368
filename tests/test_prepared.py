"""Prepared queries: written by the ORM once, run with new values as the ORM runs any."""

import threading

import pytest
from django.db import connection, connections
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from tests.factories import CallFactory, PostFactory, VacancyFactory
from vacancies.models import Post
from vacancies.models.prepared import Prepared, PreparedByIds

pytestmark = pytest.mark.django_db


def posts_of(call_id, ref):
    return (
        Post.objects.filter(call_id=call_id)
        .exclude(ref=ref)
        .select_related("call__mission")
        .with_vacancy_counts()
        .order_by("pk")
    )


@pytest.fixture
def calls():
    made = [CallFactory(), CallFactory()]
    for call in made:
        for ref in ("A 1", "A 2", "A 3"):
            VacancyFactory(post=PostFactory(call=call, ref=ref))
    return made


def test_each_call_gives_what_the_orm_gives_for_its_values(calls):
    prepared = Prepared(posts_of, 0, "")
    for call in calls:
        for ref in ("A 1", "A 3", "none of them"):
            expected = list(posts_of(call.pk, ref))
            got = prepared(call.pk, ref)
            assert got == expected
            assert [p.confirmed_count for p in got] == [p.confirmed_count for p in expected]
            assert {p.call.mission.name for p in got} == {call.mission.name}


def test_the_sql_is_written_once_and_each_call_is_one_query(calls, monkeypatch):
    prepared = Prepared(posts_of, 0, "")
    prepared(calls[0].pk, "A 1")
    written = []
    as_sql = SQLCompiler.as_sql
    monkeypatch.setattr(
        SQLCompiler, "as_sql", lambda self, *a, **k: written.append(1) or as_sql(self, *a, **k)
    )
    with CaptureQueriesContext(connection) as queries:
        posts = prepared(calls[1].pk, "A 2")
        assert [p.call.mission for p in posts]  # related objects came with the rows
    assert written == []
    assert len(queries) == 1
    assert [p.ref for p in posts] == ["A 1", "A 3"]


def test_a_value_the_query_does_not_take_is_refused():
    with pytest.raises(ValueError, match="not one of the query's parameters"):
        Prepared(lambda call_id: Post.objects.filter(call_id=1), 0)(5)
    with pytest.raises(TypeError, match="ints or strs"):
        Prepared(lambda when: Post.objects.filter(deadline__gt=when), 1.5)


def test_the_result_is_a_list_not_a_queryset_to_filter_further(calls):
    """Filtering further would not change the SQL already written."""
    posts = Prepared(posts_of, 0, "")(calls[0].pk, "")
    assert isinstance(posts, list)


@pytest.mark.django_db(transaction=True)
def test_another_thread_runs_it_on_its_own_connection():
    call = CallFactory()
    PostFactory(call=call, ref="B 1")
    prepared = Prepared(posts_of, 0, "")
    prepared(call.pk, "")  # written on this thread's connection
    found, used = [], []

    def other_thread():
        found.extend(prepared(call.pk, ""))
        used.append(connections["default"])
        connections.close_all()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert [p.ref for p in found] == ["B 1"]
    assert used[0] is not connection


def test_rows_by_ids_come_in_the_ids_order_for_any_number_up_to_the_largest_size(calls):
    by_ids = PreparedByIds(lambda ids: Post.objects.filter(pk__in=ids), sizes=(4, 2))
    ids = sorted(Post.objects.values_list("pk", flat=True), reverse=True)
    for n in range(5):
        assert [post.pk for post in by_ids(ids[:n])] == ids[:n]
    assert [post.pk for post in by_ids([ids[0], 0, ids[1]])] == ids[:2]  # no such row: left out
    with pytest.raises(ValueError, match="5 ids, more than 4 at a time"):
        by_ids(ids[:5])
