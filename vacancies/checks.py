"""System checks of the app (``manage.py check``): source documents that no call names, and
the alert settings."""

from datetime import timedelta

from django.conf import settings
from django.core.checks import Error as CheckError
from django.core.checks import Warning as CheckWarning
from django.core.checks import register
from django.db import DatabaseError
from django.utils import timezone

from missionjobs.middleware import parse_rate

from .models import Call
from .sources import STORAGE_ERRORS, modified_time, source_storage, stored_files

# An import writes its document before its rows commit: a file younger than this may
# belong to an import still running, and is not an orphan yet.
ORPHAN_AFTER_SECONDS = 15 * 60
SHOWN_NAMES = 20
SOURCES_DIR = "calls"  # Call.source_document's upload_to, less its year


def orphan_sources() -> list[str]:
    """Files in the storage's calls/ (MEDIA_ROOT's, or the bucket's) that no
    Call.source_document names (left by an import that was killed), as the storage names
    them, sorted. Asks the database only when there are files, so that a fresh install
    checks without one."""
    storage = source_storage()
    files = set(stored_files(storage, SOURCES_DIR))
    if not files:
        return []
    named = Call.objects.exclude(source_document="").values_list("source_document", flat=True)
    cutoff = timezone.now() - timedelta(seconds=ORPHAN_AFTER_SECONDS)
    # The age of the unnamed ones only: on S3 each is a request. None: deleted meanwhile.
    written = {name: modified_time(storage, name) for name in files - set(named)}
    return sorted(name for name, time in written.items() if time is not None and time < cutoff)


@register()
def check_orphan_sources(app_configs=None, **kwargs):
    try:
        orphans = orphan_sources()
    except DatabaseError:  # no database yet (before migrate), or not reachable: nothing to say
        return []
    except STORAGE_ERRORS as error:  # the bucket unreachable: say so, but let manage.py run
        return [
            CheckWarning(
                f"The source documents' storage could not be listed: {error}",
                hint="Check MEDIA_STORAGE_URL (or MEDIA_ROOT) and that the storage is reachable.",
                id="vacancies.W002",
            )
        ]
    if not orphans:
        return []
    names = ", ".join(orphans[:SHOWN_NAMES])
    if len(orphans) > SHOWN_NAMES:
        names += f" and {len(orphans) - SHOWN_NAMES} more"
    return [
        CheckWarning(
            f"{len(orphans)} source document(s) in the media storage belong to no call (left by an"
            f" import that was stopped): {names}.",
            hint="Remove them with `manage.py remove_orphan_sources` (`--dry-run` lists them).",
            id="vacancies.W001",
        )
    ]


@register()
def check_alert_mailbox_rate(app_configs=None, **kwargs):
    """The rate limits of the middleware are checked as it starts; this one is read by the
    alert thread, which would only log a typo, once per sign-up."""
    try:
        parse_rate(settings.RATELIMIT_ALERT_MAILBOX)
    except ValueError as error:
        return [CheckError(f"RATELIMIT_ALERT_MAILBOX: {error}", id="vacancies.E001")]
    return []
