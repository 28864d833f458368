"""A document over the reader's limits (the numbers it states, the memory and time it
takes) gets one clear line, in the admin and on the command line, and nothing is saved.

The limits themselves are tested in tests/importer/test_document_bounds.py and
tests/importer/test_sandbox.py; here they are followed through the import page and
``import_call``.
"""

import os
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from tests import imports
from tests.importer import hostile_docx as h
from vacancies.models import Call

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = next((ROOT / "samples").glob("000_*"))  # the largest: it needs new memory
ROMAN = "This Word document has a list numbered from 100,000,000,000"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, name: str, data: bytes):
    return imports.upload(client, SimpleUploadedFile(name, data))


def form_errors(response) -> list[str]:
    return imports.problems(response)


def test_the_issues_word_file_gets_a_form_error_at_once_and_saves_nothing(client, hr_editor):
    client.force_login(hr_editor)
    started = time.monotonic()

    response = upload(client, "call.docx", h.numbered_list_docx())

    assert response.status_code == 200
    assert [error[: len(ROMAN)] for error in form_errors(response)] == [ROMAN]
    assert time.monotonic() - started < 10
    assert not Call.objects.exists()


@pytest.mark.parametrize(
    "limit, words",
    [
        ({"IMPORT_SANDBOX_MEMORY_MB": 16}, "This document needs more than 16 MB of memory to read"),
        ({"IMPORT_SANDBOX_SECONDS": 0.001}, "Reading this document took longer than 0.001 seconds"),
    ],
    ids=["memory", "time"],
)
def test_a_document_over_the_sandbox_limits_gets_a_form_error(
    client, hr_editor, settings, limit, words
):
    for name, value in limit.items():
        setattr(settings, name, value)
    client.force_login(hr_editor)

    response = upload(client, SAMPLE.name, SAMPLE.read_bytes())

    assert response.status_code == 200
    assert len(form_errors(response)) == 1 and form_errors(response)[0].startswith(words)
    assert not Call.objects.exists()


def test_import_call_refuses_the_issues_word_file_in_one_line(tmp_path):
    path = tmp_path / "call.docx"
    path.write_bytes(h.numbered_list_docx())

    with pytest.raises(CommandError) as raised:
        call_command("import_call", str(path), stdout=StringIO(), stderr=StringIO())

    assert str(raised.value).startswith(f"{path}: {ROMAN}")
    assert "\n" not in str(raised.value)
    assert not Call.objects.exists()


def test_import_call_refuses_a_document_over_the_memory_limit(settings):
    settings.IMPORT_SANDBOX_MEMORY_MB = 16

    with pytest.raises(CommandError, match="needs more than 16 MB of memory"):
        call_command("import_call", str(SAMPLE), stdout=StringIO(), stderr=StringIO())

    assert not Call.objects.exists()


def test_the_command_line_refuses_the_issues_word_file_without_a_traceback(tmp_path):
    path = tmp_path / "call.docx"
    path.write_bytes(h.numbered_list_docx())

    result = subprocess.run(
        [sys.executable, "manage.py", "import_call", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        # A media folder of its own: a local `make run`'s documents are not this test's.
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "MEDIA_ROOT": str(tmp_path)},
        check=False,  # the exit status is what is tested
    )

    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1
    assert len(lines) == 1 and lines[0].startswith(f"CommandError: {path}: {ROMAN}")
