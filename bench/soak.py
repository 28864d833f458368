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
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import db  # noqa: E402 - after the path is set
from bench.harness.load import Tally, paced_client  # noqa: E402
from bench.harness.machine import children, memory_over_run, sample_memory  # noqa: E402
from bench.harness.pages import discover  # noqa: E402
from bench.harness.report import RESULTS, SoakResult, soak_report  # noqa: E402
from devtools import serving  # noqa: E402

# What may not appear in the server's log: gunicorn's errors, Django's logged failures.
ERROR_WORDS = (
    "[ERROR]",
    "[CRITICAL]",
    "WORKER TIMEOUT",
    "Traceback",
    "Internal Server Error",
    "Service Unavailable",
)
# Counted as in production, never reached: this is one client address.
RATE_LIMIT = "1000000/m"


def soak(args, server: serving.Server) -> SoakResult:
    """--minutes of --rate requests a second from --clients, memory sampled throughout."""
    addresses = discover(server.port)
    seconds = args.minutes * 60
    print(
        f"soak: {args.minutes:g} min at {args.rate:g} req/s, {args.clients} clients, "
        f"{args.workers} workers, {args.posts} generated posts",
        flush=True,
    )
    started = time.monotonic()
    until = started + seconds
    tally, samples = Tally(), {}
    master = server.process.pid
    threads = [threading.Thread(target=sample_memory, args=(master, until, 2.0, samples, started))]
    threads += [
        threading.Thread(
            target=paced_client,
            args=(server.port,),
            kwargs={
                "rate": args.rate / args.clients,
                "until": until,
                "addresses": addresses,
                "tally": tally,
                "seed": n,
            },
        )
        for n in range(args.clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    errors = [
        line for line in server.log_text().splitlines() if any(word in line for word in ERROR_WORDS)
    ]
    warm_up = seconds / 5
    return SoakResult(
        options=args,
        tally=tally,
        elapsed=elapsed,
        errors=errors,
        memory=memory_over_run(samples, seconds, warm_up),
        warm_up=warm_up,
        restarted=set(children(master)) != set(samples),
    )


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

    with (
        serving.throwaway_postgres(prefix="mj-soak-") as postgres,
        tempfile.TemporaryDirectory(prefix="mj-soak-") as work,
    ):
        env = serving.production_env(
            serving.throwaway_url(postgres),
            rate_limit=RATE_LIMIT,
            STATIC_ROOT=str(Path(work) / "static"),
            MEDIA_ROOT=str(Path(work) / "media"),
        )
        print(f"soak: preparing a database in {work}", flush=True)
        serving.manage("migrate", "--noinput", env=env, check=True, timeout=None)
        serving.manage("load_samples", env=env, check=True, timeout=None)
        if args.posts:
            db.generate(env, args.posts, clear=False, show=False)
        serving.collect_static(env)
        # --access-logfile /dev/null: the log holds the errors, which are what is looked for.
        gunicorn_args = ["--max-requests", "0", "--access-logfile", "/dev/null"]
        with serving.serve(env, workers=args.workers, args=gunicorn_args) as server:
            result = soak(args, server)

    text = soak_report(result)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    print(text, end="")
    return 1 if result.failed else 0


if __name__ == "__main__":
    sys.exit(main())
