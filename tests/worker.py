"""The task queue as production runs it, for the tests that need more than tasks run as
they are queued (tests/settings.py): the ``queue`` fixture (tests/conftest.py) keeps the
tasks in the database, and ``run_worker`` runs ``manage.py db_worker`` until none is due.

The fixture makes the test transactional: the worker commits as it goes, and drops a
connection it finds inside a transaction.
"""

import signal
from io import StringIO

from django.core.management import call_command

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORKER_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)


def run_worker() -> str:
    """``manage.py db_worker --batch``: every task due, then it returns; what it printed."""
    handlers = {signum: signal.getsignal(signum) for signum in WORKER_SIGNALS}
    out = StringIO()
    try:
        call_command(
            "db_worker", batch=True, reload=False, startup_delay=False, interval=0, stdout=out
        )
    finally:  # the worker's own handlers for graceful stops; pytest's are put back
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
    return out.getvalue()
