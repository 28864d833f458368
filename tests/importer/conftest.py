import signal

import pytest

HANG_SECONDS = 30


@pytest.fixture
def hang_guard():
    """Fail instead of hanging when a regular expression backtracks catastrophically.

    Not a speed check (bench/import_bench.py measures speed): the bound is generous.
    """

    def hung(signum, frame):
        raise AssertionError(f"still parsing after {HANG_SECONDS} s: catastrophic backtracking?")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(HANG_SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)
