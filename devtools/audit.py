"""Check the pinned packages of the lock files against an advisory database read from disk:
`make audit`. These machines reach the package registries and no advisory service, so the
database is one shipped as a package (safety-db, the default) or files given with --db.

    python devtools/audit.py requirements/dev.txt requirements/production.txt
    python devtools/audit.py --db all.zip requirements/dev.txt

--db takes (and may be given more than once):
- `safety-db`: the database of the safety-db package (insecure_full.json), the default;
- an OSV export: one advisory (.json), a list of them or an osv.dev answer ({"vulns": [...]}),
  a zip of such files (osv.dev's PyPI/all.zip), or a folder of .json/.yaml files (a clone of
  the PyPA advisory database);
- a file in safety-db's format ({"package": [{"id", "specs": [...], ...}], "$meta": {...}}).

--ignore-file names advisories looked at and found not to apply (`ID reason` lines,
requirements/audit-ignore.txt): they are printed as ignored and do not fail the audit.

One line per finding, then one line of summary; the exit status is 1 when anything is
found, 2 when a file cannot be read, 0 otherwise.
"""

import argparse
import datetime as dt
import importlib.util
import json
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

PACKAGED = "safety-db"


@dataclass(frozen=True)
class Pin:
    name: str  # canonical: lower case, runs of -_. as one -
    version: str


@dataclass
class Advisory:
    """One advisory for one package: affected when any range holds or the version is listed."""

    id: str
    package: str
    summary: str = ""
    aliases: tuple[str, ...] = ()
    ranges: list[SpecifierSet] = field(default_factory=list)  # safety-db: any set matches
    events: list[list[dict]] = field(default_factory=list)  # OSV ECOSYSTEM ranges
    versions: frozenset[Version | str] = frozenset()
    fixed: tuple[str, ...] = ()
    unreadable: tuple[str, ...] = ()  # ranges packaging cannot read: said, never matched

    def affects(self, version: str) -> bool:
        try:
            parsed = Version(version)
        except InvalidVersion:
            return version in self.versions
        if parsed in self.versions:
            return True
        if any(spec.contains(parsed, prereleases=True) for spec in self.ranges):
            return True
        return any(_in_osv_range(parsed, events) for events in self.events)


@dataclass
class Database:
    name: str
    advisories: dict[str, list[Advisory]] = field(default_factory=dict)
    as_of: str = "unknown date"

    def add(self, advisory: Advisory) -> None:
        self.advisories.setdefault(advisory.package, []).append(advisory)


# The lock files --------------------------------------------------------------------------


def read_pins(path: Path) -> list[Pin]:
    """`name==version` lines of a requirements file (pip-compile's, hashes and all)."""
    pins = []
    for line in path.read_text().splitlines():
        text = line.split(" #", 1)[0].strip().removesuffix("\\").strip()
        if not text or text.startswith(("#", "-")):
            continue
        try:
            requirement = Requirement(text)
        except InvalidRequirement:
            continue
        exact = [spec.version for spec in requirement.specifier if spec.operator == "=="]
        if exact:
            pins.append(Pin(canonicalize_name(requirement.name), exact[0]))
    return pins


# The databases ---------------------------------------------------------------------------


def packaged_path() -> Path:
    """safety-db's insecure_full.json, found without importing the package (its __init__
    opens a path relative to the working directory and fails)."""
    spec = importlib.util.find_spec("safety_db")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the safety-db package is not installed (make setup)")
    return Path(next(iter(spec.submodule_search_locations))) / "insecure_full.json"


def load(source: str) -> Database:
    path = packaged_path() if source == PACKAGED else Path(source)
    name = f"safety-db {_distribution_version('safety-db')}" if source == PACKAGED else source
    if path.is_dir():
        records = _osv_from_folder(path)
    elif zipfile.is_zipfile(path):
        records = _osv_from_zip(path)
    else:
        data = _parse(path.name, path.read_bytes())
        if _is_safety_db(data):
            return _from_safety_db(name, data)
        records = _osv_records(data)
    return _from_osv(name, records)


