"""Field-level accuracy of the importer on the corpus of real missions' calls, per format.

    .venv/bin/python bench/corpus_accuracy.py      # from the repo root; no Django needed

For every folder of ``tests/importer/corpus/`` with an ``expected.json``, reads its
``call.txt``, ``call.docx`` and ``call.pdf`` with ``read_call`` and compares what it read
with ``expected.json`` field by field (``tests/importer/corpus/compare.py``). A document
the importer refuses or fails on counts all its fields as wrong, and its error is listed.
Prints the totals per format and writes ``bench/results/corpus.md``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.importer.corpus.compare import compare  # noqa: E402 - after the path is set
from vacancies.importer import read_call  # noqa: E402 - after the path is set
from vacancies.importer.errors import DocumentError  # noqa: E402 - after the path is set

CORPUS = ROOT / "tests" / "importer" / "corpus"
FORMATS = {"text": "call.txt", "DOCX": "call.docx", "PDF": "call.pdf"}
RESULTS = ROOT / "bench" / "results" / "corpus.md"
COMMAND = ".venv/bin/python bench/corpus_accuracy.py"


@dataclass
class Score:
    checked: int = 0
    right: int = 0
    wrong: list[str] = field(default_factory=list)
    error: str | None = None

    def __add__(self, other: Score) -> Score:
        return Score(self.checked + other.checked, self.right + other.right)

    def __str__(self) -> str:
        share = self.right / self.checked if self.checked else 1.0
        return f"{self.right}/{self.checked} ({share:.1%})"


def main() -> None:
    folders = sorted(path.parent for path in CORPUS.glob("*/expected.json"))
    scores = {folder.name: {kind: _score(folder, kind) for kind in FORMATS} for folder in folders}
    report = _report(scores)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report)
    for kind in FORMATS:
        print(f"{kind}: {_total(scores, kind)}")
    print(f"{len(folders)} documents; written to {RESULTS.relative_to(ROOT)}")


def _score(folder: Path, kind: str) -> Score:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    path = folder / FORMATS[kind]
    try:
        got = read_call(path.read_bytes(), path.name).as_dict()
    except FileNotFoundError:
        error = f"{path.name} is missing: run `make corpus`"
    except DocumentError as failure:
        error = f"{type(failure).__name__}: {failure}"
    except Exception as failure:  # noqa: BLE001 - a bug, not a refusal: named as such, the run goes on
        error = f"crash, {type(failure).__name__}: {failure}"
    else:
        comparison = compare(expected, got)
        right = comparison.checked - len(comparison.wrong)
        return Score(comparison.checked, right, comparison.wrong)
    return Score(compare(expected, {}).checked, 0, error=error)


def _total(scores: dict[str, dict[str, Score]], kind: str) -> Score:
    return sum((by_kind[kind] for by_kind in scores.values()), Score())


def _report(scores: dict[str, dict[str, Score]]) -> str:
    lines = [
        "# Importer accuracy on the corpus",
        "",
        f"`{COMMAND}`, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        (
            "Fields read right / fields expected, for each corpus document"
            " (`tests/importer/corpus/`) in each of its three formats; the rules are in"
            " `tests/importer/corpus/README.md`. A document the importer refuses or fails"
            " on counts all its fields as wrong."
        ),
        "",
        f"| Document | {' | '.join(FORMATS)} |",
        f"|---|{'---:|' * len(FORMATS)}",
    ]
    for name, by_kind in scores.items():
        cells = [str(score) + (" error" if score.error else "") for score in by_kind.values()]
        lines.append(f"| {name} | {' | '.join(cells)} |")
    totals = [f"**{_total(scores, kind)}**" for kind in FORMATS]
    lines += [f"| **Total** | {' | '.join(totals)} |", "", "## Wrong fields", ""]
    for name, by_kind in scores.items():
        for kind, score in by_kind.items():
            if score.error or score.wrong:
                lines.append(f"### {name}, {kind}")
                lines.append("")
                if score.error:
                    lines.append(f"- **error**: {score.error}")
                lines += [f"- {wrong}" for wrong in score.wrong]
                lines.append("")
    if not any(score.error or score.wrong for s in scores.values() for score in s.values()):
        lines += ["None.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
