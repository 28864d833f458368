from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from vacancies.checks import ORPHAN_AFTER_SECONDS, orphan_sources


class Command(BaseCommand):
    help = (
        "Remove the source documents under MEDIA_ROOT/calls/ that no call names (left by an"
        " import that was killed); files younger than"
        f" {ORPHAN_AFTER_SECONDS // 60} minutes are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say which files would be removed."
        )

    def handle(self, *, dry_run, **options):
        orphans = orphan_sources()
        if not orphans:
            self.stdout.write("No orphan source documents: nothing to remove.")
            return
        if not dry_run:
            for name in orphans:
                (Path(settings.MEDIA_ROOT) / name).unlink(missing_ok=True)
        verb = "Would remove" if dry_run else "Removed"
        self.stdout.write(f"{verb} {len(orphans)} orphan source document(s): {', '.join(orphans)}.")
