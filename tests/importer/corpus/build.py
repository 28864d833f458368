"""Write each corpus document's call.txt, call.docx and call.pdf from its document.json.

    python -m tests.importer.corpus.build            # every folder with a document.json
    python -m tests.importer.corpus.build ID ...     # those folders only

The same document.json always gives the same bytes, so the committed files only change
when their document does. A document.json that cannot be rendered is reported in one
line, the others are still built, and the command exits 1.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from reportlab.platypus.doctemplate import LayoutError

from .document import DocumentError, load
from .render_docx import to_docx
from .render_pdf import page_count, to_pdf
from .render_text import to_text

CORPUS = Path(__file__).resolve().parent


def build(folder: Path) -> str:
    """Render ``folder``'s document.json next to it; a line saying what was written."""
    if not (folder / "document.json").is_file():
        raise DocumentError("no document.json (is the id right?)")
    document = load(folder / "document.json")
    pdf = to_pdf(document)
    # Text copied out of a PDF comes in a viewer's reading order, a cell's lines together,
    # however the PDF draws them: copy from the same page drawn cell by cell.
    drawn_by_cells = (
        pdf
        if document.draw_order == "cells"
        else to_pdf(dataclasses.replace(document, draw_order="cells"))
    )
    files = {
        "call.txt": to_text(document, drawn_by_cells).encode("utf-8"),
        "call.docx": to_docx(document),
        "call.pdf": pdf,
    }
    for name, data in files.items():  # written only once all three rendered
        (folder / name).write_bytes(data)
    return f"{folder.name}: {', '.join(files)} ({page_count(pdf)} pages)"


def main(argv: list[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("ids", nargs="*", help="corpus folders to build (default: all)")
    options = arguments.parse_args(argv)
    folders = [CORPUS / name for name in options.ids] or sorted(
        path.parent for path in CORPUS.glob("*/document.json")
    )
    failed = 0
    for folder in folders:
        try:
            print(build(folder), flush=True)  # noqa: T201  (a command: its report is its output)
        except DocumentError as error:
            message = f"{folder.name}: bad document.json: {error}"
            print(message, file=sys.stderr, flush=True)  # noqa: T201  (the same)
            failed += 1
        except LayoutError as error:  # e.g. a flowable taller than a page
            message = f"{folder.name}: cannot lay out the PDF: {error}"
            print(message, file=sys.stderr, flush=True)  # noqa: T201  (the same)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
