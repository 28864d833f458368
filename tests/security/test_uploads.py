"""An upload over IMPORT_MAX_UPLOAD_MB is counted, not kept: no more than the limit ever
reaches memory or the temporary directory, and the form says how large the file was."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import (
    MemoryFileUploadHandler,
    StopUpload,
    TemporaryFileUploadHandler,
)

from tests.factories import CallFactory
from vacancies.models import Call
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
    staged = tmp_path / "staged-imports"
    assert not staged.exists() or not any(staged.iterdir())
    assert not Call.objects.exists()


def test_an_upload_within_the_limit_is_passed_on_whole(client, hr_editor, kept):
    client.force_login(hr_editor)
    client.post(URL, {"document": SimpleUploadedFile("small.txt", b"x" * 300_000)})
    assert kept["bytes"] == 300_000


def test_a_body_many_times_the_limit_is_not_read_to_its_end(rf):
    handler = SizeLimitedUploadHandler(rf.post("/"))
    handler.new_file("document", "huge.pdf", "application/pdf", None)
    chunk = bytes(64 * 1024)

    def send_ten_megabytes():
        for start in range(0, 10 * MB, len(chunk)):
            handler.receive_data_chunk(chunk, start)

    with pytest.raises(StopUpload) as stopped:
        send_ten_megabytes()
    assert stopped.value.connection_reset
    assert handler.received <= 4 * MB + len(chunk)


def test_a_source_document_over_the_limit_is_refused_in_the_call_form(admin_client):
    call = CallFactory()
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
            "source_document": SimpleUploadedFile("big.pdf", bytes(2 * MB)),
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "This file is 2.0 MB; the limit is 1 MB." in str(
        response.context["adminform"].form.errors
    )
    call.refresh_from_db()
    assert not call.source_document
