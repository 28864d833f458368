"""`make run`: the development server and the task queue's worker, stopped together.

    python -m devtools.run 127.0.0.1:8000

Without DATABASE_URL this process starts the embedded Postgres (as ``manage.py`` does) and
hands its address to both children, which start none of their own: the server stops when
this process exits, after them. Ctrl-C (or a closed terminal) reaches the whole process
group; when either child stops by itself (runserver's port taken, say), the other is
stopped too, and its status is ours.
"""

import contextlib
import subprocess
import sys
import time
from pathlib import Path

import psutil  # pgserver's dependency: there wherever the embedded Postgres is

from missionjobs.embedded_postgres import use_embedded_if_unset

MANAGE = str(Path(__file__).resolve().parent.parent / "manage.py")
STOP_WITHIN = 10  # seconds a process is given to stop before it is killed


def main(address: str) -> int:
    use_embedded_if_unset()  # sets DATABASE_URL, which the children inherit
    children = [
        subprocess.Popen([sys.executable, MANAGE, "db_worker"]),
        subprocess.Popen([sys.executable, MANAGE, "runserver", address]),
    ]
    try:
        while not (stopped := [child for child in children if child.poll() is not None]):
            time.sleep(0.5)
    except KeyboardInterrupt:  # Ctrl-C: the children had it too
        return 0
    finally:  # also on SIGHUP and SIGTERM, which embedded_postgres turns into SystemExit
        stop(children)
    return stopped[0].returncode


def stop(children: list[subprocess.Popen]) -> None:
    """Stop the children and theirs: in debug each command runs under Django's reloader,
    a child of its own that would outlive its parent."""
    processes = []
    for child in children:
        with contextlib.suppress(psutil.NoSuchProcess):
            parent = psutil.Process(child.pid)
            processes += [parent, *parent.children(recursive=True)]
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.terminate()
    _, alive = psutil.wait_procs(processes, timeout=STOP_WITHIN)
    for process in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    for child in children:
        child.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
