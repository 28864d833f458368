"""A private redis-server for the cache's tests: on a free port, keeping nothing on disk."""

import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

REDIS_SERVER = Path("/usr/bin/redis-server")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_redis(directory: Path, port: int | None = None):
    """Runs redis-server until the block ends; yields its URL."""
    if not REDIS_SERVER.exists():
        pytest.fail(
            f"{REDIS_SERVER} is missing: the cache's tests run their own Redis "
            "(apt-get install redis-server; .ci/run installs it)."
        )
    port = port or free_port()
    url = f"redis://127.0.0.1:{port}/0"
    command = [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(port)]
    command += ["--save", "", "--appendonly", "no", "--dir", str(directory)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        for _attempt in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if server.poll() is not None:
                    pytest.fail(f"redis-server stopped at start (exit {server.returncode})")
                time.sleep(0.05)
        else:
            pytest.fail(f"redis-server did not answer on port {port} within 5 s")
        client.close()
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
