"""Soak test: the production server under a steady, bounded load for a few minutes, with
no error and no memory growth. Writes bench/results/soak.md; exits 1 when either fails.

    .venv/bin/python bench/soak.py [--minutes 3] [--rate 40] [--clients 8] [--posts 2000]

It starts a Postgres of its own (pgserver's binaries, a temporary directory, a socket, no
TCP port), migrates it, loads the sample calls and --posts generated ones, collects the
static files, and runs the production command on 127.0.0.1:

    gunicorn missionjobs.wsgi --config python:missionjobs.gunicorn --max-requests 0

(--max-requests 0: production recycles a worker after ~50,000 requests, which would hide a
leak; here a worker lives the whole run). --clients threads with keep-alive connections
request a mix of every public page, the API, feeds, exports, static files, bad parameters
and unknown pages at --rate requests a second in all. Every answer must have the status
its URL expects, and the server log must show no error. Each worker's resident memory is
sampled every few seconds: after the first fifth of the run (warm-up: caches, imports,
connections), it may not grow by more than --max-growth MB.
"""

import argparse
import http.client
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
HOST = "127.0.0.1"
# What may not appear in the server's log: gunicorn's errors, Django's logged failures.
ERROR_WORDS = (
    "[ERROR]",
    "[CRITICAL]",
    "WORKER TIMEOUT",
    "Traceback",
    "Internal Server Error",
    "Service Unavailable",
)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


# Load ------------------------------------------------------------------------------------

# (weight, path, expected statuses): the public surface, as visitors, crawlers, feed
# readers and API clients use it, with some nonsense.
MIX = [
    (10, "/", {200}),
    (12, "/posts/", {200}),
    (6, "/posts/?status=all&sort=title&page=2", {200}),
    (6, "/posts/?eligible_for=third_state&clearance=secret", {200}),
    (6, "/posts/?status=all&q=monitor", {200}),
    (4, "/posts/?status=all&q=%22close+protection%22+-deputy", {200}),
    (4, "/posts/?status=all&location=pristina&regime=contracted", {200}),
    (3, "/posts/?closing_within=30&third_states=yes", {200}),
    (3, "/posts/?clearance=cosmic&closing_within=-4", {200}),  # form errors, shown on the page
    (14, "{post}", {200}),
    (4, "/calls/", {200}),
    (4, "{call}", {200}),
    (3, "{mission}", {200}),
    (6, "/api/posts/?status=all&page_size=50", {200}),
    (3, "/api/posts/?q=officer&regime=seconded", {200}),
    (6, "{api_post}", {200}),
    (2, "/api/posts/?clearance=cosmic", {400}),
    (2, "/posts/feed/?status=all", {200}),
    (1, "/posts.csv?status=all", {200}),
    (1, "/posts.ics", {200}),
    (1, "/posts.csv?deadline_after=not-a-date", {400}),
    (1, "/sitemap.xml", {200}),
    (1, "/robots.txt", {200}),
    (2, "/healthz", {200}),
    (3, "/static/css/site.css", {200}),
    (1, "/alerts/new/?regime=seconded", {200}),
    (2, "/no-such-page/", {404}),
    (1, "/posts/999999999/nothing/", {404}),
    (1, "/api/openapi.json", {200}),
]


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


def discover(port: int) -> dict[str, list[str]]:
    """Addresses of real posts, calls and missions, from the API and the call list."""
    import json
    import re

    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    connection.request("GET", "/api/posts/?status=all&page_size=100")
    posts = json.loads(connection.getresponse().read())["results"]
    connection.request("GET", "/calls/")
    calls = re.findall(r'href="(/calls/\d+/[^"]+/)"', connection.getresponse().read().decode())
    connection.close()
    strip = lambda url: "/" + url.split("/", 3)[3]  # noqa: E731 - absolute URL to path
    return {
        "post": [strip(p["url"]) for p in posts],
        "api_post": [f"/api/posts/{p['id']}/" for p in posts],
        "mission": sorted({strip(p["mission"]["url"]) for p in posts}),
        "call": calls or ["/calls/"],
    }


