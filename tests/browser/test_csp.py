"""The Content-Security-Policy blocks nothing the site needs, in a real browser: no
violation on the public pages (JSON-LD included) nor in the admin's scripts, and the
hostile text of a post runs nowhere."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User

from tests.browser.screens import follow
from tests.factories import PostFactory, SectionFactory

pytestmark = pytest.mark.usefixtures("samples")
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
PASSWORD = "a-long-password-1"
# Runs before any of the page's own content: every violation of the page is recorded.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
    const blocked = event.blockedURI || "inline";
    window.__csp.push(`${event.violatedDirective} blocked ${blocked} at line ${event.lineNumber}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, with its CSP violations, console errors and dialogs (alert()) recorded."""
    page.add_init_script(RECORD_VIOLATIONS)
    page.problems = []
    page.on(
        "console", lambda message: message.type == "error" and page.problems.append(message.text)
    )
    page.on(
        "dialog",
        lambda dialog: (page.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()),
    )
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.__csp")


def visit(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response.status < 400, url
    page.wait_for_load_state("load")
    return violations(page)


def test_the_recorder_sees_a_violation(watched, live_server):
    # The proof that an empty list below means something: an inline script is refused.
    visit(watched, f"{live_server.url}/")
    watched.evaluate(
        "document.body.appendChild(document.createElement('script')).text = 'alert(1)'"
    )
    assert any(v.startswith("script-src") for v in violations(watched))


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/posts/?status=all",
        "/posts/?status=all&q=monitor",
        "/calls/",
        "/missions/eulex/",
        "/alerts/new/",
    ],
)
def test_public_pages_violate_nothing(watched, live_server, path):
    assert visit(watched, live_server.url + path) == []
    assert watched.problems == []


def test_a_post_page_with_its_json_ld_violates_nothing(watched, live_server):
    visit(watched, f"{live_server.url}/posts/?status=all")
    follow(watched.locator(".post-card h3 a").first)
    assert watched.locator('script[type="application/ld+json"]').count() == 1
    assert violations(watched) == [] and watched.problems == []


def test_hostile_text_in_a_post_runs_nowhere(watched, live_server):
    post = PostFactory(
        title='Officer <script>alert("title")</script>',
        duty_station='<img src=x onerror=alert("img")>',
    )
    SectionFactory(
        post=post, items=['<svg onload=alert("svg")>', '"><script>alert("item")</script>']
    )
    for url in [
        "/posts/?status=all&q=officer",
        post.call.get_absolute_url(),
        post.get_absolute_url(),
    ]:
        assert visit(watched, live_server.url + url) == [], url
    assert watched.problems == []
    # Shown as the text it is.
    assert watched.locator("h1").inner_text() == 'Officer <script>alert("title")</script>'


@pytest.fixture
def admin_page(watched, live_server):
    User.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    visit(watched, f"{live_server.url}/admin/login/")
    watched.fill("#id_username", "admin")
    watched.fill("#id_password", PASSWORD)
    watched.get_by_role("button", name="Log in").click()
    watched.wait_for_url(f"{live_server.url}/admin/")
    return watched


def script_violations(page) -> list[str]:
    # The admin's policy allows inline styles; its scripts are held to 'self'.
    return [v for v in violations(page) if v.startswith("script-src")]


def test_the_admin_runs_with_no_script_blocked(admin_page, live_server):
    from vacancies.models import Call, Post

    call, post = Call.objects.first(), Post.objects.first()
    for path in [
        "/admin/",
        "/admin/vacancies/call/",
        f"/admin/vacancies/call/{call.pk}/change/",
        "/admin/vacancies/post/",
        f"/admin/vacancies/post/{post.pk}/change/",
        f"/admin/vacancies/post/{post.pk}/history/",
        "/admin/vacancies/historicalsection/",
        "/admin/vacancies/call/add/",
        "/admin/vacancies/call/import/",
    ]:
        visit(admin_page, live_server.url + path)
        assert script_violations(admin_page) == [], path
    assert admin_page.problems == []


def test_the_import_preview_violates_nothing(admin_page, live_server):
    visit(admin_page, f"{live_server.url}/admin/vacancies/call/import/")
    admin_page.set_input_files("#id_document", str(next(SAMPLES.glob("003_*"))))
    admin_page.get_by_role("button", name="Preview").click()
    admin_page.wait_for_load_state("load")

    assert "Save this call" in admin_page.content()
    assert violations(admin_page) == [] and admin_page.problems == []
    # Its stylesheet applied: the tables' captions are for screen readers only.
    caption = "getComputedStyle(document.querySelector('.import-preview caption')).position"
    assert admin_page.evaluate(caption) == "absolute"
