"""The admin's Import call page: upload, preview, confirm; bad files change nothing."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile

from vacancies.models import Call, Post

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
URL = "/admin/vacancies/call/import/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def sample(prefix: str) -> SimpleUploadedFile:
    path = next(SAMPLES.glob(f"{prefix}_*"))
    return SimpleUploadedFile(path.name, path.read_bytes())


def upload(client, document):
    return client.post(URL, {"document": document})


def confirm(client, preview, publish=False):
    data = {"confirm": "1", "token": preview.context["confirm"]["token"].value()}
    if publish:
        data["publish"] = "on"
    return client.post(URL, data)


def test_upload_shows_a_preview_of_every_post_and_saves_nothing(client, hr_editor):
    client.force_login(hr_editor)
    response = upload(client, sample("001"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "5 posts" in body and "EK 60211-1" in body and "New call with 5 post(s)." in body
    assert not Call.objects.exists()


def test_confirming_saves_the_call_as_a_draft_or_published(client, hr_editor):
    client.force_login(hr_editor)
    response = confirm(client, upload(client, sample("001")), publish=True)
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
def test_a_bad_document_gets_a_form_error_and_changes_nothing(client, hr_editor, name, content, message):
    client.force_login(hr_editor)
    response = upload(client, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["document"])
    assert message.lower() in errors.lower()
    assert not Call.objects.exists()


def test_an_oversized_upload_is_refused_before_reading(client, hr_editor, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 1
    client.force_login(hr_editor)
    response = upload(client, SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1)))
    assert "the limit is 1 MB" in " ".join(response.context["form"].errors["document"])


def test_only_users_with_the_import_permission_see_the_page(client):
    user = User.objects.create_user("clerk", password="a-long-password-1", is_staff=True)
    user.user_permissions.add(*Group.objects.get(name="HR editor").permissions.exclude(codename="import_call"))
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
