"""The load generators. wrk (bench/wrk.lua) or, without it, a closed-loop Python client:
a page saturated (2 connections per gunicorn thread), then paced at half that throughput,
after a warm-up, with the server drained of queued requests between loads (bench/LOAD.md).
And the soak's clients: a steady, paced mix of URLs on keep-alive connections.
"""

import contextlib
import http.client
import json
import math
import os
import random
import re
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from devtools.serving import HOST, PROXY_HEADERS

from .db import connect
from .pages import MIX, Page

BENCH = Path(__file__).resolve().parent.parent
# As missionjobs/gunicorn.py: the server's workers and threads, and so the connections.
WORKERS = int(os.environ.get("GUNICORN_WORKERS", str((os.cpu_count() or 1) + 1)))
THREADS = int(os.environ.get("GUNICORN_THREADS", "4"))
CONNECTIONS = 2 * WORKERS * THREADS
WARM_UP_SECONDS = 1
# A page whose first request takes longer is loaded with one connection per core, for
# long enough to see a few requests, and not at half load: a page that needs 150 ms alone
# cannot have a p99 under 150 ms at any load, and 24 connections would queue for minutes.
SLOW_SECONDS = 0.3
SLOW_LOAD_SECONDS = 8
DRAIN_SECONDS = 120  # the longest wait for the requests still queued after a load
MIN_REQUESTS = 20  # fewer in a saturated run: no half load, its p99 would be one request
REQUEST_TIMEOUT_SECONDS = 20


@dataclass
class Run:
    """One load of one page: wrk's summary, in milliseconds and requests per second."""

    requests: int = 0
    seconds: float = 0
    rps: float = 0
    p50: float = 0
    p95: float = 0
    p99: float = 0
    max: float = 0
    errors: int = 0  # non-2xx/3xx responses, timeouts, socket errors


@dataclass
class Result:
    page: Page
    status: int | str = ""  # of a first request: 404 means the page does not exist (yet)
    bytes: int = 0
    rows: str = ""  # how many posts the page says it found
    # A request alone: the first; with the caches on, the first after the warm-up (a hit).
    first_ms: float = 0
    connections: int = 0
    saturated: Run | None = None
    half: Run | None = None
    note: str = ""


def request(url: str) -> urllib.request.Request:
    return urllib.request.Request(url, headers=PROXY_HEADERS)


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(request(url), timeout=REQUEST_TIMEOUT_SECONDS) as response:
        return response.read()


def ensure_wrk() -> str | None:
    """wrk, installed from the distribution if missing and we may; None: use the fallback."""
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing wrk (apt-get install wrk)...", flush=True)
        for command in (
            ["apt-get", "install", "-y", "-q", "wrk"],
            ["apt-get", "update", "-q"],
            ["apt-get", "install", "-y", "-q", "wrk"],
        ):
            done = subprocess.run(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
            )
            if command[1] == "install" and done.returncode == 0:
                break
    return shutil.which("wrk")


def load(  # noqa: PLR0913 - wrk's settings; the optional ones by keyword
    wrk: str | None,
    url: str,
    seconds: float,
    connections: int,
    *,
    delay_ms: float | None = None,
    paths_file: str | None = None,
) -> Run:
    if wrk is None:
        return python_load(url, seconds, connections, delay_ms, paths_file)
    env = {**os.environ}
    if delay_ms is not None:
        env["BENCH_DELAY_MS"] = f"{delay_ms:.3f}"
    if paths_file:
        env["BENCH_PATHS_FILE"] = paths_file
    command = [
        wrk,
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        f"--timeout={REQUEST_TIMEOUT_SECONDS}s",
        "-s",
        str(BENCH / "wrk.lua"),
        url,
    ]
    for name, value in PROXY_HEADERS.items():
        command[1:1] = ["-H", f"{name}: {value}"]
    output = subprocess.run(
        command,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + REQUEST_TIMEOUT_SECONDS + 30,
    ).stdout
    summary = json.loads(output.strip().splitlines()[-1])
    latency, errors = summary["latency_us"], summary["errors"]
    elapsed = summary["duration_us"] / 1e6
    return Run(
        requests=summary["requests"],
        seconds=round(elapsed, 2),
        rps=summary["requests"] / elapsed,
        p50=latency["p50"] / 1000,
        p95=latency["p95"] / 1000,
        p99=latency["p99"] / 1000,
        max=latency["max"] / 1000,
        errors=sum(errors.values()),
    )


