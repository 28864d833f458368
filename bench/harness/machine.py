"""What the machine is doing: how idle its CPUs are (a load measured beside other work
measures both), and how much memory a process's children hold (the soak's workers)."""

import statistics
import time
from pathlib import Path


def cpu_idle(seconds: float = 2) -> float:
    """The share of CPU time idle over the next ``seconds`` (Linux /proc/stat)."""

    def sample():
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        return values[3] + values[4], sum(values)  # idle + iowait, total

    idle, total = sample()
    time.sleep(seconds)
    idle2, total2 = sample()
    return (idle2 - idle) / max(1, total2 - total)


def wait_quiet(limit: float = 60) -> float:
    """Wait (at most ``limit`` seconds) for the machine to be mostly idle: the checkpoint
    after a bulk load, or someone else's work, would be measured with the pages."""
    if not Path("/proc/stat").exists():
        return 0
    deadline = time.monotonic() + limit
    while (idle := cpu_idle()) < 0.8 and time.monotonic() < deadline:
        pass
    return idle


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def sample_memory(master: int, until: float, every: float, samples: dict, started: float) -> None:
    """Each child of ``master`` (gunicorn's workers): (seconds since ``started``, resident
    MB) every ``every`` seconds until ``until``, into ``samples`` by pid."""
    while time.monotonic() < until:
        for worker in children(master):
            if (rss := rss_mb(worker)) is not None:
                samples.setdefault(worker, []).append((time.monotonic() - started, rss))
        time.sleep(every)


def memory_over_run(samples: dict, seconds: float, warm_up: float) -> list[tuple]:
    """Per worker sampled through the run: (pid, MB at start, median after the warm-up
    (warm_up to twice that), median over the last warm_up seconds)."""
    memory = []
    for worker, series in sorted(samples.items()):
        warm = [rss for at, rss in series if warm_up <= at < 2 * warm_up]
        end = [rss for at, rss in series if at >= seconds - warm_up]
        if warm and end:
            memory.append((worker, series[0][1], statistics.median(warm), statistics.median(end)))
    return memory
