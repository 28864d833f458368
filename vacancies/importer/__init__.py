"""Read a call's own document, check it, save it.

    call = read_call(data, "3-2025.pdf")   # raises errors.DocumentError subclasses
    save_call(call, ...)                   # save.py: checks (check.py), then one transaction

read (readers.py, pdf.py, text.py) -> grammar (grammar.py, items.py) -> the families
(eeas.py, osce.py) -> parse.py, which picks the family; then check.py. None of these
imports Django: they are tested on files alone. The database side is stored.py (a parsed
call as rows), changes.py (what a re-import changes) and save.py.
"""

from .model import ParsedCall

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def read_call(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedCall:
    # Imported here: the models import importer.glyphs, and importing this package for
    # that must not load the PDF and Word libraries.
    from .parse import parse_blocks  # noqa: PLC0415  (lazy: see above)
    from .readers import read_blocks  # noqa: PLC0415  (lazy: see above)

    return parse_blocks(read_blocks(data, filename, max_bytes=max_bytes))
