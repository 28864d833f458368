"""The admin's Import call page: upload, preview, confirm; bad files change nothing."""

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import parsed_call, parsed_post
from tests.imports import URL, confirm, problems, upload
from vacancies.importer.model import ParsedPart, ParsedVacancy
from vacancies.importer.save import save_call
from vacancies.models import Call, Post

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
# The samples' deadlines, moved to a Monday far ahead, for the tests that need an open call.
STILL_OPEN = {"001": ("27 April 2026", "27 April 2099"), "003": ("14/12/2026", "14/12/2099")}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def sample(prefix: str) -> SimpleUploadedFile:
    path = next(SAMPLES.glob(f"{prefix}_*"))
    return SimpleUploadedFile(path.name, path.read_bytes())


def open_sample(prefix: str) -> SimpleUploadedFile:
    """The sample with its deadline in 2099: still open whenever the tests run."""
    path = next(SAMPLES.glob(f"{prefix}_*"))
    old, new = STILL_OPEN[prefix]
    return SimpleUploadedFile(path.name, path.read_text().replace(old, new).encode())


@pytest.fixture
def reads_as(monkeypatch):
    """Make any upload read as the given ParsedCall: the preview of exactly that call."""

    def reads_as(call):
        monkeypatch.setattr("vacancies.documents.read_document", lambda *args, **kwargs: call)
        return SimpleUploadedFile("call.txt", b"The call, as the mission published it.")

    return reads_as


def row(body: str, anchor: str) -> str:
    """The table row of the preview with this id."""
    match = re.search(rf'<tr id="{anchor}"[^>]*>.*?</tr>', body, re.DOTALL)
    assert match, anchor
    return match.group(0)


