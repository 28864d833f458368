"""What the importer read against a corpus document's expected.json, field by field.

    result = compare(expected, call.as_dict())
    result.checked, result.wrong, result.accuracy

The rules (README.md, "Comparing"): every key of expected.json is a field, null included
(null: the importer must read nothing, None, "" or []), except ``source``, ``format``,
``note`` and ``notes``. ``how_to_apply`` and ``contact`` are compared with whitespace
collapsed. Posts are compared in order, each of their keys one field; ``vacancies`` is
one field per vacancy; ``sections`` is each section's kind, heading and each item (by
position, whitespace collapsed); ``doubts`` is each expected (field, post) pair. Anything
read beyond what is expected (a post, vacancy, section, item or doubt) is one more field,
and wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NOT_FIELDS = {"source", "format", "note", "notes"}
COLLAPSED = {"how_to_apply", "contact"}
# Golden-file keys that qualify another field rather than being one.
NOT_POST_FIELDS = {"duty_station_also_accepted"}
EMPTY = (None, "", [])
MISSING = object()  # in a post, vacancy or section the importer did not read at all


@dataclass
class Comparison:
    checked: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return (self.checked - len(self.wrong)) / self.checked if self.checked else 1.0

    def check(self, where: str, expected, got, *, same: bool | None = None) -> None:
        """One field: right when ``same`` (by default: ``got`` is what was expected)."""
        self.checked += 1
        if same is None:
            same = _same(expected, got)
        if not same:
            shown = "nothing read" if got is MISSING else f"got {got!r}"
            self.wrong.append(f"{where}: expected {expected!r}, {shown}")

    def unexpected(self, where: str, got) -> None:
        """Something read that the document does not have."""
        self.checked += 1
        self.wrong.append(f"{where}: not expected, got {got!r}")


def compare(expected: dict, got: dict) -> Comparison:
    result = Comparison()
    for name, want in expected.items():
        if name in NOT_FIELDS:
            continue
        if name == "posts":
            _posts(result, want or [], got.get("posts") or [])
        elif name == "doubts":
            _doubts(result, want or [], got.get("doubts") or [], expected.get("posts") or [])
        elif name in COLLAPSED:
            value = got.get(name)
            result.check(name, want, value, same=_collapse(want) == _collapse(value))
        else:
            result.check(name, want, got.get(name))
    return result


def _same(expected, got) -> bool:
    if got is MISSING:
        return False
    return got in EMPTY if expected is None else got == expected


def _collapse(value) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _post_name(post: dict, index: int) -> str:
    return post.get("ref") or post.get("title") or f"post {index + 1}"


def _posts(result: Comparison, expected: list[dict], got: list[dict]) -> None:
    for index, want in enumerate(expected):
        read = index < len(got)  # a post not read: each of its fields is wrong
        post = got[index] if read else {}
        where = _post_name(want, index)
        for name, value in want.items():
            if name in NOT_POST_FIELDS:
                continue
            found = post.get(name) if read else MISSING
            if name == "vacancies" and value is not None:
                _vacancies(result, where, value, post.get(name) or [])
            elif name == "sections" and value is not None:
                _sections(result, where, value, post.get(name) or [])
            elif name == "duty_station" and found in want.get("duty_station_also_accepted", []):
                result.check(f"{where} {name}", value, found, same=True)
            else:
                result.check(f"{where} {name}", value, found)
    for index, post in enumerate(got[len(expected) :], start=len(expected)):
        result.unexpected(f"post {index + 1}", f"{post.get('ref')} {post.get('title')}")


def _vacancies(result: Comparison, post: str, expected: list[dict], got: list[dict]) -> None:
    for n, want in enumerate(expected):
        result.check(f"{post} vacancy {n + 1}", want, got[n] if n < len(got) else MISSING)
    for n, extra in enumerate(got[len(expected) :], start=len(expected)):
        result.unexpected(f"{post} vacancy {n + 1}", extra)


def _sections(result: Comparison, post: str, expected: list[dict], got: list[dict]) -> None:
    for n, want in enumerate(expected):
        section = got[n] if n < len(got) else None
        where = f"{post} section {n + 1}"
        if section is None:
            result.check(f"{where} kind", want["kind"], MISSING)
            result.check(f"{where} heading", want["heading"], MISSING)
            for i, item in enumerate(want["items"]):
                result.check(f"{where} item {i + 1}", item, MISSING)
            continue
        result.check(f"{where} kind", want["kind"], section.get("kind"))
        heading = section.get("heading")
        same = _collapse(want["heading"]) == _collapse(heading)
        result.check(f"{where} heading", want["heading"], heading, same=same)
        items = section.get("items") or []
        for i, item in enumerate(want["items"]):
            found = items[i] if i < len(items) else MISSING
            same = found is not MISSING and _collapse(item) == _collapse(found)
            result.check(f"{where} item {i + 1}", item, found, same=same)
        for i, extra in enumerate(items[len(want["items"]) :], start=len(want["items"])):
            result.unexpected(f"{where} item {i + 1}", extra)
    for n, section in enumerate(got[len(expected) :], start=len(expected)):
        result.unexpected(
            f"{post} section {n + 1}", f"{section.get('kind')}: {section.get('heading')}"
        )


def _doubts(result: Comparison, expected: list[dict], got: list[dict], posts: list[dict]) -> None:
    def name(pair: tuple[str, int | None]) -> str:
        field_name, post = pair
        if post is None:
            return f"doubt on {field_name}"
        owner = _post_name(posts[post], post) if post < len(posts) else f"post {post + 1}"
        return f"doubt on {owner} {field_name}"

    wanted = {(doubt["field"], doubt.get("post")) for doubt in expected}
    raised = {(doubt["field"], doubt.get("post")) for doubt in got}
    for pair in sorted(wanted, key=str):
        result.check(name(pair), "raised", "raised" if pair in raised else "not raised")
    for pair in sorted(raised - wanted, key=str):
        result.unexpected(name(pair), "raised")
