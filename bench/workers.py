"""How many gunicorn workers and threads: the measurement behind missionjobs/gunicorn.py.

    .venv/bin/python bench/workers.py [--database-url URL] [--posts 100000] [--seconds 4]

Loads the same pages under several worker x thread settings of the production command,
on the bench database of `make bench` (its posts are kept; generated when it has none),
and writes bench/results/workers.md: the hello world, a list page served from the cache,
the same kind of list page and the post pages with the caches off. Same wrk, same 24
connections as bench/run.py (see bench/LOAD.md).
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run as bench  # noqa: E402

# (workers, threads): sync-like single threads, the default (cores + 1) x 4, and around it.
SETTINGS = [(2, 1), (3, 1), (5, 1), (3, 2), (5, 2), (3, 4), (5, 4), (3, 8)]
POSTS = 100_000


def measure(
    wrk, env: dict, url: str, seconds: float, workers: int, threads: int, pages: dict
) -> list:
    """Requests a second and p99 of each page under one setting: two servers, caches on and off."""
    env = {**env, "GUNICORN_WORKERS": str(workers), "GUNICORN_THREADS": str(threads)}
    port = bench.free_port()
    base = f"http://{bench.HOST}:{port}"
    log = bench.WORK / "gunicorn-workers.log"
    figures = []
    for cache in ("on", "off"):
        with bench.gunicorn({**env, "BENCH_CACHE": cache}, port, log):
            for page in pages[cache]:
                bench.warm_up(wrk, base, page, url, each_once=cache == "on")
                run = bench.load(
                    wrk, base + page.path, seconds, bench.CONNECTIONS, paths_file=page.paths_file
                )
                bench.drain(base, url)
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
    args = parser.parse_args()
    url, _server = bench.database_url(args)
    bench.ensure_database(url)
    wrk = bench.ensure_wrk()
    env = bench.prepare(url)
    with bench.connect(url) as conn:
        (posts,) = conn.execute("SELECT count(*) FROM vacancies_post").fetchone()
    if not posts:
        posts = args.posts
        bench.generate(posts, env)
        bench.vacuum(url)
    site = {page.name: page for page in bench.pages(url)}
    hello = bench.Page("hello world", "/bench/hello/", "hello")
    pages = {"on": [hello, site["regime"]], "off": [site["regime"], site["post"]]}
    columns = [
        "hello world",
        "`/posts/?regime=seconded`, cached",
        "the same, caches off",
        "post pages, caches off",
    ]
    lines = [
        "# gunicorn workers and threads",
        "",
        f"Written by `bench/workers.py`, {posts:,} posts, {args.seconds:g} s a load, {bench.CONNECTIONS} connections;"
        " requests a second, p99 in ms.",
        "",
        "| workers × threads | " + " | ".join(columns) + " |",
        "| --- |" + " ---: |" * len(columns),
    ]
    try:
        for workers, threads in SETTINGS:
            bench.wait_quiet()
            runs = measure(wrk, env, url, args.seconds, workers, threads, pages)
            cells = " | ".join(f"{run.rps:,.0f} ({bench.ms(run.p99)})" for run in runs)
            lines.append(f"| {workers} × {threads} | {cells} |")
            print(lines[-1], flush=True)
    finally:
        bench.stop_all()
    bench.RESULTS.mkdir(parents=True, exist_ok=True)
    (bench.RESULTS / "workers.md").write_text("\n".join(lines) + "\n")
    print(f"Written to {bench.RESULTS / 'workers.md'}.")


if __name__ == "__main__":
    main()
