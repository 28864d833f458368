"""The lock and the audit: every package pinned with its hashes in requirements/*.txt, at the
versions pyproject.toml names, installed as locked; devtools/audit.py reports a pinned version
inside an advisory's range and nothing outside it."""

import json
import re
import tomllib
import zipfile
from importlib.metadata import distributions
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from devtools import audit

ROOT = Path(__file__).resolve().parent.parent
DEV_LOCK = ROOT / "requirements" / "dev.txt"
PROD_LOCK = ROOT / "requirements" / "production.txt"
IGNORED = ROOT / "requirements" / "audit-ignore.txt"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def locked(path: Path) -> dict[str, Requirement]:
    """The lock's requirements by canonical name (markers kept)."""
    requirements = {}
    for line in path.read_text().splitlines():
        text = line.split(" #", 1)[0].strip().removesuffix("\\").strip()
        if text and not text.startswith(("#", "-")):
            requirement = Requirement(text)
            requirements[canonicalize_name(requirement.name)] = requirement
    return requirements


def version(requirement: Requirement) -> str:
    (spec,) = requirement.specifier
    assert spec.operator == "==", requirement
    return spec.version


@pytest.mark.parametrize("lock", [DEV_LOCK, PROD_LOCK], ids=lambda path: path.name)
def test_every_dependency_of_pyproject_is_locked_at_its_version(lock):
    names = list(PROJECT["dependencies"])
    if lock is DEV_LOCK:
        names += [name for extra in PROJECT["optional-dependencies"].values() for name in extra]
    pins = locked(lock)
    for name in names:
        wanted = Requirement(name)
        key = canonicalize_name(wanted.name)
        assert key in pins, f"{wanted.name} is not in {lock.name}: run make lock"
        assert wanted.specifier.contains(version(pins[key])), (
            f"{lock.name} has {pins[key]}, pyproject.toml {wanted}: run make lock"
        )


def test_the_production_lock_has_no_test_tools_or_embedded_postgres():
    assert not {"pgserver", "pytest", "playwright", "pip-tools", "safety-db"} & set(
        locked(PROD_LOCK)
    )


def test_the_dev_lock_keeps_the_production_versions():
    dev = locked(DEV_LOCK)
    for name, requirement in locked(PROD_LOCK).items():
        assert name in dev
        assert version(dev[name]) == version(requirement), name


@pytest.mark.parametrize("lock", [DEV_LOCK, PROD_LOCK], ids=lambda path: path.name)
def test_every_locked_package_is_pinned_with_its_hashes(lock):
    entries = re.split(r"\n(?=\S)", lock.read_text())
    packages = [entry for entry in entries if entry and not entry.startswith(("#", "-"))]
    assert packages
    for entry in packages:
        name = entry.split()[0]
        assert re.match(r"^[A-Za-z0-9._-]+==\S+$", name), name
        assert "--hash=sha256:" in entry, f"{name} has no hash in {lock.name}"
    assert "file://" not in lock.read_text()  # nothing of the machine that wrote it


def test_the_environment_running_the_tests_is_the_lock():
    """`make setup` installs requirements/dev.txt and then the project alone (--no-deps)."""
    environment = default_environment()
    wanted = {
        name: version(requirement)
        for name, requirement in locked(DEV_LOCK).items()
        if requirement.marker is None or requirement.marker.evaluate(environment)
    }
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in distributions()}
    installed.pop("missionjobs", None)

    assert {name: installed.get(name) for name in wanted} == wanted, "run make setup"
    assert set(installed) - set(wanted) == set(), "installed but not locked"


def test_setup_and_the_image_install_from_the_locks_checking_hashes():
    makefile = (ROOT / "Makefile").read_text()
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert re.search(r"^\$\(STAMP\): pyproject.toml \$\(LOCK\)", makefile, re.MULTILINE)
    assert "pip install --quiet --require-hashes -r $(LOCK)" in makefile
    assert "pip install --quiet --no-deps --no-build-isolation -e ." in makefile
    assert "pip install --require-hashes -r requirements/production.txt" in dockerfile
    assert "pip install --no-deps --no-build-isolation ." in dockerfile


# The audit --------------------------------------------------------------------------------


def osv(identifier: str, package: str, events: list[dict], versions=()) -> dict:
    return {
        "id": identifier,
        "modified": "2026-11-30T00:00:00Z",
        "aliases": ["CVE-2026-0001"],
        "summary": f"something wrong in {package}",
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": package},
                "ranges": [{"type": "ECOSYSTEM", "events": events}],
                "versions": list(versions),
            }
        ],
    }


FAKE_OSV = [
    osv("OSV-1", "Django", [{"introduced": "5.2"}, {"fixed": "5.2.20"}]),
    osv("OSV-2", "django", [{"introduced": "4.2"}, {"fixed": "4.2.30"}]),
    osv("OSV-3", "Some_Package", [{"introduced": "0"}, {"last_affected": "1.0"}]),
    osv("OSV-4", "listed", [], versions=["2.0"]),
]


