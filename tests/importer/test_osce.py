"""OSCE vacancy notices in layouts the seed does not have."""

from __future__ import annotations

from datetime import date

import pytest

from vacancies.importer.errors import NotACall
from vacancies.importer.model import Block
from vacancies.importer.parse import parse_blocks
from vacancies.importer.text import read_text

NOTICE = """\
# Political Affairs Officer (S2)

Issued by: OSCE Presence in Albania
Vacancy Number: VNALBS01234
Closing Date: Dec 14, 2026
Category: Political Affairs
Level of Education: Master Degree
Location: Tirana

## Tasks and Responsibilities

Under the supervision of the Head of the Political Unit, the incumbent will:

1. Monitor political developments and report on them;
2. Draft analytical reports for the Head of Presence;
3. Perform other duties as assigned.

## General Minimum Requirements

- Excellent physical condition
- Possession of a valid automobile driving license

## Field of Expertise Requirements

- University education in political sciences or
  international relations
- Experience in drafting reports

## Level of Professional Competence Requirements

Education:
Second level university degree

Experience:
Minimum 6 years of relevant professional experience

## Mission Specific Requirements

Mandatory:

- Knowledge of the political situation in South-Eastern Europe;

Desirable:

- Knowledge of Albanian.

If you wish to apply for this position, please use the OSCE's online application link found \
under https://vacancies.osce.org/. Please apply well before the deadline.

The OSCE is committed to diversity and inclusion within its workforce.
"""


@pytest.fixture
def notice():
    return parse_blocks(read_text(NOTICE))


def test_notice_fields_are_read(notice):
    assert (notice.organisation, notice.mission, notice.kind) == (
        "Organization for Security and Co-operation in Europe",
        "OSCE Presence in Albania",
        "vacancy_notice",
    )
    assert (notice.title, notice.reference) == ("Political Affairs Officer (S2)", "VNALBS01234")


def test_month_first_deadline_is_a_date(notice):
    assert notice.deadline == date(2026, 12, 14)


def test_title_and_grade_are_split_and_a_seconded_grade_is_seconded(notice):
    (post,) = notice.posts

    assert (post.title, post.grade, post.regime) == ("Political Affairs Officer", "S2", "seconded")
    assert (post.ref, post.location, post.category, post.education_level) == (
        "VNALBS01234",
        "Tirana",
        "Political Affairs",
        "Master Degree",
    )


def test_sections_are_read_in_document_order(notice):
    (post,) = notice.posts

    assert [s.kind for s in post.sections] == [
        "tasks",
        "general_minimum_requirements",
        "field_of_expertise_requirements",
        "professional_competence_requirements",
        "mission_specific_mandatory",
        "mission_specific_desirable",
    ]


def test_items_are_whole_and_the_closing_text_is_not_a_requirement(notice):
    sections = {s.kind: s for s in notice.posts[0].sections}

    assert sections["tasks"].items[1:] == [
        "Monitor political developments and report on them;",
        "Draft analytical reports for the Head of Presence;",
        "Perform other duties as assigned.",
    ]
    assert sections["field_of_expertise_requirements"].items == [
        "University education in political sciences or international relations",
        "Experience in drafting reports",
    ]
    assert sections["professional_competence_requirements"].items == [
        "Education: Second level university degree",
        "Experience: Minimum 6 years of relevant professional experience",
    ]
    assert sections["mission_specific_desirable"].items == ["Knowledge of Albanian."]
    assert notice.parts[0].text.endswith("diversity and inclusion within its workforce.")


def test_how_to_apply_and_its_url(notice):
    assert notice.application_urls == ["https://vacancies.osce.org/"]
    assert notice.how_to_apply.startswith("If you wish to apply for this position")


def test_an_acronym_the_notice_does_not_state_is_not_invented(notice):
    assert notice.mission_acronym is None


def test_an_acronym_spelling_the_missions_initials_is_read():
    text = NOTICE.replace(
        "Issued by: OSCE Presence in Albania", "Issued by: OSCE Mission to Moldova"
    )
    text += "\nThe OMtM is an equal opportunity employer.\n"

    notice = parse_blocks(read_text(text))

    assert (notice.mission, notice.mission_acronym) == ("OSCE Mission to Moldova", "OMtM")


def test_a_professional_grade_is_a_contracted_post():
    text = NOTICE.replace("(S2)", "(P3)")

    (post,) = parse_blocks(read_text(text)).posts

    assert (post.grade, post.regime) == ("P3", "contracted")


def test_contract_type_wins_over_the_grade():
    text = NOTICE.replace(
        "Location: Tirana", "Location: Tirana\nContract Type: International Contracted"
    )

    (post,) = parse_blocks(read_text(text)).posts

    assert post.regime == "contracted"


def test_labels_and_values_on_separate_blocks_are_read():
    blocks = [Block(line) for line in NOTICE.replace(": ", ":\n").splitlines() if line.strip()]

    notice = parse_blocks(blocks)

    assert (notice.deadline, notice.posts[0].category) == (date(2026, 12, 14), "Political Affairs")


def test_an_osce_page_without_requirement_sections_is_refused():
    text = (
        "OSCE Mission in Kosovo\n\nThe OSCE Mission in Kosovo publishes its annual report."
        "\n\nGeneral Minimum Requirements apply."
    )

    with pytest.raises(NotACall, match="requirement sections"):
        parse_blocks(read_text(text))
