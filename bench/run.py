"""The load benchmark of issue 5: `make bench`. See bench/LOAD.md.

    .venv/bin/python bench/run.py [--sizes 10000,1000000] [--seconds N] [--cached-seconds N]
                                  [--database-url URL] [--reuse]

For each size: generate that many posts (manage.py generate_posts) in a database of its
own, VACUUM ANALYZE, start gunicorn as production does (`gunicorn missionjobs.wsgi --config
python:missionjobs.gunicorn`, with bench.settings adding /bench/hello/), and load every
page with wrk on 127.0.0.1: saturated (2 connections per gunicorn thread), then paced at
half the saturated throughput. Twice: with the production caches, after a warm-up that
fills them (2 s a load; the goals are judged on this one), then with the caches off, every
request doing all of its work (4 s a load up to 100,000 posts, else 5 s). Then record where
each page spends its time in Postgres (bench/explain.py). Writes bench/results/load.md
(and .json, and explain-N.md) and prints the table.

The database: --database-url, else BENCH_DATABASE_URL, else the embedded Postgres of
`make run` (var/postgres), in a database of its own, missionjobs_bench. It is dropped and
created again at the start (unless --reuse), never the development database.
"""

import argparse
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import warnings
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
WORK = ROOT / "var" / "bench"
VENV_BIN = Path(sys.executable).parent
DATABASE_NAME = "missionjobs_bench"
SEED = 1
HOST = "127.0.0.1"

WORKERS = int(
    os.environ.get("GUNICORN_WORKERS", (os.cpu_count() or 1) + 1)
)  # as missionjobs/gunicorn.py
THREADS = int(os.environ.get("GUNICORN_THREADS", 4))
CONNECTIONS = 2 * WORKERS * THREADS
WARM_UP_SECONDS = 1
CACHED_SECONDS = 2  # each load with the production caches: hits vary little
# A page whose first request takes longer is loaded with one connection per core, for
# long enough to see a few requests, and not at half load: a page that needs 150 ms alone
# cannot have a p99 under 150 ms at any load, and 24 connections would queue for minutes.
SLOW_SECONDS = 0.3
SLOW_LOAD_SECONDS = 8
DRAIN_SECONDS = 120  # the longest wait for the requests still queued after a load
MIN_REQUESTS = 20  # fewer in a saturated run: no half load, its p99 would be one request
REQUEST_TIMEOUT_SECONDS = 20
POST_PAGES = 1000  # the post page is loaded over this many different posts
# What the TLS-terminating proxy of production adds: without it the site redirects to https.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
# The rate limits stay on (their counting is part of each request's cost) but so high that
# one client making thousands of requests a minute is never refused.
UNLIMITED = "1000000000/m"

# Goals of issue 5, at 1,000,000 posts.
GOAL_SHARE = {"list": 0.25, "post": 0.25, "search": 0.10}
GOAL_P99_HALF_MS = 150
GOAL_P95_GROWTH = 1.5


@dataclass
class Page:
    name: str
    path: str
    kind: str  # "hello", "list", "post", "search": which goal applies
    paths_file: str | None = None  # requested in turn instead of path


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
    first_ms: float = (
        0  # a request alone: the first; with the caches on, the first after the warm-up (a hit)
    )
    connections: int = 0
    saturated: Run | None = None
    half: Run | None = None
    note: str = ""


@dataclass
class SizeResult:
    posts: int
    generate_seconds: float = 0
    vacuum_seconds: float = 0
    load_seconds: float = 0
    database_size: str = ""
    load_average: list = field(default_factory=list)
    idle_before: float = 0  # share of the CPUs idle just before the load
    hello: list = field(default_factory=list)  # req/s at the start and at the end
    cached: list = field(default_factory=list)  # with the production caches: the goals
    results: list = field(
        default_factory=list
    )  # the same pages with the caches off (BENCH_CACHE=off)
    queries: list = field(default_factory=list)  # from explain.py

    @property
    def ceiling(self) -> float:
        return sum(self.hello) / len(self.hello) if self.hello else 0


# Processes --------------------------------------------------------------------------------

_children: list[subprocess.Popen] = []


