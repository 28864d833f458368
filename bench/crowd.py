"""The crowd benchmark of issue 15: many different URLs, each asked once, so that nearly
every request misses the production caches. See bench/LOAD.md ("The crowd").

    .venv/bin/python bench/crowd.py [--database-url URL] [--posts N] [--reuse]
                                    [--seconds 15] [--label NAME] [--results DIR]

Four crowds, each a list of 12,000 different URLs drawn from the bench database: random
post pages, random facet combinations, random API queries, random searches of one or two
words (every frequency) over the whole archive. Against gunicorn as production runs it
(the production caches on, emptied first): the hello world, then each crowd saturated
(24 connections) and paced at half that throughput from another list, then the hello world
again; and one cold archive search asked by 16 clients at the same moment. Results go to
bench/results/crowd.json (one entry per --label: the embedded Postgres and a server) and
crowd.md.
"""

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import sys
import time
import urllib.error
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import db, load  # noqa: E402 - after the path is set
from bench.harness.crowd import crowds  # noqa: E402
from bench.harness.machine import wait_quiet  # noqa: E402
from bench.harness.report import RESULTS  # noqa: E402
from bench.run import git  # noqa: E402
from devtools.serving import free_port, serve  # noqa: E402

WORK = ROOT / "var" / "bench"
SECONDS = 15
STAMPEDE = 16  # clients asking one cold URL at once, as after a publish
GOAL_SHARE = {"list": 0.05, "search": 0.02}
GOAL_P99_MS = 300


def hello(wrk, base: str, seconds: float) -> float:
    return load.load(wrk, base + "/bench/hello/", seconds, load.CONNECTIONS).rps


def warm(url: str) -> None:
    """Ask once; an error here shows in the load that follows, not as a crash."""
    with contextlib.suppress(urllib.error.URLError, TimeoutError):
        load.fetch(url)


def run_crowd(wrk, base: str, crowd, seconds: float, db_url: str) -> dict:
    """Warm the code on other URLs, then saturated, then paced at half load."""
    paths = Path(crowd.warm_file).read_text().split()
    with ThreadPoolExecutor(load.WORKERS * load.THREADS) as pool:
        list(pool.map(lambda path: warm(base + path), paths))
    load.drain(base, db_url)
    saturated = load.load(
        wrk, base + "/", seconds, load.CONNECTIONS, paths_file=crowd.saturated_file
    )
    load.drain(base, db_url)
    half = load.half_load(wrk, base + "/", seconds, saturated, crowd.half_file)
    load.drain(base, db_url)
    return {
        "name": crowd.name,
        "kind": crowd.kind,
        "example": crowd.example,
        "saturated": asdict(saturated),
        "half": asdict(half),
    }


def stampede(base: str, words: list[str]) -> dict:
    """One cold archive search, STAMPEDE clients at the same moment: the slowest answer.
    Common words, one URL per word, none asked before."""

    def timed(url: str) -> float:
        started = time.monotonic()
        load.fetch(url)
        return time.monotonic() - started

    slowest = []
    for word in words:
        url = base + "/posts/?" + urlencode({"status": "all", "q": word, "sort": "relevance"})
        with ThreadPoolExecutor(STAMPEDE) as pool:
            slowest.append(max(pool.map(timed, [url] * STAMPEDE)) * 1000)
    return {"clients": STAMPEDE, "words": words, "slowest_ms": slowest}


def measure(args, wrk, env: dict, url: str) -> dict:
    crowd_list = crowds(url, env, WORK)
    idle = wait_quiet()
    shutil.rmtree(WORK / "cache", ignore_errors=True)  # cold: nothing cached before
    result = {"posts": db.count_posts(url), "idle_before": idle, "hello": [], "crowds": []}
    with (WORK / "gunicorn-crowd.log").open("w") as log, serve(env, free_port(), log=log) as server:
        result["hello"].append(hello(wrk, server.url, args.seconds))
        for crowd in crowd_list:
            print(f"== {crowd.name}: {args.seconds:g} s saturated, then at half load", flush=True)
            row = run_crowd(wrk, server.url, crowd, args.seconds, url)
            print(f"   {brief(row, result['hello'][0])}", flush=True)
            result["crowds"].append(row)
        result["stampede"] = stampede(server.url, ["officer", "police", "mission"])
        result["hello"].append(hello(wrk, server.url, args.seconds))
    return result


def brief(row: dict, ceiling: float) -> str:
    sat, half = row["saturated"], row["half"]
    return (
        f"{sat['rps']:,.1f} req/s ({sat['rps'] / ceiling:.1%} of hello), p99 {sat['p99']:,.0f} ms;"
        f" half load {half['rps']:,.1f} req/s, p99 {half['p99']:,.0f} ms,"
        f" errors {sat['errors'] + half['errors']}"
    )


