"""Where each benchmarked page spends its time in Postgres: run by bench/run.py.

    python bench/explain.py PAGES_JSON OUT_MD

For each page (a JSON list of {"name", "path"}, loaded just before, so Postgres's cache
is warm): request it through Django's test client, record every SQL query, and EXPLAIN
(ANALYZE, BUFFERS) the slowest. Settings and DATABASE_URL come from the environment, as
for gunicorn; run.py sets BENCH_CACHE=off, so that each page does all of its work.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

EXPLAINED_PER_PAGE = 1
SLOW_MS = 5  # queries faster than this are listed, not explained
STATEMENT_TIMEOUT_MS = 60_000
BUDGET_SECONDS = 60  # past this, pages are still timed but no longer explained


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def page_report(
    client: Client, name: str, path: str, *, explaining: bool
) -> tuple[list[str], dict]:
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
    queries = sorted(
        ((float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries), reverse=True
    )
    sql_ms = sum(ms for ms, _ in queries)
    summary = {
        "name": name,
        "path": path,
        "status": response.status_code,
        "ms": round(elapsed, 1),
        "queries": len(queries),
        "sql_ms": round(sql_ms, 1),
    }
    lines = [
        f"## {name}: `{path}`",
        "",
        (
            f"HTTP {response.status_code}, {elapsed:.0f} ms in Django (one request, no "
            f"concurrency), {len(queries)} queries taking {sql_ms:.0f} ms."
        ),
        "",
    ]
    for ms, sql in queries[:6]:
        lines.append(f"- {ms:.1f} ms: `{sql[:300]}{'…' if len(sql) > 300 else ''}`")
    lines.append("")
    for ms, sql in queries[: EXPLAINED_PER_PAGE if explaining else 0]:
        if ms < SLOW_MS:
            break
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue  # EXPLAIN ANALYZE runs the statement: reads only
        try:
            plan = explain(sql)
        except Exception as error:  # noqa: BLE001 - a timeout: say so, go on with the next page
            plan = f"EXPLAIN failed: {error}"
        lines += [f"EXPLAIN ANALYZE of the {ms:.0f} ms query:", "", "```", sql, "", plan, "```", ""]
    return lines, summary


def main(pages_json: str, out_md: str) -> None:
    pages = json.loads(Path(pages_json).read_text())
    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
    client = Client(
        HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https"
    )  # as behind the TLS proxy
    client.raise_request_exception = False
    lines = [
        "# Queries of the benchmarked pages",
        "",
        "Caches off: each page does all of its work.",
        "",
    ]
    summaries = []
    started = time.monotonic()
    for page in pages:
        explaining = time.monotonic() - started < BUDGET_SECONDS
        page_lines, summary = page_report(client, page["name"], page["path"], explaining=explaining)
        lines += page_lines
        summaries.append(summary)
    Path(out_md).write_text("\n".join(lines) + "\n")
    json.dump(summaries, sys.stdout)


if __name__ == "__main__":
    main(*sys.argv[1:3])
