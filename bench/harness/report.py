"""bench/results/*.md: the load benchmark's tables (load.md, load.json), the soak's verdict
(soak.md). The goals are issue 5's, judged at the largest size."""

import json
import os
import sys
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .load import CONNECTIONS, THREADS, WORKERS, Result, Tally
from .pages import POST_PAGES

RESULTS = Path(__file__).resolve().parent.parent / "results"

# Goals of issue 5, at 1,000,000 posts.
GOAL_SHARE = {"list": 0.25, "post": 0.25, "search": 0.10}
GOAL_P99_HALF_MS = 150
GOAL_P95_GROWTH = 1.5


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
    results: list = field(default_factory=list)  # the same pages, caches off (BENCH_CACHE=off)
    queries: list = field(default_factory=list)  # from explain.py

    @property
    def ceiling(self) -> float:
        return sum(self.hello) / len(self.hello) if self.hello else 0


def ms(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def find(results: list[Result], name: str) -> Result | None:
    return next((r for r in results if r.page.name == name), None)


def configuration(size: SizeResult, *, cached: bool) -> list[Result]:
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
        return (
            " **The hello-world throughput changed by more than 20 % during the run:"
            " the machine was busy.**"
        )
    return ""


# (with the production caches?, title, what the table shows)
CONFIGURATIONS = (
    (
        True,
        "With the production caches (the goals)",
        (
            "The page and count caches that all workers share, filled before each page is timed"
            f" (the page asked once; the post pages: each of the {POST_PAGES:,} asked once), so"
            " that nearly every request is a hit, the request alone too."
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
        (
            f"Generated in {size.generate_seconds:.0f} s,"
            f" VACUUM ANALYZE {size.vacuum_seconds:.0f} s,"
            f" database {size.database_size}; load {size.load_seconds:.0f} s.{noise(size)}"
            f" CPUs idle just before the load: {size.idle_before:.0%}; load average: "
            f"{', '.join(f'{x:.2f}' for x in size.load_average)}. Hello world: "
            f"{' and '.join(f'{x:,.0f}' for x in size.hello)} req/s (start and end of the run)."
        ),
    ]
    for cached, title, description in CONFIGURATIONS:
        lines += ["", f"#### {title}", "", description, "", *page_table(size, small, cached=cached)]
    return lines


def page_table(size: SizeResult, small: "SizeResult | None", *, cached: bool) -> list[str]:
    lines = [
        (
            "| page | URL | posts found | req/s | % of hello | p50 ms | p95 ms | p99 ms | errors "
            "| half load: req/s | p95 ms | p99 ms | goals missed |"
        ),
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in configuration(size, cached=cached):
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
            goal_misses(r, size, find(configuration(small, cached=cached), r.page.name))
            if small
            else []
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
            f"| {r.page.name} | {url} | {r.rows} | {s.rps:,.1f} | {share} | {ms(s.p50)}"
            f" | {ms(s.p95)} | {ms(s.p99)} | {s.errors or ''} | {half} | {notes} |"
        )
    return lines


def growth_table(small: SizeResult, large: SizeResult) -> list[str]:
    before, after = f"{small.posts:,}", f"{large.posts:,}"
    lines = [
        f"### From {before} to {after} posts",
        "",
        (
            "p95 ratio: the p95 at half load, where the page's own work shows rather than the queue"
            f" in front of it, at {after} posts over the same at {before}."
        ),
        "",
        (
            f"| page | cached req/s {before} | cached req/s {after} | cached p95 ratio"
            f" | goals met (cached) | off req/s {before} | off req/s {after} | off p95 ratio"
            " | goals met (off) |"
        ),
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for name in dict.fromkeys(r.page.name for r in large.cached + large.results):
        cells = [
            *growth_cells(name, small, large, cached=True),
            *growth_cells(name, small, large, cached=False),
        ]
        if any(cells):
            lines.append(f"| {name} | {' | '.join(cells)} |")
    return lines


def growth_cells(name: str, small: SizeResult, large: SizeResult, *, cached: bool) -> list[str]:
    """One page in one configuration: req/s at both sizes, p95 ratio, goals met; blank unless
    it was loaded at both."""
    before, result = (
        find(configuration(small, cached=cached), name),
        find(configuration(large, cached=cached), name),
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
        (
            f"Run {context['started']} on {context['machine']}; commit {context['commit']};"
            f" Postgres {context['postgres']} ({context['database']}); gunicorn {WORKERS} workers"
            f" × {THREADS} threads (gthread); {context['tool']}; {CONNECTIONS} connections;"
            f" {context['durations']}."
        ),
        "",
        (
            f"Goals at {sizes[-1].posts:,} posts, judged as the site is served (the Dockerfile's"
            " gunicorn command, with the production page and count caches) and reported with the"
            " caches off too: list and post pages at least"
            f" {GOAL_SHARE['list']:.0%} of the hello-world throughput, search at least"
            f" {GOAL_SHARE['search']:.0%}; p99 under {GOAL_P99_HALF_MS} ms at half the page's"
            f" saturated throughput; p95 (at half load) at most {GOAL_P95_GROWTH}× the p95 at"
            f" {sizes[0].posts:,} posts."
        ),
        "",
    ]
    for i, size in reversed(list(enumerate(sizes))):
        lines += [*size_table(size, sizes[0] if i > 0 else None), ""]
    if len(sizes) > 1:
        lines += [*growth_table(sizes[0], sizes[-1]), ""]
    return "\n".join(lines)


def save(sizes: list[SizeResult], context: dict, results: Path = RESULTS) -> str:
    results.mkdir(parents=True, exist_ok=True)
    text = report(sizes, context)
    (results / "load.md").write_text(text)
    (results / "load.json").write_text(
        json.dumps({"context": context, "sizes": [asdict(s) for s in sizes]}, indent=1, default=str)
    )
    return text


def brief(result: Result) -> str:
    """One configuration's figures on a console line."""
    if not result.saturated:
        return f"{result.note:35}"
    half = f"{result.half.p99:7.1f} ms" if result.half else f"{'n/a':>10}"
    return f"{result.saturated.rps:8.1f} req/s, half p99 {half}" + (
        f" ({result.note})" if result.note else ""
    )


# The soak ---------------------------------------------------------------------------------


@dataclass
class SoakResult:
    options: object  # soak.py's arguments: minutes, rate, clients, workers, posts, max_growth
    tally: Tally
    elapsed: float
    errors: list  # lines of the server's log
    memory: list  # per worker: (pid, MB at start, after the warm-up, at the end)
    warm_up: float  # seconds
    restarted: bool  # the workers at the end are not those sampled

    @property
    def grown(self) -> list:
        return [m for m in self.memory if m[3] - m[2] > self.options.max_growth]

    @property
    def failed(self) -> bool:
        return bool(
            self.tally.unexpected or self.errors or self.grown or self.restarted or not self.memory
        )


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))] if values else 0.0


def soak_report(soak: SoakResult) -> str:
    args, tally, memory, warm_up = soak.options, soak.tally, soak.memory, soak.warm_up
    total, elapsed = sum(tally.statuses.values()), soak.elapsed
    latency = {share: percentile(tally.latencies, share) * 1000 for share in (0.5, 0.95, 0.99)}
    lines = [
        "# Soak test",
        "",
        (
            f"`.venv/bin/python bench/soak.py --minutes {args.minutes:g} --rate {args.rate:g}"
            f" --clients {args.clients} --workers {args.workers} --posts {args.posts}` on"
            f" {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs,"
            f" Python {sys.version.split()[0]}: the production gunicorn command"
            " (`--max-requests 0`) on 127.0.0.1, a Postgres of its own with the sample calls and"
            " the generated posts."
        ),
        "",
        f"**{'FAILED' if soak.failed else 'Passed'}**: {total} requests in {elapsed:.0f} s"
        f" ({total / elapsed:.1f}/s), {sum(tally.unexpected.values())} with an unexpected answer,"
        f" {len(soak.errors)} error lines in the server log, {len(soak.grown)} worker(s) grown by"
        f" more than {args.max_growth:g} MB after warm-up"
        + (", workers restarted" if soak.restarted else "")
        + ".",
        "",
        "| answers | count |",
        "| --- | ---: |",
        *(f"| {status} | {count} |" for status, count in sorted(tally.statuses.items(), key=str)),
        "",
        (
            f"Latency: median {latency[0.5]:.0f} ms, 95th percentile {latency[0.95]:.0f} ms,"
            f" 99th {latency[0.99]:.0f} ms,"
            f" slowest {max(tally.latencies, default=0) * 1000:.0f} ms."
        ),
        "",
        (
            f"Resident memory of each worker (MB): at start, after the warm-up"
            f" ({warm_up:.0f}-{2 * warm_up:.0f} s, median)"
            f" and over the last {warm_up:.0f} s (median)."
        ),
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
    if soak.errors:
        lines += ["", "Server log errors (first 20):", "", "```", *soak.errors[:20], "```"]
    return "\n".join(lines) + "\n"
