"""django-tasks-db's worker, which first waits for the database to be migrated, then makes
sure the daily alert run is queued.

This app comes before django_tasks_db in INSTALLED_APPS, so ``manage.py db_worker`` is this
command: the worker is started the documented way, and starting one is all it takes for
the alerts to go out daily (``vacancies.tasks.queue_alert_run``). It may start beside the
``migrate`` of a deployment (or before `make run`'s, or with newer code than the
database's): it runs no task on tables that are not there yet.
"""

import logging
import time

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tasks_db.management.commands import db_worker

from vacancies.tasks import queue_alert_run

logger = logging.getLogger(__name__)
MIGRATIONS_CHECKED_EVERY = 2  # seconds


class Command(db_worker.Command):
    help = (
        "Run the tasks of the queue (alert e-mails, the daily alert run, reading uploaded"
        " documents) as they come. First wait for `migrate`, and queue the daily alert run if"
        " none is waiting."
    )

    def handle(self, *args, **options):
        try:
            wait_for_migrations()
        except KeyboardInterrupt:  # stopped before it started: nothing to finish
            return
        queue_alert_run()
        super().handle(*args, **options)


def wait_for_migrations() -> None:
    executor = MigrationExecutor(connection)
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    logger.warning("The database is not migrated yet: waiting for `manage.py migrate`.")
    while executor.migration_plan(executor.loader.graph.leaf_nodes()):
        time.sleep(MIGRATIONS_CHECKED_EVERY)
        executor.loader.build_graph()  # reads which migrations are applied again
    logger.warning("The database is migrated: starting.")
