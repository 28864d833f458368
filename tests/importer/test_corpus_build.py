"""The corpus renderer and comparer (tests/importer/corpus/) on a tiny document."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

import docx
import pytest

from tests.importer.corpus import build as corpus_build
from tests.importer.corpus.compare import compare
from tests.importer.corpus.document import DocumentError, parse
from tests.importer.corpus.render_pdf import pdf_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TINY = {
    "sources": ["https://example.org/call.pdf"],
    "text_style": "pdf-copy",
    "pdf": {"font_size": 10, "draw_order": "cells"},
    "elements": [
        {"p": "1-2026 Call for Contributions", "style": "title"},
        {"list": ["Reports to the Head of Mission;", "Drafts reports."], "bullet": "\uf0b7"},
        {
            "table": [
                [{"text": "Organisation:", "bold": True}, {"text": "EUCAP Somalia", "span": 2}],
                ["Position:\nMedical Adviser", "Physician", "Location:\nMogadishu"],
            ],
            "widths": [0.4, 0.1, 0.5],
        },
    ],
}


def write(folder: Path, document: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "document.json").write_text(json.dumps(document), encoding="utf-8")
    return folder


def with_draw_order(draw_order: str) -> dict:
    return {**TINY, "pdf": {**TINY["pdf"], "draw_order": draw_order}}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = write(tmp_path_factory.mktemp("corpus") / "tiny", TINY)
    corpus_build.build(folder)
    return folder


@pytest.fixture(scope="module")
def built_in_lines_order(tmp_path_factory) -> Path:
    folder = write(tmp_path_factory.mktemp("corpus") / "tiny", with_draw_order("lines"))
    corpus_build.build(folder)
    return folder


def test_build_writes_text_docx_and_pdf_next_to_the_document(built):
    assert sorted(path.name for path in built.iterdir()) == [
        "call.docx",
        "call.pdf",
        "call.txt",
        "document.json",
    ]


def test_building_twice_gives_the_same_bytes(built, tmp_path):
    again = write(tmp_path / "tiny", TINY)

    corpus_build.build(again)

    for name in ("call.txt", "call.docx", "call.pdf"):
        assert (again / name).read_bytes() == (built / name).read_bytes(), name


def test_pdf_copy_keeps_a_symbol_bullet_as_its_private_use_code(built):
    text = (built / "call.txt").read_text(encoding="utf-8")

    assert "\uf0b7 Reports to the Head of Mission;" in text.splitlines()


def test_lines_draw_order_interleaves_the_cells_of_a_row(built, built_in_lines_order):
    by_cell = pdf_text((built / "call.pdf").read_bytes())
    by_line = pdf_text((built_in_lines_order / "call.pdf").read_bytes())

    assert by_cell.index("Medical Adviser") < by_cell.index("Location:")
    assert by_line.index("Location:") < by_line.index("Medical Adviser")


def test_a_word_wider_than_its_column_is_broken_inside_the_word(built):
    lines = pdf_text((built / "call.pdf").read_bytes()).splitlines()

    assert "Physician" not in lines
    assert any(a + b == "Physician" for a, b in itertools.pairwise(lines))


def test_docx_list_is_word_numbering_with_the_symbol_glyph(built):
    document = docx.Document(io.BytesIO((built / "call.docx").read_bytes()))
    item = next(p for p in document.paragraphs if p.text == "Drafts reports.")
    num_id = item._p.pPr.numPr.numId.val
    numbering = document.part.numbering_part.element
    abstract = numbering.num_having_numId(num_id).abstractNumId.val
    level = numbering.find(f"{W}abstractNum[@{W}abstractNumId='{abstract}']/{W}lvl")

    assert level.find(f"{W}numFmt").get(f"{W}val") == "bullet"
    assert level.find(f"{W}lvlText").get(f"{W}val") == "\uf0b7"
    assert level.find(f"{W}rPr/{W}rFonts").get(f"{W}ascii") == "Symbol"


def test_docx_spanning_cell_is_one_merged_cell(built):
    table = docx.Document(io.BytesIO((built / "call.docx").read_bytes())).tables[0]

    assert table.rows[0].cells[1]._tc is table.rows[0].cells[2]._tc
    assert table.rows[0].cells[1]._tc.grid_span == 2


@pytest.mark.parametrize(
    "change, message",
    [
        ({"elements": [{"para": "x"}]}, "elements[0]: unknown element"),
        ({"elements": [{"table": [["a", "b"]], "widths": [1.0]}]}, "cover 2 grid columns"),
        ({"elements": [{"table": [["a"]], "widths": [0.8, 0.4]}]}, "add up to 1.2"),
        ({"elements": [{"list": ["a"], "bullet": "*"}]}, "is not a bullet Word draws"),
    ],
)
def test_a_bad_document_is_refused_saying_where(change, message):
    with pytest.raises(DocumentError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse({**TINY, **change})


def test_build_command_reports_a_bad_document_in_one_line_and_fails(tmp_path, monkeypatch, capsys):
    write(tmp_path / "broken", {"elements": [{"para": "x"}]})
    monkeypatch.setattr(corpus_build, "CORPUS", tmp_path)

    assert corpus_build.main(["broken"]) == 1
    assert capsys.readouterr().err.count("\n") == 1


# -- compare ---------------------------------------------------------------------------

EXPECTED = {
    "source": "call.pdf",
    "reference": "2-2020",
    "publication_date": None,
    "how_to_apply": "Apply online:\nhttps://goalkeeper.eeas.europa.eu",
    "posts": [{"ref": "EK 60004", "duty_station": "Mogadishu"}],
}


def test_compare_counts_and_names_a_wrong_field():
    got = {**EXPECTED, "posts": [{"ref": "EK 60004", "duty_station": ") Mogadishu"}]}

    result = compare(EXPECTED, got)

    assert result.checked == 5
    assert result.wrong == ["EK 60004 duty_station: expected 'Mogadishu', got ') Mogadishu'"]
    assert result.accuracy == pytest.approx(4 / 5)


@pytest.mark.parametrize("read, right", [(None, True), ("", True), ("2020-06-01", False)])
def test_compare_takes_null_as_must_read_nothing(read, right):
    result = compare(EXPECTED, {**EXPECTED, "publication_date": read})

    assert (result.wrong == []) is right


def test_compare_collapses_whitespace_in_how_to_apply():
    got = {**EXPECTED, "how_to_apply": "Apply   online: https://goalkeeper.eeas.europa.eu "}

    assert compare(EXPECTED, got).wrong == []
