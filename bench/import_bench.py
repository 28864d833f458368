"""Import time and memory of ``read_call`` on the samples and on a generated 60-page call.

    .venv/bin/python bench/import_bench.py          # from the repo root; no Django needed

For each document: the median time of several ``read_call`` runs, the tracemalloc peak
of one run (Python allocations only), and the maximum resident set size of a fresh
process that imports the importer and reads that one document (everything, C libraries
included: PDFium, lxml). Prints a table and writes ``bench/results/import.md``.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vacancies.importer import read_call  # noqa: E402 - after the path is set

RUNS = 5
TARGET_PAGES = 60
GOALS = {"text": 0.5, "pdf": 3.0, "docx": 3.0}  # seconds
MEMORY_GOAL_MB = 300
RESULTS = ROOT / "bench" / "results" / "import.md"
LIBRARIES = ["pypdfium2", "python-docx", "lxml", "reportlab"]


@dataclass
class Result:
    name: str
    kind: str
    size: int
    pages: int | None
    posts: int
    median_s: float
    traced_peak_mb: float
    max_rss_mb: float

    @property
    def ok(self) -> bool:
        return self.median_s < GOALS[self.kind] and self.max_rss_mb < MEMORY_GOAL_MB


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--max-rss-of", help=argparse.SUPPRESS)  # the child process
    options = arguments.parse_args()
    if options.max_rss_of is not None:
        print(json.dumps(_read_and_report_rss(options.max_rss_of)))
        return

    baseline = _max_rss_in_child("")
    with tempfile.TemporaryDirectory() as scratch:
        documents = [(path, _kind(path)) for path in sorted((ROOT / "samples").glob("*.txt"))]
        documents += _generated(Path(scratch))
        results = [_measure(path, kind) for path, kind in documents]
    report = _report(results, baseline)
    print(report)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report)
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")


def _kind(path: Path) -> str:
    return {".pdf": "pdf", ".docx": "docx"}.get(path.suffix, "text")


def _generated(scratch: Path) -> list[tuple[Path, str]]:
    """A call long enough to fill 60 pages as PDF, and the same call as DOCX."""
    from tests.importer import builders

    posts = 20
    while True:
        call = builders.example_call([builders.example_post(n, 6) for n in range(1, posts + 1)])
        pdf = builders.eeas_pdf(call)
        if _pdf_pages(pdf) >= TARGET_PAGES:
            break
        posts += 2
    out = []
    for suffix, data in ((".pdf", pdf), (".docx", builders.eeas_docx(call))):
        path = scratch / f"generated-{TARGET_PAGES}-pages{suffix}"
        path.write_bytes(data)
        out.append((path, _kind(path)))
    return out


def _pdf_pages(data: bytes) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def _measure(path: Path, kind: str) -> Result:
    data = path.read_bytes()
    call = read_call(data, path.name)  # warm up: imports, caches
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        read_call(data, path.name)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    read_call(data, path.name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return Result(
        name=path.name,
        kind=kind,
        size=len(data),
        pages=_pdf_pages(data) if kind == "pdf" else None,
        posts=len(call.posts),
        median_s=statistics.median(times),
        traced_peak_mb=peak / 2**20,
        max_rss_mb=_max_rss_in_child(str(path)),
    )


def _max_rss_in_child(path: str) -> float:
    """Max RSS of a new process reading ``path`` (or only importing, for ``""``)."""
    command = [sys.executable, __file__, "--max-rss-of", path]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output)["max_rss_mb"]


def _read_and_report_rss(path: str) -> dict:
    from vacancies.importer import readers  # noqa: F401 - import the PDF and DOCX libraries too

    if path:
        read_call(Path(path).read_bytes(), Path(path).name)
    return {"max_rss_mb": _max_rss_mb()}


def _max_rss_mb() -> float:
    """The peak resident set size of this process.

    On Linux, ``ru_maxrss`` survives exec: a child forked from this big benchmark
    process starts with the parent's RSS as its maximum. ``VmHWM`` is the peak of the
    process's own memory since exec, so it is used where it exists.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 2**10  # kB
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return max_rss / (2**20 if sys.platform == "darwin" else 2**10)  # bytes on macOS


def _report(results: list[Result], baseline_mb: float) -> str:
    lines = [
        "# Import benchmark",
        "",
        (
            f"`read_call` (read + parse), median of {RUNS} runs after a warm-up;"
            " tracemalloc peak of one run (Python allocations);"
            " max RSS of a fresh process that imports the importer and reads the one document."
        ),
        "",
        f"Goals: text < {GOALS['text']} s, PDF < {GOALS['pdf']} s, memory < {MEMORY_GOAL_MB} MB.",
        "",
        "| Document | Kind | Size | Pages | Posts | Median | tracemalloc peak | Max RSS | Goal |",
        "|---|---|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    lines.extend(
        f"| {r.name} | {r.kind} | {r.size / 1024:.0f} KB | {r.pages or ''} | {r.posts}"
        f" | {r.median_s:.3f} s | {r.traced_peak_mb:.1f} MB | {r.max_rss_mb:.0f} MB"
        f" | {'yes' if r.ok else '**no**'} |"
        for r in results
    )
    versions = ", ".join(f"{name} {version(name)}" for name in LIBRARIES)
    lines += [
        "",
        f"Max RSS of a process that only imports the importer: {baseline_mb:.0f} MB.",
        "",
        (
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()},"
            f" {platform.system()} {platform.release()}, Python {platform.python_version()};"
            f" {versions}."
        ),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
