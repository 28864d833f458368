from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from vacancies.importer import errors, read_call
from vacancies.importer.save import save_call

SAMPLES_DIR = Path(settings.BASE_DIR) / "samples"


class Command(BaseCommand):
    help = "Load the sample calls in samples/ through the importer and publish them (idempotent)."

    def handle(self, **options):
        paths = sorted(
            p for p in SAMPLES_DIR.iterdir() if p.is_file() and not p.name.startswith(".")
        )
        if not paths:
            raise CommandError(f"No sample documents in {SAMPLES_DIR}.")
        created = updated = posts = 0
        for path in paths:
            data = path.read_bytes()
            try:
                result = save_call(
                    read_call(data, path.name),
                    publish=True,
                    source_name=path.name,
                    source_data=data,
                    reason=f"Sample {path.name} loaded by manage.py load_samples",
                )
            except errors.DocumentError as error:
                raise CommandError(f"{path.name}: {error}") from None
            created += result.created
            updated += not result.created
            posts += result.call.posts.count()
        self.stdout.write(
            f"Loaded {len(paths)} sample calls ({created} new, {updated} updated)"
            f" with {posts} posts."
        )
