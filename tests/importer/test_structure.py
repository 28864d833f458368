"""The importer's layers: read -> grammar -> families -> parse -> check, then the database.

No module imports one that imports it back, and nothing before the save imports Django,
so reading, parsing and checking are tested on files alone.
"""

import ast
import subprocess
import sys
from pathlib import Path

import vacancies.importer

PACKAGE = Path(vacancies.importer.__file__).parent
MODULES = {path.stem for path in PACKAGE.glob("*.py")}
WITHOUT_DJANGO = [
    *("readers", "pdf", "text", "glyphs", "model", "errors"),
    *("grammar", "items", "dates", "names", "eeas", "osce", "parse", "check"),
]


def importer_imports(source: str) -> set[str]:
    """The importer's modules a module's source imports, at its top or in a function."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level in (0, 1):
            target = node.module or ""
            if node.level == 1:
                target = "vacancies.importer" + (f".{target}" if target else "")
            if target == "vacancies.importer":  # from . import eeas
                found.update(alias.name for alias in node.names)
            elif target.startswith("vacancies.importer."):
                found.add(target.split(".")[2])
        elif isinstance(node, ast.Import):
            found.update(
                alias.name.split(".")[2]
                for alias in node.names
                if alias.name.startswith("vacancies.importer.")
            )
    return found & MODULES


def a_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A path that comes back to where it started (["a", "b", "a"]), or None."""
    done: set[str] = set()

    def walk(name: str, path: list[str]) -> list[str] | None:
        if name in path:
            return [*path[path.index(name) :], name]
        if name in done:
            return None
        for imported in sorted(graph.get(name, ())):
            if cycle := walk(imported, [*path, name]):
                return cycle
        done.add(name)
        return None

    return next(filter(None, (walk(name, []) for name in sorted(graph))), None)


def test_the_cycle_finder_finds_a_cycle():
    graph = {"grammar": set(), "eeas": {"grammar", "parse"}, "parse": {"eeas"}}
    assert a_cycle(graph) == ["eeas", "parse", "eeas"]
    assert importer_imports("from . import eeas, osce\nfrom .grammar import Doc") == {
        "eeas",
        "osce",
        "grammar",
    }


def test_no_module_of_the_importer_imports_one_that_imports_it_back():
    graph = {name: importer_imports((PACKAGE / f"{name}.py").read_text()) for name in MODULES}
    assert a_cycle(graph) is None


def test_reading_parsing_and_checking_import_no_django():
    imports = "; ".join(f"import vacancies.importer.{name}" for name in WITHOUT_DJANGO)
    outside = "m.split('.')[0] == 'django' or m.startswith('vacancies.') and '.importer' not in m"
    script = f"import sys; {imports}; print(sorted(m for m in sys.modules if {outside}))"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PACKAGE.parents[1],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"
