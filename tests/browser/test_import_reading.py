"""The page of an upload being read turns into its preview by itself, in a browser with
scripts turned off: the worker reads the document meanwhile."""

from pathlib import Path

from django.contrib.auth.models import User

from tests.worker import run_worker

SAMPLE = next((Path(__file__).resolve().parents[2] / "samples").glob("003_*"))
PASSWORD = "a-long-password-1"


def test_without_scripts_the_reading_page_becomes_the_preview(
    browser, live_server, queue, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    User.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/admin/vacancies/call/import/")
    page.set_input_files("#id_document", str(SAMPLE))
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state("load")
    assert f"Reading {SAMPLE.name}…" in page.inner_text("#content-main")

    run_worker()

    page.get_by_role("button", name="Save this call").wait_for(timeout=15_000)
    assert "Reading" not in page.inner_text("#content-main")
    context.close()