def _distribution_version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def _parse(filename: str, content: bytes) -> object:
    if filename.endswith((".yaml", ".yml")):
        import yaml

        return yaml.safe_load(content)
    return json.loads(content)


def _is_safety_db(data: object) -> bool:
    return isinstance(data, dict) and (
        "$meta" in data
        or (
            bool(data)
            and all(isinstance(value, list) for value in data.values())
            and all(isinstance(item, dict) and "specs" in item for v in data.values() for item in v)
        )
    )


def _from_safety_db(name: str, data: dict) -> Database:
    database = Database(name)
    stamp = data.get("$meta", {}).get("timestamp")
    if stamp:
        database.as_of = dt.datetime.fromtimestamp(stamp, dt.UTC).date().isoformat()
    for package, entries in data.items():
        if package == "$meta":
            continue
        for entry in entries:
            ranges, unreadable = [], []
            for spec in entry.get("specs", []):
                try:
                    ranges.append(SpecifierSet(spec))
                except InvalidSpecifier:
                    unreadable.append(spec)
            cve = entry.get("cve")
            database.add(
                Advisory(
                    id=entry.get("id", "?"),
                    package=canonicalize_name(package),
                    summary=entry.get("advisory", ""),
                    aliases=(cve,) if cve else (),
                    ranges=ranges,
                    unreadable=tuple(unreadable),
                )
            )
    return database


