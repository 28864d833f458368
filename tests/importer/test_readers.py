"""Each reader on documents the tests build: text in reading order, tables read as cells."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from tests.importer import builders as b
from vacancies.importer.errors import DocumentTooLarge
from vacancies.importer.grammar import Doc
from vacancies.importer.model import Block
from vacancies.importer.readers import read_blocks, read_pdf

SAMPLES = sorted(Path(__file__).resolve().parents[2].joinpath("samples").glob("*.txt"))

TWO_COLUMNS = b.Grid(
    rows=[
        [
            b.Cell(["Position:", "Special Assistant to the Deputy Head of Mission in Pristina"]),
            b.Cell(["Employment Regime:", "Seconded"]),
        ],
        [b.Cell(["Ref. Number:", "EK 60004"]), b.Cell(["Location:", "Western Balkans Region"])],
    ],
    widths=[0.3, 0.3],
)


def texts(blocks: list[Block]) -> list[str]:
    return [block.text for block in blocks]


def cells(blocks: list[Block]) -> list[tuple[str, int | None, int | None, int | None]]:
    return [(bl.text, bl.table, bl.row, bl.col) for bl in blocks if bl.kind == "cell"]


def docx_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- PDF -----------------------------------------------------------------------------


def test_pdf_gives_one_paragraph_block_per_paragraph():
    first = "The Special Assistant reports to the Deputy Head of Mission (DHoM) and is " * 2
    second = "The Mission takes no responsibility for family members of mission members. " * 2
    data = b.to_pdf([b.Para(first.strip()), b.Para(second.strip())])

    blocks = read_blocks(data, "call.pdf")

    assert [block.text.replace("\n", " ") for block in blocks] == [
        first.strip(),
        second.strip(),
        "1/1",  # the page footer: dropping it is the parser's business
    ]
    assert all(block.kind == "paragraph" for block in blocks)
    assert "\n" in blocks[0].text  # wrapped lines, joined with "\n"


def test_pdf_wrapped_lines_stay_in_their_paragraph():
    # A wrapped bullet whose next line starts with a capital is still one item.
    item = "To support the Head of Unit in operationalising the Mission mandate " * 3
    data = b.to_pdf([b.Bullet(item.strip()), b.Bullet("To draft reports;")], page_numbers=False)

    blocks = texts(read_blocks(data, "call.pdf"))

    assert len(blocks) == 2
    assert blocks[0].count("\n") >= 1
    assert " ".join(blocks[0].split("\n")) == "\u2022 " + item.strip()
    assert blocks[1] == "\u2022 To draft reports;"


def test_pdf_table_cells_are_paragraphs_of_their_own():
    # Cells side by side: a layout-sorting extractor would interleave their lines
    # ("Position: Employment Regime:"); the reader keeps each cell whole, in order.
    blocks = texts(read_blocks(b.to_pdf([TWO_COLUMNS], page_numbers=False), "call.pdf"))

    assert [block.replace("\n", " ") for block in blocks] == [
        "Position: Special Assistant to the Deputy Head of Mission in Pristina",
        "Employment Regime: Seconded",
        "Ref. Number: EK 60004",
        "Location: Western Balkans Region",
    ]
    assert blocks[0].count("\n") >= 2  # the title wrapped in its narrow cell


def test_pdf_pages_are_read_in_order():
    call = b.example_call([b.example_post(n) for n in range(1, 4)])

    blocks = texts(read_blocks(b.eeas_pdf(call), "call.pdf"))

    refs = [
        line[:8] for block in blocks for line in block.split("\n") if line.startswith("EK 6100")
    ]
    assert refs == ["EK 61001", "EK 61002", "EK 61003"] * 2  # summary table, then posts


def test_pdf_running_footers_and_headers_are_dropped():
    call = b.example_call([b.example_post(n) for n in range(1, 4)])

    blocks = texts(read_blocks(b.eeas_pdf(call), "call.pdf"))

    assert len(read_pdf(b.eeas_pdf(call))) > 5 and not [t for t in blocks if t.endswith("/5")]


@pytest.mark.parametrize("order", ["cells", "lines"])
def test_pdf_table_cells_are_whole_whatever_order_they_are_drawn_in(order):
    """Word draws a cell's lines together; other converters draw each row's first lines
    across its cells, then the second lines: the cells read the same."""
    data = b.ruled_table_pdf(
        [
            [
                "Position:\nSenior Watchkeeper\nand Duty Officer",
                "Ref. Number:\nGEO MM 33",
                "Confirmed\nVacancies: 1",
            ],
            ["Location:\nTbilisi", "Availability:\nASAP", "Pending\nVacancies: 0"],
        ],
        widths=[150, 90, 80],
        order=order,
    )

    assert cells(read_blocks(data, "call.pdf")) == [
        ("Position:\nSenior Watchkeeper\nand Duty Officer", 0, 0, 0),
        ("Ref. Number:\nGEO MM 33", 0, 0, 1),
        ("Confirmed\nVacancies: 1", 0, 0, 2),
        ("Location:\nTbilisi", 0, 1, 0),
        ("Availability:\nASAP", 0, 1, 1),
        ("Pending\nVacancies: 0", 0, 1, 2),
    ]


def test_pdf_a_word_broken_in_a_narrow_cell_is_joined_again():
    """Word breaks a word that does not fit its column inside the word; the document
    prints it whole elsewhere (the post's own table), which tells it from two words."""
    grid = b.Grid(
        [
            [
                b.Cell(["Physician"]),
                b.Cell(["Communications Officer"]),
                b.Cell(["Applications must"]),
            ]
        ],
        widths=[0.06, 0.2, 0.14],
    )
    data = b.to_pdf([grid, b.Para("Position: Physician")], page_numbers=False)

    assert [text for text, *_ in cells(read_blocks(data, "call.pdf"))] == [
        "Physician",
        "Communications\nOfficer",
        "Applications\nmust",
    ]


@pytest.mark.parametrize(
    "last_row, next_row, read",
    [
        # a row Word broke across the page break: one row
        (["Position:", "Employment Regime:", "Post Category for"],
         ["Police Adviser (InfoOps)", "Seconded", "Contracted:"],
         ["Position:\nPolice Adviser (InfoOps)", "Employment Regime:\nSeconded",
          "Post Category for\nContracted:"]),
        # a row that ends its page, then the next row: two rows
        (["Position:\nDoctor", "Employment Regime:\nSeconded", "Post Category:\nExpert"],
         ["Ref. Number:\nSOM 045", "Location:\nMogadishu", "Availability:\nASAP"],
         ["Position:\nDoctor", "Employment Regime:\nSeconded", "Post Category:\nExpert",
          "Ref. Number:\nSOM 045", "Location:\nMogadishu", "Availability:\nASAP"]),
    ],
)  # fmt: skip
def test_pdf_a_row_broken_across_a_page_break_is_one_row(last_row, next_row, read):
    data = b.ruled_table_pdf([last_row, next_row], widths=[150, 120, 120], pages=[1, 1])

    assert [text for text, *_ in cells(read_blocks(data, "call.pdf"))] == read


def test_pdf_tables_come_where_they_sit_among_paragraphs():
    data = b.to_pdf(
        [b.Para("Before the table."), TWO_COLUMNS, b.Para("After the table.")], page_numbers=False
    )

    blocks = read_blocks(data, "call.pdf")

    assert [block.kind for block in blocks] == ["paragraph"] + ["cell"] * 4 + ["paragraph"]


def test_pdf_after_junk_bytes_is_still_a_pdf():
    # Mail gateways and some tools put bytes before "%PDF-"; readers allow up to 1 KB.
    data = b"Content-Type: application/pdf\r\n\r\n" + b.to_pdf([b.Para("Annex 1")])

    assert texts(read_blocks(data, "call.pdf")) == ["Annex 1", "1/1"]


def test_pdf_with_only_an_owner_password_is_read():
    # Permissions-only encryption (no password to open) is common on official PDFs.
    blocks = read_blocks(b.encrypted_pdf(user_password=""), "call.pdf")

    assert texts(blocks)[0] == "Call for Contributions 3-2025"


def test_pdf_over_the_page_limit_is_refused():
    call = b.example_call([b.example_post(1)])

    with pytest.raises(DocumentTooLarge, match="has 2 pages: the limit is 1"):
        read_pdf(b.eeas_pdf(call), max_pages=1)


# -- DOCX ----------------------------------------------------------------------------


def test_docx_reads_headings_paragraphs_and_tables_in_document_order():
    data = b.to_docx(
        [b.Para("V. JOB DESCRIPTIONS", "heading"), TWO_COLUMNS, b.Para("1. Reporting Line:")]
    )

    blocks = read_blocks(data, "call.docx")

    assert [(bl.kind, bl.text) for bl in blocks] == [
        ("heading", "V. JOB DESCRIPTIONS"),
        ("cell", "Position:\nSpecial Assistant to the Deputy Head of Mission in Pristina"),
        ("cell", "Employment Regime:\nSeconded"),
        ("cell", "Ref. Number:\nEK 60004"),
        ("cell", "Location:\nWestern Balkans Region"),
        ("paragraph", "1. Reporting Line:"),
    ]


def test_docx_cells_say_where_they_sat():
    data = b.to_docx([b.Para("Before"), TWO_COLUMNS, TWO_COLUMNS])

    positions = [(table, row, col) for _, table, row, col in cells(read_blocks(data, "c.docx"))]

    assert positions == [
        (0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1),  # the first table
        (1, 0, 0), (1, 0, 1), (1, 1, 0), (1, 1, 1),  # the second
    ]  # fmt: skip


def test_docx_horizontally_merged_cell_is_reported_once():
    grid = b.Grid(
        rows=[
            [b.Cell(["Deadline for applications:"]), b.Cell(["Friday, 14 November 2025"], span=3)],
            [
                b.Cell(["EK 60004"]),
                b.Cell(["Special Assistant"]),
                b.Cell(["Pristina"]),
                b.Cell(["ASAP"]),
            ],
        ],
        widths=[0.25] * 4,
    )

    found = cells(read_blocks(b.to_docx([grid]), "call.docx"))

    assert found == [
        ("Deadline for applications:", 0, 0, 0),
        ("Friday, 14 November 2025", 0, 0, 1),
        ("EK 60004", 0, 1, 0),
        ("Special Assistant", 0, 1, 1),
        ("Pristina", 0, 1, 2),
        ("ASAP", 0, 1, 3),
    ]


def test_docx_vertically_merged_cell_is_reported_once():
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "EK 60092"
    table.cell(0, 1).text = "ASAP"
    table.cell(1, 1).text = "23 Jan 2026"

    found = cells(read_blocks(docx_bytes(document), "call.docx"))

    assert found == [("EK 60092", 0, 0, 0), ("ASAP", 0, 0, 1), ("23 Jan 2026", 0, 1, 1)]


def test_docx_nested_table_follows_its_cell():
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Job titles/ vacancy notice:"
    holder = outer.cell(0, 1)
    holder.text = "Seconded (1)"
    inner = holder.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "EK 60004"
    inner.cell(0, 1).text = "Special Assistant"
    document.add_paragraph("After the table")

    blocks = read_blocks(docx_bytes(document), "call.docx")

    assert [(bl.text, bl.table, bl.row, bl.col) for bl in blocks] == [
        ("Job titles/ vacancy notice:", 0, 0, 0),
        ("Seconded (1)", 0, 0, 1),
        ("EK 60004", 1, 0, 0),
        ("Special Assistant", 1, 0, 1),
        ("After the table", None, None, None),
    ]


def test_docx_list_paragraphs_start_with_the_label_word_shows():
    document = docx.Document()
    document.add_paragraph("Reporting Line:", style="List Number")
    document.add_paragraph("To draft reports;", style="List Bullet")
    document.add_paragraph("Main Tasks and Responsibilities:", style="List Number")

    lines = texts(read_blocks(docx_bytes(document), "call.docx"))

    assert lines == [
        "1. Reporting Line:",
        "\u2022 To draft reports;",
        "2. Main Tasks and Responsibilities:",
    ]


def test_docx_empty_paragraphs_and_cells_give_no_blocks():
    document = docx.Document()
    document.add_paragraph("")
    document.add_paragraph("   ")
    document.add_table(rows=2, cols=2).cell(1, 1).text = "Only this"

    blocks = read_blocks(docx_bytes(document), "call.docx")

    assert blocks == [Block("Only this", kind="cell", table=0, row=1, col=1, whole=True)]


# -- type by content, and text ---------------------------------------------------------


@pytest.mark.parametrize("wrong_name", ["call.docx", "call.txt", "call", "call.PDF.exe"])
def test_pdf_is_read_as_pdf_whatever_its_name(wrong_name):
    data = b.to_pdf([TWO_COLUMNS], page_numbers=False)

    assert texts(read_blocks(data, wrong_name))[0].startswith("Position:\nSpecial Assistant")


@pytest.mark.parametrize("wrong_name", ["call.pdf", "call.txt", "call"])
def test_docx_is_read_as_docx_whatever_its_name(wrong_name):
    blocks = read_blocks(b.to_docx([TWO_COLUMNS]), wrong_name)

    assert blocks[0] == Block(
        "Position:\nSpecial Assistant to the Deputy Head of Mission in Pristina",
        "cell",
        0,
        0,
        0,
        whole=True,
    )


def test_text_named_pdf_is_read_as_text():
    blocks = read_blocks(b"Position: Executive Officer\n", "call.pdf")

    assert texts(blocks) == ["Position: Executive Officer"]


@pytest.mark.parametrize(
    "encoded",
    [
        "Café – Pristina".encode(),
        "Café – Pristina".encode("utf-8-sig"),
        "Café – Pristina".encode("utf-16"),  # Notepad's "Unicode": with a BOM
        "Café – Pristina".encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "cp1252"],
)
def test_text_encodings_are_decoded(encoded):
    assert texts(read_blocks(encoded, "call.txt")) == ["Café – Pristina"]


@pytest.mark.parametrize("sample", SAMPLES, ids=[path.name[:3] for path in SAMPLES])
def test_seed_samples_are_read_as_text(sample):
    blocks = read_blocks(sample.read_bytes(), sample.name)

    assert len(blocks) > 20
    assert all(block.text.strip() for block in blocks)


def test_running_page_numbers_count_up_in_ascii_digits_only():
    """A copy's bare page numbers are dropped; a superscript "²" alone is kept as text."""
    doc = Doc.from_blocks([Block("1"), Block("²"), Block("Text"), Block("2"), Block("3")])

    assert [line for line in doc.lines if line] == ["²", "Text"]
