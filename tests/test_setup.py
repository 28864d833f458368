"""How the project starts: the settings start nothing, the embedded Postgres is for
manage.py and the tests only, and the tools are pinned once."""

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    environ = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environ.update({"DJANGO_SETTINGS_MODULE": "missionjobs.settings", "SECRET_KEY": "x", **env})
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_importing_the_settings_without_database_url_starts_no_database():
    result = run_python("import sys, missionjobs.settings; print('pgserver' in sys.modules)")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_without_database_url_the_first_query_says_it_is_missing():
    result = run_python(
        "import django; django.setup(); from vacancies.models import Post; Post.objects.count()"
    )

    assert result.returncode != 0
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith("django.core.exceptions.ImproperlyConfigured: DATABASE_URL is not set:")
    )


def test_a_database_url_given_is_kept_and_starts_nothing():
    code = (
        "import os, sys; from missionjobs.embedded_postgres import use_embedded_if_unset; "
        "use_embedded_if_unset(); print(os.environ['DATABASE_URL'], 'pgserver' in sys.modules)"
    )
    result = run_python(code, DATABASE_URL="postgres://someone@db.example/missionjobs")

    assert result.stdout.split() == ["postgres://someone@db.example/missionjobs", "False"]


def test_the_production_dependencies_have_no_embedded_postgres():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

    assert not [name for name in project["dependencies"] if name.startswith("pgserver")]
    assert any(name.startswith("pgserver==") for name in project["optional-dependencies"]["local"])


def test_pre_commit_runs_the_ruff_pinned_in_pyproject():
    test_extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]["test"]
    pinned = next(name for name in test_extra if name.startswith("ruff=="))
    hooks = (ROOT / ".pre-commit-config.yaml").read_text()

    assert set(re.findall(r"ruff==[\w.]+", hooks)) == {pinned}


def test_the_production_image_has_no_data_generator():
    """What the Dockerfile copies holds no generate_posts, and production settings do not
    install devtools: the generator can lock tables and move sequences."""
    copied = re.findall(r"^COPY (.+) \S+$", (ROOT / "Dockerfile").read_text(), re.MULTILINE)
    paths = [ROOT / name for line in copied for name in line.split()]
    code = [p for path in paths for p in ([path] if path.is_file() else path.rglob("*.py"))]
    assert ROOT / "vacancies" in paths
    assert not [path for path in code if "generate_posts" in path.read_text(errors="replace")]
    assert not [path for path in code if path.name == "generate_posts.py"]

    result = run_python("from django.conf import settings as s; print(s.INSTALLED_APPS)")
    assert result.returncode == 0, result.stderr
    assert "vacancies" in result.stdout
    assert "devtools" not in result.stdout
