"""ParsedCall -> database rows, in one transaction. The only ORM code of the importer
that writes.

Re-importing a call (same mission and reference) updates it in place: posts are matched
by ref and regime so their URLs stay the same; their vacancies and sections are replaced.
"""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from .. import history
from ..models import Call, CallPart, Mission, Organisation, Post, Section, Vacancy
from .changes import Changes, describe_changes
from .check import check_complete, deadline_of, post_key
from .errors import IncompleteCall
from .model import ParsedCall
from .names import mission_country
from .readers import document_type
from .stored import column, find_existing, post_values, section_kind, vacancies_of

ORGANISATION_ACRONYMS = {
    "european external action service": "EEAS",
    "organization for security and co-operation in europe": "OSCE",
}
# The kept copy of a document is named for what it is, not for what the uploader called
# it: an HTML call is kept as .txt, so that no server ever serves it as a web page.
STORED_SUFFIX = {"pdf": ".pdf", "docx": ".docx", "text": ".txt"}


@dataclass
class SaveResult:
    call: Call
    created: bool
    changes: list[Changes] = field(default_factory=list)


def save_call(  # noqa: PLR0913  (one document, and keyword-only options of its import)
    parsed: ParsedCall,
    *,
    publish: bool = False,
    source_name: str | None = None,
    source_data: bytes | None = None,
    user=None,
    reason: str | None = None,
) -> SaveResult:
    """Create or update the call; all or nothing.

    Every row written or deleted leaves a history record by ``user`` (None when nobody is
    logged in, as for ``manage.py import_call``) with ``reason``.
    """
    check_complete(parsed, column)
    deadline = deadline_of(parsed)
    stored_file = None
    reason = reason or f"Imported from {source_name or 'a document'}"
    try:
        with history.recording(user=user, reason=reason), transaction.atomic():
            existing = find_existing(parsed)
            changes = describe_changes(existing, parsed)
            call = existing or Call(mission=_mission(parsed))
            _fill_call(call, parsed, deadline)
            if source_data is not None:
                replaced = call.source_document.name
                name = stored_name(source_name, source_data)
                call.source_document.save(name, ContentFile(source_data), save=False)
                stored_file = call.source_document.name
                if replaced:
                    storage = call.source_document.storage
                    transaction.on_commit(lambda: storage.delete(replaced))
            call.save()
            _save_parts(call, parsed)
            _save_posts(call, parsed)
            if publish:
                call.publish()
    except Exception:
        if stored_file:  # the rows are rolled back: don't leave their file behind
            call.source_document.storage.delete(stored_file)
        raise
    return SaveResult(call=call, created=existing is None, changes=changes)


def stored_name(source_name: str | None, data: bytes) -> str:
    """The document's name with the suffix of its content: "3-2025.html" -> "3-2025.txt"."""
    stem = PurePath(source_name or "call").stem or "call"
    return stem + STORED_SUFFIX[document_type(data)]


def _mission(parsed: ParsedCall) -> Mission:
    name = parsed.mission or parsed.organisation
    if not name:
        raise IncompleteCall("The document does not say which mission it is from.")
    organisation = _organisation(parsed.organisation or name)
    mission, _ = Mission.objects.get_or_create(
        name=name,
        defaults={
            "organisation": organisation,
            "acronym": parsed.mission_acronym or "",
            "country": mission_country(name),
            "slug": _free_slug(parsed.mission_acronym or name),
        },
    )
    return mission


def _organisation(name: str) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        name=name, defaults={"acronym": ORGANISATION_ACRONYMS.get(name.lower(), "")}
    )
    return organisation


def _free_slug(text: str) -> str:
    base = slugify(text)[:70] or "mission"
    slug, n = base, 2
    while Mission.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _fill_call(call: Call, parsed: ParsedCall, deadline: datetime) -> None:
    call.reference = parsed.reference or ""
    call.title = parsed.title
    call.slug = slugify(parsed.title)[:80] or "call"
    call.kind = parsed.kind
    call.deadline = deadline
    call.publication_date = parsed.publication_date
    call.how_to_apply = parsed.how_to_apply
    call.application_urls = list(parsed.application_urls)
    call.contact = parsed.contact
    call.contact_email = parsed.contact_email or ""


def _save_parts(call: Call, parsed: ParsedCall) -> None:
    call.parts.all().delete()
    _create_with_history(
        CallPart,
        [
            CallPart(call=call, order=i, heading=part.heading, text=part.text)
            for i, part in enumerate(parsed.parts)
        ],
    )


def _save_posts(call: Call, parsed: ParsedCall) -> None:
    old_posts = {post_key(p.ref, p.regime, p.title): p for p in call.posts.all()}
    kept = []
    for order, new in enumerate(parsed.posts):
        values = post_values(new)
        post = old_posts.pop(post_key(new.ref or "", values["regime"], new.title), None) or Post(
            call=call
        )
        for name, value in values.items():
            setattr(post, name, value)
        post.ref = new.ref or ""
        post.order = order
        post.slug = slugify(new.title)[:80] or "post"
        post.save()
        kept.append(post)
    Post.objects.filter(pk__in=[p.pk for p in old_posts.values()]).delete()
    Vacancy.objects.filter(post__in=kept).delete()
    Section.objects.filter(post__in=kept).delete()
    _create_with_history(
        Vacancy,
        [
            Vacancy(post=post, status=v.status, availability=v.availability, order=i)
            for post, new in zip(kept, parsed.posts, strict=True)
            for i, v in enumerate(vacancies_of(new))
        ],
    )
    _create_with_history(
        Section,
        [
            Section(
                post=post,
                kind=section_kind(s.kind),
                heading=s.heading,
                items=list(s.items),
                order=i,
            )
            for post, new in zip(kept, parsed.posts, strict=True)
            for i, s in enumerate(new.sections)
        ],
    )


def _create_with_history(model, rows: list) -> None:
    """bulk_create, and their history records in bulk too (deletes record themselves)."""
    now = history.current()
    bulk_create_with_history(
        rows, model, default_user=now and now.user, default_change_reason=now and now.reason
    )