def misses(row: dict, ceiling: float) -> list[str]:
    share = row["saturated"]["rps"] / ceiling
    found = []
    if share < GOAL_SHARE[row["kind"]]:
        found.append(f"{share:.1%} < {GOAL_SHARE[row['kind']]:.0%}")
    if row["half"]["p99"] > GOAL_P99_MS:
        found.append(f"p99 {row['half']['p99']:,.0f} ms")
    if row["saturated"]["errors"] or row["half"]["errors"]:
        found.append("errors")
    return found


def table(label: str, run: dict) -> list[str]:
    about, ceiling = run["context"], sum(run["hello"]) / len(run["hello"])
    lines = [
        f"### {label}: {run['posts']:,} posts",
        "",
        (
            f"Run {about['started']} on {about['machine']}; commit {about['commit']}; Postgres"
            f" {about['postgres']} ({about['database']}); {about['tool']}; {load.CONNECTIONS}"
            f" connections; {run['seconds']:g} s a load."
            f" CPUs idle before: {run['idle_before']:.0%}."
            f" Hello world: {run['hello'][0]:,.0f} and {run['hello'][1]:,.0f} req/s."
        ),
        "",
        (
            "| crowd | e.g. | req/s | % of hello | p50 ms | p99 ms | errors"
            " | half load: req/s | p95 ms | p99 ms | goals missed |"
        ),
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in run["crowds"]:
        sat, half = row["saturated"], row["half"]
        lines.append(
            f"| {row['name']} | `{row['example']}` | {sat['rps']:,.1f} |"
            f" {sat['rps'] / ceiling:.1%} | {sat['p50']:,.0f} | {sat['p99']:,.0f} |"
            f" {sat['errors'] + half['errors']} | {half['rps']:,.1f} | {half['p95']:,.0f} |"
            f" {half['p99']:,.0f} | {'; '.join(misses(row, ceiling)) or '—'} |"
        )
    stamp = run["stampede"]
    slowest = ", ".join(
        f"{word} {ms:,.0f} ms" for word, ms in zip(stamp["words"], stamp["slowest_ms"], strict=True)
    )
    lines += [
        "",
        (
            f"One cold archive search, {stamp['clients']} clients at the same moment, the slowest"
            f" answer: {slowest}."
        ),
        "",
    ]
    return lines


def save(results: Path, label: str, run: dict) -> str:
    path = results / "crowd.json"
    runs = json.loads(path.read_text()) if path.exists() else {}
    runs[label] = run
    path.write_text(json.dumps(runs, indent=1) + "\n")
    lines = [
        "# Crowd benchmark",
        "",
        (
            "Written by `bench/crowd.py` (`make bench`); how it measures: [LOAD.md](../LOAD.md)."
            " Each crowd is 12,000 different URLs asked once each, with the production caches on:"
            " nearly every request a miss. Goals (issue 15): post pages, facet combinations and"
            f" API queries at least {GOAL_SHARE['list']:.0%} of the hello world's throughput,"
            f" searches {GOAL_SHARE['search']:.0%}; p99 at half load at most {GOAL_P99_MS} ms."
        ),
        "",
    ]
    for name in sorted(runs):
        lines += table(name, runs[name])
    (results / "crowd.md").write_text("\n".join(lines))
    return "\n".join(table(label, run))


def context(url: str, where: str, wrk: str | None) -> dict:
    dirty = " with uncommitted changes" if git("status", "--porcelain") else ""
    return {
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, {platform.machine()} {platform.system()}",
        "commit": f"{git('rev-parse', '--short', 'HEAD')}{dirty}",
        "postgres": db.server_version(url),
        "database": where,
        "tool": "wrk" if wrk else "Python client (wrk not available)",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="A server for missionjobs_bench; default embedded.")
    parser.add_argument("--posts", type=int, default=1_000_000, help="Posts to generate.")
    parser.add_argument("--reuse", action="store_true", help="Measure the posts already there.")
    parser.add_argument("--seconds", type=float, default=SECONDS, help="Each load; default 15.")
    parser.add_argument("--label", help="Names the run in crowd.json; default: which server.")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    WORK.mkdir(parents=True, exist_ok=True)
    args.results.mkdir(parents=True, exist_ok=True)
    url, where = db.bench_database_url(args.database_url)
    (db.ensure_database if args.reuse else db.recreate_database)(url)
    wrk = load.ensure_wrk()
    env = db.prepare(url)
    if not args.reuse:
        print(f"== {args.posts:,} posts: generate", flush=True)
        db.generate(env, args.posts)
        db.vacuum(url)
    print(f"== the database into the OS cache: {db.warm(url)}", flush=True)
    about = context(url, where, wrk)
    run = {**measure(args, wrk, env, url), "seconds": args.seconds, "context": about}
    label = args.label or ("embedded Postgres" if args.database_url is None else "Postgres server")
    print("\n" + save(args.results, label, run))


if __name__ == "__main__":
    main()
