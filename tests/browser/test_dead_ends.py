"""Pages that never dead-end, in a real browser at a phone's 390 px and a desk's 1366 px: a
withdrawn call's post (410) says what it was and links to similar open posts, which open;
a missing page (404) offers a search. No serious accessibility violation."""

import pytest

from tests.browser.test_accessibility import serious_violations
from tests.factories import CallFactory, PostFactory

WIDER_THAN_SCREEN = "() => document.documentElement.scrollWidth > window.innerWidth"


@pytest.fixture
def withdrawn_post(transactional_db):
    call = CallFactory()
    post = PostFactory(call=call, title="Legal Adviser", ref="EUL 12")
    call.withdraw()
    return post


def test_a_withdrawn_post_says_so_and_leads_to_a_similar_open_post(
    screen, live_server, withdrawn_post
):
    similar = PostFactory(title="Senior Legal Adviser", ref="EUL 40")
    response = screen.goto(live_server.url + withdrawn_post.get_absolute_url())
    assert response.status == 410
    assert screen.get_by_role("heading", level=1).inner_text() == "Legal Adviser"
    assert "has been withdrawn" in screen.locator("main").inner_text()
    assert screen.locator("nav[aria-label=Main]").is_visible()  # the site's layout
    assert not screen.evaluate(WIDER_THAN_SCREEN)
    assert serious_violations(screen) == []
    screen.get_by_role("link", name="Senior Legal Adviser").click()
    screen.wait_for_url(f"**{similar.get_absolute_url()}")
    assert screen.get_by_role("heading", level=1).inner_text() == "Senior Legal Adviser"


def test_a_missing_page_offers_a_search(screen, live_server, transactional_db):
    PostFactory(title="Legal Adviser")
    response = screen.goto(f"{live_server.url}/posts/999999/nothing-here/")
    assert response.status == 404
    assert screen.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert not screen.evaluate(WIDER_THAN_SCREEN)
    assert serious_violations(screen) == []
    screen.get_by_label("Search the open posts").fill("legal")
    screen.get_by_role("button", name="Search").click()
    screen.wait_for_url("**/posts/?q=legal")
    assert screen.get_by_role("link", name="Legal Adviser").count() == 1
