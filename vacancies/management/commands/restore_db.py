from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from missionjobs import backup


class Command(BaseCommand):
    help = (
        "Restore a backup_db FILE into the configured database, which must be new and empty; "
        "then run migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, metavar="FILE")

    def handle(self, *, path, **options):
        try:
            backup.restore(path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {path}. Run `manage.py migrate` if this code is newer than the backup."
        )
