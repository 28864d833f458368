from django.core.management.base import BaseCommand

from vacancies.checks import ORPHAN_AFTER_SECONDS, orphan_sources
from vacancies.sources import source_storage


class Command(BaseCommand):
    help = (
        "Remove the source documents in calls/ of the media storage (MEDIA_ROOT, or the"
        " bucket of MEDIA_STORAGE_URL) that no call names (left by an import that was"
        f" killed); files younger than {ORPHAN_AFTER_SECONDS // 60} minutes are left alone."
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
            storage = source_storage()
            for name in orphans:
                storage.delete(name)  # a file already gone is no error, on disk or in a bucket
        verb = "Would remove" if dry_run else "Removed"
        self.stdout.write(f"{verb} {len(orphans)} orphan source document(s): {', '.join(orphans)}.")
