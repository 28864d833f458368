"""The save step: a ParsedCall becomes rows in one transaction; re-imports update in place."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from vacancies.importer.changes import Changes
from vacancies.importer.errors import IncompleteCall
from vacancies.importer.model import (
    ParsedCall,
    ParsedPart,
    ParsedPost,
    ParsedSection,
    ParsedVacancy,
)
from vacancies.importer.save import save_call
from vacancies.models import Call, Clearance, Mission, Post, Regime, Section, Vacancy

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


def parsed_post(ref="EK 1", regime="seconded", **fields) -> ParsedPost:
    defaults = {
        "title": "Justice Monitor",
        "location": "Western Balkans Region (Kosovo)",
        "duty_station": "Pristina",
        "component": "Operations Department",
        "clearance": "EU SECRET",
        "open_to_third_states": True,
        "confirmed_vacancies": 1,
        "pending_vacancies": 1,
        "vacancies": [
            ParsedVacancy("confirmed", None),
            ParsedVacancy("pending", date(2026, 1, 23)),
        ],
        "sections": [
            ParsedSection("reporting_line", "1. Reporting Line:", ["Reports to the Head."]),
            ParsedSection("main_tasks", "2. Main Tasks:", ["Monitor.", "Report."]),
        ],
    }
    return ParsedPost(ref=ref, regime=regime, **{**defaults, **fields})


def parsed_call(*posts, **fields) -> ParsedCall:
    defaults = {
        "organisation": "European External Action Service",
        "mission": "European Union Rule of Law Mission in Kosovo",
        "mission_acronym": "EULEX",
        "reference": "3-2025",
        "title": "3-2025 Call for Contributions",
        "kind": "call_for_contributions",
        "deadline": datetime(2025, 11, 14, 17, 0, tzinfo=BRUSSELS),
        "application_urls": ["https://goalkeeper.example.org/"],
        "contact_email": "hr@example.org",
        "parts": [ParsedPart("Seconded personnel", "Only official nominations.")],
    }
    return ParsedCall(posts=list(posts) or [parsed_post()], **{**defaults, **fields})


def test_a_new_call_is_saved_with_all_its_parts():
    result = save_call(parsed_call())
    call = result.call
    assert result.created
    assert call.status == Call.Status.DRAFT
    assert call.mission.acronym == "EULEX" and call.mission.country == "Kosovo"
    assert call.mission.organisation.acronym == "EEAS"
    assert call.deadline == datetime(2025, 11, 14, 16, 0, tzinfo=ZoneInfo("UTC"))
    assert list(call.parts.values_list("heading", flat=True)) == ["Seconded personnel"]
    post = call.posts.get()
    assert (post.ref, post.clearance, post.open_to_third_states) == (
        "EK 1",
        Clearance.EU_SECRET,
        True,
    )
    assert list(post.vacancies.values_list("status", "availability")) == [
        ("confirmed", None),
        ("pending", date(2026, 1, 23)),
    ]
    assert list(post.sections.values_list("kind", flat=True)) == ["reporting_line", "main_tasks"]


def test_publish_flag_publishes():
    assert save_call(parsed_call(), publish=True).call.status == Call.Status.PUBLISHED


def test_reimport_updates_in_place_and_keeps_post_urls():
    first = save_call(parsed_call(parsed_post("EK 1"), parsed_post("EK 2")))
    kept_pk = first.call.posts.get(ref="EK 1").pk
    second = save_call(
        parsed_call(parsed_post("EK 1", clearance="NOT REQUIRED"), parsed_post("EK 3"))
    )
    assert not second.created and second.call.pk == first.call.pk
    assert Call.objects.count() == 1
    assert sorted(second.call.posts.values_list("ref", flat=True)) == ["EK 1", "EK 3"]
    assert second.call.posts.get(ref="EK 1").pk == kept_pk
    assert Vacancy.objects.count() == 4 and Section.objects.count() == 4  # replaced, not added
    changes = {group.subject: group.lines for group in second.changes}
    assert "Security clearance: EU SECRET → Not required" in changes["EK 1 (Seconded)"]
    assert changes["EK 3 (Seconded)"][0].startswith("New post")
    assert "No longer in the call" in changes["EK 2 (Seconded)"][0]


def test_reimport_of_an_unchanged_call_says_so():
    save_call(parsed_call())
    assert save_call(parsed_call()).changes == [
        Changes("The call", ["No change: the call is already up to date."])
    ]


def test_same_ref_with_two_regimes_are_two_posts():
    call = save_call(
        parsed_call(
            parsed_post("EK 60021", "seconded"), parsed_post("EK 60021", "seconded_contracted")
        )
    ).call
    assert call.posts.count() == 2


def test_a_post_whose_document_states_no_regime_is_saved_seconded():
    post = save_call(parsed_call(parsed_post(regime=None))).call.posts.get()
    assert post.regime == Regime.SECONDED


def test_a_date_only_deadline_closes_at_the_end_of_that_day_in_brussels():
    call = save_call(parsed_call(deadline=date(2026, 12, 14), reference=None)).call
    assert call.deadline.astimezone(BRUSSELS).strftime("%Y-%m-%d %H:%M") == "2026-12-14 23:59"


def test_a_notice_without_reference_is_matched_by_title_on_reimport():
    save_call(parsed_call(reference=None, title="Communities Protection Officer (S1)"))
    save_call(parsed_call(reference=None, title="Communities Protection Officer (S1)"))
    assert Call.objects.count() == 1


def test_counts_without_availability_rows_become_asap_vacancies():
    post = parsed_post(vacancies=None, confirmed_vacancies=2, pending_vacancies=1)
    saved = save_call(parsed_call(post)).call.posts.get()
    assert list(saved.vacancies.values_list("status", "availability")) == [
        ("confirmed", None),
        ("confirmed", None),
        ("pending", None),
    ]


@pytest.mark.parametrize(
    "parsed, message",
    [
        (parsed_call(deadline=None), "no deadline"),
        (
            ParsedCall(
                organisation=None,
                mission=None,
                mission_acronym=None,
                reference="1",
                title="T",
                kind="call_for_contributions",
                deadline=date(2026, 1, 1),
                posts=[parsed_post()],
            ),
            "mission",
        ),
        (parsed_call(parsed_post("EK 1"), parsed_post("EK 1")), "twice"),
    ],
)
def test_incomplete_calls_are_refused_and_nothing_is_saved(parsed, message):
    with pytest.raises(IncompleteCall, match=message):
        save_call(parsed)
    assert not Call.objects.exists() and not Mission.objects.exists()


def test_a_failure_half_way_leaves_nothing_behind(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Section.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        save_call(parsed_call(), source_name="call.txt", source_data=b"text")
    assert not Call.objects.exists() and not Post.objects.exists() and not Mission.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))  # the stored document is removed too


@pytest.mark.parametrize(
    "printed, level",
    [
        ("EU SECRET", Clearance.EU_SECRET),
        ("EU TOP SECRET", Clearance.EU_TOP_SECRET),
        ("EU CONFIDENTIAL", Clearance.EU_CONFIDENTIAL),
        ("EU RESTRICTED", Clearance.EU_RESTRICTED),
        ("NOT REQUIRED", Clearance.NOT_REQUIRED),
        ("NOT APPLICABLE", Clearance.NOT_REQUIRED),
        (None, None),
    ],
)
def test_clearance_as_printed_maps_to_the_ordered_level(printed, level):
    assert Clearance.from_document(printed) == level
