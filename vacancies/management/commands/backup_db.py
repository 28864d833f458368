from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from missionjobs import backup


class Command(BaseCommand):
    help = "Dump the whole database to FILE (pg_dump's custom format; restore_db reads it)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, metavar="FILE")

    def handle(self, *, path, **options):
        try:
            backup.dump(path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Saved the database to {path} ({path.stat().st_size / 1024 / 1024:.1f} MB)."
        )
