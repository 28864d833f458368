"""What applicants and seconding authorities do, in a real browser, on the sample calls."""

import re

import pytest
from django.core import mail

from tests.browser.screens import SCREENS, follow

pytestmark = pytest.mark.usefixtures("samples")


def results_count(page) -> int:
    return int(re.match(r"\d+", page.locator("#results-title").inner_text()).group())


def test_filter_by_eligibility_and_clearance(page, live_server):
    page.goto(f"{live_server.url}/posts/?status=all")
    assert results_count(page) == 31
    page.select_option("#id_eligible_for", "third_state")
    page.select_option("#id_clearance", "confidential")
    page.get_by_role("button", name="Show posts").click()

    assert "eligible_for=third_state" in page.url and "clearance=confidential" in page.url
    assert 0 < results_count(page) < 31
    for card in page.locator(".post-card").all():
        facts = card.inner_text()
        assert "EU SECRET" not in facts
        assert re.search(r"Third States\s+Open", facts)


def test_search_puts_the_title_match_first_and_marks_the_words(page, live_server):
    page.goto(f"{live_server.url}/posts/?status=all")
    page.fill("#id_q", "procurement")
    page.get_by_role("button", name="Show posts").click()

    first = page.locator(".post-card h3").first
    assert "Procurement Officer" in first.inner_text()
    assert first.locator("mark").first.inner_text().lower() == "procurement"


def test_open_a_post_from_the_list(page, live_server):
    page.goto(f"{live_server.url}/posts/?status=all&q=doctor")
    follow(page.locator(".post-card h3 a").first)

    assert page.locator("h1").inner_text() == "International Doctor"
    assert page.get_by_text("Reporting Line").first.is_visible()
    assert "JobPosting" in page.locator('script[type="application/ld+json"]').inner_text()


def test_subscribe_to_a_search_and_confirm_by_e_mail(page, live_server):
    page.goto(f"{live_server.url}/posts/?status=all&eligible_for=contracted")
    page.get_by_role("link", name="Subscribe to this search").click()
    page.fill("#id_email", "authority@example.org")
    page.get_by_role("button", name="Subscribe to this search").click()

    assert "inbox" in page.locator("main").inner_text().lower()
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/alerts/confirm/\S+", message.body).group()
    page.goto(link.replace(re.match(r"https?://[^/]+", link).group(), live_server.url))
    page.locator("main").get_by_role("button").first.click()
    assert "confirmed" in page.locator("main").inner_text().lower()


def test_pages_work_on_a_phone_without_sideways_scrolling(phone, live_server):
    phone.goto(f"{live_server.url}/posts/?status=all")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= SCREENS["phone"]["width"]
    follow(phone.locator(".post-card h3 a").first)
    assert phone.evaluate("document.documentElement.scrollWidth") <= SCREENS["phone"]["width"]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_screenshots_of_the_list_and_a_post(browser, live_server, artifacts, viewport):
    context = browser.new_context(viewport=SCREENS[viewport], is_mobile=viewport == "phone")
    page = context.new_page()
    page.goto(f"{live_server.url}/posts/?status=all")
    page.screenshot(path=artifacts / f"post-list-{viewport}.png")
    follow(page.locator(".post-card h3 a").first)
    page.screenshot(path=artifacts / f"post-page-{viewport}.png")
    context.close()
    assert (artifacts / f"post-list-{viewport}.png").stat().st_size > 10_000
