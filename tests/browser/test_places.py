"""Finding posts by place in a real browser, on a phone and at a desk: a place typed in
another spelling, the known places offered as one types, the country filter with its
counts; and no serious accessibility violation."""

import pytest

from tests.browser.screens import open_filters
from tests.browser.test_accessibility import serious_violations

pytestmark = pytest.mark.usefixtures("samples")


def fits(screen) -> bool:
    return screen.evaluate("document.documentElement.scrollWidth") <= screen.viewport_size["width"]


def test_a_place_in_another_spelling_finds_its_posts(screen, live_server):
    screen.goto(f"{live_server.url}/posts/?status=all")
    open_filters(screen)
    place = screen.get_by_label("Place")
    assert place.get_attribute("list") == "known-places"
    offered = screen.locator("#known-places option").evaluate_all("os => os.map(o => o.value)")
    assert {"Pristina", "Kosovo", "Horn of Africa"} <= set(offered)
    place.fill("Prishtinë")
    screen.get_by_role("button", name="Show posts").click()

    assert "location=Prishtin" in screen.url
    cards = screen.locator(".post-card").all()
    assert cards
    for card in cards:
        assert "Pristina" in card.inner_text()
    assert fits(screen)
    assert serious_violations(screen) == []


def test_the_country_filter_counts_and_filters(screen, live_server):
    screen.goto(f"{live_server.url}/posts/?status=all")
    open_filters(screen)
    country = screen.get_by_label("Country", exact=True)
    options = country.locator("option").all_inner_texts()
    kosovo = next(option for option in options if option.startswith("Kosovo ("))
    count = int(kosovo.removeprefix("Kosovo (").removesuffix(")"))
    country.select_option(label=kosovo)
    screen.get_by_role("button", name="Show posts").click()

    assert "country=XK" in screen.url
    assert screen.locator(".post-card").count() == min(count, 20)
    assert fits(screen)
    assert serious_violations(screen) == []
