"""ParsedCall -> database rows, in one transaction. The only ORM code of the importer.

Re-importing a call (same mission and reference) updates it in place: posts are matched
by ref and regime so their URLs stay the same; their vacancies and sections are replaced.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from .. import history, labels
from ..models import (
    Call,
    CallPart,
    Clearance,
    Mission,
    Organisation,
    Post,
    Regime,
    Section,
    Vacancy,
    vacancy_summary,
)
from .dates import END_OF_DAY
from .errors import ImportError
from .model import ParsedCall, ParsedPart, ParsedPost, ParsedSection, ParsedVacancy
from .readers import document_type

ORGANISATION_ACRONYMS = {
    "european external action service": "EEAS",
    "organization for security and co-operation in europe": "OSCE",
}
# The kept copy of a document is named for what it is, not for what the uploader called
# it: an HTML call is kept as .txt, so that no server ever serves it as a web page.
STORED_SUFFIX = {"pdf": ".pdf", "docx": ".docx", "text": ".txt"}
NO_CHANGE = "No change: the call is already up to date."


class IncompleteCall(ImportError):
    """The document was read but lacks something a call cannot be saved without."""


@dataclass
class Changes:
    """What saving a document changes of one thing: the call, or one of its posts."""

    subject: str  # "The call", or a post: "EK 60004 (Seconded)"
    lines: list[str]  # "Security clearance: EU SECRET → Not required"


@dataclass
class SaveResult:
    call: Call
    created: bool
    changes: list[Changes] = field(default_factory=list)


def deadline_of(parsed: ParsedCall) -> datetime:
    deadline = parsed.deadline
    if deadline is None:
        raise IncompleteCall(
            "The document states no deadline for applications, so it cannot be saved."
        )
    if isinstance(deadline, datetime):
        return deadline
    if isinstance(deadline, date):
        return timezone.make_aware(datetime.combine(deadline, END_OF_DAY))
    raise IncompleteCall(f"The deadline {deadline!r} is not a date.")


def post_values(parsed: ParsedPost) -> dict:
    return {
        "title": parsed.title,
        "grade": parsed.grade or "",
        "regime": parsed.regime or Regime.SECONDED,
        "post_category": parsed.post_category or "",
        "location": parsed.location or "",
        "duty_station": parsed.duty_station or "",
        "component": parsed.component or "",
        "clearance": Clearance.from_document(parsed.clearance),
        "open_to_third_states": parsed.open_to_third_states,
        "pending_deployment_acceptance": parsed.pending_deployment_acceptance,
    }


def post_key(ref: str, regime: str, title: str) -> tuple:
    return (ref, regime) if ref else ("", title)


def find_mission(parsed: ParsedCall) -> Mission | None:
    name = parsed.mission or parsed.organisation
    return Mission.objects.filter(name=name).first() if name else None


def find_existing(parsed: ParsedCall) -> Call | None:
    """The call this document would update: same mission and reference (or title if none)."""
    mission = find_mission(parsed)
    if mission is None:
        return None
    calls = Call.objects.filter(mission=mission)
    if parsed.reference:
        return calls.filter(reference=parsed.reference).first()
    return calls.filter(reference="", title=parsed.title).first()


def describe_changes(existing: Call | None, parsed: ParsedCall) -> list[Changes]:
    """What saving ``parsed`` would change, field by field, in words HR staff check against
    the document before confirming: the call's own fields first, then each post's."""
    if existing is None:
        return [Changes("The call", [f"New call with {len(parsed.posts)} post(s)."])]
    changes = [Changes("The call", _call_changes(existing, parsed))]
    posts = existing.posts.prefetch_related("vacancies", "sections")
    old_posts = {post_key(p.ref, p.regime, p.title): p for p in posts}
    for new in parsed.posts:
        values = post_values(new)
        old = old_posts.pop(post_key(new.ref or "", values["regime"], new.title), None)
        subject = _post_subject(new.ref, values["regime"], new.title)
        if old is None:
            changes.append(Changes(subject, [_new_post(new)]))
        else:
            changes.append(Changes(subject, _post_changes(old, new, values)))
    for old in old_posts.values():
        changes.append(
            Changes(
                _post_subject(old.ref, old.regime, old.title),
                ["No longer in the call: the post and its page will be removed."],
            )
        )
    return [c for c in changes if c.lines] or [Changes("The call", [NO_CHANGE])]


def _call_changes(existing: Call, parsed: ParsedCall) -> list[str]:
    old, new = existing, parsed
    day, text, when = labels.day, labels.text, labels.brussels_time
    lines = [
        f"{label}: {before} → {after}"
        for label, before, after in [
            ("Title", _quoted(old.title), _quoted(new.title)),
            ("Kind", Call.Kind(old.kind).label, Call.Kind(new.kind).label),
            ("Deadline", when(old.deadline), when(deadline_of(new))),
            ("Publication date", day(old.publication_date), day(new.publication_date)),
            ("Contact e-mail", text(old.contact_email), text(new.contact_email)),
        ]
        if before != after
    ]
    lines += _text_changes("How to apply", old.how_to_apply, new.how_to_apply)
    if old.application_urls != new.application_urls:
        lines.append(f"Application links: {_list_diff(old.application_urls, new.application_urls)}")
    lines += _text_changes("Contact", old.contact, new.contact)
    return lines + _part_changes(list(old.parts.all()), new.parts)


def _part_changes(old_parts: list[CallPart], new_parts: list[ParsedPart]) -> list[str]:
    """General parts, matched by heading: each added, removed or with changed text."""
    lines, unmatched = [], list(old_parts)
    for new in new_parts:
        old = next((part for part in unmatched if part.heading == new.heading), None)
        if old is None:
            lines.append(f"{_part_name(new.heading)} added")
            continue
        unmatched.remove(old)
        lines += _text_changes(_part_name(new.heading), old.text, new.text)
    return lines + [f"{_part_name(old.heading)} removed" for old in unmatched]


def _part_name(heading: str) -> str:
    return f"General part {_quoted(heading) if heading else 'without a heading'}"


def _post_subject(ref: str | None, regime: str, title: str) -> str:
    return f"{ref or title} ({labels.regime(regime)})"


def _new_post(new: ParsedPost) -> str:
    vacancies = vacancy_summary((v.status, v.availability) for v in vacancies_of(new))
    sections = len(new.sections)
    return f"New post: {_quoted(new.title)}; vacancies: {vacancies}; {sections} section(s)."


def _post_changes(old: Post, new: ParsedPost, values: dict) -> list[str]:
    lines = []
    for name, label in labels.POST_FIELDS.items():
        before, after = _post_value(name, getattr(old, name)), _post_value(name, values[name])
        if before != after:
            lines.append(f"{label}: {before} → {after}")
    before = old.vacancy_summary()
    after = vacancy_summary((v.status, v.availability) for v in vacancies_of(new))
    if before != after:
        lines.append(f"Vacancies: {before} → {after}")
    return lines + _section_changes(list(old.sections.all()), new.sections)


def _post_value(name: str, value) -> str:
    if name == "clearance":
        return labels.clearance(value)
    if name == "regime":
        return labels.regime(value)
    if value is None or isinstance(value, bool):
        return labels.yes_no(value)
    return _quoted(value)


def _section_changes(old_sections: list[Section], new_sections: list[ParsedSection]) -> list[str]:
    """Sections matched by heading, then (a heading reworded) by kind: for each, the items
    added and removed; and the sections added and removed."""
    unmatched = list(old_sections)
    pairs: list[tuple[Section | None, ParsedSection]] = []
    for new in new_sections:
        old = next((s for s in unmatched if s.heading == new.heading), None)
        if old is not None:
            unmatched.remove(old)
        pairs.append((old, new))
    for i, (old, new) in enumerate(pairs):
        if old is None:
            same_kind = next((s for s in unmatched if s.kind == _section_kind(new.kind)), None)
            if same_kind is not None:
                unmatched.remove(same_kind)
                pairs[i] = (same_kind, new)
    lines = []
    for old, new in pairs:
        heading = _heading(new.heading)
        if old is None:
            lines.append(f"Section added: {heading} ({len(new.items)} item(s))")
            continue
        if old.heading != new.heading:
            lines.append(f"Section heading: {_quoted(old.heading)} → {_quoted(new.heading)}")
        if old.kind != _section_kind(new.kind):
            kinds = Section.Kind(old.kind).label, Section.Kind(_section_kind(new.kind)).label
            lines.append(f"{heading}: kind {kinds[0]} → {kinds[1]}")
        if list(old.items) != list(new.items):
            lines.append(f"{heading}: {_list_diff(list(old.items), list(new.items))}")
    lines += [f"Section removed: {_heading(old.heading)}" for old in unmatched]
    if not lines and [s.heading for s in old_sections] != [s.heading for s in new_sections]:
        lines.append("Sections in a new order")
    return lines


def _heading(heading: str) -> str:
    """ "2. Main Tasks:" -> "2. Main Tasks": the line goes on with a colon of its own."""
    return heading.rstrip(" :") or "(section without a heading)"


def _text_changes(label: str, old: str, new: str) -> list[str]:
    """One line: the whole text before and after when it is one paragraph, else the
    paragraphs added and removed (a how-to-apply text runs to pages)."""
    if old == new:
        return []
    before, after = _paragraphs(old), _paragraphs(new)
    if len(before) <= 1 and len(after) <= 1:
        return [f"{label}: {_quoted(old.strip())} → {_quoted(new.strip())}"]
    return [f"{label}: {_list_diff(before, after) or 'spacing and line breaks changed'}"]


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _list_diff(old: list[str], new: list[str]) -> str:
    """ "added 'a', 'b'; removed 'c'", or that the same items are in a new order."""
    added = _in_order(new, Counter(new) - Counter(old))
    removed = _in_order(old, Counter(old) - Counter(new))
    parts = []
    if added:
        parts.append("added " + ", ".join(map(_quoted, added)))
    if removed:
        parts.append("removed " + ", ".join(map(_quoted, removed)))
    if not parts and old != new:
        parts.append("the same items in a new order")
    return "; ".join(parts)


def _in_order(items: list[str], wanted: Counter) -> list[str]:
    found = []
    for item in items:
        if wanted[item] > 0:
            wanted[item] -= 1
            found.append(item)
    return found


def _quoted(text: str) -> str:
    return f"'{text}'" if text else labels.NOT_STATED


def vacancies_of(post: ParsedPost) -> list[ParsedVacancy]:
    """The post's vacancies; counts stated without availability rows mean ASAP."""
    if post.vacancies is not None:
        return post.vacancies
    return [ParsedVacancy(Vacancy.Status.CONFIRMED, None)] * (post.confirmed_vacancies or 0) + [
        ParsedVacancy(Vacancy.Status.PENDING, None)
    ] * (post.pending_vacancies or 0)


