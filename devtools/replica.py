"""A streaming replica of a running Postgres server, made and run by the scale profile's own
script (deploy/postgres/replica.sh) with this machine's binaries: for the scale-out
benchmark (bench/scaleout.py) and the tests of the script (tests/deploy/).

    with streaming_replica(Primary("127.0.0.1", 5432, "postgres"), directory) as replica:
        psycopg.connect(replica.url("missionjobs_bench"))

Postgres refuses to run as root: as root, the replica (its files and its process) belongs
to the ``postgres`` user of Debian's packages, or to pgserver's own.
"""

import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import quote

from .serving import HOST, ROOT, free_port, stop_group

SCRIPT = ROOT / "deploy" / "postgres" / "replica.sh"
SYSTEM_USERS = ("postgres", "pgserver")
SH = "/bin/sh"
STOP_SECONDS = 30


class ReplicaError(RuntimeError):
    """The replica stopped or did not start; the message ends with its log."""


@dataclass(frozen=True)
class Primary:
    """Where the replica copies from and follows: a host (or socket directory) and port,
    a role that may replicate, its password if it needs one."""

    host: str
    port: int
    user: str
    password: str = ""


@dataclass
class Replica:
    port: int
    socket_dir: Path
    process: subprocess.Popen
    log: IO[str]

    def url(self, database: str, user: str = "postgres") -> str:
        """A DATABASE_URL for the replica, over TCP on loopback."""
        return f"postgres://{quote(user, safe='')}@{HOST}:{self.port}/{quote(database, safe='')}"

    def log_text(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-3000:]


def system_user() -> str | None:
    """Who runs Postgres here: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in SYSTEM_USERS:
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise ReplicaError(f"Postgres refuses root, and there is no {' or '.join(SYSTEM_USERS)} user")


def private_dir(prefix: str, user: str | None = None) -> Path:
    """A new directory under the system's temporary one, owned by ``user`` (by default
    system_user())."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if user := user or system_user():
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)
    return path


def binaries(major: int | None = None) -> Path:
    """The directory of Postgres ``major``'s programs (a replica must be of its primary's
    major version): Debian's, or pgserver's. None: any, the newest of Debian's first."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=debian_version, reverse=True)
    try:
        from pgserver._commands import POSTGRES_BIN_PATH

        candidates.append(Path(POSTGRES_BIN_PATH))
    except ImportError:
        pass
    for bin_dir in candidates:
        if (bin_dir / "pg_basebackup").exists() and major in (None, version_of(bin_dir)):
            return bin_dir
    wanted = f"Postgres {major}" if major else "Postgres"
    raise ReplicaError(
        f"No {wanted} programs (initdb, pg_basebackup, postgres): apt-get install postgresql"
        + (f"-{major}" if major else "")
    )


def debian_version(bin_dir: Path) -> int:
    return int(bin_dir.parent.name) if bin_dir.parent.name.isdigit() else 0


def owner(path: Path) -> str | None:
    """Who owns ``path``, when we are root and it is a directory here (a primary's socket
    directory, which may let no one else in); otherwise None."""
    if os.geteuid() != 0 or not path.is_dir():
        return None
    return pwd.getpwuid(path.stat().st_uid).pw_name


def version_of(bin_dir: Path) -> int | None:
    output = subprocess.run(
        [bin_dir / "postgres", "--version"], capture_output=True, text=True, check=False
    ).stdout
    match = re.search(r"(\d+)\.\d+", output)
    return int(match.group(1)) if match else None


def run_as_postgres(command: Sequence, *, env: dict, **options) -> subprocess.CompletedProcess:
    """A Postgres program, as system_user(); raises CalledProcessError with its output."""
    user = system_user()
    return subprocess.run(
        command,
        env=env,
        user=user,
        group=user and pwd.getpwnam(user).pw_gid,
        check=True,
        capture_output=True,
        text=True,
        **options,
    )


@contextmanager
def streaming_replica(  # noqa: PLR0913 - where from, where to, then options by keyword
    primary: Primary,
    directory: Path,
    *,
    bin_dir: Path,
    port: int | None = None,
    postgres_args: Sequence[str] = (),
    ready_seconds: float = 3600,
    user: str | None = None,
) -> Iterator[Replica]:
    """A replica of ``primary`` in ``directory``/replica (``directory``: system_user()'s),
    on loopback at ``port``, its socket in ``directory``: copied by the script, then a hot
    standby. Yields it once it answers; stopped on the way out, its files left to the
    caller. ``ready_seconds`` bounds the copy (a large database takes minutes). ``user``:
    who runs it, as root (system_user() by default): one who can reach the primary's socket."""
    port = port or free_port()
    env = {
        "PATH": f"{bin_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "PGDATA": str(directory / "replica"),
        "PRIMARY_HOST": primary.host,
        "PRIMARY_PORT": str(primary.port),
        "REPLICATION_USER": primary.user,
        "REPLICATION_PASSWORD": primary.password,
        "LC_ALL": "C",
    }
    args = ["-p", str(port), "-k", str(directory), "-c", f"listen_addresses={HOST}"]
    user = user or system_user()
    with (directory / "replica.log").open("w+") as log:
        process = subprocess.Popen(
            [SH, SCRIPT, *args, *postgres_args],
            cwd=directory,
            env=env,
            user=user,
            group=user and pwd.getpwnam(user).pw_gid,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own group, out of reach of the terminal's Ctrl-C: stopped below.
            start_new_session=True,
        )
        replica = Replica(port, directory, process, log)
        try:
            wait_until_standby(replica, bin_dir, ready_seconds)
            yield replica
        finally:
            stop(process)


def wait_until_standby(replica: Replica, bin_dir: Path, seconds: float) -> None:
    """Until the replica accepts connections (pg_isready), or raise ReplicaError."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if replica.process.poll() is not None:
            raise ReplicaError(f"The replica stopped:\n{replica.log_text()}")
        ready = subprocess.run(
            [bin_dir / "pg_isready", "-q", "-h", str(replica.socket_dir), "-p", str(replica.port)],
            check=False,
        )
        if ready.returncode == 0:
            return
        time.sleep(0.2)
    raise ReplicaError(f"The replica did not answer within {seconds:g} s:\n{replica.log_text()}")


def stop(process: subprocess.Popen) -> None:
    """A fast shutdown (SIGINT to postgres: open sessions are ended), then a kill."""
    stop_group(process, signal.SIGINT, STOP_SECONDS)


def remove(directory: Path) -> None:
    shutil.rmtree(directory, ignore_errors=True)
