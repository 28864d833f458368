"""import_call and load_samples, as HR staff and `make run` use them."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from vacancies.models import Call, Post

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def sample(prefix: str) -> Path:
    return next(SAMPLES.glob(f"{prefix}_*"))


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_json_prints_the_parsed_call_and_touches_nothing():
    out, _ = run("import_call", str(sample("001")), "--dry-run", "--json")
    parsed = json.loads(out)
    assert parsed["reference"] == "1-2026" and len(parsed["posts"]) == 5
    assert parsed["deadline"] == "2026-04-27T17:00:00+02:00"
    assert {"ref", "title", "grade", "regime", "post_category", "location", "duty_station", "component",
            "clearance", "open_to_third_states", "confirmed_vacancies", "pending_vacancies",
            "pending_deployment_acceptance", "vacancies", "sections"} <= set(parsed["posts"][0])
    assert not Call.objects.exists()


def test_several_paths_print_a_json_list():
    out, _ = run("import_call", str(sample("001")), str(sample("003")), "--dry-run", "--json")
    assert [call["reference"] for call in json.loads(out)] == ["1-2026", None]


def test_import_saves_a_draft_and_publish_publishes():
    out, _ = run("import_call", str(sample("003")))
    assert out.strip() == "Created draft call 'Communities Protection Officer (S1)' with 1 post(s) from " \
                          f"{sample('003').name}."
    assert Call.objects.get().status == Call.Status.DRAFT
    out, _ = run("import_call", str(sample("003")), "--publish")
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
    assert out.strip() == "Loaded 3 sample calls (3 new, 0 updated) with 31 posts."
    out, _ = run("load_samples")
    assert out.strip() == "Loaded 3 sample calls (0 new, 3 updated) with 31 posts."
    assert Call.objects.published().count() == 3 and Post.objects.count() == 31


def test_the_command_line_exits_1_with_one_line_and_no_traceback(tmp_path):
    bogus = tmp_path / "photo.pdf"
    bogus.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    result = subprocess.run(
        [sys.executable, "manage.py", "import_call", str(bogus)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "PNG" in result.stderr
