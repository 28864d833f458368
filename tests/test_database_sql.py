"""vacancies/db/: the SQL files are what the migrated database runs, and the facts they
share with the Python side (the facet key, the closed deadline, the columns Postgres
writes, the search configuration, the content tables) say the same on both sides."""

import re
from collections import Counter, defaultdict

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from simple_history.models import HistoricalChanges

from vacancies import db
from vacancies.listing.facets import FACETS
from vacancies.models import (
    SEARCH_CONFIG,
    Alert,
    ContentVersion,
    Post,
    PostCount,
    StagedImport,
)

FUNCTION = re.compile(r"CREATE OR REPLACE FUNCTION (\w+)\(.*?\$\$(.*?)\$\$", re.DOTALL)
TRIGGER = re.compile(
    r"CREATE OR REPLACE TRIGGER (\w+)\s.*?\sON (\w+)\s.*?EXECUTE FUNCTION (\w+)\(\)", re.DOTALL
)
# The functions and triggers of the app's schema; an extension's functions are not ours.
LIVE_FUNCTIONS = """
    SELECT p.oid::regprocedure::text, pg_get_functiondef(p.oid) FROM pg_proc p
    WHERE p.pronamespace = current_schema()::regnamespace AND NOT EXISTS (
        SELECT FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
"""
LIVE_TRIGGERS = """
    SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace
"""


def statements(name: str) -> str:
    """A file without its comment lines (no line of a function body starts with --)."""
    return re.sub(r"^\s*--.*\n", "", db.read(name), flags=re.MULTILINE)


def functions(name: str) -> dict[str, str]:
    """The functions a file defines: name -> body."""
    return dict(FUNCTION.findall(statements(name)))


def triggers(name: str) -> dict[tuple[str, str], str]:
    """The triggers a file defines: (table, trigger) -> the function it runs."""
    return {
        (table, trigger): function for trigger, table, function in TRIGGER.findall(statements(name))
    }


def live_definitions() -> tuple[dict, dict]:
    """The database's functions (by signature) and triggers (by table and name), as Postgres
    prints them from its catalog: a trigger's clauses in its own words, a body as written."""
    with connection.cursor() as cursor:
        cursor.execute(LIVE_FUNCTIONS)
        live_functions = dict(cursor.fetchall())
        cursor.execute(LIVE_TRIGGERS)
        live_triggers = {(table, name): rest for table, name, *rest in cursor.fetchall()}
    return live_functions, live_triggers


@pytest.mark.django_db
def test_each_function_and_trigger_of_the_database_is_in_exactly_one_file():
    in_files = Counter()
    for name in db.FILES:
        in_files.update([*functions(name), *triggers(name)])
    live_functions, live_triggers = live_definitions()

    assert [key for key, files in in_files.items() if files > 1] == []
    assert {key for key in in_files if isinstance(key, str)} == {
        signature.split("(")[0] for signature in live_functions
    }
    assert {key for key in in_files if isinstance(key, tuple)} == set(live_triggers)
    assert {path.name for path in db.DIRECTORY.glob("*.sql")} == set(db.FILES)


@pytest.mark.django_db
def test_the_files_define_what_the_database_runs():
    # Run the files over the migrated database and compare what Postgres prints: a
    # definition that differs from the live one, or one the database lacks, shows.
    live = live_definitions()
    with transaction.atomic():
        with connection.cursor() as cursor:
            for name in db.FILES:
                cursor.execute(db.read(name))
        from_files = live_definitions()
        transaction.set_rollback(True)
    assert from_files == live


def test_each_file_ran_in_a_migration_since_it_last_changed():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    (leaf,) = loader.graph.leaf_nodes("vacancies")
    last_run = {}
    for key in loader.graph.forwards_plan(leaf):
        for operation in loader.graph.nodes[key].operations:
            if isinstance(operation, db.RunFiles):
                last_run.update({name: (key[1], fp) for name, fp in operation.files.items()})
    not_run = {
        name: f"changed since {last_run[name][0]} ran it; a new migration runs it: "
        f"RunFiles({{{name!r}: {db.fingerprint(name)!r}}})"
        if name in last_run
        else "no migration runs it"
        for name in db.FILES
        if last_run.get(name, (None, None))[1] != db.fingerprint(name)
    }
    assert not_run == {}