def test_upload_shows_a_preview_of_every_post_and_saves_nothing(client, hr_editor):
    client.force_login(hr_editor)
    response = upload(client, sample("001"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "5 posts" in body and "EK 60211-1" in body and "New call with 5 post(s)." in body
    assert not Call.objects.exists()


def test_confirming_saves_the_call_as_a_draft_or_published(client, hr_editor):
    client.force_login(hr_editor)
    response = confirm(client, upload(client, open_sample("001")), publish=True)
    call = Call.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/call/{call.pk}/change/")
    assert call.status == Call.Status.PUBLISHED
    assert call.posts.count() == 5 and call.source_document.name.endswith(".txt")


def test_reimport_updates_in_place_and_the_preview_says_what_changes(client, hr_editor):
    client.force_login(hr_editor)
    confirm(client, upload(client, sample("001")))
    preview = upload(client, sample("001"))
    assert "No change: the call is already up to date." in preview.content.decode()
    confirm(client, preview)
    assert Call.objects.count() == 1 and Post.objects.count() == 5


def test_a_token_cannot_be_confirmed_twice_or_by_another_session(client, hr_editor):
    client.force_login(hr_editor)
    preview = upload(client, sample("003"))
    confirm(client, preview)
    again = confirm(client, preview)
    assert again.status_code == 200 and "upload the document again" in again.content.decode()
    assert Call.objects.count() == 1


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.pdf", b"", "empty"),
        ("image.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG"),
        ("notes.txt", b"Shopping list\n\nMilk\nBread\n", "not"),
    ],
)
def test_a_bad_document_gets_a_form_error_and_changes_nothing(
    client, hr_editor, name, content, message
):
    client.force_login(hr_editor)
    response = upload(client, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message.lower() in " ".join(problems(response)).lower()
    assert not Call.objects.exists()


def test_an_oversized_upload_is_refused_before_reading(client, hr_editor, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 1
    client.force_login(hr_editor)
    response = upload(
        client, SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
    )
    assert "the limit is 1 MB" in " ".join(problems(response))


def test_only_users_with_the_import_permission_see_the_page(client):
    user = User.objects.create_user("clerk", password="a-long-password-1", is_staff=True)
    user.user_permissions.add(
        *Group.objects.get(name="HR editor").permissions.exclude(codename="import_call")
    )
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert "Import call" not in client.get("/admin/vacancies/call/").content.decode()


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_form_is_protected_against_csrf(hr_editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(hr_editor)
    assert upload(client, sample("003")).status_code == 403


# The preview shows what the public pages will show ------------------------------------------


def test_the_preview_shows_every_public_field_in_public_words(client, hr_editor, reads_as):
    call = parsed_call(
        parsed_post(
            "EK 60255",
            "seconded_contracted",
            title="Information Security Officer",
            grade="S2",
            post_category="Mission Support Staff",
            open_to_third_states=None,
            clearance="EU SECRET",
            pending_deployment_acceptance=True,
            component="Security Department",
        ),
        publication_date=date(2030, 3, 2),
        how_to_apply="First paragraph.\n\nSecond paragraph.",
        contact="Ms Susanne Evert\nCivilian Operations Headquarters",
        parts=[ParsedPart("I. GENERAL CONDITIONS", "Seconded personnel only.")],
    )
    client.force_login(hr_editor)
    body = upload(client, reads_as(call)).content.decode()

    for anchor, value in [
        ("call-title", "3-2030 Call for Contributions"),
        ("call-mission", "European Union Rule of Law Mission"),
        ("call-mission_acronym", "EULEX"),
        ("call-reference", "3-2030"),
        ("call-publication_date", "2 March 2030"),
        ("call-deadline", "Friday 14 June 2030, 17:00 (Brussels time)"),
        ("call-contact_email", "hr@example.org"),
        ("call-application_urls", "https://goalkeeper.example.org/"),
        ("post-1-ref", "EK 60255* (availability pending deployment acceptance)"),
        ("post-1-title", "Information Security Officer"),
        ("post-1-grade", "S2"),
        ("post-1-regime", "Seconded/Contracted"),
        ("post-1-post_category", "Mission Support Staff"),
        ("post-1-location", "Western Balkans Region (Kosovo)"),
        ("post-1-duty_station", "Pristina"),
        ("post-1-component", "Security Department"),
        ("post-1-clearance", "EU SECRET"),
        ("post-1-open_to_third_states", "Not stated"),
        ("post-1-vacancies", "1 confirmed (ASAP), 1 pending (from 23 Jan 2031)"),
    ]:
        assert value in row(body, anchor), anchor
    assert '<th scope="row">Security clearance</th>' in body
    assert "<p>First paragraph.</p>" in body and "<p>Second paragraph.</p>" in body
    assert "Ms Susanne Evert<br>Civilian Operations Headquarters" in body
    assert "<summary>I. GENERAL CONDITIONS</summary>" in body
    assert "<h5>2. Main Tasks:</h5>" in body and "<li>To monitor.</li><li>To report.</li>" in body
    assert "seconded_contracted" not in body and "not_required" not in body


def test_a_deadline_without_a_time_says_no_time_is_stated(client, hr_editor):
    client.force_login(hr_editor)
    body = upload(client, sample("003")).content.decode()
    assert "Monday 14 December 2026, no time stated" in row(body, "call-deadline")
    assert "Peace and Security" in row(body, "post-1-category")
    assert "Bachelor Degree" in row(body, "post-1-education_level")


def test_a_call_of_30_posts_folds_each_and_opens_those_with_doubts(client, hr_editor, reads_as):
    call = parsed_call(*(parsed_post(f"EK {n}") for n in range(30)))
    call.doubt("duty_station", "The header table names another duty station.", post=4)
    client.force_login(hr_editor)
    body = upload(client, reads_as(call)).content.decode()
    posts = re.findall(r'<details id="post-\d+" class="post[^"]*"[^>]*>', body)
    assert len(posts) == 30
    opened = [tag for tag in posts if " open" in tag]
    assert opened == ['<details id="post-5" class="post doubtful" open>']
    assert "30 posts" in body


def test_every_doubt_is_marked_at_its_field_and_counted_at_the_top(client, hr_editor, reads_as):
    call = parsed_call(parsed_post("EK 1"), parsed_post("EK 2"))
    call.doubt("mission_acronym", "The acronym is not on the cover page.")
    call.doubt("kind", "The document calls itself a notice.")  # a field the preview does not show
    call.doubt("duty_station", "The header table says Mitrovica.", post=0)
    call.doubt("pending_vacancies", "The header table has two rows.", post=0)
    call.doubt("sections", "A bullet was run together with the next.", post=1)
    client.force_login(hr_editor)
    body = upload(client, reads_as(call)).content.decode()

    for anchor, reason in [
        ("call-mission_acronym", "The acronym is not on the cover page."),
        ("post-1-duty_station", "The header table says Mitrovica."),
        ("post-1-vacancies", "The header table has two rows."),
    ]:
        marked = row(body, anchor)
        assert 'class="doubtful"' in marked
        assert f'<strong class="doubt-flag">Check:</strong> {reason}' in marked
        assert f'<a href="#{anchor}">' in body
    sections = re.search(r'<div id="post-2-sections" class="([^"]*)">(.*?)</div>', body, re.DOTALL)
    assert "doubtful" in sections.group(1) and "A bullet was run together" in sections.group(2)
    assert '<a href="#post-2-sections">EK 2: job description</a>' in body
    assert "<strong>Kind</strong> (not shown below): The document calls itself a notice." in body
    assert "5 things to check" in body
    assert 'class="doubtful"' not in row(body, "post-2-duty_station")


def test_the_preview_says_when_the_deadline_has_already_passed(client, hr_editor, reads_as):
    client.force_login(hr_editor)
    passed = timezone.now() - timedelta(hours=1)
    body = upload(client, reads_as(parsed_call(deadline=passed))).content.decode()
    assert "This deadline has already passed" in row(body, "call-deadline")
    assert "1 thing to check" in body
    body = upload(client, reads_as(parsed_call())).content.decode()
    assert "already passed" not in body and "Nothing to check" in body


# Re-imports list what changes -------------------------------------------------------------


def test_a_reimport_preview_lists_each_change_under_its_post(client, hr_editor, reads_as):
    save_call(parsed_call(parsed_post("EK 1"), parsed_post("EK 2")))
    changed = parsed_call(
        parsed_post("EK 1", clearance="NOT REQUIRED", vacancies=[ParsedVacancy("confirmed", None)]),
        parsed_post("EK 3"),
    )
    client.force_login(hr_editor)
    body = upload(client, reads_as(changed)).content.decode()
    changes = body[body.index('id="changes-title"') : body.index('id="call-facts-title"')]
    ek1 = changes[changes.index("<strong>EK 1 (Seconded)</strong>") : changes.index("EK 3")]
    assert "<li>Security clearance: EU SECRET → Not required</li>" in ek1
    vacancies = "1 confirmed (ASAP), 1 pending (from 23 Jan 2031) → 1 confirmed (ASAP)"
    assert f"<li>Vacancies: {vacancies}</li>" in ek1
    assert "New post" in changes[changes.index("EK 3 (Seconded)") :]
    assert "No longer in the call" in changes[changes.index("EK 2 (Seconded)") :]


# Publishing a call whose deadline has passed --------------------------------------------------


def test_publishing_a_closed_call_from_the_preview_needs_a_second_tick(client, hr_editor, reads_as):
    client.force_login(hr_editor)
    preview = upload(client, reads_as(parsed_call(deadline=timezone.now() - timedelta(days=2))))
    assert "Publish although the deadline has passed" in preview.content.decode()

    refused = confirm(client, preview, publish=True)
    assert refused.status_code == 200 and not Call.objects.exists()
    body = refused.content.decode()
    assert "Not saved: the deadline" in body and 'name="publish_closed"' in body
    assert refused.context["confirm"].errors["__all__"][0].startswith("Not saved")

    response = confirm(client, preview, publish=True, publish_closed=True)
    assert response.status_code == 302
    assert Call.objects.get().status == Call.Status.PUBLISHED


def test_a_closed_call_is_saved_as_a_draft_without_a_question(client, hr_editor, reads_as):
    client.force_login(hr_editor)
    closed = parsed_call(deadline=datetime(2020, 1, 10, 17, 0, tzinfo=UTC))
    preview = upload(client, reads_as(closed))
    assert confirm(client, preview).status_code == 302
    assert Call.objects.get().status == Call.Status.DRAFT


def test_an_open_call_is_published_without_a_question(client, hr_editor, reads_as):
    client.force_login(hr_editor)
    preview = upload(client, reads_as(parsed_call()))
    assert "Publish although the deadline has passed" not in preview.content.decode()
    assert confirm(client, preview, publish=True).status_code == 302
    assert Call.objects.get().status == Call.Status.PUBLISHED