def stop(process: subprocess.Popen) -> None:
    """Stop a process we started, and its children (gunicorn's workers): its group."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def stop_all(*_) -> None:
    for process in _children:
        stop(process)
    if _:  # called as a signal handler
        sys.exit(1)


def run(command: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)


@contextmanager
def gunicorn(env: dict, port: int, log: Path):
    """The production command, on loopback."""
    with log.open("a") as out:
        process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "missionjobs.wsgi",
                "--config",
                "python:missionjobs.gunicorn",
            ],
            env={**env, "GUNICORN_BIND": f"{HOST}:{port}"},
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    _children.append(process)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(
                    request(f"http://{HOST}:{port}/bench/hello/"), timeout=5
                ).read()
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn did not start; see {log}") from None
                time.sleep(0.5)
        yield
    finally:
        stop(process)
        _children.remove(process)


def request(url: str) -> urllib.request.Request:
    return urllib.request.Request(url, headers=PROXY_HEADERS)


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(request(url), timeout=REQUEST_TIMEOUT_SECONDS) as response:
        return response.read()


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# The database ------------------------------------------------------------------------------


def database_url(args) -> tuple[str, object]:
    """(URL of the bench database, a handle keeping the embedded server up, or None)."""
    url = args.database_url or os.environ.get("BENCH_DATABASE_URL")
    if url:
        parts = urlsplit(url)
        return urlunsplit(parts._replace(path="/" + DATABASE_NAME)), None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs, as in missionjobs/embedded_postgres.py
        import pgserver

        data = ROOT / "var" / "postgres"
        data.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(data)
    socket_dir = server.get_postmaster_info().socket_dir
    return f"postgres://postgres@{quote(str(socket_dir), safe='')}/{DATABASE_NAME}", server


def connect(url: str, database: str | None = None):
    """libpq reads the URL itself, a socket directory as host included (percent-encoded)."""
    import psycopg

    if database:
        url = urlunsplit(urlsplit(url)._replace(path="/" + database))
    return psycopg.connect(url, autocommit=True)


def recreate_database(url: str) -> None:
    with connect(url, "postgres") as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE_NAME}")


def ensure_database(url: str) -> None:
    with connect(url, "postgres") as conn:
        if not conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone():
            conn.execute(f"CREATE DATABASE {DATABASE_NAME}")


def vacuum(url: str) -> str:
    """VACUUM ANALYZE, as autovacuum would have in production; then a checkpoint, so that
    neither runs during the load. Returns the database's size."""
    with connect(url) as conn:
        conn.execute("VACUUM (ANALYZE)")
        try:
            conn.execute("CHECKPOINT")
        except Exception:  # not a superuser: the next checkpoint comes on its own
            pass
        return conn.execute(
            "SELECT pg_size_pretty(pg_database_size(current_database()))"
        ).fetchone()[0]


def server_version(url: str) -> str:
    with connect(url) as conn:
        return conn.execute("SHOW server_version").fetchone()[0].split()[0]


