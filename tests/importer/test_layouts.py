"""The same calls in other layouts: built as DOCX and PDF, imported, compared field by field.

The seeds are text; real uploads are Word files and PDFs. Each test describes a call
with the importer's dataclasses, builds the document from it (``builders``), imports it
with ``read_call`` and expects the description back.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.importer import builders as b
from vacancies.importer import read_call
from vacancies.importer.model import ParsedCall, ParsedPost, ParsedSection, ParsedVacancy

BRUSSELS = ZoneInfo("Europe/Brussels")
SAMPLES = Path(__file__).resolve().parents[2] / "samples"

CALL_FIELDS = (
    "organisation", "mission", "mission_acronym", "reference", "title", "kind", "deadline",
    "application_urls", "contact_email",
)  # fmt: skip
POST_FIELDS = (
    "ref", "title", "regime", "post_category", "location", "duty_station", "component",
    "clearance", "open_to_third_states", "pending_deployment_acceptance",
    "confirmed_vacancies", "pending_vacancies", "vacancies", "sections",
)  # fmt: skip


def essentials(call: ParsedCall) -> dict:
    """What a document states about a call: its own words and parts are left out."""
    posts = [{name: getattr(post, name) for name in POST_FIELDS} for post in call.posts]
    return {name: getattr(call, name) for name in CALL_FIELDS} | {"posts": posts}


def job_description(reports_to: str, *, desirable_skills: bool = True) -> list[ParsedSection]:
    sections = [
        ParsedSection("reporting_line", "1. Reporting Line", [reports_to]),
        ParsedSection(
            "main_tasks",
            "2. Main Tasks and Responsibilities",
            [
                (
                    "To support the Head of Unit in operationalising the Mission mandate and tasks"
                    " as set out in the Mission's planning documents;"
                ),
                "To coordinate with external stakeholders at the appropriate level;",
                (
                    "To draft reports, letters and other documents, including for the EU Special"
                    " Representative, and to follow up on tasking;"
                ),
            ],
        ),
        ParsedSection(
            "general_tasks",
            "3. General Tasks and Responsibilities",
            [
                "To contribute to mission reporting in the area of competence;",
                (
                    "To take account of gender equality and human rights aspects in the execution"
                    " of tasks;"
                ),
            ],
        ),
        ParsedSection(
            "essential_qualifications",
            "4. Essential Qualifications and Experience",
            [
                (
                    "Successful completion of university studies of at least 3 years attested by a"
                    " diploma OR equivalent and attested police and/or military education; AND"
                ),
                (
                    "A minimum of 4 years of relevant professional experience, after having"
                    " fulfilled the education requirements."
                ),
            ],
        ),
        ParsedSection(
            "essential_skills",
            "5. Essential Knowledge, Skills and Abilities",
            ["Good drafting and reporting skills;", "Professional fluency in English."],
        ),
        ParsedSection(
            "desirable_qualifications",
            "6. Desirable Qualifications and Experience",
            [
                (
                    "International experience, particularly in crisis areas with multi-national"
                    " organisations."
                )
            ],
        ),
    ]
    if desirable_skills:
        sections.append(
            ParsedSection(
                "desirable_skills",
                "7. Desirable Knowledge, Skills and Abilities",
                ["Knowledge of Albanian and/or Serbian language."],
            )
        )
    return sections


def post(ref: str, title: str, **fields) -> ParsedPost:
    defaults = {
        "regime": "seconded",
        "location": "Western Balkans Region (Kosovo)",
        "duty_station": "Pristina",
        "component": "Office of the Chief of Staff",
        "clearance": "EU SECRET",
        "open_to_third_states": False,
        "confirmed_vacancies": 1,
        "pending_vacancies": 0,
        "vacancies": [ParsedVacancy("confirmed", None)],
        "sections": job_description(f"The {title} reports to the Chief of Staff (CoS)."),
    }
    return ParsedPost(ref=ref, title=title, **(defaults | fields))


POSTS = [
    post(
        "EK 60004",
        "Special Assistant to the Deputy Head of Mission",
        component="Office of the Head/ Deputy Head of Mission",
        sections=job_description(
            "The Special Assistant reports to the Deputy Head of Mission (DHoM) and is"
            " administratively line managed by the Head of Head of Mission Office."
        ),
    ),
    # Two rows of the summary table for one post: one vacancy each.
    post(
        "EK 60092",
        "Justice Monitor",
        component="Operations Department/ Justice & Corrections Component/ Case Monitoring Unit",
        clearance="NOT REQUIRED",
        open_to_third_states=True,
        confirmed_vacancies=2,
        vacancies=[ParsedVacancy("confirmed", None), ParsedVacancy("confirmed", date(2026, 1, 23))],
    ),
    # "EK 60265*": availability pending deployment acceptance.
    post(
        "EK 60265",
        "Team Leader Armed Protection Unit",
        component="Security and Health Department/ Armed Protection Unit",
        clearance="NOT REQUIRED",
        pending_deployment_acceptance=True,
        confirmed_vacancies=0,
        pending_vacancies=1,
        vacancies=[ParsedVacancy("pending", date(2026, 2, 3))],
    ),
    # Six sections: no desirable knowledge, skills and abilities.
    post(
        "EK 60267",
        "Close Protection Operator",
        component="Security and Health Department/ Armed Protection Unit",
        clearance="NOT REQUIRED",
        vacancies=[ParsedVacancy("confirmed", date(2026, 2, 24))],
        sections=job_description(
            "The Close Protection Operator reports to the Team Leader Armed Protection Unit.",
            desirable_skills=False,
        ),
    ),
    post(
        "EK 60255",
        "Information Security Officer",
        regime="seconded_contracted",
        post_category="Mission Support Staff - Management Level (MSML)",
        component="Security and Health Department",
    ),
]

CALL = ParsedCall(
    organisation="European External Action Service",
    mission="European Union Rule of Law Mission in Kosovo",
    mission_acronym="EULEX",
    reference="3-2025",
    title="3-2025 Call for Contributions",
    kind="call_for_contributions",
    deadline=datetime(2025, 11, 14, 17, 0, tzinfo=BRUSSELS),
    posts=POSTS,
    application_urls=[
        "https://goalkeeper.eeas.europa.eu/registrar/web",
        "https://goalkeeper.eeas.europa.eu/registrar/web/DPA/357/details.do",
    ],
    contact_email="CIVOPSHQ-HR-EULEX-Kosovo@eeas.europa.eu",
)

LAYOUTS = {"docx": b.eeas_docx, "pdf": b.eeas_pdf}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_call_reads_back_from_its_document(layout):
    data = LAYOUTS[layout](CALL)

    assert essentials(read_call(data, f"3-2025.{layout}")) == essentials(CALL)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_call_with_label_variants_reads_back(layout):
    data = LAYOUTS[layout](CALL, b.VARIANT_LABELS)

    assert essentials(read_call(data, f"3-2025.{layout}")) == essentials(CALL)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_call_reads_back_whatever_the_file_is_called(layout):
    data = LAYOUTS[layout](CALL)

    assert essentials(read_call(data, "upload.bin")) == essentials(CALL)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", ["000", "001"])
def test_seed_rebuilt_in_another_layout_reads_back_the_same(seed, layout):
    (sample,) = SAMPLES.glob(f"{seed}_*.txt")
    parsed = read_call(sample.read_bytes(), sample.name)

    again = read_call(LAYOUTS[layout](parsed), f"{seed}.{layout}")

    assert essentials(again) == essentials(parsed)
