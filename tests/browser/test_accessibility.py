"""axe-core on the public pages and the admin's import preview: no serious or critical violation."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User

from tests.browser.screens import follow

pytestmark = pytest.mark.usefixtures("samples")
SERIOUS = {"serious", "critical"}


def serious_violations(page, context=None) -> list[str]:
    results = Axe().run(page, context=context)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.mark.parametrize(
    "path",
    ["/", "/posts/?status=all", "/posts/?status=all&q=monitor&clearance=secret", "/calls/"],
)
def test_list_pages_have_no_serious_violation(page, live_server, path):
    page.goto(live_server.url + path)
    assert serious_violations(page) == []


def test_post_page_has_no_serious_violation(page, live_server):
    page.goto(f"{live_server.url}/posts/?status=all")
    follow(page.locator(".post-card h3 a").first)
    assert serious_violations(page) == []


def test_phone_list_has_no_serious_violation(phone, live_server):
    phone.goto(f"{live_server.url}/posts/?status=all")
    assert serious_violations(phone) == []


@pytest.mark.parametrize("viewport", ["page", "phone"])
def test_the_import_preview_has_no_serious_violation(request, viewport, live_server, tmp_path):
    page = request.getfixturevalue(viewport)
    sample = next((Path(__file__).resolve().parents[2] / "samples").glob("000_*"))
    document = tmp_path / sample.name  # with a doubt at a post, and a change to list
    document.write_text(
        sample.read_text()
        .replace(
            "EK 60021 Executive Officer Pristina", "EK 60021 Executive Office Manager Pristina"
        )
        .replace("To prepare draft reports", "To prepare reports")
    )
    User.objects.create_superuser("admin", "admin@example.org", "a-long-password-1")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "a-long-password-1")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/admin/vacancies/call/import/")
    page.set_input_files("#id_document", str(document))
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state("load")
    assert page.locator("details.post[open]").count() == 1
    # The preview's own content; the admin's frame around it is Django's.
    assert serious_violations(page, context={"include": [["#content-main"]]}) == []
