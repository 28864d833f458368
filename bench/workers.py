"""How many gunicorn workers and threads: the measurement behind missionjobs/gunicorn.py.

    .venv/bin/python bench/workers.py [--database-url URL] [--posts 100000] [--seconds 4]
                                      [--settings 2x1,3x4,...] [--results DIR]

Loads the same pages under several worker x thread settings of the production command,
on the bench database of `make bench` (its posts are kept; generated when it has none),
and writes bench/results/workers.md: the hello world, a list page served from the cache,
the same kind of list page and the post pages with the caches off. Same wrk, same 24
connections as bench/run.py (see bench/LOAD.md).
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import db, load  # noqa: E402 - after the path is set
from bench.harness.machine import wait_quiet  # noqa: E402
from bench.harness.pages import HELLO, pages  # noqa: E402
from bench.harness.report import RESULTS, ms  # noqa: E402
from devtools.serving import serve  # noqa: E402

# (workers, threads): sync-like single threads, the default (cores + 1) x 4, and around it.
SETTINGS = "2x1,3x1,5x1,3x2,5x2,3x4,5x4,3x8"
POSTS = 100_000
WORK = ROOT / "var" / "bench"


def measure(  # noqa: PLR0913 - one setting of the server and what to load it with
    wrk, env: dict, url: str, seconds: float, *, workers: int, threads: int, page_sets: dict
) -> list:
    """Requests a second and p99 of each page under one setting: two servers, caches on and off."""
    figures = []
    with (WORK / "gunicorn-workers.log").open("a") as log:
        for cache in ("on", "off"):
            env_cache = {**env, "BENCH_CACHE": cache}
            with serve(env_cache, workers=workers, threads=threads, log=log) as server:
                for page in page_sets[cache]:
                    load.warm_up(wrk, server.url, page, url, each_once=cache == "on")
                    run = load.load(
                        wrk,
                        server.url + page.path,
                        seconds,
                        load.CONNECTIONS,
                        paths_file=page.paths_file,
                    )
                    load.drain(server.url, url)
                    figures.append(run)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", help="A server with the bench database; default: the embedded one."
    )
    parser.add_argument(
        "--posts", type=int, default=POSTS, help="Posts to generate when the database has none."
    )
    parser.add_argument("--seconds", type=float, default=4, help="Each load; default 4 s.")
    parser.add_argument(
        "--settings",
        default=SETTINGS,
        help=f"workers x threads to measure, comma-separated; default {SETTINGS}.",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=RESULTS,
        help="Where workers.md goes; default bench/results.",
    )
    args = parser.parse_args()
    settings = [tuple(int(n) for n in s.split("x")) for s in args.settings.split(",")]
    WORK.mkdir(parents=True, exist_ok=True)
    url, _where = db.bench_database_url(args.database_url)
    db.ensure_database(url)
    wrk = load.ensure_wrk()
    env = db.prepare(url)
    posts = db.count_posts(url)
    if not posts:
        posts = args.posts
        db.generate(env, posts)
        db.vacuum(url)
    site = {page.name: page for page in pages(url, WORK)}
    page_sets = {"on": [HELLO, site["regime"]], "off": [site["regime"], site["post"]]}
    columns = [
        "hello world",
        "`/posts/?regime=seconded`, cached",
        "the same, caches off",
        "post pages, caches off",
    ]
    lines = [
        "# gunicorn workers and threads",
        "",
        (
            f"Written by `bench/workers.py`, {posts:,} posts, {args.seconds:g} s a load,"
            f" {load.CONNECTIONS} connections; requests a second, p99 in ms."
        ),
        "",
        "| workers × threads | " + " | ".join(columns) + " |",
        "| --- |" + " ---: |" * len(columns),
    ]
    for workers, threads in settings:
        wait_quiet()
        runs = measure(
            wrk, env, url, args.seconds, workers=workers, threads=threads, page_sets=page_sets
        )
        cells = " | ".join(f"{run.rps:,.0f} ({ms(run.p99)})" for run in runs)
        lines.append(f"| {workers} × {threads} | {cells} |")
        print(lines[-1], flush=True)
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "workers.md").write_text("\n".join(lines) + "\n")
    print(f"Written to {args.results / 'workers.md'}.")


if __name__ == "__main__":
    main()
