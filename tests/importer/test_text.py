"""Plain text, Markdown and HTML -> blocks: structure kept, everything else data."""

from __future__ import annotations

from vacancies.importer.model import Block
from vacancies.importer.text import read_text


def texts(blocks: list[Block]) -> list[str]:
    return [block.text for block in blocks]


def test_blank_lines_separate_paragraphs_and_wrapped_lines_stay_together():
    blocks = read_text(
        "Position: \nSpecial Assistant to the Deputy \nHead of Mission \n\n\nLocation: Pristina\r\n"
    )

    assert texts(blocks) == [
        "Position:\nSpecial Assistant to the Deputy\nHead of Mission",
        "Location: Pristina",
    ]
    assert {block.kind for block in blocks} == {"paragraph"}


def test_hash_headings_are_heading_blocks_without_markup():
    (heading,) = read_text("### **1. Reporting Line:**")

    assert (heading.kind, heading.text) == ("heading", "1. Reporting Line:")


def test_tab_separated_lines_are_cells_with_their_place():
    blocks = read_text("Ref.:\tName of the post:\n\tEK 60021\tExecutive Officer\n\nAfter the table")

    assert [(b.kind, b.text, b.table, b.row, b.col) for b in blocks] == [
        ("cell", "Ref.:", 0, 0, 0),
        ("cell", "Name of the post:", 0, 0, 1),
        ("cell", "EK 60021", 0, 1, 1),
        ("cell", "Executive Officer", 0, 1, 2),
        ("paragraph", "After the table", None, None, None),
    ]


def test_markdown_tables_are_cells():
    blocks = read_text("| Ref. | Post |\n|---|---|\n| SOM 094 | Maritime Legal Adviser |")

    assert [(b.text, b.row, b.col) for b in blocks if b.kind == "cell"] == [
        ("Ref.", 0, 0),
        ("Post", 0, 1),
        ("SOM 094", 1, 0),
        ("Maritime Legal Adviser", 1, 1),
    ]


def test_emphasis_is_dropped_but_a_footnote_star_is_kept():
    (block,) = read_text("**Seconded personnel** – see *below*; EK 60265* is pending")

    assert block.text == "Seconded personnel – see below; EK 60265* is pending"


def test_tags_are_dropped_and_their_text_kept():
    (block,) = read_text("<b>Organisation:</b> <u>EULEX</u> &amp; partners&nbsp;here")

    assert block.text == "Organisation: EULEX & partners\xa0here"


def test_links_keep_their_address():
    blocks = read_text(
        '<p><a href="https://goalkeeper.eeas.europa.eu/registrar/web">Goalkeeper</a></p>'
        '<p><a href="https://example.eu/x">https://example.eu/x</a></p>'
        '<p><a href="mailto:hr@example.eu">hr@example.eu</a></p>'
        "<p>[the form](https://example.eu/form) and <https://example.eu/auto></p>"
    )

    assert texts(blocks) == [
        "Goalkeeper (https://goalkeeper.eeas.europa.eu/registrar/web)",
        "https://example.eu/x",
        "hr@example.eu",
        "the form (https://example.eu/form) and https://example.eu/auto",
    ]


def test_an_html_page_keeps_headings_lists_and_table_cells():
    page = (
        "<!DOCTYPE html><html><head><title>Call</title></head><body>"
        "<h2>I. GENERAL\n   CONDITIONS</h2>"
        "<table><tr><td>Position:</td><td>Field Monitor</td></tr></table>"
        "<ul><li>First item</li><li>Second\n item</li></ul>"
        "</body></html>"
    )

    assert [(b.kind, b.text) for b in read_text(page)] == [
        ("heading", "I. GENERAL CONDITIONS"),
        ("cell", "Position:"),
        ("cell", "Field Monitor"),
        ("paragraph", "• First item"),
        ("paragraph", "• Second item"),
    ]


def test_scripts_and_styles_are_dropped_with_their_content():
    page = (
        "<html><head><style>p { color: red }</style></head>"
        "<body><script>alert('x')</script><p>Kept</p></body></html>"
    )

    assert texts(read_text(page)) == ["Kept"]


def test_escaped_markup_stays_text_and_is_not_run_or_parsed():
    (block,) = read_text("<p>&lt;script&gt;alert(1)&lt;/script&gt; {{ request }} ${HOME}</p>")

    assert block.text == "<script>alert(1)</script> {{ request }} ${HOME}"


def test_entities_in_plain_text_are_decoded():
    (block,) = read_text("Justice &amp; Corrections &#8211; Case Monitoring & more")

    assert block.text == "Justice & Corrections – Case Monitoring & more"


def test_empty_text_has_no_blocks():
    assert read_text(" \n\t\n") == []
