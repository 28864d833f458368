"""EU calls for contributions in layouts and wordings the seeds do not have (``textdocs``)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.importer import textdocs as t
from vacancies.importer.errors import NotACall
from vacancies.importer.items import split_items
from vacancies.importer.model import Block, ParsedCall, ParsedVacancy
from vacancies.importer.names import mission_names
from vacancies.importer.parse import parse_blocks
from vacancies.importer.text import read_text

BRUSSELS = ZoneInfo("Europe/Brussels")

LAYOUTS = {
    "pdf-text": lambda call: parse_blocks(read_text(t.pdf_text(call))),
    "one-block-per-line": lambda call: parse_blocks(t.line_blocks(call)),
    "docx-cells": lambda call: parse_blocks(t.cell_blocks(call)),
    "tab-separated": lambda call: parse_blocks(read_text(t.tabbed_text(call))),
    "html": lambda call: parse_blocks(read_text(t.html_page(call))),
}
POST_FIELDS = (
    "ref", "title", "regime", "post_category", "location", "duty_station", "component",
    "clearance", "open_to_third_states", "pending_deployment_acceptance",
    "confirmed_vacancies", "pending_vacancies", "vacancies",
)  # fmt: skip


@pytest.fixture(params=LAYOUTS, ids=str)
def variant(request) -> ParsedCall:
    return LAYOUTS[request.param](t.VARIANT)


def post(call: ParsedCall, ref: str):
    (found,) = [p for p in call.posts if p.ref == ref]
    return found


def test_call_fields_are_read_in_every_layout(variant):
    assert (variant.organisation, variant.mission, variant.mission_acronym) == (
        "European External Action Service",
        "European Union Monitoring Mission in Georgia",
        "EUMM",
    )
    assert (variant.reference, variant.title, variant.kind) == (
        "12-2024",
        "12-2024 Call for Contributions",
        "call_for_contributions",
    )
    assert variant.application_urls == ["https://goalkeeper.example.eu/apply"]
    assert variant.contact_email == "jane.doe@example.eu"
    assert [part.heading for part in variant.parts] == [
        "I. GENERAL CONDITIONS",
        "IV. ADDITIONAL INFORMATION",
    ]


def test_deadline_with_a_compact_time_is_brussels_time(variant):
    assert variant.deadline == datetime(2015, 10, 2, 17, 0, tzinfo=BRUSSELS)


def test_other_missions_refs_and_label_variants_are_read(variant):
    assert [p.ref for p in variant.posts] == ["GEO SW 03a", "LIBHM15", "SOM 094", "NI 11"]
    georgia = post(variant, "GEO SW 03a")
    assert {name: getattr(georgia, name) for name in POST_FIELDS} == {
        "ref": "GEO SW 03a",
        "title": "Field Monitor",
        "regime": "seconded",
        "post_category": None,
        "location": "Georgia",
        "duty_station": "Gori",
        "component": "Field Office Gori/ Monitoring Team",
        "clearance": "EU RESTRICTED",
        "open_to_third_states": True,
        "pending_deployment_acceptance": True,
        "confirmed_vacancies": 1,
        "pending_vacancies": 0,
        "vacancies": [ParsedVacancy("confirmed", date(2024, 12, 1))],
    }


def test_post_category_for_contracted_and_lower_case_clearance(variant):
    niger = post(variant, "NI 11")

    assert (niger.regime, niger.post_category) == (
        "contracted",
        "Mission Support Staff – Management Level (MSML)",
    )
    assert niger.clearance == "NOT REQUIRED"
    assert niger.component == "Mission Support Department/ Logistics Unit"
    assert niger.vacancies == [ParsedVacancy("confirmed", date(2025, 3, 15))]


def test_each_header_row_is_a_vacancy_confirmed_ones_first(variant):
    libya = post(variant, "LIBHM15")

    assert (libya.confirmed_vacancies, libya.pending_vacancies) == (1, 1)
    assert libya.vacancies == [
        ParsedVacancy("confirmed", date(2020, 10, 1)),
        ParsedVacancy("pending", None),
    ]


def test_wrapped_values_are_joined(variant):
    assert post(variant, "LIBHM15").component == "Operations Department/ Human Rights & Gender Unit"
    assert post(variant, "SOM 094").title == "Maritime Legal Adviser"


def test_a_post_may_have_six_sections(variant):
    kinds = [section.kind for section in post(variant, "LIBHM15").sections]

    assert kinds == [
        "reporting_line", "main_tasks", "general_tasks", "essential_qualifications",
        "essential_skills", "desirable_qualifications",
    ]  # fmt: skip


def test_sections_keep_their_items_whole(variant):
    (qualifications,) = [
        s for s in post(variant, "SOM 094").sections if s.kind == "essential_qualifications"
    ]

    assert qualifications.heading == "4. Essential Qualifications and Experience"
    assert qualifications.items == [
        (
            "Successful completion of university studies of at least 3 years attested by a diploma;"
            " AND"
        ),
        "A minimum of 3 years of relevant professional experience.",
    ]


def test_every_layout_reads_the_same_call():
    calls = {name: read(t.VARIANT) for name, read in LAYOUTS.items()}

    def essentials(call: ParsedCall) -> dict:
        data = call.as_dict()
        return {k: v for k, v in data.items() if k not in ("how_to_apply", "contact", "parts")}

    first = essentials(calls["pdf-text"])
    assert {name: essentials(call) == first for name, call in calls.items()} == dict.fromkeys(
        LAYOUTS, True
    )


def test_a_header_title_that_disagrees_is_reported_and_the_post_title_kept():
    call = parse_blocks(
        read_text(t.pdf_text(t.replace_row(t.VARIANT, "SOM 094", title="Senior Maritime Adviser")))
    )

    assert post(call, "SOM 094").title == "Maritime Legal Adviser"
    assert post(call, "SOM 094").duty_station == "Mogadishu"
    assert call.doubt_lines() == [
        (
            "SOM 094 title: The header table calls the post 'Senior Maritime Adviser' but its job "
            "description says 'Maritime Legal Adviser'; the job description's title is kept."
        )
    ]


def test_a_post_missing_from_the_header_table_is_reported():
    call = parse_blocks(read_text(t.pdf_text(t.without_rows(t.VARIANT, "LIBHM15"))))

    libya = post(call, "LIBHM15")
    assert (libya.confirmed_vacancies, libya.pending_vacancies) == (1, 1)
    assert libya.vacancies == [
        ParsedVacancy("confirmed", date(2020, 10, 1)),
        ParsedVacancy("pending", None),
    ]
    assert call.doubt_lines() == [
        "LIBHM15 ref: The post is not listed in the header table.",
        (
            "LIBHM15 duty station: No duty station: the header table gives none for this post and "
            "its job description has no 'Duty Station:'."
        ),
    ]


def test_more_rows_than_vacancies_stated_is_reported():
    extra = t.with_row(
        t.VARIANT, 0, t.Row("SOM 094", "Maritime Legal Adviser", "Mogadishu", "01 Jan 2026")
    )

    call = parse_blocks(read_text(t.pdf_text(extra)))

    assert post(call, "SOM 094").vacancies == [ParsedVacancy("confirmed", None)]
    assert call.doubt_lines() == [
        (
            "SOM 094 vacancies: The header table lists 2 vacancies but the job description states"
            " 1 confirmed and 0 pending vacancies; the job description's numbers are kept."
        )
    ]


def test_a_header_row_without_a_job_description_is_reported():
    extra = t.with_row(t.VARIANT, 1, t.Row("NI 12", "Driver", "Niamey", "ASAP"))

    call = parse_blocks(read_text(t.pdf_text(extra)))

    assert len(call.posts) == 4
    assert call.doubt_lines() == [
        "posts: NI 12 is listed in the header table, but no job description was found for it."
    ]


def test_rows_match_their_post_by_ref_when_the_group_regime_differs():
    text = t.tabbed_text(t.VARIANT).replace("Seconded (4)", "Seconded/Contracted (4)", 1)

    call = parse_blocks(read_text(text))

    assert post(call, "GEO SW 03a").duty_station == "Gori"
    assert post(call, "LIBHM15").vacancies == [
        ParsedVacancy("confirmed", date(2020, 10, 1)),
        ParsedVacancy("pending", None),
    ]
    assert call.doubts == []


def test_availability_stated_only_in_the_post_gives_the_vacancies():
    without_table = t.without_rows(t.without_rows(t.VARIANT, "LIBHM15"), "GEO SW 03a*")

    call = parse_blocks(read_text(t.pdf_text(without_table)))

    assert post(call, "GEO SW 03a").vacancies == [ParsedVacancy("confirmed", date(2024, 12, 1))]
    assert post(call, "GEO SW 03a").duty_station is None


def test_a_document_that_is_not_a_call_is_refused_with_a_reason():
    minutes = "Minutes of the staff meeting\n\nAttendees: the unit\n\n1. Budget\nIt was discussed."

    with pytest.raises(
        NotACall, match="does not look like a call for contributions or a vacancy notice"
    ):
        parse_blocks(read_text(minutes))


def test_an_empty_document_is_refused():
    with pytest.raises(NotACall, match="no text"):
        parse_blocks([Block("   "), Block("")])


def test_a_call_without_job_descriptions_is_refused_with_a_reason():
    header_only = t.Call(
        t.VARIANT.header, t.VARIANT.groups, t.VARIANT.closing, t.VARIANT.parts, posts=[]
    )
    text = (
        t.pdf_text(header_only) + "\nEmployment regime: seconded\nSecurity clearance is required."
    )

    with pytest.raises(NotACall, match="no job description was found"):
        parse_blocks(read_text(text))


def test_script_text_in_a_page_is_not_read_as_a_post():
    call = parse_blocks(read_text(t.html_page(t.VARIANT)))

    assert "Not a post" not in [p.title for p in call.posts]
    assert len(call.posts) == 4


# -- items -----------------------------------------------------------------------------------


def test_wrapped_lines_of_an_item_are_joined_even_one_block_per_line():
    lines = [
        "• To support the Head of Unit in the tasks set out in the",
        "",
        "Mission's planning documents;",
    ]

    assert split_items(lines).items == [
        "To support the Head of Unit in the tasks set out in the Mission's planning documents;"
    ]


def test_short_lower_case_bullets_stay_separate_items():
    assert split_items(["- drafting skills", "- analytical skills"]).items == [
        "drafting skills",
        "analytical skills",
    ]


def test_a_long_item_cut_by_a_repeated_bullet_is_joined_back():
    first = (
        "- To ensure the operation of the entire Mission network and to maintain the backup"
        " of Mission data"
    )

    assert split_items([first, "", "- under CIS control;"]).items == [
        first[2:] + " under CIS control;"
    ]


def test_a_sub_heading_after_a_finished_bullet_is_its_own_item():
    lines = [
        "• To develop the framework for the protection of classified information.",
        "Crypto Custodian",
        "• To assume responsibilities",
    ]

    assert split_items(lines).items == [
        "To develop the framework for the protection of classified information.",
        "Crypto Custodian",
        "To assume responsibilities",
    ]


def test_a_lone_and_joins_the_item_before_it():
    lines = ["- A university degree;", "AND", "- 3 years of experience."]

    assert split_items(lines).items == ["A university degree; AND", "3 years of experience."]


def test_paragraphs_after_the_last_bullet_are_trailing_text():
    found = split_items(
        ["- Perform other duties as assigned.", "", "The OSCE is committed to diversity."]
    )

    assert (found.items, found.trailing) == (
        ["Perform other duties as assigned."],
        ["The OSCE is committed to diversity."],
    )


@pytest.mark.parametrize(
    "junk",
    [
        "A" * 100_000,
        "a" * 100_000,
        "1. a" + " " * 100_000 + "b",
        "[" * 100_000,
        "# a" + " " * 100_000 + "b",
    ],
)
def test_long_lines_of_junk_are_refused(junk, hang_guard):
    with pytest.raises(NotACall):
        parse_blocks(read_text(junk))


def test_a_long_line_of_junk_in_a_call_is_passed_over(hang_guard):
    text = t.pdf_text(t.VARIANT).replace("Deadline for", "A" * 100_000 + "\nDeadline for", 1)

    call = parse_blocks(read_text(text))

    assert len(call.posts) == 4


# -- the header table cross-checks the posts ------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    "title", ["Police Adviser (InfoOps)", "Adviser [Maritime]", "Legal Adviser (P-3)."]
)
def test_a_title_ending_in_a_bracket_leaves_the_duty_station_clean(layout, title):
    call = LAYOUTS[layout](t.retitled(t.VARIANT, "SOM 094", title))

    assert (post(call, "SOM 094").title, post(call, "SOM 094").duty_station) == (title, "Mogadishu")
    assert call.doubts == []


@pytest.mark.parametrize(
    "printed",
    [
        " SOM 094 Phys\nician\n",  # a word broken where its narrow cell ended
        " SOM 094 Physi-\ncian\n",  # hyphenated at the line's end
        " SOM 094\nPhysician\n",
    ],
)
def test_a_header_title_broken_across_lines_is_the_same_title(printed):
    text = t.pdf_text(t.retitled(t.VARIANT, "SOM 094", "Physician"))
    assert " SOM 094 Physician\n" in text
    text = text.replace(" SOM 094 Physician\n", printed)

    call = parse_blocks(read_text(text))

    assert (post(call, "SOM 094").title, post(call, "SOM 094").duty_station) == (
        "Physician",
        "Mogadishu",
    )
    assert call.doubts == []


def test_a_duty_station_broken_inside_its_word_is_joined():
    text = t.pdf_text(t.VARIANT).replace("Mogadishu ASAP", "Mogadi\nshu ASAP")

    call = parse_blocks(read_text(text))

    assert post(call, "SOM 094").duty_station == "Mogadishu"


def test_a_long_title_wrapped_in_the_header_is_not_a_disagreement():
    title = "Senior Legal Adviser/Chief of Unit for Maritime Security Sector Reform"

    call = parse_blocks(read_text(t.pdf_text(t.retitled(t.VARIANT, "SOM 094", title))))

    assert post(call, "SOM 094").duty_station == "Mogadishu"
    assert call.doubts == []


def test_the_posts_own_duty_station_wins_over_the_header_table():
    variant = t.VARIANT
    fields = [*variant.posts[2].fields, ("Duty Station:", "Bosaso")]
    variant = dataclasses.replace(
        variant,
        posts=[*variant.posts[:2], t.Post(fields, variant.posts[2].sections), *variant.posts[3:]],
    )

    call = parse_blocks(read_text(t.pdf_text(variant)))

    assert post(call, "SOM 094").duty_station == "Bosaso"
    assert [(d.field, call.posts[d.post].ref) for d in call.doubts] == [("duty_station", "SOM 094")]
    assert "Mogadishu" in call.doubts[0].reason


def test_a_post_without_a_duty_station_in_the_header_table_is_a_doubt():
    call = parse_blocks(read_text(t.pdf_text(t.replace_row(t.VARIANT, "SOM 094", station=""))))

    assert post(call, "SOM 094").duty_station is None
    assert [(d.field, call.posts[d.post].ref) for d in call.doubts] == [("duty_station", "SOM 094")]


# -- mission names ----------------------------------------------------------------------------

SOMALIA = [
    "EUROPEAN EXTERNAL ACTION SERVICE",
    "Annex 1",
    "European Union Capacity Building Mission in Somalia",
    "(EUCAP Somalia)",
    "2-2020 Extraordinary Call for Contributions",
    "Requirements and Job Descriptions",
]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    "title_block, organisation, name, short",
    [
        # the short name in brackets, a place in it; the Organisation cell prints only it
        (
            SOMALIA,
            "EUCAP SOMALIA",
            "European Union Capacity Building Mission in Somalia",
            "EUCAP Somalia",
        ),
        # printed on the line after the full name
        (
            [*SOMALIA[:3], "EUMM Georgia", *SOMALIA[4:]],
            "European Union Capacity Building Mission in Somalia",
            "European Union Capacity Building Mission in Somalia",
            "EUMM Georgia",
        ),
        # the full name broken across two lines of the title block
        (
            [
                *SOMALIA[:2],
                "European Union Integrated Border Management Assistance",
                "Mission in Libya",
                "(EUBAM Libya)",
                *SOMALIA[4:],
            ],
            "EUBAM Libya",
            "European Union Integrated Border Management Assistance Mission in Libya",
            "EUBAM Libya",
        ),
        # three words of short name
        # only the short name: the full name of a known mission is filled in
        (
            [*SOMALIA[:2], "EUCAP Sahel Niger", *SOMALIA[4:]],
            "EUCAP Sahel Niger",
            "European Union Capacity Building Mission in Niger",
            "EUCAP Sahel Niger",
        ),
    ],
)
def test_mission_names_and_short_names(layout, title_block, organisation, name, short):
    call = LAYOUTS[layout](
        t.with_header(
            dataclasses.replace(t.VARIANT, title_block=title_block), "Organisation:", organisation
        )
    )

    assert (call.mission, call.mission_acronym) == (name, short)


def test_a_lone_acronym_after_the_name_on_its_line_is_the_short_name():
    title = ["European Union Monitoring Mission in Georgia EUMM 12-2024 Call for Contributions"]

    assert mission_names(None, title, title[0]) == (
        "European Union Monitoring Mission in Georgia",
        "EUMM",
    )


def test_a_mission_without_a_short_name_is_a_doubt():
    title_block = [*SOMALIA[:2], "European Union Advisory Mission in Ruritania", *SOMALIA[4:]]
    variant = dataclasses.replace(t.VARIANT, title_block=title_block, parts=t.VARIANT.parts[1:])

    call = parse_blocks(
        read_text(t.pdf_text(t.with_header(variant, "Organisation:", title_block[2])))
    )

    assert call.mission_acronym is None
    assert [(d.field, d.post) for d in call.doubts] == [("mission_acronym", None)]


@pytest.mark.parametrize(
    "printed",
    [
        "Ref. Ares(2024)6543210 - 18/11/2024",
        "Brussels, 18 November 2024",
        "18.11.2024",
        "Date of publication: 18 November 2024",
    ],
)
def test_the_date_of_publication_is_read_from_the_stamp_the_dateline_or_a_label(printed):
    variant = dataclasses.replace(t.VARIANT, title_block=[printed, *t.TITLE_BLOCK])

    call = parse_blocks(read_text(t.pdf_text(variant)))

    assert call.publication_date == date(2024, 11, 18)


def test_no_date_of_publication_is_invented():
    assert parse_blocks(read_text(t.pdf_text(t.VARIANT))).publication_date is None


def test_without_an_apply_label_the_links_to_apply_are_taken_and_doubted():
    text = t.pdf_text(t.VARIANT).replace("Applications \nmust be \nsubmitted to: ", "")
    assert "submitted" not in text

    call = parse_blocks(read_text(text))

    assert call.application_urls == ["https://goalkeeper.example.eu/apply"]
    assert [(d.field, d.post) for d in call.doubts] == [("how_to_apply", None)]


def test_a_call_that_says_nowhere_how_to_apply_is_a_doubt():
    variant = dataclasses.replace(t.VARIANT, closing=t.VARIANT.closing[:1] + t.VARIANT.closing[2:])

    call = parse_blocks(read_text(t.pdf_text(variant)))

    assert (call.how_to_apply, call.application_urls) == ("", [])
    assert [(d.field, d.reason) for d in call.doubts] == [
        ("how_to_apply", "The call says nowhere how to apply.")
    ]
