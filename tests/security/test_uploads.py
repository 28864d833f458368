"""An upload over IMPORT_MAX_UPLOAD_MB is counted, not kept: no more than the limit ever
reaches memory or the temporary directory, and the form says how large the file was."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import (
    MemoryFileUploadHandler,
    StopUpload,
    TemporaryFileUploadHandler,
)
from django.test import Client

from tests.factories import CallFactory
from vacancies.models import Call, StagedImport
from vacancies.uploads import MB, SizeLimitedUploadHandler

pytestmark = pytest.mark.django_db
URL = "/admin/vacancies/call/import/"


@pytest.fixture(autouse=True)
def small_limit(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_MAX_UPLOAD_MB = 1


@pytest.fixture
def kept(monkeypatch):
    """How many bytes of uploads Django's own handlers stored, in memory or on disk."""
    received = {"bytes": 0}
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        original = handler.receive_data_chunk

        def counting(self, raw_data, start, original=original):
            if getattr(self, "activated", True):  # the memory handler stores only small requests
                received["bytes"] += len(raw_data)
            return original(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", counting)
    return received


def test_an_oversized_import_is_refused_and_never_kept_whole(client, hr_editor, kept, tmp_path):
    client.force_login(hr_editor)

    response = client.post(
        URL, {"document": SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + bytes(3 * MB))}
    )

    assert response.context["form"].errors["document"] == [
        "This file is 3.0 MB; the limit is 1 MB."
    ]
    assert kept["bytes"] <= 1 * MB
    assert not StagedImport.objects.exists()
    assert not Call.objects.exists()


def test_an_upload_within_the_limit_is_passed_on_whole(client, hr_editor, kept):
    client.force_login(hr_editor)
    client.post(URL, {"document": SimpleUploadedFile("small.txt", b"x" * 300_000)})
    assert kept["bytes"] == 300_000


def test_a_body_many_times_the_limit_is_not_read_to_its_end(rf, admin_user):
    request = rf.post(URL)
    request.user = admin_user
    handler = SizeLimitedUploadHandler(request)
    request.upload_handlers = [handler]
    handler.new_file("document", "huge.pdf", "application/pdf", None)
    chunk = bytes(64 * 1024)

    def send_ten_megabytes():
        for start in range(0, 10 * MB, len(chunk)):
            handler.receive_data_chunk(chunk, start)

    with pytest.raises(StopUpload) as stopped:
        send_ten_megabytes()
    assert stopped.value.connection_reset
    assert handler.received <= 4 * MB + len(chunk)


def post_call_form(admin_client, call, document):
    """The call's change form as the admin shows it, with ``document`` uploaded."""
    url = f"/admin/vacancies/call/{call.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name != "source_document"
    }
    data.update(
        {
            "deadline_0": call.deadline.strftime("%d/%m/%Y"),
            "deadline_1": "17:00:00",
            "mission": call.mission_id,
            "application_urls": "",
            "posts-TOTAL_FORMS": 0,
            "posts-INITIAL_FORMS": 0,
            "parts-TOTAL_FORMS": 0,
            "parts-INITIAL_FORMS": 0,
            "source_document": document,
        }
    )
    return admin_client.post(url, data)


def test_a_source_document_over_the_limit_is_refused_in_the_call_form(admin_client):
    call = CallFactory()

    response = post_call_form(admin_client, call, SimpleUploadedFile("big.pdf", bytes(2 * MB)))

    assert response.status_code == 200
    assert "This file is 2.0 MB; the limit is 1 MB." in str(
        response.context["adminform"].form.errors
    )
    call.refresh_from_db()
    assert not call.source_document


def csrf_checking_client() -> Client:
    """A client whose POSTs are read by the CSRF check, as a browser's are in production (it
    reads the form's token from the body once the request has a CSRF cookie)."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "x" * 32
    return client


@pytest.mark.parametrize(
    "name, content, kept_as",
    [
        ("3-2025.html", b"<html><script>alert(1)</script>", "3-2025.txt"),
        ("3-2025.pdf", b"<html><script>alert(1)</script>", "3-2025.txt"),
        ("call.exe", b"%PDF-1.7\n%%EOF", "call.pdf"),
        ("call", b"PK\x03\x04rest", "call.docx"),
    ],
)
def test_a_source_document_uploaded_in_the_call_form_is_named_for_its_content(
    admin_client, name, content, kept_as
):
    call = CallFactory()

    response = post_call_form(admin_client, call, SimpleUploadedFile(name, content))

    assert response.status_code == 302
    call.refresh_from_db()
    assert call.source_document.name.rsplit("/", 1)[-1] == kept_as


@pytest.fixture
def upload_dir(settings, tmp_path):
    """Django's temporary directory for uploads, empty: what a request leaves there stays."""
    directory = tmp_path / "uploading"
    directory.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(directory)
    return directory


@pytest.mark.parametrize("size", [3 * MB, 300_000])
def test_a_page_that_takes_no_upload_keeps_none_of_it(upload_dir, kept, size):
    client = csrf_checking_client()

    client.post("/healthz", {"document": SimpleUploadedFile("big.pdf", bytes(size))})

    assert kept["bytes"] == 0
    assert list(upload_dir.iterdir()) == []


def test_an_upload_to_the_import_page_is_not_kept_without_a_login(upload_dir, kept):
    client = csrf_checking_client()
    client.post(URL, {"document": SimpleUploadedFile("small.txt", b"x" * 300_000)})
    assert kept["bytes"] == 0
    assert list(upload_dir.iterdir()) == []


def test_an_oversized_import_leaves_no_temporary_file(client, hr_editor, upload_dir):
    client.force_login(hr_editor)

    response = client.post(
        URL, {"document": SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + bytes(3 * MB))}
    )

    assert response.context["form"].errors["document"][0].startswith("This file is 3.0 MB")
    assert list(upload_dir.iterdir()) == []
