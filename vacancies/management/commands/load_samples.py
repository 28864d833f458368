from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize

from vacancies.importer import errors, read_call
from vacancies.importer.save import save_call
from vacancies.listing import Listing

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
        self.stdout.write(board_summary())


def board_summary() -> str:
    """What the home page will say: the samples keep their documents' deadlines, so most of
    their posts are in the archive, not open."""
    listing = Listing()
    open_posts, archived = listing.total, listing.facets["status"]["closed"]
    opened = f"{open_posts} open post{pluralize(open_posts)}" if open_posts else "No open posts"
    return f"{opened}, {archived} in the archive (/posts/?status=closed)."
