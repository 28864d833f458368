"""axe-core on the public pages: no serious or critical violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.usefixtures("samples")
SERIOUS = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
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
    page.locator(".post-card h3 a").first.click()
    assert serious_violations(page) == []


def test_phone_list_has_no_serious_violation(phone, live_server):
    phone.goto(f"{live_server.url}/posts/?status=all")
    assert serious_violations(phone) == []
