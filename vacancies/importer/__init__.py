"""Read a call's own document into a ``ParsedCall``: read -> parse (no Django here) -> save.

call = read_call(data, "3-2025.pdf")   # raises importer.errors.ImportError subclasses
save_call(call, ...)                   # vacancies.importer.save, the only ORM code
"""

from .model import ParsedCall

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def read_call(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedCall:
    from .parse import parse_blocks
    from .readers import read_blocks

    return parse_blocks(read_blocks(data, filename, max_bytes=max_bytes))
