"""Choosing a nationality in the list's form, on a phone and at a desk: each card says why
the post is open to it, and the page stays free of serious accessibility violations."""

import re

import pytest

from tests.browser.screens import follow, open_filters
from tests.browser.test_accessibility import serious_violations

pytestmark = pytest.mark.usefixtures("samples")


def test_choose_a_nationality_and_see_why_each_post_is_open(screen, live_server):
    screen.goto(f"{live_server.url}/posts/?status=all")
    open_filters(screen)
    screen.get_by_label("Your nationality").select_option(label="Norway")
    screen.get_by_role("button", name="Show posts").click()

    assert "nationality=NO" in screen.url
    cards = screen.locator(".post-card").all()
    assert cards
    for card in cards:
        assert re.match(r"Open to Norway: an? ", card.locator(".why-open").inner_text())
    width = screen.evaluate("document.documentElement.scrollWidth")
    assert width <= screen.viewport_size["width"]
    assert serious_violations(screen) == []


def test_the_post_page_says_why_for_the_chosen_nationality(screen, live_server):
    screen.goto(f"{live_server.url}/posts/?status=all&nationality=NO")
    follow(screen.locator(".post-card h3 a").first)
    screen.goto(screen.url + "?nationality=NO")

    assert screen.locator(".why-open").inner_text().startswith("Open to Norway:")
    assert serious_violations(screen) == []