def _section_kind(kind: str) -> str:
    return kind if kind in Section.Kind.values else Section.Kind.OTHER


def check_complete(parsed: ParsedCall) -> None:
    """Refuse, before writing anything, what the database would refuse half-way."""
    if not parsed.posts:
        raise IncompleteCall("The document has no posts, so there is nothing to publish.")
    seen = set()
    for post in parsed.posts:
        key = post_key(post.ref or "", post.regime or Regime.SECONDED, post.title)
        if key in seen:
            raise IncompleteCall(
                f"The document lists post {post.ref or post.title} twice with the same regime."
            )
        seen.add(key)
    _check_lengths(parsed)


def _check_lengths(parsed: ParsedCall) -> None:
    """A text longer than its column is a document read wrongly (a table out of line, say):
    refuse it with a message rather than let the database refuse it half-way."""
    mission = parsed.mission or parsed.organisation or ""
    checks = [
        (
            "The call",
            Call,
            {
                "reference": parsed.reference,
                "title": parsed.title,
                "contact_email": parsed.contact_email,
            },
        ),
        (
            "The mission",
            Mission,
            {"name": mission, "acronym": parsed.mission_acronym, "country": _country(mission)},
        ),
        ("The organisation", Organisation, {"name": parsed.organisation}),
        *(("A link to apply", Call, {"application_urls": url}) for url in parsed.application_urls),
        *(
            (f"General part {n}", CallPart, {"heading": part.heading})
            for n, part in enumerate(parsed.parts, 1)
        ),
    ]
    for post in parsed.posts:
        label = f"Post {post.ref or post.title[:40]}"
        values = {**post_values(post), "ref": post.ref}
        checks.append(
            (
                label,
                Post,
                {
                    name: values[name]
                    for name in [
                        "ref",
                        "title",
                        "grade",
                        "post_category",
                        "location",
                        "duty_station",
                        "component",
                    ]
                },
            )
        )
        checks.extend((label, Section, {"heading": section.heading}) for section in post.sections)
    for what, model, values in checks:
        for name, value in values.items():
            field = model._meta.get_field(name)
            limit = getattr(field, "base_field", field).max_length
            if value and limit and len(value) > limit:
                raise IncompleteCall(
                    f"{what}: its {field.verbose_name} is {len(value)} characters long, more than the {limit}"
                    " it may have. Is the document laid out as the mission published it?"
                )


