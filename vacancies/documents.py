"""A call's document read for an import, under the configured limits.

The admin's import page and ``manage.py import_call`` read every document they are given
through ``read_document``: in a child process held to ``IMPORT_SANDBOX_MEMORY_MB`` and
``IMPORT_SANDBOX_SECONDS`` (``importer/sandbox.py``), refusing files over
``IMPORT_MAX_UPLOAD_MB``.
"""

from django.conf import settings

from .importer.model import ParsedCall
from .importer.sandbox import read_call_limited
from .uploads import max_upload_bytes


def read_document(data: bytes, name: str) -> ParsedCall:
    """Read and parse ``data``; raises the importer's ``DocumentError`` subclasses."""
    return read_call_limited(
        data,
        name,
        max_bytes=max_upload_bytes(),
        memory_mb=settings.IMPORT_SANDBOX_MEMORY_MB,
        seconds=settings.IMPORT_SANDBOX_SECONDS,
    )