def python_load(
    url: str, seconds: float, connections: int, delay_ms: float | None, paths_file: str | None
) -> Run:
    """A closed-loop client in threads, for machines without wrk. It shares the CPU with
    the server, so it measures less than wrk would."""
    parts = urlsplit(url)
    paths = (
        Path(paths_file).read_text().split()
        if paths_file
        else [parts.path + (f"?{parts.query}" if parts.query else "")]
    )
    latencies, errors, lock = [], [0], threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=REQUEST_TIMEOUT_SECONDS
        )
        i = offset
        while time.monotonic() < stop_at:
            if delay_ms:
                time.sleep(random.expovariate(1000 / delay_ms))
            started = time.monotonic()
            try:
                conn.request("GET", paths[i % len(paths)], headers=PROXY_HEADERS)
                response = conn.getresponse()
                response.read()
                ok = response.status < 400
            except (OSError, http.client.HTTPException):
                conn.close()
                ok = False
            with lock:
                latencies.append(time.monotonic() - started)
                errors[0] += not ok
            i += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def percentile(p):
        return (
            latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1000
            if latencies
            else 0
        )

    return Run(
        requests=len(latencies),
        seconds=round(elapsed, 2),
        rps=len(latencies) / elapsed,
        p50=percentile(50),
        p95=percentile(95),
        p99=percentile(99),
        max=percentile(100),
        errors=errors[0],
    )


def probe(base: str, page: Page) -> Result:
    """One request: does the page exist, how big is it, how many posts does it find."""
    result = Result(page)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request(base + page.path), timeout=120) as response:
            body = response.read()
            result.status = response.status
            result.first_ms = (time.monotonic() - started) * 1000
    except urllib.error.HTTPError as error:
        result.status = error.code
        return result
    except (urllib.error.URLError, TimeoutError) as error:
        result.status = f"error: {error}"
        return result
    result.bytes = len(body)
    text = body.decode("utf-8", "replace")
    if page.path.startswith("/api/"):
        with contextlib.suppress(ValueError, KeyError, TypeError):
            result.rows = f"{json.loads(text)['count']:,}"
    elif match := (
        re.search(r'id="results-title"[^>]*>\s*([\d,]+)\s+posts?\b', text)
        # the home page
        or re.search(r"<strong>([\d,]+)</strong>\s+open\s+posts?\b", text)
    ):
        result.rows = f"{int(match.group(1).replace(',', '')):,}"
    return result


def load_page(  # noqa: PLR0913 - the server, its database, the page and how: all needed
    wrk, base: str, page: Page, seconds: float, db_url: str, *, cached: bool = False
) -> Result:
    """Saturated, then at half load. ``cached``: the server has the production caches, filled
    before anything is timed, so that the request alone, like the load, is a hit."""
    result = probe(base, page)
    if result.status != 200:
        result.note = "missing" if result.status == 404 else f"HTTP {result.status}"
        return result
    url = base + page.path
    if cached:  # fill the caches first: the request alone timed again here, like the load, is a hit
        warm_up(wrk, base, page, db_url, each_once=True)
        result.first_ms = probe(base, page).first_ms
    if result.first_ms > SLOW_SECONDS * 1000:
        result.connections = os.cpu_count() or 1
        duration = min(SLOW_LOAD_SECONDS, max(seconds, 3 * result.first_ms / 1000))
        result.saturated = load(wrk, url, duration, result.connections, paths_file=page.paths_file)
        result.note = (
            f"slow: {result.first_ms:,.0f} ms alone, loaded with {result.connections} connections"
        )
        drain(base, db_url)
        return result
    result.connections = CONNECTIONS
    if not cached:  # after the slow check: 24 connections on a slow page would queue for minutes
        warm_up(wrk, base, page, db_url)
    result.saturated = load(wrk, url, seconds, CONNECTIONS, paths_file=page.paths_file)
    drain(base, db_url)
    if result.saturated.requests < MIN_REQUESTS:
        result.note = f"too slow for half load: {result.saturated.requests} requests saturated"
        return result
    result.half = half_load(wrk, url, seconds, result.saturated, page.paths_file)
    drain(base, db_url)
    return result


