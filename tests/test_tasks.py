"""The task queue (vacancies/tasks.py) with its worker: the daily alert run keeps one run
waiting, a failed task is logged, old tasks are forgotten."""

import logging
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from tests.factories import AlertFactory, PostFactory
from tests.worker import run_worker
from vacancies import tasks

BRUSSELS = ZoneInfo("Europe/Brussels")


@task()
def out_of_paper() -> None:
    raise RuntimeError("out of paper")


def waiting_alert_runs():
    return DBTaskResult.objects.filter(
        task_path="vacancies.tasks.send_alerts", status=TaskResultStatus.READY
    )


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://jobs.example.org"


# When the alert run happens -----------------------------------------------------------------


@pytest.mark.parametrize(
    "now, run",
    [
        (datetime(2026, 3, 2, 5, 59, tzinfo=BRUSSELS), datetime(2026, 3, 2, 6, 0)),
        (datetime(2026, 3, 2, 6, 0, tzinfo=BRUSSELS), datetime(2026, 3, 3, 6, 0)),
        (datetime(2026, 3, 2, 23, 30, tzinfo=BRUSSELS), datetime(2026, 3, 3, 6, 0)),
        # The night the clocks go forward: still 6 o'clock, Brussels time, the next morning.
        (datetime(2026, 3, 28, 12, 0, tzinfo=BRUSSELS), datetime(2026, 3, 29, 6, 0)),
    ],
)
def test_the_next_alert_run_is_at_the_set_hour_brussels_time(settings, now, run):
    settings.ALERT_RUN_HOUR = 6
    next_run = timezone.localtime(tasks.next_alert_run(now))
    assert next_run.replace(tzinfo=None) == run
    assert next_run.utcoffset() == run.replace(tzinfo=BRUSSELS).utcoffset()


def test_the_alert_run_hour_is_checked_when_the_settings_load():
    code = "import missionjobs.settings"
    environ = {"SECRET_KEY": "x", "ALERT_RUN_HOUR": "24", "PATH": ""}
    result = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=False
    )
    assert "ALERT_RUN_HOUR is an hour of the day, from 0 to 23." in result.stderr


# The worker keeps one alert run waiting -----------------------------------------------------


def test_starting_the_worker_queues_one_alert_run_however_often_it_starts(queue, settings):
    settings.ALERT_RUN_HOUR = 6
    run_worker()
    run_worker()
    [waiting] = waiting_alert_runs()
    assert waiting.run_after == tasks.next_alert_run()


def test_workers_starting_at_once_queue_one_alert_run(queue, monkeypatch):
    start = threading.Barrier(4)
    # Slow between looking for a waiting run and queuing one: each would find none.
    next_alert_run = tasks.next_alert_run
    monkeypatch.setattr(tasks, "next_alert_run", lambda: time.sleep(0.3) or next_alert_run())

    def start_a_worker():
        start.wait()
        try:
            tasks.queue_alert_run()
        finally:
            connection.close()

    threads = [threading.Thread(target=start_a_worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert waiting_alert_runs().count() == 1


def test_an_alert_run_sends_the_alerts_then_queues_the_next_one(queue, mailoutbox):
    AlertFactory()
    PostFactory(title="Procurement Officer")
    ran = tasks.send_alerts.enqueue()

    run_worker()

    [message] = mailoutbox
    assert "Procurement Officer" in message.body
    ran.refresh()
    assert ran.status == TaskResultStatus.SUCCESSFUL
    assert ran.return_value == {"messages": 1, "posts": 1, "failed": 0}
    [waiting] = waiting_alert_runs()
    assert waiting.run_after == tasks.next_alert_run()
    run_worker()  # tomorrow's is not due: nothing more is sent
    assert len(mailoutbox) == 1 and waiting_alert_runs().count() == 1


def test_a_failed_alert_run_is_logged_and_the_next_one_still_queued(queue, settings, caplog):
    settings.SITE_URL, settings.DEBUG = "", False
    ran = tasks.send_alerts.enqueue()

    with caplog.at_level(logging.ERROR):
        run_worker()

    ran.refresh()
    assert ran.status == TaskResultStatus.FAILED
    assert "Set SITE_URL" in ran.errors[0].traceback
    [record] = [r for r in caplog.records if ran.id in r.getMessage()]
    assert record.levelno == logging.ERROR and "FAILED" in record.getMessage()
    assert "Set SITE_URL" in caplog.text  # with its traceback
    assert waiting_alert_runs().count() == 1


def test_a_failed_task_is_logged_with_its_traceback_not_lost(queue, caplog):
    failed = out_of_paper.enqueue()

    with caplog.at_level(logging.ERROR):
        run_worker()

    failed.refresh()
    assert failed.status == TaskResultStatus.FAILED
    [record] = [r for r in caplog.records if failed.id in r.getMessage()]
    assert record.name == "django_tasks" and record.levelno == logging.ERROR
    assert record.exc_info and "out of paper" in str(record.exc_info[1])


def test_the_alert_run_forgets_tasks_finished_over_a_week_ago(queue):
    old, recent = out_of_paper.enqueue(), out_of_paper.enqueue()
    run_worker()
    DBTaskResult.objects.filter(id=old.id).update(finished_at=timezone.now() - timedelta(days=8))
    tasks.send_alerts.enqueue()
    run_worker()
    assert not DBTaskResult.objects.filter(id=old.id).exists()
    assert DBTaskResult.objects.filter(id=recent.id).exists()


# manage.py send_alerts ----------------------------------------------------------------------


def test_send_alerts_queues_a_run_for_the_worker_beside_the_daily_one(queue, mailoutbox):
    run_worker()  # queues the daily run
    AlertFactory()
    PostFactory()
    out = StringIO()

    call_command("send_alerts", stdout=out)

    assert "Queued an alert run" in out.getvalue()
    assert not mailoutbox  # the worker sends it
    assert waiting_alert_runs().count() == 2  # this one, now, and the daily one
    run_worker()
    assert len(mailoutbox) == 1
    [daily] = waiting_alert_runs()
    assert daily.run_after == tasks.next_alert_run()