def save_call(
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
    deadline = deadline_of(parsed)
    check_complete(parsed)
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
    """ "3-2025.html" -> "3-2025.txt": the document's name with the suffix of its content."""
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
            "country": _country(name),
            "slug": _free_slug(parsed.mission_acronym or name),
        },
    )
    return mission


def _organisation(name: str) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        name=name, defaults={"acronym": ORGANISATION_ACRONYMS.get(name.lower(), "")}
    )
    return organisation


def _country(mission_name: str) -> str:
    """ "... Mission in Kosovo" -> "Kosovo"."""
    match = re.search(r"\b(?:in|to)\s+((?:the\s+)?[A-Z][\w\s'-]*)$", mission_name)
    return match.group(1).strip() if match else ""


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
            for post, new in zip(kept, parsed.posts)
            for i, v in enumerate(vacancies_of(new))
        ],
    )
    _create_with_history(
        Section,
        [
            Section(
                post=post,
                kind=_section_kind(s.kind),
                heading=s.heading,
                items=list(s.items),
                order=i,
            )
            for post, new in zip(kept, parsed.posts)
            for i, s in enumerate(new.sections)
        ],
    )


def _create_with_history(model, rows: list) -> None:
    """bulk_create, and their history records in bulk too (deletes record themselves)."""
    now = history.current()
    bulk_create_with_history(
        rows, model, default_user=now and now.user, default_change_reason=now and now.reason
    )
