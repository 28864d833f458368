"""Numbers a document states are bounded, and entity declarations are found however a
part is encoded or named.

The hostile documents are read in the sandbox (512 MB, 20 s), as uploads are: without its
bound one fails with the sandbox's refusal instead of taking the machine's memory.
"""

import pytest

from tests.importer import builders as b
from tests.importer import hostile_docx as h
from vacancies.importer import read_call
from vacancies.importer.errors import DocumentTooLarge, UnreadableDocument
from vacancies.importer.readers import read_blocks
from vacancies.importer.sandbox import run_limited


def limited(function, data: bytes):
    return run_limited(function, data, "call.docx", memory_mb=512, seconds=20)


def texts(data: bytes) -> list[str]:
    return [block.text for block in limited(read_blocks, data)]


# Word's list numbers ---------------------------------------------------------------------


def test_a_list_numbered_from_a_hundred_billion_in_roman_numerals_is_refused_in_one_line():
    with pytest.raises(UnreadableDocument) as raised:
        limited(read_blocks, h.numbered_list_docx("100000000000", "lowerRoman"))

    assert str(raised.value) == (
        "This Word document has a list numbered from 100,000,000,000; Word numbers lists up"
        " to 32,767: refusing a document Word did not write."
    )


def test_a_list_start_thousands_of_digits_long_is_refused_by_its_length():
    with pytest.raises(UnreadableDocument, match="from a 5000-digit number; Word numbers"):
        limited(read_blocks, h.numbered_list_docx("9" * 5000, "decimal"))


@pytest.mark.parametrize(
    "start, number_format, labels",
    [
        ("4", "lowerRoman", ["iv.", "v."]),
        ("32767", "decimal", ["32767.", "32768."]),  # Word's highest start, and on from it
        ("", "upperLetter", ["A.", "B."]),  # no start: from 1
    ],
)
def test_a_list_is_numbered_from_its_start_up_to_words_highest(start, number_format, labels):
    read = texts(h.numbered_list_docx(start, number_format, items=2))

    assert read == ["Call for Contributions", f"{labels[0]} Task 0", f"{labels[1]} Task 1"]


def test_a_label_that_repeats_its_number_fifty_thousand_times_is_cut_short():
    data = h.numbered_list_docx("30000", "lowerRoman", label="%1" * 50_000, items=1000)

    read = texts(data)

    assert len(read) == 1001 and max(len(text) for text in read) < 2000


# Word's tables ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "span, before, second_row_column",
    [("1000000000", "0", 0), ("1", "1000000000", 63), ("9" * 30, "0", 0)],
    ids=["cell spanning a billion columns", "row starting a billion columns in", "30 digits"],
)
def test_a_table_spanning_a_billion_columns_is_read_cell_by_cell(span, before, second_row_column):
    blocks = limited(read_blocks, h.spanned_table_docx(span, before))

    assert [(block.text, block.row, block.col) for block in blocks] == [
        ("Position:", 0, 0),
        ("Officer", 0, 1),
        ("Ref. Number:", 1, second_row_column),
    ]


# Counts the parsers read -----------------------------------------------------------------


@pytest.mark.parametrize("count", ["100000000000", "9" * 5000])
def test_a_post_with_more_than_999_vacancies_is_refused(count):
    post = b.example_post(1)
    post.confirmed_vacancies = count  # written as is by the builder

    with pytest.raises(DocumentTooLarge) as raised:
        limited(read_call, b.eeas_docx(b.example_call([post])))

    assert str(raised.value) == (
        "Post EK 61001: the document gives it more than 999 vacancies. Is the document laid"
        " out as the mission published it?"
    )


# Entity declarations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding, codec",
    [("UTF-32", "utf-32"), ("UTF-32BE", "utf-32-be"), ("UTF-7", "utf-7"), ("UTF-16", "utf-16")],
)
def test_a_doctype_is_refused_in_any_encoding_the_xml_parser_reads(encoding, codec):
    with pytest.raises(UnreadableDocument) as raised:
        read_blocks(h.xxe_docx_in(encoding, codec), "call.docx")

    assert str(raised.value) == (
        "This Word document is not safe to read: its part word/document.xml declares XML"
        " entities (a DOCTYPE), which Word never writes."
    )


def test_a_main_part_not_named_xml_is_the_part_that_is_read():
    data = h.main_part_not_named_xml(h.body_with_text("Read from body.dat"))

    assert texts(data) == ["Read from body.dat"]


def test_a_doctype_in_a_main_part_not_named_xml_is_refused():
    body = h.XXE_BODY.format(encoding="UTF-8").encode()

    with pytest.raises(UnreadableDocument, match=r"its part word/body\.dat declares XML entities"):
        read_blocks(h.main_part_not_named_xml(body), "call.docx")
