"""The import page with the task queue as in production: the upload is kept, its page says
"Reading..." and refreshes itself until the worker has read the document, then shows the
preview or what is wrong with it. The web process reads nothing; nothing is saved before
the preview is confirmed; the kept upload goes once saved or expired."""

import logging
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests import imports
from tests.worker import run_worker
from vacancies import documents, tasks
from vacancies.admin_imports import EXPIRED
from vacancies.models import Call, StagedImport

SAMPLE = next((Path(__file__).resolve().parent.parent / "samples").glob("003_*"))
REFRESH = re.compile(r'<meta http-equiv="refresh" content="\d+">')


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def editor(queue):
    """A user who may import (a superuser: the transactional tests lose the migrations'
    HR editor group)."""
    return User.objects.create_superuser("editor", "editor@example.org", "a-long-password-1")


@pytest.fixture
def client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def reads(monkeypatch):
    """Each read of a document, by the name of the process that did it."""
    done = []
    read_document = documents.read_document

    def counted(data, name):
        done.append(name)
        return read_document(data, name)

    monkeypatch.setattr(documents, "read_document", counted)
    return done


def post(client, name: str, data: bytes):
    return client.post(imports.URL, {"document": SimpleUploadedFile(name, data)})


def test_the_page_reads_until_the_worker_has_read_the_document_then_previews_it(client, reads):
    uploaded = post(client, "notice.txt", SAMPLE.read_bytes())
    staged = StagedImport.objects.get()
    assert uploaded.status_code == 302
    assert uploaded["Location"] == f"{imports.URL}{staged.pk}/"

    waiting = client.get(uploaded["Location"])
    body = waiting.content.decode()
    assert "Reading <strong>notice.txt</strong>…" in body and REFRESH.search(body)
    assert "Save this call" not in body and "taking longer" not in body
    assert reads == [] and not Call.objects.exists()  # the web process reads nothing

    run_worker()

    preview = client.get(uploaded["Location"])
    body = preview.content.decode()
    assert reads == ["notice.txt"]
    assert "Save this call" in body and not REFRESH.search(body)
    assert not Call.objects.exists()  # nothing saved before the confirmation

    saved = imports.confirm(client, preview)

    assert saved.status_code == 302
    assert Call.objects.get().posts.count() == 1
    assert not StagedImport.objects.exists()  # used: gone
    assert reads == ["notice.txt"]  # saved from what the worker read, not read again


def test_a_document_that_cannot_be_imported_gets_its_reason_and_changes_nothing(client):
    uploaded = post(client, "notes.txt", b"Shopping list\n\nMilk\nBread\n")
    run_worker()

    page = client.get(uploaded["Location"])

    [problem] = imports.problems(page)
    assert problem.startswith("This document does not look like a call for contributions")
    assert not REFRESH.search(page.content.decode())
    assert 'name="document"' in page.content.decode()  # upload another from here
    assert not Call.objects.exists()
    assert bytes(StagedImport.objects.get().document) == b""  # its bytes are dropped


def test_a_failure_of_the_read_itself_is_said_on_the_page_and_logged(client, monkeypatch, caplog):
    def broken(data, name):
        raise ZeroDivisionError("a bug in a reader")

    monkeypatch.setattr(documents, "read_document", broken)
    uploaded = post(client, "notice.txt", SAMPLE.read_bytes())
    with caplog.at_level(logging.ERROR):
        run_worker()

    assert imports.problems(client.get(uploaded["Location"])) == [tasks.COULD_NOT_READ]
    [failed] = DBTaskResult.objects.filter(task_path="vacancies.tasks.read_staged_import")
    assert failed.status == TaskResultStatus.FAILED
    assert "a bug in a reader" in caplog.text


def test_a_read_that_does_not_come_says_the_worker_may_not_be_running(client, settings):
    uploaded = post(client, "notice.txt", SAMPLE.read_bytes())
    StagedImport.objects.update(
        uploaded_at=StagedImport.objects.get().uploaded_at
        - timedelta(seconds=settings.IMPORT_SANDBOX_SECONDS + 11)
    )

    body = client.get(uploaded["Location"]).content.decode()

    assert "taking longer than it should" in body and "manage.py db_worker" in body
    assert REFRESH.search(body)  # and it keeps asking


def test_another_user_neither_sees_nor_saves_an_upload(client):
    uploaded = post(client, "notice.txt", SAMPLE.read_bytes())
    run_worker()
    other = User.objects.create_superuser("other", "other@example.org", "a-long-password-2")
    intruder = Client()
    intruder.force_login(other)

    seen = intruder.get(uploaded["Location"])
    saved = intruder.post(uploaded["Location"], {"confirm": "1"})

    for page in (seen, saved):
        assert imports.problems(page) == [EXPIRED]
    assert not Call.objects.exists() and StagedImport.objects.exists()


def test_saving_the_preview_needs_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    StagedImport.objects.create(name="notice.txt", document=b"x", uploaded_by=editor)
    staged = StagedImport.objects.get()

    assert client.post(f"{imports.URL}{staged.pk}/", {"confirm": "1"}).status_code == 403


def test_an_upload_left_for_a_day_is_removed_at_the_next(client, editor):
    StagedImport.objects.create(name="old.txt", document=b"old", uploaded_by=editor)
    StagedImport.objects.update(uploaded_at=StagedImport.objects.get().uploaded_at - timedelta(2))

    post(client, "notice.txt", SAMPLE.read_bytes())

    assert [staged.name for staged in StagedImport.objects.all()] == ["notice.txt"]


def test_a_read_queued_for_an_upload_removed_meanwhile_does_nothing(client):
    post(client, "notice.txt", SAMPLE.read_bytes())
    StagedImport.objects.all().delete()
    run_worker()
    [done] = DBTaskResult.objects.filter(task_path="vacancies.tasks.read_staged_import")
    assert done.status == TaskResultStatus.SUCCESSFUL
