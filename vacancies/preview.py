"""What the admin's import preview shows of a call read from its document: every field that
reaches the public pages, under the labels those pages use, and each doubt next to the
field it is about, so that HR staff check it against the document before anything is public.
"""

from dataclasses import dataclass

from django.utils.text import capfirst

from . import labels
from .importer.model import Doubt, ParsedCall, ParsedPost
from .importer.stored import post_values, vacancies_of
from .models import CallKind, Regime, vacancy_summary

# The call's fields the preview shows, by the names the importer's doubts use.
CALL_FIELDS = {
    "title": "Title",
    "organisation": "Organisation",
    "mission": "Mission",
    "mission_acronym": "Short name",
    "reference": "Reference",
    "publication_date": "Publication date",
    "deadline": "Deadline",
    "how_to_apply": "How to apply",
    "application_urls": "Application links",
    "contact": "Contact",
    "contact_email": "Contact e-mail",
    "parts": "General parts",
    "posts": "Posts",
}
# A post's rows, in the order of its table. Doubts about a field shown within another
# row (the * on a ref, the counts of vacancies) are shown at that row.
POST_ROWS = {
    "ref": "Ref.",
    **labels.POST_FIELDS,
    "vacancies": "Vacancies",
    "category": "OSCE job category",
    "education_level": "Education level",
}
del POST_ROWS["pending_deployment_acceptance"]
SHOWN_AT = {
    "pending_deployment_acceptance": "ref",
    "confirmed_vacancies": "vacancies",
    "pending_vacancies": "vacancies",
}
# Rows a post of another kind does not have: shown when stated, doubted, or expected.
OSCE_ROWS = {"grade", "category", "education_level"}


@dataclass
class Check:
    """One doubt, for the list at the top: where it is (a link when it is shown) and why."""

    where: str
    reason: str
    anchor: str | None


@dataclass
class Row:
    name: str
    label: str
    value: str
    doubts: list[str]
    anchor: str


@dataclass
class PostPreview:
    number: int  # from 1, as HR staff count
    post: ParsedPost
    rows: list[Row]
    doubts: dict[str, list[str]]  # row -> reasons; "post": about a field not shown

    @property
    def anchor(self) -> str:
        return f"post-{self.number}"

    @property
    def name(self) -> str:
        return _post_name(self.number, self.post)

    @property
    def doubt_count(self) -> int:
        return sum(map(len, self.doubts.values()))

    @property
    def summary(self) -> list[str]:
        """The facts that tell one post from another in a list of thirty."""
        values = {row.name: row.value for row in self.rows}
        facts = [values["regime"], values["duty_station"], values["vacancies"]]
        return [fact for fact in facts if fact != labels.NOT_STATED]


@dataclass
class CallPreview:
    call: ParsedCall
    rows: list[Row]  # the call's facts; how to apply, parts and posts have their own places
    doubts: dict[str, list[str]]  # call field -> reasons
    posts: list[PostPreview]
    checks: list[Check]  # every doubt, in the importer's order


def call_preview(call: ParsedCall, doubts: list[Doubt]) -> CallPreview:
    """The preview of ``call`` with ``doubts`` (the importer's, and the preview's own)."""
    call_doubts: dict[str, list[str]] = {}
    post_doubts: list[dict[str, list[str]]] = [{} for _ in call.posts]
    checks = []
    for doubt in doubts:
        if doubt.post is not None and 0 <= doubt.post < len(call.posts):
            checks.append(_post_doubt(doubt, call.posts[doubt.post], post_doubts[doubt.post]))
        elif doubt.field in CALL_FIELDS:
            call_doubts.setdefault(doubt.field, []).append(doubt.reason)
            checks.append(Check(CALL_FIELDS[doubt.field], doubt.reason, f"call-{doubt.field}"))
        else:  # shown nowhere below: the list at the top is where HR staff read it
            checks.append(Check(doubt.field.replace("_", " ").capitalize(), doubt.reason, None))
    posts = [
        _post_preview(number, post, call, doubts)
        for number, (post, doubts) in enumerate(zip(call.posts, post_doubts, strict=True), 1)
    ]
    shown = {
        "title": call.title,
        "organisation": labels.text(call.organisation),
        "mission": labels.text(call.mission),
        "mission_acronym": labels.text(call.mission_acronym),
        "reference": labels.text(call.reference),
        "publication_date": labels.day(call.publication_date),
        "deadline": labels.deadline_text(call.deadline),
    }
    rows = [
        Row(name, CALL_FIELDS[name], value, call_doubts.get(name, []), f"call-{name}")
        for name, value in shown.items()
    ]
    return CallPreview(call=call, rows=rows, doubts=call_doubts, posts=posts, checks=checks)


def _post_doubt(doubt: Doubt, post: ParsedPost, doubts: dict[str, list[str]]) -> Check:
    """File the doubt under the post's row it is about; say where that is."""
    number = doubt.post + 1
    name = SHOWN_AT.get(doubt.field, doubt.field)
    if name not in POST_ROWS and name != "sections":
        name = "post"  # a field the preview does not show: said at the top of the post
    doubts.setdefault(name, []).append(doubt.reason)
    anchor = f"post-{number}" if name == "post" else f"post-{number}-{name}"
    where = {"post": doubt.field.replace("_", " "), "sections": "job description"}.get(name)
    return Check(f"{_post_name(number, post)}: {where or POST_ROWS[name]}", doubt.reason, anchor)


def _post_name(number: int, post: ParsedPost) -> str:
    """The post as the call's header table names it ("EK 60004*"), or "Post 3" without a ref."""
    if not post.ref:
        return f"Post {number}"
    return post.ref + ("*" if post.pending_deployment_acceptance else "")


def _post_preview(number: int, post: ParsedPost, call: ParsedCall, doubts: dict) -> PostPreview:
    values = post_values(post)  # as it will be stored: the regime's default, the clearance's level
    ref = labels.text(post.ref)
    if post.ref and post.pending_deployment_acceptance:
        ref = f"{post.ref}* (availability pending deployment acceptance)"
    shown = {
        "ref": ref,
        "title": post.title,
        "grade": labels.text(post.grade),
        "regime": labels.regime(values["regime"]),
        "post_category": labels.text(post.post_category),
        "location": labels.text(post.location),
        "duty_station": labels.text(post.duty_station),
        "component": labels.text(post.component),
        "clearance": labels.clearance(values["clearance"]),
        "open_to_third_states": labels.yes_no(post.open_to_third_states),
        "vacancies": capfirst(
            vacancy_summary((v.status, v.availability) for v in vacancies_of(post))
        ),
        "category": labels.text(post.category),
        "education_level": labels.text(post.education_level),
    }
    # Rows that only some posts have: shown when stated, doubted, or expected of the post.
    notice = call.kind == CallKind.VACANCY_NOTICE
    expected = {
        "post_category": values["regime"] != Regime.SECONDED,
        **dict.fromkeys(OSCE_ROWS, notice),
    }
    rows = [
        Row(name, label, shown[name], doubts.get(name, []), f"post-{number}-{name}")
        for name, label in POST_ROWS.items()
        if expected.get(name, True) or getattr(post, name) or name in doubts
    ]
    return PostPreview(number=number, post=post, rows=rows, doubts=doubts)
