"""Which statements Postgres plans once for all values, and which for each run's own.

A statement a connection runs five times is prepared (settings: prepare_threshold), so
Postgres parses it once. Whether it is also planned once is the session's plan_cache_mode,
one setting for every statement: a search's words need a plan of their own (a rare word
through its index, a common one along the list's order), while the fixed queries of
vacancies.models.prepared (the cards by id, the post page) spent half their Postgres time
planning the same plan again. So the session keeps Postgres's default (``auto``: a generic
plan once five runs show it no dearer), and only the statements registered here are
prepared; every other runs unprepared, planned for its values.
"""

from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.signals import connection_created
from django.dispatch import receiver

PLANNED_ONCE: set[str] = set()


def plan_once(sql: str) -> str:
    """Register ``sql`` as a statement whose plan does not depend on its values."""
    PLANNED_ONCE.add(sql)
    return sql


class Cursor(ServerBindingCursor):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        if prepare is None and not (isinstance(query, str) and query in PLANNED_ONCE):
            prepare = False
        return super().execute(query, params, prepare=prepare, binary=binary)


@receiver(connection_created)
def _use_cursor(sender, connection, **kwargs):
    if connection.settings_dict["OPTIONS"].get("server_side_binding"):
        connection.connection.cursor_factory = Cursor
