"""The proxy of production on loopback: Debian's nginx running the committed
deploy/nginx.conf in front of one or more gunicorns, with only its addresses and paths
changed. Used by the operations tests (tests/security/test_proxy.py) and the scale-out
benchmark (bench/scaleout.py).

    with nginx([f"127.0.0.1:{server.port}"], directory) as port:
        fetch(f"http://127.0.0.1:{port}/healthz")
"""

import http.client
import os
import signal
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path

from .serving import HOST, ROOT, NotServingError, free_port

NGINX = Path("/usr/sbin/nginx")
CONFIG = ROOT / "deploy" / "nginx.conf"
# compose's upstream: the name `web`, followed as app servers come and go. Debian's nginx
# (1.22) has no `resolve`; here the app servers are given by address anyway.
UPSTREAM = "server web:8000 resolve;"
START_SECONDS = 10


def rendered_config(
    listen: str, upstreams: Sequence[str], directory: Path, changes: dict[str, str] | None = None
) -> str:
    """deploy/nginx.conf listening on ``listen``, in front of the gunicorns at ``upstreams``
    (host:port), with temporary paths in ``directory``; ``changes``: more of its lines
    replaced (each must be in the file once)."""
    text = CONFIG.read_text()
    temp_paths = "".join(
        f"\n    {name}_temp_path {directory / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    servers = "\n        ".join(f"server {upstream};" for upstream in upstreams)
    every = {
        "listen 80;": f"listen {listen};",
        UPSTREAM: servers,
        "http {": "http {" + temp_paths,
        **(changes or {}),
    }
    for old, new in every.items():
        if text.count(old) != 1:
            raise ValueError(f"{CONFIG} no longer has one {old!r}: update devtools/proxy.py")
        text = text.replace(old, new)
    return text


@contextmanager
def nginx(
    upstreams: Sequence[str],
    directory: Path,
    *,
    port: int | None = None,
    changes: dict[str, str] | None = None,
) -> Iterator[int]:
    """Run nginx with the rendered config until the block ends; yields its port once
    /healthz answers through it. Its log is ``directory``/nginx.log."""
    if not NGINX.exists():
        raise FileNotFoundError(f"{NGINX} is missing: apt-get install -y nginx")
    port = port or free_port()
    config = directory / "nginx.conf"
    config.write_text(rendered_config(f"{HOST}:{port}", upstreams, directory, changes))
    # Started by root, nginx runs its workers as nobody, who cannot enter a private directory.
    user = "user root;" if os.geteuid() == 0 else ""
    directives = f"daemon off; pid {directory / 'nginx.pid'}; {user}"
    with (directory / "nginx.log").open("w+") as log:
        process = subprocess.Popen(
            [NGINX, "-p", str(directory), "-c", str(config), "-e", "stderr", "-g", directives],
            stdout=log,
            stderr=subprocess.STDOUT,
            # A group of its own, out of reach of the terminal's Ctrl-C: stopped below.
            start_new_session=True,
        )
        try:
            wait_for_healthz(port, process, log)
            yield port
        finally:
            stop(process)


def wait_for_healthz(port: int, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise NotServingError(f"nginx exited:\n{log_text(log)}")
        try:
            if healthz(port, timeout=2) == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise NotServingError(f"nginx did not answer /healthz:\n{log_text(log)}")


def healthz(port: int, timeout: float) -> int:
    with closing(http.client.HTTPConnection(HOST, port, timeout=timeout)) as client:
        client.request("GET", "/healthz", headers={"Host": HOST})
        return client.getresponse().status


def log_text(log) -> str:
    log.flush()
    return Path(log.name).read_text()[-3000:]


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