def drain(base: str, db_url: str) -> None:
    """Wait for the requests still queued when wrk stopped: a page that takes seconds
    leaves dozens behind it, which would run during the next page's load. Done when
    Postgres runs nothing for the site and the hello world answers at once, twice."""
    deadline, quiet = time.monotonic() + DRAIN_SECONDS, 0
    with connect(db_url) as conn:
        while quiet < 2 and time.monotonic() < deadline:
            (active,) = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state = 'active' AND pid <> pg_backend_pid()"
            ).fetchone()
            started = time.monotonic()
            with contextlib.suppress(urllib.error.URLError, TimeoutError):
                urllib.request.urlopen(
                    request(base + "/bench/hello/"), timeout=DRAIN_SECONDS
                ).read()
            fast = time.monotonic() - started < 0.05
            quiet = quiet + 1 if active == 0 and fast else 0
            time.sleep(0.2)


def warm_up(wrk, base: str, page: Page, db_url: str, *, each_once: bool = False) -> None:
    """WARM_UP_SECONDS of load before the measured one. ``each_once``: each path of the page
    (the 1,000 posts, or the one URL) asked once instead, as its first visitor would, which
    fills the caches: with them on, nothing else is left to warm."""
    if each_once:
        paths = Path(page.paths_file).read_text().split() if page.paths_file else [page.path]
        with ThreadPoolExecutor(WORKERS * THREADS) as pool:
            list(pool.map(lambda path: fetch(base + path), paths))
    else:
        load(wrk, base + page.path, WARM_UP_SECONDS, CONNECTIONS, paths_file=page.paths_file)
    drain(base, db_url)


def half_load(wrk, url: str, seconds: float, saturated: Run, paths_file: str | None) -> Run:
    """Paced at half the saturated throughput: each connection pauses an exponentially
    distributed time before each request (a closed loop with think time: wrk2, which paces
    an open loop, is not packaged). The service time at that load is taken as twice the
    time one of the two cores needs per request at saturation; the achieved rate is reported."""
    rate = saturated.rps / 2
    connections = max(1, min(CONNECTIONS, math.ceil(rate * 0.2)))  # each one every 200 ms or more
    service_ms = 2 * 1000 / saturated.rps if saturated.rps else 0
    delay_ms = max(0.0, connections * 1000 / rate - service_ms) if rate else 1000
    return load(wrk, url, seconds, connections, delay_ms=delay_ms, paths_file=paths_file)


# The soak's clients -------------------------------------------------------------------------


@dataclass
class Tally:
    statuses: Counter = field(default_factory=Counter)
    unexpected: Counter = field(default_factory=Counter)
    latencies: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, status: int | str, expected: set, seconds: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.latencies.append(seconds)
            if status not in expected:
                self.unexpected[f"{status} {path}"] += 1


def paced_client(  # noqa: PLR0913 - a client thread's whole setting, passed by keyword
    port: int, *, rate: float, until: float, addresses: dict, tally: Tally, seed: int
) -> None:
    """Requests of the soak's MIX at ``rate`` a second (exponential gaps) on one keep-alive
    connection until ``until``, each answer tallied against the status its URL expects."""
    rng = random.Random(seed)  # noqa: S311 - seeded: a reproducible mix of requests, not secrets
    weights = [weight for weight, _, _ in MIX]
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    next_at = time.monotonic()
    while time.monotonic() < until:
        _, path, expected = rng.choices(MIX, weights)[0]
        if path.startswith("{"):
            path = rng.choice(addresses[path.strip("{}")])
        started = time.monotonic()
        try:
            connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = connection.getresponse()
            response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
        tally.add(path, status, expected, time.monotonic() - started)
        # Paced, not as fast as possible: a steady load, bounded whatever the machine.
        next_at += rng.expovariate(rate)
        time.sleep(max(0.0, next_at - time.monotonic()))
    connection.close()
