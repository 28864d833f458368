from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from vacancies import tasks
from vacancies.alerts import run_site_url, send_due_alerts


class Command(BaseCommand):
    help = (
        "E-mail each confirmed alert the posts that appeared since its last message, and forget"
        " addresses never confirmed. The worker (manage.py db_worker) does it daily by itself:"
        " this queues a run for it now, or with --now runs it here."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Run here and now rather than in the worker, and report what was sent.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say who would get what; send and change nothing (here and now).",
        )

    def handle(self, *, now, dry_run, **options):
        try:
            site_url = run_site_url()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        if not (now or dry_run):
            tasks.send_alerts.enqueue()  # which queues the next daily run, if none is waiting
            self.stdout.write("Queued an alert run: the worker (manage.py db_worker) sends it.")
            return
        result = send_due_alerts(site_url, dry_run=dry_run, log=self.stdout.write)
        self.stdout.write(result.summary(dry_run=dry_run))
        if result.failed:
            raise CommandError(
                f"{result.failed} message(s) could not be sent; they are retried on the next run."
            )
