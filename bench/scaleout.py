"""Scale-out on one machine: one app server, then two, behind the proxy, then reading from a
streaming replica (issue 15, bench/LOAD.md "Scale-out").

    .venv/bin/python bench/scaleout.py [--database-url URL] [--urls FILE] [--seconds 10]
                                       [--servers 2] [--posts N] [--results DIR]

On the bench database of `make bench` (never dropped; its posts are measured as they are):
a private redis-server as the cache all app servers share (CACHE_URL), a streaming replica
of the database's server made by the compose profile's script (deploy/postgres/replica.sh),
N app servers as production runs them (devtools/serving.py, missionjobs/gunicorn.py each)
and nginx with the committed deploy/nginx.conf in front of them. wrk asks a crowd of
different URLs (--urls, one path a line, or post pages and filter combinations drawn from
the database), each once, with the cache emptied before each load. Writes
bench/results/scaleout.md; stops everything it started on the way out, Ctrl-C included.
"""

import argparse
import http.client
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import db, load  # noqa: E402 - after the path is set
from bench.harness.crowd import mixed_crowd  # noqa: E402
from bench.harness.pages import HELLO  # noqa: E402
from bench.harness.report import RESULTS, ms  # noqa: E402
from bench.harness.scale import (  # noqa: E402
    COUNTERS,
    Counters,
    counters,
    cpu_seconds,
    flush,
    machine_busy,
    replica_of,
    replica_user,
    running_redis,
)
from devtools.proxy import nginx  # noqa: E402
from devtools.replica import private_dir, remove  # noqa: E402
from devtools.serving import HOST, serve  # noqa: E402

WORK = ROOT / "var" / "bench" / "scaleout"
CROWD_URLS = 20_000
# One load generator stands for a crowd of clients: the proxy's limit of requests in
# progress per client address (16) would refuse most of its connections.
ONE_ADDRESS = {"limit_conn per_client 16;": "limit_conn per_client 10000;"}
# A backend reports its counters at most 10 s after it goes idle (PGSTAT_IDLE_INTERVAL).
COUNTERS_SETTLE_SECONDS = 11
WARM_URLS = 50
WARM_CHECKED = 10
WARM_SECONDS = 2


@dataclass
class Setup:
    name: str
    servers: int
    replica: bool
    hello: bool


@dataclass
class Phase:
    setup: Setup
    connections: int
    hello: load.Run | None = None
    crowd: load.Run | None = None
    busy: float = 0  # share of the machine's CPU time busy during the crowd's load
    # Per crowd request, on each server: COUNTERS, and "cpu ms" of its backends.
    primary: dict = field(default_factory=dict)
    replica: dict = field(default_factory=dict)


def main() -> None:
    args = arguments()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwinds: everything stops
    WORK.mkdir(parents=True, exist_ok=True)
    url, where = db.bench_database_url(args.database_url)
    print(f"== the bench database {db.DATABASE_NAME} ({where}): migrate", flush=True)
    db.ensure_database(url)
    env = db.prepare(url)
    posts = posts_in(url, env, args.posts)
    urls = args.urls or mixed_crowd(url, env, WORK / "crowd-urls.txt", CROWD_URLS)
    count = len(urls.read_text().split())
    print(f"== {posts:,} posts; {count:,} different URLs from {urls}", flush=True)
    wrk = load.ensure_wrk()
    setups = [
        Setup("1 app server", 1, replica=False, hello=True),
        Setup(f"{args.servers} app servers", args.servers, replica=False, hello=True),
        Setup(f"{args.servers} app servers, replica", args.servers, replica=True, hello=False),
    ]
    with ExitStack() as stack:
        redis_url = stack.enter_context(running_redis(WORK))
        directory = private_dir("mj-scaleout-", replica_user(url))
        stack.callback(remove, directory)
        print(f"== a streaming replica of the server (pg_basebackup into {directory})", flush=True)
        replica_url = stack.enter_context(replica_of(url, directory))
        # Plain HTTP from nginx here: TLS would end in front of it.
        env = {**env, "CACHE_URL": redis_url, "SECURE_SSL_REDIRECT": "0"}
        phases = []
        for setup in setups:
            print(f"== {setup.name}", flush=True)
            phase = measure(wrk, setup, env, (url, replica_url, redis_url), urls, args.seconds)
            print(f"   {brief(phase)}", flush=True)
            phases.append(phase)
    context = {"posts": posts, "urls": count, "source": urls, "seconds": args.seconds}
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "scaleout.md").write_text(report(phases, context))
    print(f"Written to {args.results / 'scaleout.md'}.")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="The bench database's server; default: embedded.")
    parser.add_argument("--urls", type=Path, help="Paths to ask, one a line; default: drawn.")
    parser.add_argument("--seconds", type=float, default=10, help="Each load; default 10 s.")
    parser.add_argument("--servers", type=int, default=2, help="App servers at most; default 2.")
    parser.add_argument("--posts", type=int, help="Posts to generate if the database has none.")
    parser.add_argument("--results", type=Path, default=RESULTS, help="Where scaleout.md goes.")
    return parser.parse_args()


