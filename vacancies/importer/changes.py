"""What saving a document would change, in words HR staff check against the document
before confirming: the call's own fields first, then each post's, field by field.

    describe_changes(find_existing(parsed), parsed)   # [Changes("The call", [...]), ...]
"""

from collections import Counter
from dataclasses import dataclass

from .. import labels
from ..models import Call, CallPart, Post, Section, vacancy_summary
from .check import deadline_of, post_key
from .model import ParsedCall, ParsedPart, ParsedPost, ParsedSection
from .stored import post_values, section_kind, vacancies_of

NO_CHANGE = "No change: the call is already up to date."


@dataclass
class Changes:
    """What saving a document changes of one thing: the call, or one of its posts."""

    subject: str  # "The call", or a post: "EK 60004 (Seconded)"
    lines: list[str]  # "Security clearance: EU SECRET → Not required"


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
    changes.extend(
        Changes(
            _post_subject(old.ref, old.regime, old.title),
            ["No longer in the call: the post and its page will be removed."],
        )
        for old in old_posts.values()
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
    pairs, unmatched = _match_sections(old_sections, new_sections)
    lines = []
    for old, new in pairs:
        lines += _one_section_changes(old, new)
    lines += [f"Section removed: {_heading(old.heading)}" for old in unmatched]
    if not lines and [s.heading for s in old_sections] != [s.heading for s in new_sections]:
        lines.append("Sections in a new order")
    return lines


def _match_sections(
    old_sections: list[Section], new_sections: list[ParsedSection]
) -> tuple[list[tuple[Section | None, ParsedSection]], list[Section]]:
    """Each new section with the old one of its heading, else of its kind, else None; and
    the old sections left unmatched."""
    unmatched = list(old_sections)
    pairs: list[tuple[Section | None, ParsedSection]] = []
    for new in new_sections:
        old = next((s for s in unmatched if s.heading == new.heading), None)
        if old is not None:
            unmatched.remove(old)
        pairs.append((old, new))
    for i, (old, new) in enumerate(pairs):
        if old is None:
            same_kind = next((s for s in unmatched if s.kind == section_kind(new.kind)), None)
            if same_kind is not None:
                unmatched.remove(same_kind)
                pairs[i] = (same_kind, new)
    return pairs, unmatched


def _one_section_changes(old: Section | None, new: ParsedSection) -> list[str]:
    heading = _heading(new.heading)
    if old is None:
        return [f"Section added: {heading} ({len(new.items)} item(s))"]
    lines = []
    if old.heading != new.heading:
        lines.append(f"Section heading: {_quoted(old.heading)} → {_quoted(new.heading)}")
    if old.kind != section_kind(new.kind):
        kinds = Section.Kind(old.kind).label, Section.Kind(section_kind(new.kind)).label
        lines.append(f"{heading}: kind {kinds[0]} → {kinds[1]}")
    if list(old.items) != list(new.items):
        lines.append(f"{heading}: {_list_diff(list(old.items), list(new.items))}")
    return lines


def _heading(heading: str) -> str:
    """The heading without its closing colon ("2. Main Tasks:" -> "2. Main Tasks"): the
    line goes on with a colon of its own."""
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
    """The changes as "added 'a', 'b'; removed 'c'", or that the same items are in a new
    order."""
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
