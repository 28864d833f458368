"""Background work, queued in Postgres and run by the worker, ``manage.py db_worker``.

The tasks are Django's own (django-tasks backports Django 6.0's ``django.tasks``: on
Django 6 only the import below changes) on django-tasks-db's backend, which keeps the queue
in a table of the database: a task is queued in the same transaction as the rows it is
about, and every machine's workers share the queue (they claim tasks with SKIP LOCKED).

A task that raises is marked failed and logged with its traceback (the ``django_tasks``
logger) by the worker. The daily alert run keeps itself going: each run queues the next
before it ends, and the worker, when it starts, queues one if none is waiting
(``queue_alert_run``), so no cron is needed.
"""

import logging
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResult, TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from . import alerts
from .documents import read_staged
from .models import StagedImport

logger = logging.getLogger(__name__)

# An HR editor watches the page that waits for a read: it goes before the alerts' work.
READ_PRIORITY = 10
# A finished task's row keeps its arguments (a sign-up's address, among them): kept this
# long to look into what failed, then deleted by the alert run.
FINISHED_TASKS_KEPT = timedelta(days=7)
# Any number of our own, the same in every process: the advisory lock that lets one
# process at a time look for a queued alert run and queue one.
ALERT_RUN_LOCK = 4_711_001
COULD_NOT_READ = (
    "This document could not be read because of an error on the site's side, which has been"
    " logged for its administrators. Try again later, or send them the document."
)


@task()
def subscribe(email: str, search: dict[str, str], site_url: str) -> None:
    """The sign-up form's work, done after its answer (``alerts.subscribe``)."""
    alerts.subscribe(email, search, site_url)


@task(priority=READ_PRIORITY)
def read_staged_import(staged_id: str) -> None:
    """Read a document uploaded on the import page, in the sandbox, for its preview."""
    staged = StagedImport.objects.filter(pk=staged_id).first()
    if staged is None:  # expired and removed before its turn came
        return
    try:
        read_staged(staged)
    except Exception:
        # Not the document's fault: its uploader is told, the worker logs the traceback.
        staged.refuse(COULD_NOT_READ)
        raise


@task()
def send_alerts() -> dict:
    """The daily alert run (``alerts.send_due_alerts``); whatever happens, the next one is
    queued before it ends."""
    try:
        result = alerts.send_due_alerts(alerts.run_site_url())
        logger.info("Alert run: %s", result.summary())
        forget_finished_tasks()
    finally:
        queue_alert_run()
    return {"messages": result.messages, "posts": result.posts, "failed": result.failed}


def next_alert_run(now: datetime | None = None) -> datetime:
    """The next ALERT_RUN_HOUR o'clock, Brussels time: today's if it is still to come."""
    now = timezone.localtime(now)
    hour = time(settings.ALERT_RUN_HOUR)
    run = timezone.make_aware(datetime.combine(now.date(), hour))
    if run <= now:
        run = timezone.make_aware(datetime.combine(now.date() + timedelta(days=1), hour))
    return run


def queue_alert_run() -> TaskResult | None:
    """Queue the next daily alert run unless one is waiting already; the new task, or
    None. However many workers start at once, one run waits: the lock lets one process at
    a time look and queue. A backend that cannot defer a task (the tests' immediate one)
    has no schedule."""
    if not send_alerts.get_backend().supports_defer:
        return None
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ALERT_RUN_LOCK])
        waiting = DBTaskResult.objects.filter(
            task_path=send_alerts.module_path, status=TaskResultStatus.READY
        )
        if waiting.exists():
            return None
        return send_alerts.using(run_after=next_alert_run()).enqueue()


def forget_finished_tasks() -> None:
    old = timezone.now() - FINISHED_TASKS_KEPT
    DBTaskResult.objects.finished().filter(finished_at__lt=old).delete()
