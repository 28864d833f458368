"""The scale profile's Postgres scripts, run for real with this machine's Postgres programs
(Debian's, or else pgserver's): a primary set up as the official image sets it up, then by
deploy/postgres/replication.sh; a replica made and run by deploy/postgres/replica.sh
(devtools/replica.py), which follows the primary and answers reads."""

import time
from pathlib import Path

import psycopg
import pytest

from devtools.replica import (
    Primary,
    ReplicaError,
    binaries,
    private_dir,
    remove,
    run_as_postgres,
    streaming_replica,
)
from devtools.serving import HOST, ROOT, free_port

PRIMARY_SCRIPT = ROOT / "deploy" / "postgres" / "replication.sh"
USER = DATABASE = "missionjobs"  # compose.yaml's POSTGRES_USER and POSTGRES_DB
PASSWORD = "replication-test-password"
# The official image's pg_hba.conf: trust on its own socket, passwords from anywhere else.
# Neither line admits a replication connection: the script's entry must.
IMAGE_HBA = "local all all trust\nhost all all all scram-sha-256\n"


@pytest.fixture(scope="module")
def bin_dir() -> Path:
    # Debian 12's are 15, pgserver's 16 (the image's): the scripts use nothing newer than 15.
    try:
        return binaries()
    except ReplicaError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def directory():
    path = private_dir("mj-replica-test-")
    yield path
    remove(path)


@pytest.fixture(scope="module")
def primary(bin_dir, directory):
    """A primary as the image makes it, then set up by the script. Yields its port."""
    data, port = directory / "primary", free_port()
    env = {"LC_ALL": "C", "PATH": f"{bin_dir}:/usr/bin:/bin"}
    run_as_postgres(
        [bin_dir / "initdb", "-U", USER, "-D", data, "--auth=trust", "-E", "UTF8"], env=env
    )
    (data / "pg_hba.conf").write_text(IMAGE_HBA)
    options = f"-p {port} -k {directory} -c listen_addresses={HOST}"
    pg_ctl = [bin_dir / "pg_ctl", "-D", data, "-l", directory / "primary.log"]
    run_as_postgres([*pg_ctl, "-o", options, "-w", "start"], env=env)
    try:
        with connect(directory, port, "postgres") as conn:
            conn.execute(f"CREATE DATABASE {DATABASE}")
        set_up_replication(bin_dir, directory, data, port)
        yield port
    finally:
        run_as_postgres([*pg_ctl, "-m", "immediate", "stop"], env=env, timeout=30)


def set_up_replication(bin_dir: Path, directory: Path, data: Path, port: int) -> None:
    """The script, as the image's entrypoint runs it: by the postgres user, on the socket."""
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "POSTGRES_USER": USER,
        "POSTGRES_DB": DATABASE,
        "PGDATA": str(data),
        "REPLICATION_PASSWORD": PASSWORD,
        "PGHOST": str(directory),
        "PGPORT": str(port),
    }
    run_as_postgres(["/bin/sh", PRIMARY_SCRIPT], env=env, timeout=30)


def connect(directory: Path, port: int, database: str = DATABASE) -> psycopg.Connection:
    """On the socket, which the image trusts (TCP asks for a password)."""
    return psycopg.connect(
        host=str(directory), port=port, user=USER, dbname=database, autocommit=True
    )


@pytest.fixture(scope="module")
def replica(bin_dir, directory, primary):
    # A copy cut short by an earlier start: taken again, never run.
    partial = directory / "replica.partial"
    run_as_postgres(["mkdir", partial], env={})
    run_as_postgres(["touch", partial / "PG_VERSION"], env={})
    source = Primary(HOST, primary, "replicator", PASSWORD)
    with streaming_replica(source, directory, bin_dir=bin_dir, ready_seconds=60) as replica:
        yield replica


def replica_connection(replica) -> psycopg.Connection:
    return connect(replica.socket_dir, replica.port)


def test_a_row_written_on_the_primary_is_read_on_the_replica(directory, primary, replica):
    with connect(directory, primary) as conn:
        conn.execute("CREATE TABLE post (title text)")
        conn.execute("INSERT INTO post VALUES ('Head of Mission')")

    with replica_connection(replica) as conn:
        deadline = time.monotonic() + 10
        while not has_table(conn) or not conn.execute("SELECT * FROM post").fetchall():
            assert time.monotonic() < deadline, "the row did not reach the replica in 10 s"
            time.sleep(0.1)
        assert conn.execute("SELECT title FROM post").fetchall() == [("Head of Mission",)]


def has_table(conn) -> bool:
    return conn.execute("SELECT to_regclass('post') IS NOT NULL").fetchone()[0]


def test_the_replica_is_a_hot_standby_that_refuses_writes(replica):
    with replica_connection(replica) as conn:
        assert conn.execute("SELECT pg_is_in_recovery()").fetchone()[0] is True
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute("CREATE TABLE written_on_the_replica (n int)")


def test_the_copy_cut_short_was_taken_again(replica, directory):
    assert not (directory / "replica.partial").exists()
    assert (directory / "replica" / "standby.signal").exists()


def test_replication_takes_the_role_password(bin_dir, primary):
    wrong = Primary(HOST, primary, "replicator", "not-the-password")
    directory = private_dir("mj-replica-wrong-")
    try:
        with (
            pytest.raises(ReplicaError, match="password authentication failed"),
            streaming_replica(wrong, directory, bin_dir=bin_dir, ready_seconds=30),
        ):
            pass
    finally:
        remove(directory)


def test_the_primary_script_can_be_run_again(bin_dir, directory, primary):
    data = directory / "primary"
    set_up_replication(bin_dir, directory, data, primary)

    entries = (data / "pg_hba.conf").read_text().count("host replication replicator samenet")
    assert entries == 1
    with connect(directory, primary) as conn:
        roles = conn.execute(
            "SELECT rolreplication, rolsuper FROM pg_roles WHERE rolname = 'replicator'"
        ).fetchall()
    assert roles == [(True, False)]


def test_the_replica_script_refuses_a_directory_that_is_not_a_copy(bin_dir, primary):
    directory = private_dir("mj-replica-full-")
    try:
        run_as_postgres(["mkdir", directory / "replica"], env={})
        run_as_postgres(["touch", directory / "replica" / "notes.txt"], env={})
        source = Primary(HOST, primary, "replicator", PASSWORD)

        with (
            pytest.raises(ReplicaError, match="neither empty nor a data directory"),
            streaming_replica(source, directory, bin_dir=bin_dir, ready_seconds=30),
        ):
            pass
        assert (directory / "replica" / "notes.txt").exists()
    finally:
        remove(directory)