def posts_in(url: str, env: dict, generate: int | None) -> int:
    posts = db.count_posts(url)
    if posts:
        return posts
    if not generate:
        raise SystemExit(f"{db.DATABASE_NAME} has no posts: make bench, or pass --posts N.")
    print(f"== generating {generate:,} posts", flush=True)
    db.generate(env, generate)
    db.vacuum(url)
    return db.count_posts(url)


def measure(  # noqa: PLR0913, PLR0917 - the setup, where it runs and its load: all needed
    wrk, setup: Setup, env: dict, servers: tuple, urls: Path, seconds: float
) -> Phase:
    """One setup: its app servers and proxy started, warmed, loaded, stopped; the counters
    of both database servers read around the crowd's load."""
    url, replica_url, redis_url = servers
    if setup.replica:
        env = {**env, "DATABASE_REPLICA_URLS": replica_url}
    phase = Phase(setup, connections=load.CONNECTIONS * setup.servers)
    with ExitStack() as stack, (WORK / "gunicorn.log").open("a") as log:
        apps = [stack.enter_context(serve(env, log=log)) for _ in range(setup.servers)]
        proxy_dir = WORK / f"nginx-{setup.servers}"
        proxy_dir.mkdir(exist_ok=True)
        upstreams = [f"{HOST}:{app.port}" for app in apps]
        port = stack.enter_context(nginx(upstreams, proxy_dir, changes=ONE_ADDRESS))
        base = f"http://{HOST}:{port}"
        warm_up(wrk, base, url, urls, phase.connections)
        if setup.hello:
            phase.hello = load.load(wrk, base + HELLO.path, seconds, phase.connections)
            load.drain(base, url)
        flush(redis_url)
        time.sleep(COUNTERS_SETTLE_SECONDS)
        before = counters(url), counters(replica_url)
        busy = machine_busy()
        phase.crowd = load.load(wrk, base + "/", seconds, phase.connections, paths_file=str(urls))
        phase.busy = share_busy(busy, machine_busy())
        load.drain(base, url)
        cpu = counters(url).cpu, counters(replica_url).cpu
    # The app servers stopped: their backends ended, and reported their counters as they did.
    time.sleep(1)
    requests = max(1, phase.crowd.requests)
    phase.primary = per_request(before[0], counters(url), cpu[0], requests)
    phase.replica = per_request(before[1], counters(replica_url), cpu[1], requests)
    return phase


def warm_up(wrk, base: str, url: str, urls: Path, connections: int) -> None:
    """Each worker's first requests (imports) and each thread's database connections, and
    Postgres's tables: URLs not in the crowd's list (its first ones with a parameter more),
    checked one at a time first (an answer other than 200, a redirect say, is no page), then
    loaded for WARM_SECONDS on every connection."""
    first = urls.read_text().split()[:WARM_URLS]
    warm = [f"{path}{'&' if '?' in path else '?'}warm=1" for path in first]
    statuses = Counter(status_of(base + path) for path in warm[:WARM_CHECKED])
    if set(statuses) != {200}:
        print(f"   the crowd's first URLs answered {dict(statuses)}: not all pages", flush=True)
    warm_file = WORK / "warm-urls.txt"
    warm_file.write_text("\n".join(warm) + "\n")
    load.load(wrk, base + "/", WARM_SECONDS, connections, paths_file=str(warm_file))
    load.drain(base, url)


def status_of(address: str) -> int:
    parts = urlsplit(address)
    with closing(http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)) as client:
        client.request("GET", f"{parts.path}?{parts.query}", headers=load.PROXY_HEADERS)
        response = client.getresponse()
        response.read()
        return response.status


def share_busy(before: tuple[int, int], after: tuple[int, int]) -> float:
    return (after[0] - before[0]) / max(1, after[1] - before[1])


def per_request(before: Counters, after: Counters, cpu: dict, requests: int) -> dict:
    figures = {name: (after.values[name] - before.values[name]) / requests for name in COUNTERS}
    seconds = cpu_seconds(before, cpu)
    figures["CPU ms of its backends"] = None if seconds is None else seconds * 1000 / requests
    return figures