@pytest.fixture
def lock(tmp_path):
    path = tmp_path / "lock.txt"
    path.write_text(
        "django==5.2.19 \\\n    --hash=sha256:00\n    # via missionjobs (pyproject.toml)\n"
        "some-package==1.0 \\\n    --hash=sha256:00\n"
        "listed==2.0.0 ; python_version >= '3'\n"
        "unaffected==3.0\n"
    )
    return path


def run(capsys, *args) -> tuple[int, list[str]]:
    code = audit.main([str(arg) for arg in args])
    return code, capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("form", ["list", "vulns", "zip", "folder"])
def test_a_pin_inside_an_osv_range_is_reported_and_one_outside_is_not(form, lock, tmp_path, capsys):
    if form == "list":
        db = tmp_path / "osv.json"
        db.write_text(json.dumps(FAKE_OSV))
    elif form == "vulns":
        db = tmp_path / "answer.json"
        db.write_text(json.dumps({"vulns": FAKE_OSV}))
    elif form == "zip":
        db = tmp_path / "all.zip"
        with zipfile.ZipFile(db, "w") as archive:
            for record in FAKE_OSV:
                archive.writestr(f"{record['id']}.json", json.dumps(record))
    else:
        db = tmp_path / "vulns"
        for record in FAKE_OSV:
            (db / record["id"]).mkdir(parents=True)
            (db / record["id"] / "advisory.json").write_text(json.dumps(record))

    code, lines = run(capsys, "--db", db, lock)

    assert code == 1
    assert lines[:-1] == [
        "django==5.2.19: OSV-1, CVE-2026-0001; fixed in 5.2.20: something wrong in Django",
        "listed==2.0.0: OSV-4, CVE-2026-0001: something wrong in listed",
        "some-package==1.0: OSV-3, CVE-2026-0001: something wrong in Some_Package",
    ]
    assert lines[-1] == (
        f"audit: 4 pins checked against {db} as of 2026-11-30 (3 packages): "
        "3 advisories for 3 pinned packages"
    )


def test_a_pin_past_the_fix_is_not_reported(tmp_path, capsys):
    db = tmp_path / "osv.json"
    db.write_text(json.dumps(FAKE_OSV))
    fixed = tmp_path / "lock.txt"
    fixed.write_text("django==5.2.20\nsome-package==1.0.1\nlisted==2.0.1\n")

    code, lines = run(capsys, "--db", db, fixed)

    assert code == 0
    assert lines == [
        f"audit: 3 pins checked against {db} as of 2026-11-30 (3 packages): no known advisory"
    ]


def test_a_database_in_safety_db_format(lock, tmp_path, capsys):
    db = tmp_path / "insecure_full.json"
    db.write_text(
        json.dumps(
            {
                "$meta": {"timestamp": 1764460800},
                "django": [
                    {"id": "pyup-1", "cve": "CVE-1", "advisory": "in", "specs": [">=5.2,<5.2.20"]},
                    {"id": "pyup-2", "cve": None, "advisory": "out", "specs": ["<4.2.30"]},
                ],
                "unaffected": [{"id": "pyup-3", "advisory": "out", "specs": ["<3.0", ">3.0"]}],
            }
        )
    )

    code, lines = run(capsys, "--db", db, lock)

    assert code == 1
    summary = f"audit: 4 pins checked against {db} as of 2025-11-30 (2 packages): "
    assert lines == [
        "django==5.2.19: pyup-1, CVE-1: in",
        summary + "1 advisory for 1 pinned package",
    ]


def test_an_advisory_explained_in_the_ignore_file_is_shown_and_does_not_fail(
    lock, tmp_path, capsys
):
    db = tmp_path / "osv.json"
    db.write_text(json.dumps(FAKE_OSV[:1]))
    ignore = tmp_path / "ignore.txt"
    ignore.write_text("# why each\nOSV-1 the affected function is never called\n")

    code, lines = run(capsys, "--db", db, "--ignore-file", ignore, lock)

    assert code == 0
    assert lines[0] == "ignored: django==5.2.19: OSV-1: the affected function is never called"
    assert lines[-1].endswith("no known advisory (1 ignored)")


def test_an_ignored_advisory_needs_a_reason(lock, tmp_path, capsys):
    ignore = tmp_path / "ignore.txt"
    ignore.write_text("OSV-1\n")

    assert run(capsys, "--ignore-file", ignore, lock)[0] == 2


def test_a_missing_database_is_an_error_not_a_clean_audit(lock, tmp_path, capsys):
    assert run(capsys, "--db", tmp_path / "nowhere.json", lock)[0] == 2


def test_the_locks_pass_the_audit_of_the_packaged_database(capsys):
    """`make audit` as it stands: safety-db's data, the two locks, the explained exceptions."""
    code, lines = run(capsys, "--ignore-file", IGNORED, DEV_LOCK, PROD_LOCK)

    assert code == 0, "\n".join(lines)
    assert re.match(r"audit: \d+ pins checked against safety-db 2021\.7\.17 ", lines[-1])
