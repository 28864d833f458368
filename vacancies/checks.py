"""System checks of the app (``manage.py check``): source documents that no call names, and
the alert settings."""

import time
from pathlib import Path

from django.conf import settings
from django.core.checks import Error as CheckError
from django.core.checks import Warning as CheckWarning
from django.core.checks import register
from django.db import DatabaseError

from missionjobs.middleware import parse_rate

from .models import Call

# An import writes its document before its rows commit: a file younger than this may
# belong to an import still running, and is not an orphan yet.
ORPHAN_AFTER_SECONDS = 15 * 60
SHOWN_NAMES = 20


def sources_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "calls"


def orphan_sources() -> list[str]:
    """Files under MEDIA_ROOT/calls/ that no Call.source_document names (left by an import
    that was killed), as names relative to MEDIA_ROOT, sorted. Asks the database only when
    there are files, so that a fresh install checks without one."""
    root, cutoff = Path(settings.MEDIA_ROOT), time.time() - ORPHAN_AFTER_SECONDS
    files = {
        path.relative_to(root).as_posix()
        for path in sources_dir().rglob("*")
        if path.is_file() and path.stat().st_mtime < cutoff
    }
    if not files:
        return []
    named = Call.objects.exclude(source_document="").values_list("source_document", flat=True)
    return sorted(files - set(named))


@register()
def check_orphan_sources(app_configs=None, **kwargs):
    try:
        orphans = orphan_sources()
    except DatabaseError:  # no database yet (before migrate), or not reachable: nothing to say
        return []
    if not orphans:
        return []
    names = ", ".join(orphans[:SHOWN_NAMES])
    if len(orphans) > SHOWN_NAMES:
        names += f" and {len(orphans) - SHOWN_NAMES} more"
    return [
        CheckWarning(
            f"{len(orphans)} source document(s) in MEDIA_ROOT belong to no call (left by an"
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
