"""The sandbox: a document is read in a child process held to a memory and a time limit,
and what comes back is the parsed call or the importer's own error, one line."""

import os
import time
from pathlib import Path

import pytest

from vacancies.importer import read_call
from vacancies.importer.errors import DocumentTooLarge, NotACall, UnreadableDocument
from vacancies.importer.sandbox import SandboxFailed, read_call_limited, run_limited

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").iterdir())
MB = 1024 * 1024

# Run in the child: module-level, so that they pickle.


def allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * MB))


def sleep(seconds: float) -> None:
    time.sleep(seconds)


def sleep_saying_pid(seconds: float, pid_file: Path) -> None:
    pid_file.write_text(str(os.getpid()))
    time.sleep(seconds)


def damaged_after_running_out_of_memory() -> None:
    try:
        allocate(4096)
    except Exception as error:  # as the readers do: any library failure is "damaged"
        raise UnreadableDocument("This Word document is damaged.") from error


def fail() -> None:
    raise KeyError("a bug")


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.name[:3])
def test_a_document_reads_the_same_in_the_sandbox(sample):
    data = sample.read_bytes()

    sandboxed = read_call_limited(data, sample.name, max_bytes=20 * MB)

    assert sandboxed == read_call(data, sample.name)


def test_the_readers_refusal_comes_back_as_it_was_raised():
    with pytest.raises(NotACall, match="does not look like a call"):
        read_call_limited(b"Lemon cake\n\n- 3 eggs\n", "cake.txt", max_bytes=MB)


def test_the_size_limit_is_passed_on():
    with pytest.raises(DocumentTooLarge, match=r"the limit is 0\.000954 MB"):
        read_call_limited(b"Position: Officer\n" * 100, "call.txt", max_bytes=1000)


def test_a_document_needing_more_memory_than_the_limit_is_refused_in_one_line():
    with pytest.raises(DocumentTooLarge) as raised:
        run_limited(allocate, 1024, memory_mb=256, seconds=20)

    assert str(raised.value) == (
        "This document needs more than 256 MB of memory to read, so it was refused: open it,"
        " save it again (as PDF or .docx) and upload the new copy."
    )


def test_running_out_of_memory_is_said_so_even_when_a_reader_calls_it_damage():
    with pytest.raises(DocumentTooLarge, match="needs more than 256 MB of memory"):
        run_limited(damaged_after_running_out_of_memory, memory_mb=256, seconds=20)


def test_memory_under_the_limit_is_there_to_use():
    assert run_limited(allocate, 200, memory_mb=512, seconds=20) == 200 * MB


def test_a_document_taking_longer_than_the_limit_is_stopped_when_the_time_is_up():
    started = time.monotonic()

    with pytest.raises(DocumentTooLarge) as raised:
        run_limited(sleep, 60, memory_mb=256, seconds=0.5)

    assert time.monotonic() - started < 5
    assert str(raised.value) == (
        "Reading this document took longer than 0.5 seconds, so it was stopped: open it, save"
        " it again (as PDF or .docx) and upload the new copy."
    )


def test_the_child_is_gone_once_the_time_is_up(tmp_path):
    pid_file = tmp_path / "pid"

    with pytest.raises(DocumentTooLarge):
        run_limited(sleep_saying_pid, 60, pid_file, memory_mb=256, seconds=0.5)

    assert not Path(f"/proc/{pid_file.read_text()}").exists()


def test_a_bug_in_the_child_is_a_server_error_with_its_traceback():
    with pytest.raises(SandboxFailed, match="KeyError: 'a bug'"):
        run_limited(fail, memory_mb=256, seconds=20)
