"""Back and Forward on the list page, in Chromium on a phone and at a desk: the form shows
exactly the filters of the results shown, not what was changed before leaving."""

import pytest

from tests.browser.screens import open_filters

pytestmark = pytest.mark.usefixtures("samples")

FORM_VALUES = """() => Object.fromEntries(
    [...document.querySelector("form.filters").elements]
        .filter(element => element.name)
        .map(element => [element.name, element.value]))"""


def rendered_values(screen, url: str) -> dict[str, str]:
    """The form as the server renders it for ``url``: the filters of its results."""
    fresh = screen.context.new_page()
    fresh.goto(url)
    values = fresh.evaluate(FORM_VALUES)
    fresh.close()
    return values


def test_back_and_forward_show_the_filters_of_the_results_shown(screen, live_server):
    first = f"{live_server.url}/posts/?status=all"
    screen.goto(first)
    open_filters(screen)
    screen.get_by_label("Regime").select_option("seconded")
    screen.get_by_role("button", name="Show posts").click()
    screen.wait_for_url("**regime=seconded**")
    second = screen.url
    open_filters(screen)
    screen.get_by_label("Security clearance you hold").select_option("secret")  # not sent

    screen.go_back()
    screen.wait_for_url(first)
    assert screen.evaluate(FORM_VALUES)["regime"] == ""
    assert screen.evaluate(FORM_VALUES) == rendered_values(screen, first)

    screen.go_forward()
    screen.wait_for_url(second)
    values = screen.evaluate(FORM_VALUES)
    assert values["regime"] == "seconded"
    assert values["clearance"] == ""
    assert values == rendered_values(screen, second)


def test_a_submitted_form_gives_a_url_without_empty_parameters(screen, live_server):
    screen.goto(f"{live_server.url}/posts/")
    open_filters(screen)
    screen.get_by_label("Regime").select_option("contracted")
    screen.get_by_role("button", name="Show posts").click()
    screen.wait_for_url("**regime=contracted**")
    assert screen.url == f"{live_server.url}/posts/?regime=contracted"
