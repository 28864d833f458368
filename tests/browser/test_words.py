"""Searching in people's words, from the form, on a phone and at a desk: slashes and hyphens
split words, adviser finds advisor, the title's match comes first; axe-core finds nothing."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import serious_violations
from tests.factories import PostFactory, SectionFactory


@pytest.fixture
def words(transactional_db):
    described = PostFactory(title="Rule of Law Officer")
    SectionFactory(post=described, items=["To assist the legal adviser on anti-corruption cases."])
    PostFactory(title="Senior Legal Adviser/Chief of Unit")
    PostFactory(title="Anti-Corruption Legal Advisor")
    PostFactory(title="Close Protection Operator")


@pytest.mark.usefixtures("words")
def test_search_in_peoples_words_from_the_form(screen, live_server):
    page = screen
    page.goto(f"{live_server.url}/posts/")
    page.fill("#id_q", "legal adviser")
    page.get_by_role("button", name="Show posts").click()

    expect(page.locator("#results-title")).to_contain_text("3 posts")
    titles = page.locator(".post-card h3")
    # The two titles holding the words (in either spelling) before the post that mentions them.
    expect(titles.nth(2)).to_have_text("Rule of Law Officer")
    chief = titles.filter(has_text="Chief of Unit")
    expect(chief).to_have_text("Senior Legal Adviser/Chief of Unit")  # printed as written
    expect(chief.locator("mark")).to_have_text(["Legal", "Adviser"])
    expect(titles.filter(has_text="Advisor").locator("mark")).to_have_text(["Legal", "Advisor"])
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert serious_violations(page) == []

    page.fill("#id_q", "anti-corruption -chief -advisor")
    page.get_by_role("button", name="Show posts").click()
    expect(page.locator("#results-title")).to_contain_text("0 posts")  # adviser left out too
    page.fill("#id_q", "anti-corruption cases")
    page.get_by_role("button", name="Show posts").click()
    expect(page.locator("#results-title")).to_contain_text("1 post")
    expect(page.locator(".snippet")).to_contain_text("on anti-corruption cases")
    expect(page.locator(".snippet mark")).to_have_text(["anti", "corruption", "cases"])
    assert serious_violations(page) == []
