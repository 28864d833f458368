"""What a re-import changes, in words HR staff check before confirming
(changes.describe_changes)."""

from datetime import date, datetime, timedelta

import pytest

from tests.factories import parsed_call, parsed_post
from vacancies.importer.changes import Changes, describe_changes
from vacancies.importer.model import ParsedPart, ParsedSection, ParsedVacancy
from vacancies.importer.save import save_call
from vacancies.importer.stored import find_existing

pytestmark = pytest.mark.django_db


def changes_to(call) -> dict[str, list[str]]:
    """What saving ``call`` over the one already saved would change, by subject."""
    return {group.subject: group.lines for group in describe_changes(find_existing(call), call)}


def test_a_new_call_says_how_many_posts_it_brings():
    call = parsed_call(parsed_post("EK 1"), parsed_post("EK 2"))
    assert describe_changes(None, call) == [Changes("The call", ["New call with 2 post(s)."])]


def test_an_unchanged_call_says_so():
    save_call(parsed_call())
    assert changes_to(parsed_call()) == {"The call": ["No change: the call is already up to date."]}


def test_each_changed_field_of_the_call_is_listed_before_and_after():
    save_call(parsed_call())
    first = parsed_call().deadline
    changed = parsed_call(
        title="3-2030 Call for Contributions (corrigendum)",
        deadline=first + timedelta(days=7),
        publication_date=date(2030, 5, 2),
        how_to_apply="Apply through Goalkeeper.\n\nNominations through national authorities.",
        application_urls=["https://goalkeeper.example.org/", "https://apply.example.org/"],
        contact="CivOpsHQ",
        contact_email="recruitment@example.org",
    )
    assert changes_to(changed)["The call"] == [
        "Title: '3-2030 Call for Contributions' → '3-2030 Call for Contributions (corrigendum)'",
        (
            "Deadline: Friday 14 June 2030, 17:00 (Brussels time)"
            " → Friday 21 June 2030, 17:00 (Brussels time)"
        ),
        "Publication date: Not stated → 2 May 2030",
        "Contact e-mail: hr@example.org → recruitment@example.org",
        "How to apply: added 'Nominations through national authorities.'",
        "Application links: added 'https://apply.example.org/'",
        "Contact: 'Civilian Operations Headquarters' → 'CivOpsHQ'",
    ]


def test_general_parts_are_compared_by_heading():
    save_call(
        parsed_call(
            parts=[
                ParsedPart("I. Conditions", "Seconded only.\nNo families."),
                ParsedPart("II. Requirements", "Nationality."),
            ]
        )
    )
    changed = parsed_call(
        parts=[
            ParsedPart("I. Conditions", "Seconded only.\nFamilies welcome."),
            ParsedPart("III. Documents", "Passport."),
        ]
    )
    assert changes_to(changed)["The call"] == [
        "General part 'I. Conditions': added 'Families welcome.'; removed 'No families.'",
        "General part 'III. Documents' added",
        "General part 'II. Requirements' removed",
    ]


def test_each_changed_field_of_a_post_is_listed_in_plain_labels():
    save_call(parsed_call(parsed_post("EK 1")))
    changed = parsed_call(
        parsed_post(
            "EK 1",
            title="Senior Justice Monitor",
            clearance="NOT REQUIRED",
            open_to_third_states=False,
            pending_deployment_acceptance=True,
            duty_station="Mitrovica",
        )
    )
    assert changes_to(changed)["EK 1 (Seconded)"] == [
        "Title: 'Justice Monitor' → 'Senior Justice Monitor'",
        "Duty station: 'Pristina' → 'Mitrovica'",
        "Security clearance: EU SECRET → Not required",
        "Open to Contributing Third States: Yes → No",
        "Availability pending deployment acceptance (*): No → Yes",
    ]


def test_vacancies_are_compared_in_words():
    save_call(parsed_call(parsed_post("EK 1", vacancies=[ParsedVacancy("confirmed", None)])))
    changed = parsed_call(
        parsed_post(
            "EK 1",
            vacancies=[
                ParsedVacancy("confirmed", None),
                ParsedVacancy("pending", date(2026, 1, 23)),
            ],
        )
    )
    assert changes_to(changed)["EK 1 (Seconded)"] == [
        "Vacancies: 1 confirmed (ASAP) → 1 confirmed (ASAP), 1 pending (from 23 Jan 2026)",
    ]


def test_a_sections_items_added_and_removed_are_named():
    save_call(parsed_call(parsed_post("EK 1")))
    sections = [
        ParsedSection("reporting_line", "1. Reporting Line:", ["Reports to the Head."]),
        ParsedSection(
            "main_tasks", "2. Main Tasks:", ["To monitor.", "To advise, train and mentor."]
        ),
    ]
    assert changes_to(parsed_call(parsed_post("EK 1", sections=sections)))["EK 1 (Seconded)"] == [
        "2. Main Tasks: added 'To advise, train and mentor.'; removed 'To report.'",
    ]


def test_sections_added_removed_and_reworded_are_named():
    save_call(parsed_call(parsed_post("EK 1")))
    sections = [
        ParsedSection(
            "main_tasks", "2. Main Tasks and Responsibilities:", ["To monitor.", "To report."]
        ),
        ParsedSection("essential_qualifications", "3. Essential Qualifications:", ["A degree."]),
    ]
    assert changes_to(parsed_call(parsed_post("EK 1", sections=sections)))["EK 1 (Seconded)"] == [
        "Section heading: '2. Main Tasks:' → '2. Main Tasks and Responsibilities:'",
        "Section added: 3. Essential Qualifications (1 item(s))",
        "Section removed: 1. Reporting Line",
    ]


def test_new_and_removed_posts_are_named_with_their_regime():
    save_call(parsed_call(parsed_post("EK 1"), parsed_post("EK 2", "seconded_contracted")))
    changes = changes_to(parsed_call(parsed_post("EK 1"), parsed_post("EK 3", "contracted")))
    assert changes == {
        "EK 3 (Contracted)": [
            (
                "New post: 'Justice Monitor'; vacancies: 1 confirmed (ASAP),"
                " 1 pending (from 23 Jan 2031); 2 section(s)."
            ),
        ],
        "EK 2 (Seconded/Contracted)": [
            "No longer in the call: the post and its page will be removed."
        ],
    }


def test_save_call_returns_what_it_changed():
    save_call(parsed_call())
    later = datetime(2030, 6, 28, 12, 0, tzinfo=parsed_call().deadline.tzinfo)
    result = save_call(parsed_call(deadline=later))
    deadlines = "Friday 14 June 2030, 17:00 (Brussels time) → Friday 28 June 2030, 12:00"
    assert result.changes == [Changes("The call", [f"Deadline: {deadlines} (Brussels time)"])]
