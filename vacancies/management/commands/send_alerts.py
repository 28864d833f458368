from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from vacancies.alerts import send_due_alerts

# `make run`'s address by default: the command cannot know the port the server was given.
DEBUG_SITE_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "E-mail each confirmed alert the posts that appeared since its last message, and forget "
        "addresses never confirmed. Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say who would get what; send and change nothing.",
        )

    def handle(self, *, dry_run, **options):
        site_url = (settings.SITE_URL or (DEBUG_SITE_URL if settings.DEBUG else "")).rstrip("/")
        if not site_url:
            raise CommandError(
                "Set SITE_URL (e.g. https://jobs.example.org): the e-mails link to the site."
            )
        result = send_due_alerts(site_url, dry_run=dry_run, log=self.stdout.write)
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            f"{verb} {result.messages} message(s) with {result.posts} post(s);"
            f" {result.failed} failed; "
            f"{result.skipped} alert(s) skipped (search no longer valid); "
            f"{result.purged} unconfirmed alert(s) removed."
        )
        if result.failed:
            raise CommandError(
                f"{result.failed} message(s) could not be sent; they are retried on the next run."
            )
