"""What bench/scaleout.py runs beside the app servers: the shared cache (a private
redis-server), a streaming replica of the bench database's server (devtools/replica.py,
with the compose profile's own script), and the counters read on both servers."""

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from devtools.replica import Primary, ReplicaError, binaries, owner, streaming_replica
from devtools.serving import HOST, free_port

from .db import connect

REDIS_SERVER = Path("/usr/bin/redis-server")
# A hot standby refuses to start with less of these than its primary has.
STANDBY_MINIMUMS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)
# The primary's own memory, so that neither server has more cache than the other.
COPIED = (*STANDBY_MINIMUMS, "shared_buffers", "work_mem", "effective_cache_size")
HBA = "local all all trust\nhost all all 127.0.0.1/32 trust\n"
HBA_HINT = (
    "The bench database's server refuses replication from this machine. Add to its"
    " pg_hba.conf (on Debian /etc/postgresql/<version>/main/pg_hba.conf)\n"
    "    host replication {user} 127.0.0.1/32 trust\n"
    "then SELECT pg_reload_conf(); as a superuser, and run again."
)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@contextmanager
def running_redis(directory: Path) -> Iterator[str]:
    """A redis-server of the bench's own on a free port, keeping nothing; yields its URL."""
    import redis  # the cache's client: only when the bench runs

    if not REDIS_SERVER.exists():
        raise SystemExit(f"{REDIS_SERVER} is missing: apt-get install -y redis-server")
    port = free_port()
    url = f"redis://{HOST}:{port}/0"
    command = [REDIS_SERVER, "--bind", HOST, "--port", str(port), "--save", "", "--dir", directory]
    server = subprocess.Popen(
        [*map(str, command), "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        start_new_session=True,  # out of reach of Ctrl-C: stopped below
    )
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        for _attempt in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def flush(redis_url: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushall()


def primary_of(url: str) -> Primary:
    parts = urlsplit(url)
    return Primary(
        unquote(parts.hostname or "") or "/var/run/postgresql",
        parts.port or 5432,
        unquote(parts.username or "postgres"),
        unquote(parts.password or ""),
    )


def replica_user(url: str) -> str | None:
    """Who runs the replica, as root: the owner of the primary's socket directory (the
    embedded server's lets no one else in), else devtools.replica's default."""
    return owner(Path(primary_of(url).host))


@contextmanager
def replica_of(url: str, directory: Path) -> Iterator[str]:
    """A streaming replica of the server of ``url`` (the bench database), its files in
    ``directory`` (replica_user()'s); yields the bench database's URL on it, once it has
    replayed what the primary had written when it started."""
    with connect(url) as conn:
        settings = {name: conn.execute(f"SHOW {name}").fetchone()[0] for name in COPIED}
        major = int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000
    config, hba, ident = directory / "replica.conf", directory / "pg_hba.conf", directory / "ident"
    config.write_text("".join(f"{name} = '{value}'\n" for name, value in settings.items()))
    hba.write_text(HBA)
    ident.write_text("")
    # The primary's configuration files may live outside its data directory (Debian's do).
    args = ["-c", f"config_file={config}", "-c", f"hba_file={hba}", "-c", f"ident_file={ident}"]
    primary = primary_of(url)
    try:
        with streaming_replica(
            primary,
            directory,
            bin_dir=binaries(major),
            postgres_args=args,
            user=replica_user(url),
        ) as replica:
            replica_url = replica.url(urlsplit(url).path.lstrip("/"), user=primary.user)
            wait_for_replay(url, replica_url)
            yield replica_url
    except ReplicaError as error:
        if "pg_hba.conf" in str(error):
            raise SystemExit(f"{error}\n{HBA_HINT.format(user=primary.user)}") from None
        raise


def wait_for_replay(primary_url: str, replica_url: str, seconds: float = 600) -> None:
    with connect(primary_url) as conn:
        (target,) = conn.execute("SELECT pg_current_wal_lsn()").fetchone()
    deadline = time.monotonic() + seconds
    with connect(replica_url) as conn:
        while time.monotonic() < deadline:
            (behind,) = conn.execute(
                "SELECT pg_wal_lsn_diff(%s, pg_last_wal_replay_lsn()) > 0", [target]
            ).fetchone()
            if not behind:
                return
            time.sleep(0.2)
    raise SystemExit(f"The replica did not catch up with the primary within {seconds:g} s")


# The counters -----------------------------------------------------------------------------

COUNTERS = {
    # Outside a transaction block Django commits each statement: one per statement.
    "transactions": "xact_commit + xact_rollback",
    "rows read": "tup_returned + tup_fetched",
    "blocks read (cache or disk)": "blks_hit + blks_read",
}


@dataclass
class Counters:
    values: dict[str, int] = field(default_factory=dict)
    cpu: dict[int, float] = field(default_factory=dict)  # seconds, by backend pid


def counters(url: str) -> Counters:
    """pg_stat_database's counters for the database of ``url`` on its server, and the CPU
    time of the server's processes connected to it (when they run on this machine)."""
    columns = ", ".join(f'{expression} AS "{name}"' for name, expression in COUNTERS.items())
    with connect(url) as conn:
        row = conn.execute(
            f"SELECT {columns} FROM pg_stat_database WHERE datname = current_database()"  # noqa: S608 - our own columns
        ).fetchone()
        pids = [
            pid
            for (pid,) in conn.execute(
                """SELECT pid FROM pg_stat_activity WHERE datname = current_database()
                   AND backend_type = 'client backend' AND pid <> pg_backend_pid()"""
            )
        ]
    return Counters(dict(zip(COUNTERS, row, strict=True)), backend_cpu(pids))


def backend_cpu(pids: list[int]) -> dict[int, float]:
    cpu = {}
    for pid in pids:
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() != "postgres":
                continue
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # another machine's, or gone
            continue
        cpu[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime
    return cpu


def cpu_seconds(before: Counters, after: dict[int, float]) -> float | None:
    """CPU used by the backends between two readings (new backends: all of theirs)."""
    if not after:
        return None
    return sum(seconds - before.cpu.get(pid, 0) for pid, seconds in after.items())


def machine_busy() -> tuple[int, int]:
    """(busy, total) clock ticks of all CPUs so far (Linux /proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    total = sum(values[:8])
    return total - values[3] - values[4], total
