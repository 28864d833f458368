"""The bulk path: rows in with COPY (its text format, a model's columns, ids reserved
beforehand), rows out with set-based DELETEs. Django's own paths would hold a million
posts in memory."""

import json
from datetime import date, datetime
from decimal import Decimal

from django.core.management.base import CommandError
from django.db import connection, models
from django.db.models import GeneratedField
from django.db.models.fields import NOT_PROVIDED

COPY_CHUNK = 4 * 1024 * 1024  # characters handed to COPY at a time
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value) -> str:  # noqa: PLR0911 - one return per type, read as a table
    """A value as a field of COPY's text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return copy_text("{" + ",".join(array_element(str(item)) for item in value) + "}")
    if isinstance(value, dict):
        return copy_text(json.dumps(value))
    return str(value).translate(_COPY_ESCAPES)


def array_element(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def copy_item(text: str) -> str:
    """One element of a text[] column, escaped once and for all."""
    return copy_text(array_element(text))


class CopyTable:
    """COPY into a model's table: the columns the generator fills, each auto_now(_add) column
    with the row's creation time, and the Python default of any other column that needs one.
    The database fills the rest: NULL, db_default, triggers."""

    def __init__(self, model: type[models.Model], filled: list[str]):
        self.model = model
        fields = {f.attname: f for f in model._meta.concrete_fields}
        if missing := [name for name in filled if name not in fields]:
            raise CommandError(
                f"{model.__name__} has no field {', '.join(missing)}: update generate_posts."
            )
        stamps, defaults = [], []
        for f in model._meta.concrete_fields:
            if (
                f.attname in filled
                or isinstance(f, GeneratedField)
                or f.db_default is not NOT_PROVIDED
            ):
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                stamps.append(f)
            elif f.has_default():
                defaults.append(f)
            elif not f.null:
                raise CommandError(
                    f"generate_posts does not know what to put in {model.__name__}.{f.name}: "
                    "give the field a default, or teach the generator its value."
                )
        columns = [fields[name].column for name in filled] + [f.column for f in stamps + defaults]
        quote = connection.ops.quote_name
        self.sql = (
            f"COPY {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) FROM STDIN"
        )
        self.stamp_count = len(stamps)
        self.suffix = "".join("\t" + copy_text(f.get_default()) for f in defaults) + "\n"

    def line(self, values: list[str], stamp: str) -> str:
        """``values``: the filled columns, already in COPY text; ``stamp``: the creation time."""
        return "\t".join(values) + ("\t" + stamp) * self.stamp_count + self.suffix


class CopyWriter:
    """Lines for one COPY, handed over in chunks so Postgres works while Python generates."""

    def __init__(self, copy):
        self.copy, self.lines, self.size = copy, [], 0

    def write(self, line: str) -> None:
        self.lines.append(line)
        self.size += len(line)
        if self.size >= COPY_CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.lines:
            self.copy.write("".join(self.lines))
            self.lines, self.size = [], 0


def copy_rows(cursor, table: CopyTable, lines) -> None:
    with cursor.copy(table.sql) as copy:
        writer = CopyWriter(copy)
        for line in lines:
            writer.write(line)
        writer.flush()


def reserve_ids(cursor, model: type[models.Model], count: int) -> int:
    """The first of ``count`` consecutive primary keys that no other insert will be given.

    The caller holds a lock on the table that blocks other inserts until it commits.
    """
    if count == 0:
        return 0
    cursor.execute(
        "SELECT pg_get_serial_sequence(%s, %s)", [model._meta.db_table, model._meta.pk.column]
    )
    (sequence,) = cursor.fetchone()
    cursor.execute("SELECT nextval(%s)", [sequence])
    (first,) = cursor.fetchone()
    cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


def delete_cascading(cursor, model: type[models.Model], where: str, params: list) -> None:
    """DELETE the rows of ``model`` matching ``where``, then the rows that depend on them
    (CASCADE relations, in any app), and clear SET_NULL references to them.

    Django's own deletion would load a million posts into memory first. Parents go first:
    the foreign keys are checked at commit, and the search-vector trigger on sections then
    finds no post left to recompute.
    """
    # S608: the SQL is built from the models' table and column names, quoted by quote_name,
    # and from ``where``, a condition written by the caller; values go as parameters.
    quote = connection.ops.quote_name
    table, pk = model._meta.db_table, quote(model._meta.pk.column)
    doomed = quote(f"doomed_{table}")
    cursor.execute(f"DROP TABLE IF EXISTS {doomed}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {doomed} ON COMMIT DROP"  # noqa: S608 - names, see above
        f" AS SELECT {pk} AS id FROM {quote(table)} WHERE {where}",
        params,
    )
    cursor.execute(f"DELETE FROM {quote(table)} WHERE {pk} IN (SELECT id FROM {doomed})")  # noqa: S608
    for relation in model._meta.related_objects:
        if relation.many_to_many or not relation.field.concrete:
            continue
        related = relation.related_model
        column = quote(relation.field.column)
        condition = f"{column} IN (SELECT id FROM {doomed})"  # noqa: S608 - names, see above
        if relation.on_delete is models.CASCADE:
            delete_cascading(cursor, related, condition, [])
        elif relation.on_delete is models.SET_NULL:
            cursor.execute(
                f"UPDATE {quote(related._meta.db_table)} SET {column} = NULL WHERE {condition}"  # noqa: S608
            )
        # PROTECT, RESTRICT, DO_NOTHING: the database's foreign key refuses at commit if rows
        # remain.
