"""What a newcomer gets from a fresh clone: `make run` serves where HOST and PORT say, stops
its embedded Postgres when it stops, and the board says how many posts are open and how many
are in the archive, the sample calls keeping the deadlines their documents print."""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from tests.factories import CallFactory, PostFactory
from vacancies.models import Call, Post, q_closed, q_open

ROOT = Path(__file__).resolve().parent.parent
BRUSSELS = ZoneInfo("Europe/Brussels")


# The samples and the home page ----------------------------------------------------------


@pytest.fixture
def samples(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("load_samples", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_samples_keep_the_deadlines_their_documents_print(samples):
    deadlines = {
        call.mission.acronym + " " + call.reference: call.deadline
        for call in Call.objects.select_related("mission")
    }
    assert deadlines == {
        # samples/000_*: "Friday, 14 November 2025, at 17:00 (Brussels time)"
        "EULEX 3-2025": datetime(2025, 11, 14, 17, 0, tzinfo=BRUSSELS),
        # samples/001_*: "Monday, 27 April 2026, at 17:00 (Brussels time)"
        "EULEX 1-2026": datetime(2026, 4, 27, 17, 0, tzinfo=BRUSSELS),
        # samples/003_*: "Deadline: 14/12/2026", no time: 23:59 Brussels time
        **{
            key: datetime(2026, 12, 14, 23, 59, tzinfo=BRUSSELS)
            for key in deadlines
            if not key.startswith("EULEX")
        },
    }
    assert len(deadlines) == 3


@pytest.mark.django_db
def test_load_samples_says_how_many_posts_are_open_and_how_many_archived(samples):
    open_posts = Post.objects.filter(q_open()).count()
    archived = Post.objects.filter(q_closed()).count()
    assert open_posts + archived == 31
    opened = f"{open_posts} open post{'s' if open_posts != 1 else ''}" if open_posts else ""
    assert samples.splitlines()[1] == (
        f"{opened or 'No open posts'}, {archived} in the archive (/posts/?status=closed)."
    )


@pytest.mark.django_db
def test_the_home_page_counts_open_and_archived_posts_and_links_the_archive(client):
    PostFactory.create_batch(2)
    PostFactory(call=CallFactory(closed=True))
    body = client.get("/").content.decode()
    assert "<strong>2</strong> open posts in EU CSDP missions and OSCE field operations" in body
    assert ', and <a href="/posts/?status=closed">1 in the archive</a>.' in body


@pytest.mark.django_db
def test_with_no_open_post_the_home_page_points_to_the_archive(client):
    PostFactory.create_batch(3, call=CallFactory(closed=True))
    PostFactory(call=CallFactory(draft=True))  # not on the site: not counted
    body = client.get("/").content.decode()
    assert 'No open posts right now: <a href="/posts/?status=closed">3 in the archive</a>.' in body
    assert "Closing soonest" not in body  # an empty section would only say it again


@pytest.mark.django_db
def test_an_empty_board_says_so_without_an_empty_archive_link(client):
    body = client.get("/").content.decode()
    assert "No open posts right now." in body
    assert "in the archive</a>" not in body


@pytest.mark.django_db
def test_the_home_page_counts_from_one_cached_query(client, django_assert_max_num_queries):
    PostFactory.create_batch(3)
    PostFactory.create_batch(2, call=CallFactory(closed=True))
    with django_assert_max_num_queries(4):
        assert "2 in the archive" in client.get("/").content.decode()


# make run -------------------------------------------------------------------------------


def test_make_run_serves_on_host_and_port():
    # --no-print-directory: under `make test`, a nested make would add its own lines.
    command = ["make", "--no-print-directory", "--dry-run", "--old-file=samples", "run"]
    result = subprocess.run(
        [*command, "HOST=0.0.0.0", "PORT=8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().endswith("-m devtools.run 0.0.0.0:8123")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postmasters(data_dir: Path) -> list:
    """The Postgres servers running on data_dir."""
    psutil = pytest.importorskip("psutil")
    return [
        process
        for process in psutil.process_iter(["name", "cmdline"])
        if process.info["name"] == "postgres" and str(data_dir) in (process.info["cmdline"] or [])
    ]


def postgres_stops(data_dir: Path, timeout: float = 20) -> bool:
    """Whether the server on data_dir is gone within timeout seconds: make may exit before
    the process whose exit handler stops Postgres has finished doing so."""
    give_up = time.monotonic() + timeout
    while postmasters(data_dir):
        if time.monotonic() > give_up:
            return False
        time.sleep(0.2)
    return True


@pytest.fixture
def data_dir() -> Iterator[Path]:
    """An embedded Postgres data directory of the test's own, never var/postgres; whatever
    server is left on it afterwards is stopped."""
    pytest.importorskip("pgserver")
    # Short and lower-case: the socket lives in it and DATABASE_URL hosts are lower-cased.
    parent = Path(tempfile.mkdtemp(prefix="mj-run-"))
    try:
        yield parent / "pgdata"
    finally:
        for process in postmasters(parent / "pgdata"):
            process.terminate()
        shutil.rmtree(parent, ignore_errors=True)


def run_environ(data_dir: Path) -> dict[str, str]:
    """The environment of a terminal on a fresh clone, with the test's own data directory."""
    environ = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_DEBUG", "SITE_URL"}
    }
    environ["EMBEDDED_POSTGRES_DIR"] = str(data_dir)
    return environ


def terminal_defaults() -> None:
    for signum in (signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, signal.SIG_DFL)


@contextlib.contextmanager
def make_run(data_dir: Path, output=subprocess.DEVNULL) -> Iterator[tuple[subprocess.Popen, int]]:
    """`make run` without its setup, migrations and samples (not needed to serve /healthz),
    in a session of its own, as a terminal runs it; killed if a test leaves it running.

    A terminal's SIGHUP ends a command unless it ignores it, as everything started under
    `nohup` does, the tests too then; and a shell without job control starts a background
    command with Ctrl-C's SIGINT ignored, a CI script's too. The command starts with the
    terminal's defaults."""
    port = free_port()
    process = subprocess.Popen(
        ["make", "--old-file=samples", "run", "HOST=127.0.0.1", f"PORT={port}"],  # noqa: S607
        cwd=ROOT,
        env=run_environ(data_dir),
        stdout=output,
        stderr=output,
        start_new_session=True,
        preexec_fn=terminal_defaults,  # noqa: PLW1509
    )
    try:
        wait_until_healthy(port)
        yield process, port
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def wait_until_healthy(port: int, timeout: float = 60) -> None:
    give_up = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                assert answer.status == 200
                return
        except OSError:
            if time.monotonic() > give_up:
                raise
            time.sleep(0.2)


def stop(process: subprocess.Popen, signum: int) -> None:
    """What the terminal does: the signal to the whole foreground process group."""
    os.killpg(process.pid, signum)
    process.wait(30)


@pytest.mark.parametrize(
    "signum",
    [signal.SIGINT, signal.SIGHUP],
    ids=["ctrl-c", "terminal closed"],
)
def test_stopping_make_run_stops_its_embedded_postgres(data_dir, signum):
    with make_run(data_dir) as (process, _):
        assert postmasters(data_dir)
        stop(process, signum)
    assert postgres_stops(data_dir)


def test_a_killed_run_does_not_keep_the_next_one_from_stopping_postgres(data_dir):
    with make_run(data_dir) as (process, _):
        os.killpg(process.pid, signal.SIGKILL)  # no exit handler runs: Postgres stays
        process.wait(10)
    assert postmasters(data_dir)
    with make_run(data_dir) as (process, _):
        stop(process, signal.SIGINT)
    assert postgres_stops(data_dir)


def test_make_run_runs_the_worker_that_sends_a_sign_ups_confirmation(data_dir, tmp_path):
    migrate = [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "migrate", "--noinput"]
    environ = {**run_environ(data_dir), "DJANGO_DEBUG": "1"}
    subprocess.run(migrate, cwd=ROOT, env=environ, capture_output=True, check=True, timeout=300)
    log = tmp_path / "make-run.log"
    with log.open("w") as output, make_run(data_dir, output) as (process, port):
        sign_up(f"http://127.0.0.1:{port}", "reader@example.org")
        # Debug prints e-mail to the console: the worker's, which is make run's.
        assert wait_for(lambda: "Subject: Confirm your missionjobs alert" in log.read_text())
        stop(process, signal.SIGINT)
    assert "To: reader@example.org" in log.read_text()
    assert postgres_stops(data_dir)


def sign_up(site: str, email: str) -> None:
    """The alert form, as a browser fills it in: its CSRF cookie and token, then a POST."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    with opener.open(f"{site}/alerts/new/?regime=seconded", timeout=10) as page:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "email": email, "search": "regime=seconded"}
    ).encode()
    with opener.open(f"{site}/alerts/new/", data, timeout=10) as answer:
        assert answer.url == f"{site}/alerts/sent/"


def wait_for(condition, timeout: float = 60) -> bool:
    give_up = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > give_up:
            return False
        time.sleep(0.2)
    return True
