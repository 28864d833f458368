"""The database's half of the app: the SQL of every function and trigger Postgres runs on
the app's tables, one file per concern. README.md says what each writes, and why.

A file holds the current definitions, as idempotent statements. Migrations run the files
(``RunFiles``) instead of holding copies of them, and tests/test_database_sql.py checks the
migrated database against them.
"""

import hashlib
from pathlib import Path

from django.db import migrations, router

DIRECTORY = Path(__file__).resolve().parent
# In the order of the migrations that first made them; no file uses another's functions.
FILES = ("search.sql", "call_copies.sql", "content_version.sql", "post_counts.sql", "places.sql")


def read(name: str) -> str:
    return (DIRECTORY / name).read_text(encoding="utf-8")


def fingerprint(name: str) -> str:
    """The start of the SHA-256 of a file's text: enough to tell that it changed."""
    return hashlib.sha256(read(name).encode()).hexdigest()[:12]


class RunFiles(migrations.RunSQL):
    """Run files of this directory, as they are when the migration runs.

    ``files`` maps each file to its ``fingerprint`` when the migration was written. They are
    not checked here (a database made from scratch runs the files of today), but the test of
    the files fails when a file has changed since the last migration that ran it: without
    a new migration, the change would reach fresh databases but never production's.

    Each file is sent whole, as one query: Django would split a string with sqlparse,
    stripping the comments it finds.
    """

    def __init__(self, files: dict[str, str], reverse_sql=None):
        self.files = dict(files)
        super().__init__(sql=[], reverse_sql=reverse_sql)

    def deconstruct(self):
        kwargs = {"files": self.files}
        if self.reverse_sql is not None:
            kwargs["reverse_sql"] = self.reverse_sql
        return (self.__class__.__qualname__, [], kwargs)

    def describe(self):
        return "Create or replace the functions and triggers of " + ", ".join(self.files)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if router.allow_migrate(schema_editor.connection.alias, app_label, **self.hints):
            for name in self.files:
                schema_editor.execute(read(name), params=None)
