"""A call's document read for an import, under the configured limits.

The admin's import page (through the ``read_staged_import`` task, in the worker) and
``manage.py import_call`` read every document they are given through ``read_document``: in
a child process held to ``IMPORT_SANDBOX_MEMORY_MB`` and ``IMPORT_SANDBOX_SECONDS``
(``importer/sandbox.py``), refusing files over ``IMPORT_MAX_UPLOAD_MB``.
"""

from django.conf import settings

from .importer.check import check_complete
from .importer.errors import DocumentError
from .importer.model import ParsedCall
from .importer.sandbox import read_call_limited
from .importer.stored import column
from .models import StagedImport
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


def read_checked(data: bytes, name: str) -> ParsedCall:
    """``read_document``, then what a call cannot be saved without (``check_complete``)."""
    parsed = read_document(data, name)
    check_complete(parsed, column)
    return parsed


def read_staged(staged: StagedImport) -> None:
    """Read an upload of the import page: keep the call read, or why it could not be."""
    try:
        parsed = read_checked(bytes(staged.document), staged.name)
    except DocumentError as error:
        staged.refuse(str(error))
    else:
        staged.read_as(parsed)