def brief(phase: Phase) -> str:
    hello = f"hello {phase.hello.rps:,.0f} req/s; " if phase.hello else ""
    crowd = phase.crowd
    return (
        f"{hello}crowd {crowd.rps:,.1f} req/s, p50 {ms(crowd.p50)} ms, p99 {ms(crowd.p99)} ms,"
        f" {crowd.errors} errors; primary {phase.primary['transactions']:.1f} transactions"
        f" a request, replica {phase.replica['transactions']:.1f}"
    )


# The report ---------------------------------------------------------------------------------


def report(phases: list[Phase], context: dict) -> str:
    return "\n".join(
        [
            *heading(context),
            *throughput_table(phases, context),
            *growth(phases),
            *replica_table(phases),
            *cores_note(phases),
        ]
    )


def heading(context: dict) -> list[str]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - the developer's git, from PATH
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    source = Path(context["source"])
    return [
        "# Scale-out: app servers behind the proxy, reads on a replica",
        "",
        (
            f"Written by `bench/scaleout.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit"
            f" {commit}, {os.cpu_count()} CPUs; how it measures:"
            " [LOAD.md](../LOAD.md#scale-out-issue-15)."
            f" {context['posts']:,} posts; the crowd: {context['urls']:,} different URLs"
            f" (`{source.name}`), asked in turn, the shared cache (a redis-server) emptied before"
            f" each load; {context['seconds']:g} s a load. Each app server: gunicorn"
            f" {load.WORKERS} workers × {load.THREADS} threads, as in production; wrk sends"
            f" {load.CONNECTIONS} connections per app server to nginx (deploy/nginx.conf)."
        ),
        "",
    ]


def throughput_table(phases: list[Phase], context: dict) -> list[str]:
    lines = [
        "| setup | load | connections | req/s | p50 ms | p99 ms | errors | CPU busy |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for phase in phases:
        if phase.hello:
            lines.append(row(phase, "hello world", phase.hello, ""))
        repeated = phase.crowd.requests - context["urls"]
        name = "crowd" + (f" ({repeated:,} URLs asked twice)" if repeated > 0 else "")
        lines.append(row(phase, name, phase.crowd, f"{phase.busy:.0%}"))
    return [*lines, ""]


def row(phase: Phase, name: str, run: load.Run, busy: str) -> str:
    return (
        f"| {phase.setup.name} | {name} | {phase.connections} | {run.rps:,.1f} | {ms(run.p50)}"
        f" | {ms(run.p99)} | {run.errors or ''} | {busy} |"
    )


def growth(phases: list[Phase]) -> list[str]:
    one, more = phases[0], phases[1]
    line = (
        f"From one app server to {more.setup.servers}: the crowd"
        f" ×{more.crowd.rps / max(one.crowd.rps, 1e-9):.2f}"
    )
    if one.hello and more.hello:
        line += f", the hello world ×{more.hello.rps / max(one.hello.rps, 1e-9):.2f}"
    return [line + ".", ""]


def replica_table(phases: list[Phase]) -> list[str]:
    without, with_replica = phases[1], phases[2]
    lines = [
        "## What the replica takes off the primary",
        "",
        (
            f"{without.setup.servers} app servers, per crowd request, from pg_stat_database on"
            " each server (the bench database only) and the CPU time of the server processes"
            " connected to it (`/proc`, when the server runs on this machine)."
        ),
        "",
        (
            "| per request | primary, no replica | primary, with the replica | replica"
            " | share the primary no longer serves |"
        ),
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name in without.primary:
        before, after = without.primary[name], with_replica.primary[name]
        on_replica = with_replica.replica[name]
        taken = f"{1 - after / before:.0%}" if before and after is not None else ""
        lines.append(
            f"| {name} | {figure(before)} | {figure(after)} | {figure(on_replica)} | {taken} |"
        )
    return [*lines, ""]


def figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.1f}"


def cores_note(phases: list[Phase]) -> list[str]:
    cores = os.cpu_count() or 1
    busiest = max(phase.busy for phase in phases)
    return [
        (
            f"**On {cores} cores a second app server adds no core**: wrk, nginx, the app"
            " servers, Redis and both Postgres servers share the same ones (the CPU was"
            f" {busiest:.0%} busy at most during the crowd's loads). What two app servers"
            " measure here is the cost of running two instead of one on the same cores, not"
            " the throughput of two machines; on separate machines each brings its own cores,"
            " up to what the primary (writes, rate limits) and the replica can serve."
        ),
        "",
    ]


if __name__ == "__main__":
    main()
