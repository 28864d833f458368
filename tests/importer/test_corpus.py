"""The importer on the corpus: real missions' calls in their own layouts, each as text,
DOCX and PDF, against what a person read from the real call (tests/importer/corpus/).

Every field of every document is checked. A few fields of text copied out of a PDF
cannot be read back (``LIMITS``); they are listed, with why, and the test fails if one
of them is read right one day, so the list stays true.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from tests.importer.corpus.compare import compare
from vacancies.importer import read_call
from vacancies.importer.model import ParsedCall

CORPUS = Path(__file__).resolve().parent / "corpus"
DOCUMENTS = sorted(path.parent.name for path in CORPUS.glob("*/expected.json"))
FORMATS = ["call.txt", "call.docx", "call.pdf"]
NOT_TEXT = re.compile("[\ue000-\uf8ff\ufffd]")

# Text copied out of a PDF keeps no columns and no blank lines: a table row that Word
# broke across a page break comes out as one line of labels, then one line of values,
# and paragraphs without bullets run together. The PDF and the DOCX of the same calls
# read right.
ROW_ACROSS_PAGES = "a row broken across a page break, copied as text"
RUN_TOGETHER = "paragraphs without blank lines between them, copied as text"
LIMITS = {
    ("eucap-somalia-2-2020", "call.txt"): {
        "SOM 107 title": ROW_ACROSS_PAGES,
        "SOM 107 regime": ROW_ACROSS_PAGES,
        "doubt on SOM 107 title": ROW_ACROSS_PAGES,
        "SOM 045 title": ROW_ACROSS_PAGES,
        "SOM 045 post_category": ROW_ACROSS_PAGES,
        "SOM 045 duty_station": ROW_ACROSS_PAGES,
    },
    ("eumm-georgia-2-2016", "call.txt"): {"GEO OE 02b component": ROW_ACROSS_PAGES},
    ("osce-srb-vnsrms00674", "call.txt"): {
        "how_to_apply": RUN_TOGETHER,
        "VNSRMS00674 section 3 item 1": RUN_TOGETHER,
        "VNSRMS00674 section 3 item 2": RUN_TOGETHER,
        "VNSRMS00674 section 3 item 3": RUN_TOGETHER,
    },
}


def expected(document: str) -> dict:
    return json.loads((CORPUS / document / "expected.json").read_text(encoding="utf-8"))


@cache
def read(document: str, name: str) -> ParsedCall:
    path = CORPUS / document / name
    return read_call(path.read_bytes(), name)


def wrong_fields(document: str, name: str) -> dict[str, str]:
    """Field -> what was wrong with it ("SOM 107 title: expected ..., got ...")."""
    result = compare(expected(document), read(document, name).as_dict())
    return {line.split(": ", 1)[0]: line for line in result.wrong}


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_field_is_read_as_the_real_call_states_it(document, name):
    limits = LIMITS.get((document, name), {})

    wrong = wrong_fields(document, name)

    assert [line for field, line in wrong.items() if field not in limits] == []
    assert sorted(field for field in limits if field not in wrong) == [], "a limit is fixed"


def test_the_corpus_covers_twelve_calls_of_eight_missions_and_four_osce_notices():
    eu = "European External Action Service"
    calls = [d for d in DOCUMENTS if expected(d)["organisation"] == eu]
    notices = [d for d in DOCUMENTS if expected(d)["organisation"] != eu]
    missions = {expected(d)["mission"] for d in calls}

    assert len(calls) >= 12 and len(missions) >= 8 and len(notices) >= 4


def test_some_pdfs_carry_words_bullets_as_symbol_font_glyphs():
    """PDFs written from Word: U+F0B7 and Wingdings' codes in the text layer."""
    import pypdfium2 as pdfium

    def glyphs(document: str) -> set[str]:
        pdf = pdfium.PdfDocument((CORPUS / document / "call.pdf").read_bytes())
        text = "".join(page.get_textpage().get_text_range() for page in pdf)
        return set(NOT_TEXT.findall(text))

    found = set().union(*(glyphs(d) for d in DOCUMENTS))

    assert {"\uf0b7", "\uf0d8"} <= found


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_no_private_use_character_or_replacement_character_is_read(document, name):
    call = read(document, name)

    assert NOT_TEXT.findall(json.dumps(call.as_dict(), ensure_ascii=False)) == []


# -- each class of failure the issue reports, on the documents that show it -----------------


def test_a_portal_closing_time_on_a_12_hour_clock_is_read_as_the_evening():
    for name in FORMATS:
        assert read("osce-omik-kos000431", name).deadline.isoformat() == "2026-02-06T23:59:00+01:00"


@pytest.mark.parametrize("name", FORMATS)
def test_glyph_bullets_are_items_of_their_own(name):
    # EUCAP Somalia's call: Word's Symbol bullets, in all three formats.
    tasks = read("eucap-somalia-2-2020", name).posts[0].sections[1]

    assert len(tasks.items) == len(
        expected("eucap-somalia-2-2020")["posts"][0]["sections"][1]["items"]
    )


@pytest.mark.parametrize("name", FORMATS)
def test_a_title_ending_in_a_bracket_leaves_a_clean_duty_station(name):
    police = next(p for p in read("eucap-somalia-2-2020", name).posts if p.ref == "SOM 107")

    assert police.duty_station == "Mogadishu"


@pytest.mark.parametrize("name", FORMATS)
def test_how_to_apply_stops_at_the_next_heading_and_keeps_its_links(name):
    call = read("eumm-georgia-2-2019", name)

    assert "GENERAL CONDITIONS" not in call.how_to_apply
    assert call.application_urls == expected("eumm-georgia-2-2019")["application_urls"]


@pytest.mark.parametrize(
    "document, short_name",
    [("eucap-somalia-2-2020", "EUCAP Somalia"), ("eubam-libya-2-2020", "EUBAM Libya"),
     ("eucap-sahel-niger-2-2015", "EUCAP Sahel Niger"), ("eumm-georgia-2-2016", "EUMM Georgia")],
)  # fmt: skip
def test_short_names_with_a_place_in_them(document, short_name):
    assert {read(document, name).mission_acronym for name in FORMATS} == {short_name}


def test_a_pdf_drawn_line_by_line_reads_as_well_as_its_docx():
    # EUMM Georgia's 2-2016 call: narrow columns, cells drawn line by line across rows.
    assert wrong_fields("eumm-georgia-2-2016", "call.pdf") == {}


@pytest.mark.parametrize("name", FORMATS)
def test_a_portal_notice_gives_its_duty_station_vacancies_and_way_to_apply(name):
    call = read("osce-omik-kos000431", name)
    (post,) = call.posts

    assert (post.duty_station, post.confirmed_vacancies, len(post.vacancies)) == ("Pristina", 1, 1)
    assert call.application_urls == ["https://vacancies.osce.org/"]
    assert call.how_to_apply.startswith("If you wish to apply for this position")