def test_post_counts_key_is_the_triggers_and_the_facets():
    (key,) = [c.fields for c in PostCount._meta.constraints if c.name == "post_count_key"]
    columns = {PostCount._meta.get_field(name).column for name in key}
    sql = statements("post_counts.sql")
    table = PostCount._meta.db_table

    def column_lists(pattern: str) -> list[set[str]]:
        return [{c.strip() for c in found.split(",")} for found in re.findall(pattern, sql)]

    inserted = column_lists(rf"INSERT INTO {table} AS \w+ \(([^)]*)\)")
    on_conflict = column_lists(r"ON CONFLICT \(([^)]*)\)")
    grouped = column_lists(r"GROUP BY ([\w, ]+?)(?:, \d+)?\s+(?:HAVING|ON CONFLICT)")
    assert inserted and on_conflict and grouped
    assert all(found == {*columns, "posts"} for found in inserted)
    assert all(found == columns for found in on_conflict)
    # Grouped by the key, and by the deadline (or the closed one) as the SELECT's last column.
    assert all(found == columns - {"deadline"} for found in grouped)
    assert {f.column for f in PostCount._meta.concrete_fields} == {"id", *columns, "posts"}
    assert set().union(*(facet.fields for facet in FACETS.values())) == set(key)


@pytest.mark.django_db
def test_the_closed_deadline_is_the_same_instant_in_sql_and_python():
    (literal,) = set(re.findall(r"'([^']*)'::timestamptz", statements("post_counts.sql")))
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::timestamptz", [literal])
        assert cursor.fetchone()[0] == PostCount.CLOSED_DEADLINE


def written_columns() -> dict[str, set[str]]:
    """The columns the functions of the files write, by table."""
    run_on = defaultdict(set)
    for name in db.FILES:
        for (table, _), function in triggers(name).items():
            run_on[function].add(table)
    written = defaultdict(set)
    for name in db.FILES:
        for function, body in functions(name).items():
            # NEW.x := ..., SELECT ... INTO NEW.x, NEW.y: the row of the trigger's table.
            new = re.findall(r"NEW\.(\w+)\s*:=", body)
            for into in re.findall(r"INTO\s+(NEW\.\w+(?:\s*,\s*NEW\.\w+)*)", body):
                new += re.findall(r"NEW\.(\w+)", into)
            if new:
                for table in run_on[function]:
                    written[table].update(new)
            for table, assignments in re.findall(
                r"UPDATE (\w+)(?: \w+)? SET (.*?)\s(?:WHERE|FROM)\s", body, re.DOTALL
            ):
                written[table].update(re.findall(r"(?:^|,)\s*(\w+)\s*=", assignments))
            for table, columns in re.findall(r"INSERT INTO (\w+)(?: AS \w+)? \(([^)]*)\)", body):
                written[table].update(column.strip() for column in columns.split(","))
    return dict(written)


def test_postgres_writes_the_columns_python_leaves_to_it():
    post_columns = {
        f.column
        for f in Post._meta.concrete_fields
        if not f.editable and not getattr(f, "auto_now_add", False)
    }

    def all_but_the_key(model) -> set[str]:
        return {f.column for f in model._meta.concrete_fields if not f.primary_key}

    assert written_columns() == {
        Post._meta.db_table: post_columns,
        PostCount._meta.db_table: all_but_the_key(PostCount),
        ContentVersion._meta.db_table: all_but_the_key(ContentVersion),
    }
    # A history record would hold stale copies of them.
    assert not post_columns & {f.column for f in Post.history.model._meta.concrete_fields}


@pytest.mark.django_db
def test_the_search_document_uses_the_search_configuration():
    # The document's and the query's (to_tsquery, websearch_to_tsquery).
    configurations = set(re.findall(r"to_ts(?:vector|query)\('([^']+)'", statements("search.sql")))
    assert configurations
    with connection.cursor() as cursor:
        for configuration in configurations:
            cursor.execute("SELECT %s::regconfig = %s::regconfig", [configuration, SEARCH_CONFIG])
            assert cursor.fetchone()[0], configuration


def test_every_table_of_content_bumps_the_content_version():
    # What public pages never show: alerts (subscribers'), uploads waiting to be imported,
    # history, and Postgres's own rows.
    not_content = (Alert, StagedImport, PostCount, ContentVersion)
    content = {
        model._meta.db_table
        for model in apps.get_app_config("vacancies").get_models()
        if model not in not_content and not issubclass(model, HistoricalChanges)
    }
    bumping = {
        table
        for (table, _), function in triggers("content_version.sql").items()
        if function == "vacancies_bump_content_version"
    }
    assert bumping == content
