"""An import killed mid-way (SIGKILL: no exception handler, no cleanup runs) leaves no
partial call: the save is one transaction, which Postgres rolls back when the client dies."""

import os
import signal
import subprocess
import time

import pytest
from django.db import connection

from devtools.serving import PYTHON, ROOT
from tests.importer import builders as b
from vacancies.models import Call, Mission, Post, Section, Vacancy

from .databases import database_url

POSTS = 40
KILLED_AFTER = 5  # posts saved

# Runs `manage.py import_call` in a process that stops itself, for good, once it has
# saved KILLED_AFTER posts: the test kills it there, inside the transaction.
DRIVER = """
import sys, time
from pathlib import Path

import django
django.setup()
from django.core.management import call_command
from django.db.models.signals import post_save
from vacancies.models import Post

marker, document, after = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
saved = []

def pause(sender, instance, **kwargs):
    saved.append(instance.pk)
    if len(saved) == after:
        marker.write_text(str(instance.call_id))
        time.sleep(600)

post_save.connect(pause, sender=Post)
call_command("import_call", document, "--publish", "--allow-closed")  # the example call is closed
"""


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_while_saving_leaves_no_partial_call(tmp_path):
    document = tmp_path / "3-2025.docx"
    document.write_bytes(
        b.eeas_docx(b.example_call([b.example_post(n) for n in range(1, POSTS + 1)]))
    )
    marker = tmp_path / "saving"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    importer = subprocess.Popen(
        [PYTHON, "-c", DRIVER, str(marker), str(document), str(KILLED_AFTER)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert importer.poll() is None, importer.communicate()
            assert time.monotonic() < deadline, "the import never reached its posts"
            time.sleep(0.05)
        # The call and KILLED_AFTER posts are written, not committed: kill it there.
        os.kill(importer.pid, signal.SIGKILL)
        assert importer.wait(10) == -signal.SIGKILL
    finally:
        if importer.poll() is None:
            importer.kill()
            importer.wait()

    assert marker.read_text().isdigit()  # it had a call row when it died
    assert not Call.objects.exists() and not Post.objects.exists()
    assert (
        not Vacancy.objects.exists()
        and not Section.objects.exists()
        and not Mission.objects.exists()
    )
    assert not Call.history.exists() and not Post.history.exists()
