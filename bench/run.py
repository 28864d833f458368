"""The load benchmark of issue 5: `make bench`. See bench/LOAD.md.

    .venv/bin/python bench/run.py [--sizes 10000,1000000] [--seconds N] [--cached-seconds N]
                                  [--database-url URL] [--reuse] [--results DIR]

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
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import db, load  # noqa: E402 - after the path is set
from bench.harness.machine import wait_quiet  # noqa: E402
from bench.harness.pages import HELLO, deepest_page, pages  # noqa: E402
from bench.harness.report import RESULTS, SizeResult, brief, find, save  # noqa: E402
from devtools.serving import free_port, serve  # noqa: E402

WORK = ROOT / "var" / "bench"
CACHED_SECONDS = 2  # each load with the production caches: hits vary little


def off_seconds(args, posts: int) -> float:
    """Each load with the caches off; longer at a large size, where a page does fewer
    requests a second."""
    return args.seconds or (4 if posts <= 100_000 else 5)


def bench_size(posts: int, args, wrk, env: dict, url: str) -> SizeResult:
    """Generate, vacuum, load with the production caches, then with the caches off."""
    size = SizeResult(posts)
    seconds = off_seconds(args, posts)
    started = time.monotonic()
    if not args.reuse:
        print(f"\n== {posts:,} posts: generate", flush=True)
        db.generate(env, posts)
    size.generate_seconds = time.monotonic() - started
    started = time.monotonic()
    print("== VACUUM ANALYZE", flush=True)
    size.database_size = db.vacuum(url)
    size.vacuum_seconds = time.monotonic() - started
    page_list = pages(url, WORK)
    size.idle_before = wait_quiet()
    size.load_average = list(os.getloadavg())
    port = free_port()
    started = time.monotonic()
    shutil.rmtree(WORK / "cache", ignore_errors=True)  # pages of the last database generated
    print(
        f"== load, production caches: {len(page_list)} pages, {args.cached_seconds:g} s each,"
        " saturated then at half load",
        flush=True,
    )
    with (WORK / f"gunicorn-{posts}.log").open("w") as log:
        with serve(env, port, log=log) as server:
            deepest_page(server.url, page_list)
            for page in [HELLO, *page_list]:
                size.cached.append(
                    load.load_page(wrk, server.url, page, args.cached_seconds, url, cached=True)
                )
        size.hello.append(size.cached[0].saturated.rps)
        print(
            f"== load, caches off: {len(page_list)} pages, {seconds:g} s each,"
            " saturated then at half load",
            flush=True,
        )
        print(f"   {'':22} {'production caches':>35} | caches off", flush=True)
        with serve({**env, "BENCH_CACHE": "off"}, port, log=log) as server:
            for page in page_list:
                result = load.load_page(wrk, server.url, page, seconds, url)
                size.results.append(result)
                print(
                    f"   {page.name:22} {brief(find(size.cached, page.name))} | {brief(result)}",
                    flush=True,
                )
            # The hello world again at the end: was the machine as busy?
            size.results.insert(0, load.load_page(wrk, server.url, HELLO, seconds, url))
    size.hello.append(size.results[0].saturated.rps)
    size.load_seconds = time.monotonic() - started
    print("== queries and plans", flush=True)
    pages_json = WORK / "pages.json"
    pages_json.write_text(json.dumps([{"name": p.name, "path": p.path} for p in page_list]))
    explained = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "explain.py"),
            str(pages_json),
            str(args.results / f"explain-{posts}.md"),
        ],
        env={**env, "BENCH_CACHE": "off"},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    size.queries = json.loads(explained.stdout)
    return size


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args],  # noqa: S607 - the developer's git, from PATH
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()


def context(args, sizes: list[int], url: str, where: str, wrk: str | None) -> dict:
    """What was measured, on what: the report's header."""
    dirty = " with uncommitted changes" if git("status", "--porcelain") else ""
    tool = "Python client (wrk not available)"
    if wrk:
        version = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
        tool = version.stdout.split(" [")[0].strip()
    return {
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, {platform.machine()} {platform.system()}",
        "commit": f"{git('rev-parse', '--short', 'HEAD')}{dirty}, migrations up to "
        f"vacancies.{db.last_migration(url)}",
        "postgres": db.server_version(url),
        "database": where,
        "tool": tool,
        "durations": f"{args.cached_seconds:g} s per page and pace with the production caches,"
        " with them off " + ", ".join(f"{off_seconds(args, n):g} s at {n:,} posts" for n in sizes),
    }


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
    parser.add_argument(
        "--results",
        type=Path,
        default=RESULTS,
        help="Where load.md, load.json and explain-N.md go; default bench/results.",
    )
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    if args.reuse and len(sizes) > 1:
        parser.error("--reuse measures the posts already there: give one size.")
    # A SIGTERM unwinds like Ctrl-C: each server is stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    WORK.mkdir(parents=True, exist_ok=True)
    args.results.mkdir(parents=True, exist_ok=True)
    begun = time.monotonic()
    url, where = db.bench_database_url(args.database_url)
    (db.ensure_database if args.reuse else db.recreate_database)(url)
    wrk = load.ensure_wrk()
    env = db.prepare(url)
    about = context(args, sizes, url, where, wrk)
    results = []
    for posts in sizes:
        results.append(bench_size(posts, args, wrk, env, url))
        text = save(results, about, args.results)
    print("\n" + text)
    print(
        f"Written to {args.results / 'load.md'} in "
        f"{timedelta(seconds=round(time.monotonic() - begun))}."
    )


if __name__ == "__main__":
    main()
