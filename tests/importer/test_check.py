"""Before saving: what a call cannot be saved without is refused, on files alone."""

from datetime import date

import pytest

from vacancies.importer.check import check_complete
from vacancies.importer.errors import IncompleteCall
from vacancies.importer.model import ParsedCall, ParsedPost


def call(*posts: ParsedPost, **fields) -> ParsedCall:
    defaults = {
        "organisation": "European External Action Service",
        "mission": "European Union Rule of Law Mission in Kosovo",
        "mission_acronym": "EULEX",
        "reference": "3-2025",
        "title": "3-2025 Call for Contributions",
        "kind": "call_for_contributions",
        "deadline": date(2025, 11, 14),
    }
    return ParsedCall(
        posts=list(posts) or [ParsedPost("EK 1", "Justice Monitor")], **defaults | fields
    )


def columns_of(length: int, post_length: int | None = None):
    """Every column holds ``length`` characters (a post's ``post_length``): no database."""
    return lambda model, name: (
        name.replace("_", " "),
        post_length if model == "Post" and post_length else length,
    )


def test_a_call_that_fits_its_columns_is_not_refused():
    check_complete(call(), columns_of(200))


def test_a_text_longer_than_its_column_is_refused_naming_what_and_where():
    post = ParsedPost("EK 1", "Monitor", duty_station="x" * 41)
    with pytest.raises(IncompleteCall, match=r"^Post EK 1: its duty station is 41 characters"):
        check_complete(call(post), columns_of(200, post_length=40))


def test_a_post_without_a_regime_is_the_seconded_post_of_the_same_ref():
    posts = ParsedPost("EK 1", "Monitor", regime=None), ParsedPost("EK 1", "Monitor", "seconded")
    with pytest.raises(IncompleteCall, match="lists post EK 1 twice with the same regime"):
        check_complete(call(*posts), columns_of(200))
