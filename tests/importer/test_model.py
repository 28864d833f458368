"""A parsed call as JSON and back (``ParsedCall.to_json``/``from_json``): what the worker
hands over from the document it read to the preview and the save."""

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.factories import parsed_call, parsed_post
from vacancies.importer import read_call
from vacancies.importer.dates import BRUSSELS
from vacancies.importer.model import ParsedCall, ParsedVacancy

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted((ROOT / "samples").glob("*")) + sorted(
    (ROOT / "tests" / "importer" / "corpus").glob("*/call.txt")
)


def through_json(call: ParsedCall) -> ParsedCall:
    return ParsedCall.from_json(json.loads(json.dumps(call.to_json())))


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.parent.name + "/" + path.name)
def test_every_document_read_comes_back_from_json_as_it_was(path):
    call = read_call(path.read_bytes(), path.name)
    assert through_json(call) == call


def test_a_deadline_comes_back_in_brussels_time_or_as_a_date():
    at_five = datetime(2030, 6, 14, 17, 0, tzinfo=BRUSSELS)
    timed = through_json(parsed_call(deadline=at_five))
    assert timed.deadline == at_five and timed.deadline.tzinfo is BRUSSELS
    dated = through_json(parsed_call(deadline=date(2030, 6, 14)))
    assert dated.deadline == date(2030, 6, 14) and type(dated.deadline) is date


def test_vacancies_stated_one_by_one_or_only_counted_come_back_so():
    listed = parsed_post("EK 1", vacancies=[ParsedVacancy("pending", date(2031, 1, 23))])
    counted = parsed_post("EK 2", vacancies=None, confirmed_vacancies=2)
    call = through_json(parsed_call(listed, counted))
    assert call.posts[0].vacancies == [ParsedVacancy("pending", date(2031, 1, 23))]
    assert call.posts[1].vacancies is None and call.posts[1].confirmed_vacancies == 2
