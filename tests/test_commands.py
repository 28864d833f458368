"""import_call and load_samples, as HR staff and `make run` use them."""

import json
import os
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from tests.factories import CallFactory
from vacancies.models import Call, Post

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def sample(prefix: str) -> Path:
    return next(SAMPLES.glob(f"{prefix}_*"))


def open_sample(tmp_path, prefix="003") -> Path:
    """Sample 003 with its deadline in 2099: open whenever the tests run."""
    path = tmp_path / sample(prefix).name
    path.write_text(sample(prefix).read_text().replace("14/12/2026", "14/12/2099"))
    return path


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_json_prints_the_parsed_call_and_touches_nothing():
    out, _ = run("import_call", str(sample("001")), "--dry-run", "--json")
    parsed = json.loads(out)
    assert parsed["reference"] == "1-2026" and len(parsed["posts"]) == 5
    assert parsed["deadline"] == "2026-04-27T17:00:00+02:00"
    assert {
        "ref",
        "title",
        "grade",
        "regime",
        "post_category",
        "location",
        "duty_station",
        "component",
        "clearance",
        "open_to_third_states",
        "confirmed_vacancies",
        "pending_vacancies",
        "pending_deployment_acceptance",
        "vacancies",
        "sections",
    } <= set(parsed["posts"][0])
    assert not Call.objects.exists()


def test_several_paths_print_a_json_list():
    out, _ = run("import_call", str(sample("001")), str(sample("003")), "--dry-run", "--json")
    assert [call["reference"] for call in json.loads(out)] == ["1-2026", None]


def test_import_saves_a_draft_and_publish_publishes(tmp_path):
    document = open_sample(tmp_path)
    out, _ = run("import_call", str(document))
    assert (
        out.strip()
        == "Created draft call 'Communities Protection Officer (S1)' with 1 post(s) from "
        f"{document.name}."
    )
    assert Call.objects.get().status == Call.Status.DRAFT
    out, _ = run("import_call", str(document), "--publish")
    assert out.startswith("Updated published call")
    assert Call.objects.get().status == Call.Status.PUBLISHED


def test_a_bad_file_fails_with_one_clear_line_and_saves_nothing(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="empty"):
        run("import_call", str(sample("003")), str(empty))
    assert not Call.objects.exists()  # the good file before it is not saved either
    with pytest.raises(CommandError, match="cannot read the file"):
        run("import_call", str(tmp_path / "missing.pdf"))


def test_load_samples_is_idempotent():
    out, _ = run("load_samples")
    assert out.splitlines()[0] == "Loaded 3 sample calls (3 new, 0 updated) with 31 posts."
    out, _ = run("load_samples")
    assert out.splitlines()[0] == "Loaded 3 sample calls (0 new, 3 updated) with 31 posts."
    assert Call.objects.published().count() == 3 and Post.objects.count() == 31


def test_the_command_line_exits_1_with_one_line_and_no_traceback(tmp_path):
    bogus = tmp_path / "photo.pdf"
    bogus.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    result = subprocess.run(
        [sys.executable, "manage.py", "import_call", str(bogus)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        check=False,  # the exit status is what is tested
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "PNG" in result.stderr


# Publishing a call whose deadline has passed --------------------------------------------------


def test_publish_refuses_a_call_whose_deadline_has_passed_and_saves_nothing(tmp_path):
    with pytest.raises(CommandError) as refused:
        run("import_call", str(open_sample(tmp_path)), str(sample("000")), "--publish")
    message = str(refused.value)
    deadline = "Friday 14 November 2025, 17:00 (Brussels time)"
    assert message.startswith(f"{sample('000')}: the deadline, {deadline}, has passed;")
    assert "nothing was saved" in message
    assert "--allow-closed" in message and "\n" not in message
    assert not Call.objects.exists()  # the open call before it is not saved either


def test_allow_closed_publishes_a_call_whose_deadline_has_passed():
    out, _ = run("import_call", str(sample("000")), "--publish", "--allow-closed")
    assert out.startswith("Created published call '3-2025 Call for Contributions'")
    assert Call.objects.get().status == Call.Status.PUBLISHED


def test_a_closed_call_is_saved_as_a_draft_without_publish():
    run("import_call", str(sample("000")))
    assert Call.objects.get().status == Call.Status.DRAFT


def test_the_command_line_refuses_a_closed_call_with_exit_status_1():
    result = subprocess.run(
        [sys.executable, "manage.py", "import_call", str(sample("000")), "--publish"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        check=False,  # the exit status is what is tested
    )
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "has passed" in result.stderr


# Source documents left by a killed import -----------------------------------------------------


def orphan(settings, name="calls/2026/killed.pdf", age=3600) -> Path:
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4")
    os.utime(path, (time.time() - age, time.time() - age))
    return path


def kept(settings, name="kept.pdf", age=3600) -> Call:
    call = CallFactory()
    call.source_document.save(name, ContentFile(b"%PDF-1.4"), save=True)
    path = Path(settings.MEDIA_ROOT) / call.source_document.name
    os.utime(path, (time.time() - age, time.time() - age))
    return call


def test_check_warns_of_source_documents_that_no_call_names(settings):
    kept(settings)
    orphan(settings)
    [warning] = [m for m in run_checks() if m.id == "vacancies.W001"]
    assert "1 source document(s)" in warning.msg and "calls/2026/killed.pdf" in warning.msg
    assert "kept.pdf" not in warning.msg and "remove_orphan_sources" in warning.hint
    _, err = run("check")
    assert "vacancies.W001" in err and "calls/2026/killed.pdf" in err


def test_check_asks_no_database_when_no_document_is_kept(settings, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert not [m for m in run_checks() if m.id == "vacancies.W001"]


def test_a_document_an_import_is_still_saving_is_no_orphan(settings):
    orphan(settings, age=10)
    assert not [m for m in run_checks() if m.id == "vacancies.W001"]


def test_remove_orphan_sources_says_what_it_did_and_keeps_the_calls_documents(settings):
    call = kept(settings)
    path = orphan(settings)
    out, _ = run("remove_orphan_sources", "--dry-run")
    assert out.strip() == "Would remove 1 orphan source document(s): calls/2026/killed.pdf."
    assert path.exists()
    out, _ = run("remove_orphan_sources")
    assert out.strip() == "Removed 1 orphan source document(s): calls/2026/killed.pdf."
    assert not path.exists() and call.source_document.storage.exists(call.source_document.name)
    out, _ = run("remove_orphan_sources")
    assert out.strip() == "No orphan source documents: nothing to remove."
