"""The database backend of the settings when DATABASE_URL is unset.

Importing the settings needs no database (collectstatic, ``check``); the first query fails
with one line saying what is missing, instead of a connection error to a default server.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.dummy import base as dummy

MESSAGE = (
    "DATABASE_URL is not set: set it to the project's Postgres, e.g. "
    "postgres://USER:PASSWORD@HOST:5432/missionjobs (manage.py and the tests start an "
    "embedded one when pgserver is installed: pip install -e '.[local]')."
)


def complain(*args, **kwargs):
    raise ImproperlyConfigured(MESSAGE)


class DatabaseOperations(dummy.DatabaseOperations):
    quote_name = complain


class DatabaseClient(dummy.DatabaseClient):
    runshell = complain


class DatabaseIntrospection(dummy.DatabaseIntrospection):
    get_table_list = complain
    get_table_description = complain
    get_relations = complain
    get_indexes = complain


class DatabaseWrapper(dummy.DatabaseWrapper):
    _cursor = complain
    ensure_connection = complain
    _commit = complain
    _savepoint_commit = complain
    _set_autocommit = complain
    client_class = DatabaseClient
    introspection_class = DatabaseIntrospection
    ops_class = DatabaseOperations
