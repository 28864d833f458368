"""Read an uploaded document in a child process, with a ceiling on memory and on time.

    call = read_call_limited(data, "3-2025.docx", max_bytes=..., memory_mb=512, seconds=30)

The readers bound what a document controls (list numbers, table spans, counts), but they
sit on PDFium, lxml and python-docx: a file that still finds a way to make them grow or
loop must cost one child process, not the web worker or the command. The child reads and
parses (``read_call``) under ``RLIMIT_AS``; the parent kills it when the time is up. What
comes back is the ``ParsedCall``, or the ``DocumentError`` the readers raised, or one of
the two refusals below; nothing is saved in the child, so a refused document leaves
nothing behind.

Children are forked from a ``forkserver``: a clean, single-threaded process started once
per web worker or command, with the readers already imported, so each read costs a fork
(milliseconds), not a new interpreter, and never forks a threaded web worker. No Django
here: the caller passes the limits (``IMPORT_SANDBOX_MEMORY_MB``,
``IMPORT_SANDBOX_SECONDS``).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import resource
import traceback
from collections.abc import Callable
from typing import Any

from .errors import DocumentError, DocumentTooLarge
from .model import ParsedCall

MB = 1024 * 1024
DEFAULT_MEMORY_MB = 512
DEFAULT_SECONDS = 30
# The child also gets a CPU-time limit a little over the wall-clock one: it ends by itself
# even if its parent died before it could kill it.
CPU_GRACE_SECONDS = 5

_context = multiprocessing.get_context("forkserver")
# Imported once in the fork server, so each child starts with them loaded. __main__ as by
# default, though Python 3.11 does not pass it on: each child runs the main script again
# (manage.py: nothing; gunicorn's: 0.1 s of imports; `python -m` modules are spared).
_context.set_forkserver_preload(
    ["__main__", "vacancies.importer.readers", "vacancies.importer.parse"]
)


class SandboxFailed(RuntimeError):
    """The child raised something other than a ``DocumentError``: a bug, shown with its
    traceback like any other server error."""


def read_call_limited(
    data: bytes,
    filename: str,
    *,
    max_bytes: int,
    memory_mb: int = DEFAULT_MEMORY_MB,
    seconds: float = DEFAULT_SECONDS,
) -> ParsedCall:
    """``importer.read_call`` in a child process limited to ``memory_mb`` and ``seconds``.

    Raises what ``read_call`` raises, and ``DocumentTooLarge`` when the document needs more
    memory or time than that.
    """
    from . import read_call  # noqa: PLC0415  (the package imports nothing heavy at import)

    return run_limited(
        read_call, data, filename, max_bytes=max_bytes, memory_mb=memory_mb, seconds=seconds
    )


def run_limited(
    function: Callable[..., Any],
    *args: Any,
    memory_mb: int,
    seconds: float,
    **kwargs: Any,
) -> Any:
    """``function(*args, **kwargs)`` in a child process; its result must pickle."""
    receiver, sender = _context.Pipe(duplex=False)
    child = _context.Process(
        target=_child,
        args=(sender, (memory_mb, seconds), function, args, kwargs),
        daemon=True,  # killed with us if we exit first
    )
    child.start()
    sender.close()  # ours: only the child's copy may be open, so its death reads as EOF
    try:
        if receiver.poll(seconds):
            outcome, value = receiver.recv()
        else:
            child.kill()
            outcome, value = "error", DocumentTooLarge(_too_slow(seconds))
    except EOFError:  # it died without an answer: under RLIMIT_AS, out of memory
        outcome, value = "error", DocumentTooLarge(_too_big(memory_mb))
    except BaseException:  # interrupted (Ctrl-C): the child goes too
        child.kill()
        raise
    finally:
        receiver.close()
        child.join()
    if outcome == "ok":
        return value
    if outcome == "error":
        raise value
    raise SandboxFailed(value)


def _child(sender, limits, function, args, kwargs) -> None:
    memory_mb, seconds = limits
    _lower(resource.RLIMIT_AS, memory_mb * MB)
    _lower(resource.RLIMIT_CPU, int(seconds) + CPU_GRACE_SECONDS)
    try:
        outcome = "ok", function(*args, **kwargs)
    except DocumentError as error:
        # The readers turn any library failure into "damaged": when memory ran out, that
        # is not what is wrong with the file.
        if _ran_out_of_memory(error):
            error = DocumentTooLarge(_too_big(memory_mb))
        outcome = "error", error
    except MemoryError:
        outcome = "error", DocumentTooLarge(_too_big(memory_mb))
    except BaseException:  # noqa: BLE001  (sent to the parent, which raises it)
        outcome = "crash", traceback.format_exc()
    with contextlib.suppress(MemoryError):  # the parent reads silence as "out of memory"
        sender.send(outcome)


def _lower(limit: int, value: int) -> None:
    """Set ``limit`` to ``value``, or leave it where the system already holds it lower."""
    _, hard = resource.getrlimit(limit)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(limit, (value, value))


def _ran_out_of_memory(error: BaseException) -> bool:
    seen = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, MemoryError):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _too_big(memory_mb: int) -> str:
    return (
        f"This document needs more than {memory_mb} MB of memory to read, so it was"
        " refused: open it, save it again (as PDF or .docx) and upload the new copy."
    )


def _too_slow(seconds: float) -> str:
    return (
        f"Reading this document took longer than {seconds:g} seconds, so it was stopped:"
        " open it, save it again (as PDF or .docx) and upload the new copy."
    )