def _osv_records(data: object) -> Iterator[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _osv_records(item)
    elif isinstance(data, dict) and "vulns" in data:
        yield from _osv_records(data["vulns"])
    elif isinstance(data, dict) and "id" in data:
        yield data


def _osv_from_zip(path: Path) -> Iterator[dict]:
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.endswith((".json", ".yaml", ".yml")):
                yield from _osv_records(_parse(member, archive.read(member)))


def _osv_from_folder(path: Path) -> Iterator[dict]:
    for file in sorted(path.rglob("*")):
        if file.suffix in {".json", ".yaml", ".yml"} and file.is_file():
            yield from _osv_records(_parse(file.name, file.read_bytes()))


def _from_osv(name: str, records: Iterable[dict]) -> Database:
    database = Database(name)
    newest = ""
    for record in records:
        if record.get("withdrawn"):
            continue
        newest = max(newest, str(record.get("modified", "")))
        for affected in record.get("affected", []):
            package = affected.get("package", {})
            if package.get("ecosystem", "PyPI") != "PyPI" or "name" not in package:
                continue
            ranges = [
                r.get("events", [])
                for r in affected.get("ranges", [])
                if r.get("type") in {"ECOSYSTEM", "SEMVER"}
            ]
            fixed = tuple(e["fixed"] for events in ranges for e in events if "fixed" in e)
            database.add(
                Advisory(
                    id=record["id"],
                    package=canonicalize_name(package["name"]),
                    summary=record.get("summary") or record.get("details", ""),
                    aliases=tuple(record.get("aliases", [])),
                    events=ranges,
                    versions=frozenset(_normal(str(v)) for v in affected.get("versions", [])),
                    fixed=fixed,
                )
            )
    if newest:
        database.as_of = newest[:10]
    return database


def _normal(version: str) -> Version | str:
    """A listed version as a Version, so that 2.0 and 2.0.0 are one; as text if unreadable."""
    try:
        return Version(version)
    except InvalidVersion:
        return version


def _event_version(event: dict) -> Version | None:
    (kind, value), *_ = event.items()
    if kind == "introduced" and value == "0":
        return Version("0")
    try:
        return Version(str(value))
    except InvalidVersion:
        return None


def _in_osv_range(version: Version, events: list[dict]) -> bool:
    """OSV's rule: walk the events in version order up to `version`; introduced opens the
    range, fixed closes it at that version, last_affected just after it."""
    known = [(v, e) for e in events if e and (v := _event_version(e)) is not None]
    affected = False
    for at, event in sorted(known, key=lambda pair: pair[0]):
        if "introduced" in event and version >= at:
            affected = True
        elif ("fixed" in event and version >= at) or ("last_affected" in event and version > at):
            affected = False
    return affected


# The check -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    pin: Pin
    advisory: Advisory

    def line(self) -> str:
        ids = ", ".join((self.advisory.id, *self.advisory.aliases))
        fixed = f"; fixed in {', '.join(self.advisory.fixed)}" if self.advisory.fixed else ""
        summary = re.sub(r"\s+", " ", self.advisory.summary).strip()
        if len(summary) > 120:
            summary = summary[:117] + "..."
        return f"{self.pin.name}=={self.pin.version}: {ids}{fixed}: {summary}"


def audit(pins: Iterable[Pin], databases: Iterable[Database]) -> list[Finding]:
    findings, seen = [], set()
    for database in databases:
        for pin in sorted(set(pins), key=lambda p: (p.name, p.version)):
            for advisory in database.advisories.get(pin.name, []):
                for spec in advisory.unreadable:
                    print(f"warning: {advisory.id}: unreadable range {spec!r}", file=sys.stderr)
                key = (pin, advisory.id)
                if key not in seen and advisory.affects(pin.version):
                    seen.add(key)
                    findings.append(Finding(pin, advisory))
    return findings


def read_ignored(path: Path) -> dict[str, str]:
    """`ID reason...` lines: advisories looked at and found not to apply, each with why."""
    ignored = {}
    for line in path.read_text().splitlines():
        text = line.strip()
        if text and not text.startswith("#"):
            advisory, _, reason = text.partition(" ")
            if not reason.strip():
                raise ValueError(f"{path}: {advisory} is ignored without a reason")
            ignored[advisory] = reason.strip()
    return ignored


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("locks", nargs="+", type=Path, help="requirements files with == pins")
    parser.add_argument(
        "--db",
        action="append",
        metavar="FILE",
        help=f"an advisory database: {PACKAGED!r} (the default), an OSV file, zip or folder, "
        "or a file in safety-db's format; may be repeated",
    )
    parser.add_argument(
        "--ignore-file",
        type=Path,
        metavar="FILE",
        help="advisories that do not apply: one `ID reason` a line; reported, not failed",
    )
    args = parser.parse_args(argv)
    try:
        pins = {pin for path in args.locks for pin in read_pins(path)}
        databases = [load(source) for source in args.db or [PACKAGED]]
        ignored = read_ignored(args.ignore_file) if args.ignore_file else {}
    except (OSError, ValueError) as error:
        print(f"audit: {error}", file=sys.stderr)
        return 2
    if not pins:
        print(f"audit: no pinned package in {', '.join(map(str, args.locks))}", file=sys.stderr)
        return 2

    found = audit(pins, databases)
    findings = [finding for finding in found if finding.advisory.id not in ignored]
    for finding in found:
        if finding.advisory.id in ignored:
            print(
                f"ignored: {finding.pin.name}=={finding.pin.version}: {finding.advisory.id}: "
                f"{ignored[finding.advisory.id]}"
            )
    for finding in findings:
        print(finding.line())
    against = "; ".join(
        f"{db.name} as of {db.as_of} ({len(db.advisories)} packages)" for db in databases
    )
    packages = len({finding.pin for finding in findings})
    verdict = (
        f"{len(findings)} {'advisory' if len(findings) == 1 else 'advisories'} for {packages} "
        f"pinned package{'' if packages == 1 else 's'}"
        if findings
        else "no known advisory"
    )
    if len(found) > len(findings):
        verdict += f" ({len(found) - len(findings)} ignored)"
    print(f"audit: {len(pins)} pins checked against {against}: {verdict}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