def last_migration(url: str) -> str:
    """The code under test changes fast: say which schema was measured."""
    with connect(url) as conn:
        row = conn.execute(
            "SELECT name FROM django_migrations WHERE app = 'vacancies' ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return row[0] if row else "none"


def pages(url: str) -> list[Page]:
    """The pages of issue 5, with values taken from the generated data."""
    with connect(url) as conn:
        conn.execute("SELECT setseed(0.5)")
        posts = [
            f"/posts/{pk}/{slug}/"
            for pk, slug in conn.execute(
                """SELECT p.id, p.slug FROM vacancies_post p JOIN vacancies_call c ON c.id = p.call_id
                   WHERE c.status = 'published' ORDER BY random() LIMIT %s""",
                [POST_PAGES],
            )
        ]
        (published,) = conn.execute(
            """SELECT count(*) FROM vacancies_post p JOIN vacancies_call c ON c.id = p.call_id
               WHERE c.status = 'published'"""
        ).fetchone()
    paths_file = WORK / "post-paths.txt"
    paths_file.write_text("\n".join(posts) + "\n")
    deep = max(1, math.ceil(published / 20) // 2)
    year_ago = date.today() - timedelta(days=365)
    return [
        Page("home", "/", "list"),
        Page("list", "/posts/", "list"),
        Page("regime", "/posts/?regime=seconded", "list"),
        Page("clearance", "/posts/?clearance=secret", "list"),
        Page("third states", "/posts/?third_states=yes", "list"),
        Page("location", "/posts/?location=pristina", "list"),
        Page("mission", "/posts/?mission=generated-eulex", "list"),
        Page("closed", "/posts/?status=closed", "list"),
        Page("deadline", f"/posts/?status=all&deadline_after={year_ago}", "list"),
        Page(
            "combined",
            "/posts/?regime=seconded&clearance=secret&third_states=yes&location=pristina",
            "list",
        ),
        Page(
            "combined, archive",
            "/posts/?status=closed&regime=contracted&clearance=confidential&sort=-published",
            "list",
        ),
        Page("search, selective", "/posts/?q=forensic", "search"),
        Page("search, common", "/posts/?q=police", "search"),
        Page("search, common, all", "/posts/?status=all&q=police", "search"),
        Page("deep page", f"/posts/?status=all&page={deep}", "list"),  # see deepest_page()
        Page("post", posts[0], "post", str(paths_file)),
        Page("API", "/api/posts/", "list"),
        Page("feed", "/posts/feed/", "list"),
    ]


# Load ---------------------------------------------------------------------------------------


def deepest_page(base: str, page_list: list[Page]) -> None:
    """The deep page is the last one the site offers ("Page 1 of N"): it caps the depth."""
    deep = next(page for page in page_list if page.name == "deep page")
    try:
        with urllib.request.urlopen(request(base + "/posts/?status=all"), timeout=120) as response:
            text = response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, TimeoutError):
        return
    if match := re.search(r"Page 1 of ([\d,]+)", text):
        deep.path = f"/posts/?status=all&page={match.group(1).replace(',', '')}"


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
            done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if command[1] == "install" and done.returncode == 0:
                break
    return shutil.which("wrk")


def load(
    wrk: str | None,
    url: str,
    seconds: float,
    connections: int,
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
    import http.client
    import random

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
        try:
            result.rows = f"{json.loads(text)['count']:,}"
        except (ValueError, KeyError, TypeError):
            pass
    elif match := re.search(r'id="results-title"[^>]*>\s*([\d,]+)\s+posts?\b', text):
        result.rows = f"{int(match.group(1).replace(',', '')):,}"
    elif match := re.search(r"<strong>([\d,]+)</strong>\s+open\s+posts?\b", text):  # the home page
        result.rows = f"{int(match.group(1).replace(',', '')):,}"
    return result


def load_page(
    wrk, base: str, page: Page, seconds: float, db_url: str, cached: bool = False
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
            try:
                urllib.request.urlopen(
                    request(base + "/bench/hello/"), timeout=DRAIN_SECONDS
                ).read()
            except (urllib.error.URLError, TimeoutError):
                pass
            fast = time.monotonic() - started < 0.05
            quiet = quiet + 1 if active == 0 and fast else 0
            time.sleep(0.2)


def warm_up(wrk, base: str, page: Page, db_url: str, each_once: bool = False) -> None:
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


# Report -------------------------------------------------------------------------------------


def ms(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def find(results: list[Result], name: str) -> Result | None:
    return next((r for r in results if r.page.name == name), None)


def configuration(size: SizeResult, cached: bool) -> list[Result]:
    return size.cached if cached else size.results


def p95_growth(result: Result, before: Result | None) -> str:
    """p95 at half load, large over small (``before``: the same page, same configuration, at
    the small size); for a page too slow to load at half, its request alone stands in for its
    p95, which makes the ratio a lower bound (">")."""
    if not (before and before.half and before.half.p95 and result.saturated):
        return ""
    if result.half:
        return f"{result.half.p95 / before.half.p95:.1f}"
    return f">{result.first_ms / before.half.p95:.0f}"


def goal_misses(result: Result, size: SizeResult, before: Result | None) -> list[str]:
    """The goals a page misses, in either configuration; ``before`` as for p95_growth."""
    if not result.saturated or result.page.kind == "hello":
        return []
    misses = []
    share = result.saturated.rps / size.ceiling if size.ceiling else 0
    goal = GOAL_SHARE[result.page.kind]
    if share < goal:
        misses.append(f"{share:.1%} < {goal:.0%}" if share < 0.01 else f"{share:.0%} < {goal:.0%}")
    if result.half and result.half.p99 >= GOAL_P99_HALF_MS:
        misses.append(f"p99 {ms(result.half.p99)} ms")
    elif not result.half:
        misses.append(f"{result.first_ms:,.0f} ms alone")
    growth = p95_growth(result, before)
    if growth and float(growth.lstrip(">")) > GOAL_P95_GROWTH:
        misses.append(f"p95 ×{growth}")
    return misses


def noise(size: SizeResult) -> str:
    """Other work on the machine shows as a hello world that changed during the run."""
    if len(size.hello) == 2 and min(size.hello) < 0.8 * max(size.hello):
        return " **The hello-world throughput changed by more than 20 % during the run: the machine was busy.**"
    return ""


# (with the production caches?, title, what the table shows)
CONFIGURATIONS = (
    (
        True,
        "With the production caches (the goals)",
        (
            f"The page and count caches that all workers share, filled before each page is timed (the page asked "
            f"once; the post pages: each of the {POST_PAGES:,} asked once), so that nearly every request is a hit, "
            "the request alone too."
        ),
    ),
    (
        False,
        "Caches off (`BENCH_CACHE=off`): what a miss costs, every request doing all of its work",
        "As for the many pages nobody has asked for since the data last changed.",
    ),
)


def size_table(size: SizeResult, small: "SizeResult | None") -> list[str]:
    lines = [
        f"### {size.posts:,} posts",
        "",
        f"Generated in {size.generate_seconds:.0f} s, VACUUM ANALYZE {size.vacuum_seconds:.0f} s, database "
        f"{size.database_size}; load {size.load_seconds:.0f} s.{noise(size)} CPUs idle just before the load: "
        f"{size.idle_before:.0%}; load average: "
        f"{', '.join(f'{x:.2f}' for x in size.load_average)}. Hello world: "
        f"{' and '.join(f'{x:,.0f}' for x in size.hello)} req/s (start and end of the run).",
    ]
    for cached, title, description in CONFIGURATIONS:
        lines += ["", f"#### {title}", "", description, "", *page_table(size, small, cached)]
    return lines


def page_table(size: SizeResult, small: "SizeResult | None", cached: bool) -> list[str]:
    lines = [
        "| page | URL | posts found | req/s | % of hello | p50 ms | p95 ms | p99 ms | errors "
        "| half load: req/s | p95 ms | p99 ms | goals missed |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in configuration(size, cached):
        url = (
            f"`{r.page.path}`"
            if not r.page.paths_file
            else f"`/posts/<id>/<slug>/` ({POST_PAGES:,} posts)"
        )
        if not r.saturated:
            lines.append(f"| {r.page.name} | {url} | | | | | | | | | | | {r.note} |")
            continue
        s, h = r.saturated, r.half
        share = ""
        if size.ceiling and r.page.kind != "hello":
            share = (
                f"{s.rps / size.ceiling:.1%}"
                if s.rps < 0.01 * size.ceiling
                else f"{s.rps / size.ceiling:.0%}"
            )
        misses = (
            goal_misses(r, size, find(configuration(small, cached), r.page.name)) if small else []
        )
        half = (
            f"{h.rps:,.1f} | {ms(h.p95)} | {ms(h.p99)}"
            if h
            else f"n/a: {r.first_ms:,.0f} ms alone | |"
        )
        notes = "; ".join(misses) or ("—" if small else "")
        if r.connections and r.connections != CONNECTIONS:
            notes += f" ({r.connections} connections)"
        lines.append(
            f"| {r.page.name} | {url} | {r.rows} | {s.rps:,.1f} | {share} | {ms(s.p50)} | {ms(s.p95)} | {ms(s.p99)} "
            f"| {s.errors or ''} | {half} | {notes} |"
        )
    return lines


def growth_table(small: SizeResult, large: SizeResult) -> list[str]:
    before, after = f"{small.posts:,}", f"{large.posts:,}"
    lines = [
        f"### From {before} to {after} posts",
        "",
        "p95 ratio: the p95 at half load, where the page's own work shows rather than the queue in front of it, "
        f"at {after} posts over the same at {before}.",
        "",
        f"| page | cached req/s {before} | cached req/s {after} | cached p95 ratio | goals met (cached) "
        f"| off req/s {before} | off req/s {after} | off p95 ratio | goals met (off) |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for name in dict.fromkeys(r.page.name for r in large.cached + large.results):
        cells = growth_cells(name, small, large, True) + growth_cells(name, small, large, False)
        if any(cells):
            lines.append(f"| {name} | {' | '.join(cells)} |")
    return lines


def growth_cells(name: str, small: SizeResult, large: SizeResult, cached: bool) -> list[str]:
    """One page in one configuration: req/s at both sizes, p95 ratio, goals met; blank unless
    it was loaded at both."""
    before, result = (
        find(configuration(small, cached), name),
        find(configuration(large, cached), name),
    )
    if not (result and result.saturated and before and before.saturated):
        return ["", "", "", ""]
    misses = goal_misses(result, large, before)
    met = "" if result.page.kind == "hello" else "no: " + "; ".join(misses) if misses else "yes"
    return [
        f"{before.saturated.rps:,.1f}",
        f"{result.saturated.rps:,.1f}",
        p95_growth(result, before),
        met,
    ]


def report(sizes: list[SizeResult], context: dict) -> str:
    lines = [
        "# Load benchmark",
        "",
        "Written by `make bench` (bench/run.py); how it measures: [LOAD.md](../LOAD.md).",
        "",
        f"Run {context['started']} on {context['machine']}; commit {context['commit']}; Postgres "
        f"{context['postgres']} ({context['database']}); gunicorn {WORKERS} workers × {THREADS} threads (gthread); "
        f"{context['tool']}; {CONNECTIONS} connections; {context['durations']}.",
        "",
        f"Goals at {sizes[-1].posts:,} posts, judged as the site is served (the Dockerfile's gunicorn command, "
        "with the production page and count caches) and reported with the caches off too: list and post pages "
        f"at least {GOAL_SHARE['list']:.0%} of the hello-world throughput, search at least "
        f"{GOAL_SHARE['search']:.0%}; p99 under {GOAL_P99_HALF_MS} ms at half the page's saturated throughput; "
        f"p95 (at half load) at most {GOAL_P95_GROWTH}× the p95 at {sizes[0].posts:,} posts.",
        "",
    ]
    for i, size in reversed(list(enumerate(sizes))):
        lines += size_table(size, sizes[0] if i > 0 else None) + [""]
    if len(sizes) > 1:
        lines += growth_table(sizes[0], sizes[-1]) + [""]
    return "\n".join(lines)


def save(sizes: list[SizeResult], context: dict) -> str:
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = report(sizes, context)
    (RESULTS / "load.md").write_text(text)
    (RESULTS / "load.json").write_text(
        json.dumps({"context": context, "sizes": [asdict(s) for s in sizes]}, indent=1, default=str)
    )
    return text


# Main ---------------------------------------------------------------------------------------


def off_seconds(args, posts: int) -> float:
    """Each load with the caches off; longer at a large size, where a page does fewer requests a second."""
    return args.seconds or (4 if posts <= 100_000 else 5)


def brief(result: Result) -> str:
    """One configuration's figures on a console line."""
    if not result.saturated:
        return f"{result.note:35}"
    half = f"{result.half.p99:7.1f} ms" if result.half else f"{'n/a':>10}"
    return f"{result.saturated.rps:8.1f} req/s, half p99 {half}" + (
        f" ({result.note})" if result.note else ""
    )


def bench_size(posts: int, args, wrk, env: dict, url: str) -> SizeResult:
    """Generate, vacuum, load with the production caches, then with the caches off."""
    size = SizeResult(posts)
    seconds = off_seconds(args, posts)
    started = time.monotonic()
    if not args.reuse:
        print(f"\n== {posts:,} posts: generate", flush=True)
        generate(posts, env)
    size.generate_seconds = time.monotonic() - started
    started = time.monotonic()
    print("== VACUUM ANALYZE", flush=True)
    size.database_size = vacuum(url)
    size.vacuum_seconds = time.monotonic() - started
    page_list = pages(url)
    size.idle_before = wait_quiet()
    size.load_average = list(os.getloadavg())
    port = free_port()
    base = f"http://{HOST}:{port}"
    hello = Page("hello world", "/bench/hello/", "hello")
    started = time.monotonic()
    log = WORK / f"gunicorn-{posts}.log"
    log.write_text("")
    shutil.rmtree(WORK / "cache", ignore_errors=True)  # pages of the last database generated
    print(
        f"== load, production caches: {len(page_list)} pages, {args.cached_seconds:g} s each, saturated then at "
        "half load",
        flush=True,
    )
    with gunicorn(env, port, log):
        deepest_page(base, page_list)
        for page in [hello, *page_list]:
            size.cached.append(load_page(wrk, base, page, args.cached_seconds, url, cached=True))
    size.hello.append(size.cached[0].saturated.rps)
    print(
        f"== load, caches off: {len(page_list)} pages, {seconds:g} s each, saturated then at half load",
        flush=True,
    )
    print(f"   {'':22} {'production caches':>35} | caches off", flush=True)
    with gunicorn({**env, "BENCH_CACHE": "off"}, port, log):
        for page in page_list:
            result = load_page(wrk, base, page, seconds, url)
            size.results.append(result)
            print(
                f"   {page.name:22} {brief(find(size.cached, page.name))} | {brief(result)}",
                flush=True,
            )
        size.results.insert(
            0, load_page(wrk, base, hello, seconds, url)
        )  # at the end: was the machine as busy?
    size.hello.append(size.results[0].saturated.rps)
    size.load_seconds = time.monotonic() - started
    print("== queries and plans", flush=True)
    pages_json = WORK / "pages.json"
    pages_json.write_text(json.dumps([{"name": p.name, "path": p.path} for p in page_list]))
    explained = run(
        [
            sys.executable,
            str(BENCH / "explain.py"),
            str(pages_json),
            str(RESULTS / f"explain-{posts}.md"),
        ],
        {**env, "BENCH_CACHE": "off"},
        capture_output=True,
        text=True,
    )
    size.queries = json.loads(explained.stdout)
    return size


def environment(url: str) -> dict:
    """What manage.py and gunicorn run with: the production settings on the bench database."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "bench-only-not-secret",
        "ALLOWED_HOSTS": HOST,
        "PYTHONPATH": str(ROOT),
        **{f"RATELIMIT_{group}": UNLIMITED for group in ("SEARCH", "API", "ALERTS", "LOGIN")},
    }


def prepare(url: str) -> dict:
    """Migrate the bench database and collect the static files; the environment to run with."""
    env = environment(url)
    print("== migrate, collectstatic", flush=True)
    run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    return env


def generate(posts: int, env: dict) -> None:
    """Replace the generated posts with ``posts`` new ones, the same for the same SEED."""
    run(
        [
            sys.executable,
            "manage.py",
            "generate_posts",
            "--posts",
            str(posts),
            "--seed",
            str(SEED),
            "--clear",
        ],
        env,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="10000,1000000", help="Numbers of posts, comma-separated."
    )
    parser.add_argument(
        "--seconds",
        type=float,
        help="Each load with the caches off; default 4 s up to 100,000 posts, else 5 s.",
    )
    parser.add_argument(
        "--cached-seconds",
        type=float,
        default=CACHED_SECONDS,
        help=f"Each load with the production caches; default {CACHED_SECONDS} s.",
    )
    parser.add_argument(
        "--database-url", help="A server to create missionjobs_bench on; default: the embedded one."
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Keep the bench database and its posts (one size only).",
    )
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    if args.reuse and len(sizes) > 1:
        parser.error("--reuse measures the posts already there: give one size.")
    signal.signal(signal.SIGTERM, stop_all)
    WORK.mkdir(parents=True, exist_ok=True)
    begun = time.monotonic()
    url, server = database_url(args)
    (ensure_database if args.reuse else recreate_database)(url)
    wrk = ensure_wrk()
    env = prepare(url)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    context = {
        "started": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, {platform.machine()} {platform.system()}",
        "commit": f"{commit}{' with uncommitted changes' if dirty else ''}, migrations up to "
        f"vacancies.{last_migration(url)}",
        "postgres": server_version(url),
        "database": "embedded, var/postgres" if server else "BENCH_DATABASE_URL",
        "tool": subprocess.run([wrk, "-v"], capture_output=True, text=True)
        .stdout.split(" [")[0]
        .strip()
        if wrk
        else "Python client (wrk not available)",
        "durations": f"{args.cached_seconds:g} s per page and pace with the production caches, with them off "
        + ", ".join(f"{off_seconds(args, n):g} s at {n:,} posts" for n in sizes),
    }
    results = []
    try:
        for posts in sizes:
            results.append(bench_size(posts, args, wrk, env, url))
            text = save(results, context)
    finally:
        stop_all()
    print("\n" + text)
    print(
        f"Written to {RESULTS / 'load.md'} in {timedelta(seconds=round(time.monotonic() - begun))}."
    )


if __name__ == "__main__":
    main()
