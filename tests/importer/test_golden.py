"""The seeds against their golden files: every field the golden states must be read exactly.

``null`` in a golden file means "not stated in the document" and is not compared;
``duty_station_also_accepted`` lists other readings of an ambiguous header row.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vacancies.importer import names, read_call
from vacancies.importer.parse import parse_blocks
from vacancies.importer.text import read_text

ROOT = Path(__file__).resolve().parents[2]
# Copies of ../shared/golden: what the importer must read from each seed.
GOLDEN = sorted((Path(__file__).resolve().parent / "golden").glob("*.json"))
NOT_FIELDS = {"source", "format", "note", "posts"}
NOT_POST_FIELDS = {"duty_station_also_accepted"}


def golden(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def seed_text(expected: dict) -> str:
    return (ROOT / "samples" / expected["source"]).read_text(encoding="utf-8")


def mismatches(expected: dict, got: dict) -> list[str]:
    """Every stated golden field that the parse result does not match, in words."""
    found = [
        f"{name}: expected {value!r}, got {got.get(name)!r}"
        for name, value in expected.items()
        if name not in NOT_FIELDS and value is not None and got.get(name) != value
    ]
    if len(got["posts"]) != len(expected["posts"]):
        found.append(f"{len(got['posts'])} posts read, {len(expected['posts'])} expected")
    # Unequal counts are reported above: the posts read are compared all the same.
    for want, post in zip(expected["posts"], got["posts"], strict=False):
        for name, value in want.items():
            if name in NOT_POST_FIELDS or value is None:
                continue
            accepted = [value] + (
                want.get("duty_station_also_accepted", []) if name == "duty_station" else []
            )
            if post.get(name) not in accepted:
                found.append(f"{want['ref']} {name}: expected {value!r}, got {post.get(name)!r}")
    return found


@pytest.fixture(params=GOLDEN, ids=lambda path: path.stem[:3])
def expected(request) -> dict:
    return golden(request.param)


def test_there_is_a_golden_file_for_each_seed():
    assert [g.stem[:3] for g in GOLDEN] == ["000", "001", "003"]


def test_seed_text_parses_to_its_golden_file(expected):
    call = parse_blocks(read_text(seed_text(expected)))

    assert mismatches(expected, call.as_dict()) == []


def test_seed_file_imports_to_its_golden_file(expected):
    path = ROOT / "samples" / expected["source"]

    call = read_call(path.read_bytes(), path.name)

    assert mismatches(expected, call.as_dict()) == []


def test_golden_is_read_from_the_text_not_from_the_table_of_known_acronyms(expected, monkeypatch):
    monkeypatch.setattr(names, "KNOWN_MISSIONS", {})
    monkeypatch.setattr(names, "_FULL_NAMES", {})
    monkeypatch.setattr(names, "_SHORT_NAMES", {})

    call = parse_blocks(read_text(seed_text(expected)))

    assert call.mission_acronym == expected["mission_acronym"]


def test_every_section_of_a_seed_has_a_heading_and_items(expected):
    call = parse_blocks(read_text(seed_text(expected)))

    empty = [
        f"{post.ref} {section.kind}"
        for post in call.posts
        for section in post.sections
        if not section.heading
        or not section.items
        or not all(item.strip() for item in section.items)
    ]
    assert call.posts and empty == []


def test_seeds_raise_no_doubt_but_a_deadline_without_a_time(expected):
    call = parse_blocks(read_text(seed_text(expected)))

    dated_only = "T" not in expected["deadline"]
    assert [doubt.field for doubt in call.doubts] == (["deadline"] if dated_only else [])


def test_deadline_is_written_exactly_as_the_golden_file(expected):
    call = parse_blocks(read_text(seed_text(expected)))

    assert call.deadline.isoformat() == expected["deadline"]