def client(port: int, rate: float, until: float, addresses: dict, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
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


# Memory ----------------------------------------------------------------------------------


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
    while time.monotonic() < until:
        for worker in children(master):
            if (rss := rss_mb(worker)) is not None:
                samples.setdefault(worker, []).append((time.monotonic() - started, rss))
        time.sleep(every)


# Run ---------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))] if values else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument(
        "--rate", type=float, default=40.0, help="requests a second, all clients together"
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--posts", type=int, default=2000, help="generated posts besides the samples"
    )
    parser.add_argument(
        "--max-growth", type=float, default=20.0, help="MB a worker may grow after warm-up"
    )
    parser.add_argument("--output", type=Path, default=RESULTS / "soak.md")
    args = parser.parse_args()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs on XDG_RUNTIME_DIR
        import pgserver

    work = Path(tempfile.mkdtemp(prefix="mj-soak-"))
    server = pgserver.get_server(work / "pgdata", cleanup_mode="delete")
    gunicorn = None
    try:
        socket_dir = server.get_postmaster_info().socket_dir
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "missionjobs.settings",
            "DATABASE_URL": f"postgres://postgres@{quote(str(socket_dir), safe='')}/postgres",
            "SECRET_KEY": os.urandom(32).hex(),
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "0",
            "STATIC_ROOT": str(work / "static"),
            "MEDIA_ROOT": str(work / "media"),
            # Counted as in production, never reached: this is one client address.
            **{f"RATELIMIT_{group}": "1000000/m" for group in ("SEARCH", "API", "ALERTS", "LOGIN")},
            "GUNICORN_WORKERS": str(args.workers),
        }
        print(f"soak: preparing a database in {work}", flush=True)
        manage(env, "migrate", "--noinput")
        manage(env, "load_samples")
        if args.posts:
            manage(env, "generate_posts", "--posts", str(args.posts))
        manage(env, "collectstatic", "--noinput")

        port = free_port()
        log = (work / "gunicorn.log").open("w+")
        gunicorn = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "missionjobs.wsgi",
                "--config",
                "python:missionjobs.gunicorn",
                "--bind",
                f"{HOST}:{port}",
                "--max-requests",
                "0",
                "--access-logfile",
                "/dev/null",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(300):
            try:
                connection = http.client.HTTPConnection(HOST, port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("soak: gunicorn did not start")
        addresses = discover(port)

        seconds = args.minutes * 60
        print(
            f"soak: {args.minutes:g} min at {args.rate:g} req/s, {args.clients} clients, "
            f"{args.workers} workers, {args.posts} generated posts",
            flush=True,
        )
        started = time.monotonic()
        until = started + seconds
        tally, samples = Tally(), {}
        threads = [
            threading.Thread(
                target=sample_memory, args=(gunicorn.pid, until, 2.0, samples, started)
            )
        ]
        threads += [
            threading.Thread(
                target=client, args=(port, args.rate / args.clients, until, addresses, tally, n)
            )
            for n in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started

        log.seek(0)
        server_log = log.read()
        errors = [
            line for line in server_log.splitlines() if any(word in line for word in ERROR_WORDS)
        ]
        warm_up = seconds / 5
        memory = []
        for worker, series in sorted(samples.items()):
            warm = [rss for at, rss in series if warm_up <= at < 2 * warm_up]
            end = [rss for at, rss in series if at >= seconds - warm_up]
            if warm and end:
                memory.append(
                    (worker, series[0][1], statistics.median(warm), statistics.median(end))
                )
        grown = [m for m in memory if m[3] - m[2] > args.max_growth]
        restarted = set(children(gunicorn.pid)) != set(samples)
        failed = bool(tally.unexpected or errors or grown or restarted or not memory)
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            gunicorn.terminate()
            gunicorn.wait(30)
        server.cleanup()
        shutil.rmtree(work, ignore_errors=True)

    total = sum(tally.statuses.values())
    lines = [
        "# Soak test",
        "",
        f"`.venv/bin/python bench/soak.py --minutes {args.minutes:g} --rate {args.rate:g} --clients {args.clients}"
        f" --workers {args.workers} --posts {args.posts}` on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC,"
        f" {os.cpu_count()} CPUs, Python {sys.version.split()[0]}: the production gunicorn command"
        " (`--max-requests 0`) on 127.0.0.1, a Postgres of its own with the sample calls and the generated posts.",
        "",
        f"**{'FAILED' if failed else 'Passed'}**: {total} requests in {elapsed:.0f} s ({total / elapsed:.1f}/s),"
        f" {sum(tally.unexpected.values())} with an unexpected answer, {len(errors)} error lines in the server log,"
        f" {len(grown)} worker(s) grown by more than {args.max_growth:g} MB after warm-up"
        + (", workers restarted" if restarted else "")
        + ".",
        "",
        "| answers | count |",
        "| --- | ---: |",
        *(f"| {status} | {count} |" for status, count in sorted(tally.statuses.items(), key=str)),
        "",
        f"Latency: median {percentile(tally.latencies, 0.5) * 1000:.0f} ms, 95th percentile"
        f" {percentile(tally.latencies, 0.95) * 1000:.0f} ms, 99th {percentile(tally.latencies, 0.99) * 1000:.0f} ms,"
        f" slowest {max(tally.latencies, default=0) * 1000:.0f} ms.",
        "",
        f"Resident memory of each worker (MB): at start, after the warm-up ({warm_up:.0f}-{2 * warm_up:.0f} s,"
        f" median) and over the last {warm_up:.0f} s (median).",
        "",
        "| worker | start | after warm-up | end | growth |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(
            f"| {n + 1} | {first:.1f} | {warm:.1f} | {end:.1f} | {end - warm:+.1f} |"
            for n, (_, first, warm, end) in enumerate(memory)
        ),
    ]
    if tally.unexpected:
        lines += [
            "",
            "Unexpected answers:",
            "",
            *(f"- {what}: {n}" for what, n in tally.unexpected.most_common(20)),
        ]
    if errors:
        lines += ["", "Server log errors (first 20):", "", "```", *errors[:20], "```"]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
