"""The list page on a phone (390 x 844) and at a desk (1366 x 768): results on the first
screen, the filters folded and in use as chips, short cards, and tables that scroll
sideways rather than split a word; no serious accessibility violation."""

import pytest
from django.db.models import Count

from tests.browser.screens import SCREENS
from tests.browser.test_accessibility import serious_violations
from vacancies.models import Call, Mission, Post

pytestmark = pytest.mark.usefixtures("samples")

PHONE = SCREENS["phone"]
CARD_MAX_HEIGHT = 200
FILTERED = "/posts/?status=all&regime=seconded&clearance=secret&third_states=yes"
# Each word (a run of letters or digits) of each table cell, and on how many lines it sits.
WORDS_SPLIT_IN_CELLS = """() => {
  const split = [];
  for (const cell of document.querySelectorAll("main td, main th")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/[\\p{L}\\p{N}]+/gu)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
        if (lines.size > 1) split.push(word[0]);
      }
    }
  }
  return split;
}"""


@pytest.mark.parametrize("path", ["/posts/?status=all", FILTERED])
def test_the_first_result_starts_on_a_phones_first_screen(phone, live_server, path):
    phone.goto(live_server.url + path)
    title = phone.locator(".post-card h3").first.bounding_box()
    assert title["y"] + title["height"] <= PHONE["height"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_filters_fold_on_a_phone_and_open_at_a_desk(screen, live_server):
    screen.goto(f"{live_server.url}/posts/?status=all")
    regime = screen.get_by_label("Regime")
    assert screen.get_by_label("Search", exact=True).is_visible()
    if screen.viewport_size["width"] < 600:
        assert not regime.is_visible()
        screen.locator("summary", has_text="Filters").first.click()
    assert regime.is_visible()
    assert serious_violations(screen) == []


def test_each_filter_in_use_is_a_chip_that_removes_it(screen, live_server):
    screen.goto(live_server.url + FILTERED)
    chips = screen.get_by_role("list", name="Filters in use")
    regime = chips.get_by_role("link", name="Remove filter: Regime:")
    assert regime.count() == 1
    assert chips.get_by_role("link", name="Remove filter: Security clearance you hold:").count()
    assert serious_violations(screen) == []
    regime.click()
    screen.wait_for_url("**third_states=yes**")
    assert "regime=" not in screen.url
    assert "clearance=secret" in screen.url
    screen.get_by_role("link", name="Clear all").click()
    screen.wait_for_url(f"{live_server.url}/posts/")


def test_a_card_is_at_most_about_200_px_tall_on_a_phone(phone, live_server):
    heights = {}
    for number in (1, 2):  # every sample post, the longest titles among them
        phone.goto(f"{live_server.url}/posts/?status=all&page={number}")
        for card in phone.locator(".post-card").all():
            link = card.locator("h3 a")
            heights[link.get_attribute("href")] = (link.inner_text(), card.bounding_box()["height"])
    assert len(heights) == Post.objects.published().count()
    too_tall = [(title, height) for title, height in heights.values() if height > CARD_MAX_HEIGHT]
    assert too_tall == []


def pages_with_tables() -> list[str]:
    readvertised = (
        Post.objects.values("call__mission", "ref")
        .annotate(calls=Count("call", distinct=True))
        .filter(calls__gt=1)
        .order_by("ref")
        .first()
    )
    post = Post.objects.filter(
        call__mission=readvertised["call__mission"], ref=readvertised["ref"]
    ).first()
    call = Call.objects.annotate(posts_count=Count("posts")).order_by("-posts_count", "pk").first()
    return ["/calls/", call.get_absolute_url(), post.get_absolute_url()]


def test_no_word_is_split_inside_a_table_cell(screen, live_server):
    for path in pages_with_tables():
        screen.goto(live_server.url + path)
        region = screen.get_by_role("region", name="scrolls sideways")
        assert region.count() == 1, path
        assert screen.locator("main td").count(), path
        assert screen.evaluate(WORDS_SPLIT_IN_CELLS) == [], path
        assert (
            screen.evaluate("document.documentElement.scrollWidth")
            <= (screen.viewport_size["width"])
        ), path
        assert serious_violations(screen) == [], path


def test_the_mission_page_splits_no_word_either(screen, live_server):
    mission = Mission.objects.filter(calls__isnull=False).first()
    screen.goto(live_server.url + mission.get_absolute_url())
    assert screen.evaluate(WORDS_SPLIT_IN_CELLS) == []
    assert serious_violations(screen) == []


def test_the_check_finds_a_word_split_by_overflow_wrap_anywhere(screen, live_server):
    screen.goto(f"{live_server.url}/calls/")
    # What the stylesheet did before: any word could break, in a narrow table. (Through
    # the CSSOM: the CSP forbids a <style> element.)
    screen.evaluate("""() => {
      for (const cell of document.querySelectorAll("td, th")) {
        cell.style.overflowWrap = "anywhere";
      }
      document.querySelector(".table-scroll").style.width = "12rem";
    }""")
    assert screen.evaluate(WORDS_SPLIT_IN_CELLS) != []
