"""The list page's URLs and filters in use: a shared URL carries only the search, and each
filter in use shows as a chip whose link removes it."""

import re
from datetime import date
from html import unescape

import pytest
from django import forms

from tests.factories import CallFactory, MissionFactory, PostFactory, VacancyFactory
from vacancies.listing.cards import Cards
from vacancies.listing.filterset import DateInput, NumberInput, PlaceInput, Select, TextInput
from vacancies.models import Post, Regime

pytestmark = pytest.mark.django_db


def hrefs(response) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="([^"]*)"', response.content.decode())]


def test_empty_and_default_parameters_redirect_to_the_search_without_them(client):
    response = client.get("/posts/?q=&regime=seconded&sort=relevance&mission=&status=open")
    assert response.status_code == 302
    assert response["Location"] == "/posts/?regime=seconded"


def test_the_redirect_keeps_the_order_of_the_parameters_given(client):
    response = client.get("/posts/?sort=title&q=&regime=seconded&clearance=")
    assert response["Location"] == "/posts/?sort=title&regime=seconded"


def test_a_submitted_form_of_defaults_redirects_to_the_bare_list(client):
    response = client.get("/posts/?q=&status=open&eligible_for=&sort=relevance")
    assert response["Location"] == "/posts/"


def test_a_tidy_search_is_shown_without_a_redirect(client):
    assert client.get("/posts/?regime=seconded&status=all").status_code == 200


def test_the_call_list_leaves_out_an_empty_page_too(client):
    assert client.get("/calls/?page=")["Location"] == "/calls/"


def test_no_link_on_the_list_carries_an_empty_parameter(client):
    PostFactory.create_batch(21, regime=Regime.SECONDED)
    response = client.get("/posts/?regime=seconded&sort=title")
    links = [href for href in hrefs(response) if "?" in href]
    assert any("page=2" in href for href in links)  # pagination is among them
    assert any(href.startswith("/posts/feed/?") for href in links)
    for href in links:
        query = href.split("?", 1)[1]
        assert not re.search(r"(^|&)[^=&]+=(&|$)", query), href
        assert "sort=relevance" not in query
        assert "status=open" not in query


def test_each_filter_in_use_is_a_chip_that_removes_it(client):
    PostFactory(regime=Regime.SECONDED)
    response = client.get("/posts/?status=all&regime=seconded&q=officer&sort=title")
    chips = {chip.words: chip.remove_url for chip in response.context["chips"]}
    regime = next(words for words in chips if words.startswith("Regime: "))
    assert chips[regime] == "/posts/?q=officer&status=all&sort=title"
    assert chips["Search: “officer”"] == "/posts/?status=all&regime=seconded&sort=title"
    assert chips["Status: All"] == "/posts/?q=officer&regime=seconded&sort=title"
    assert len(chips) == 3  # sort orders, it does not filter
    body = unescape(response.content.decode())
    assert f'aria-label="Remove filter: {regime}"' in body
    assert ">Clear all</a>" in body


def test_a_value_not_understood_is_no_chip(client):
    response = client.get("/posts/?regime=sideways&clearance=secret")
    assert [chip.words.split(":")[0] for chip in response.context["chips"]] == [
        "Security clearance you hold"
    ]


def test_no_filter_in_use_shows_no_chip(client):
    response = client.get("/posts/")
    assert response.context["chips"] == []
    assert "Clear all" not in response.content.decode()


def test_the_form_does_not_keep_values_the_browser_restored(client):
    body = client.get("/posts/").content.decode()
    assert re.search(r'<form class="filters"[^>]*autocomplete="off"', body)
    assert re.search(r'<script src="[^"]*js/filters\.js" defer>', body)


def test_the_form_writes_names_from_documents_escaped_and_marks_the_chosen_option(client):
    mission = MissionFactory(slug="m", name='<script>alert(1)</script> & "Co"')
    PostFactory(call=CallFactory(mission=mission))
    body = client.get("/posts/", {"mission": "m", "regime": "seconded"}).content.decode()
    assert "<script>alert(1)" not in body
    assert (
        '<option value="m" selected>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;'
        " (1)</option>" in body
    )
    assert re.search(r'<select name="regime" id="id_regime">\s*<option value="">', body)
    assert '<option value="seconded" selected>Takes secondees' in body
    assert '<option value="contracted">Takes contracted' in body
    assert re.search(r'<datalist id="known-places">(<option value="[^"<>]+"></option>)+<', body)


@pytest.mark.parametrize("value", ["FR", "", None, 'x"<&', "unknown", ["DE", "FR"]])
def test_the_form_selects_write_what_djangos_select_writes(value):
    # The list's selects write their options in Python (filterset.Select): the same HTML as
    # Django's template-rendered select, but for blank lines, whatever the choices hold.
    choices = [
        ("", "Any"),
        ("EU", [("DE", "Germany"), ("FR", "France")]),
        ('x"<&', "A & <b>bold</b>"),
        (None, "None"),
        ("FR", "France again"),
    ]
    attrs = {"id": "id_n", "class": 'a"b', "required": True, "disabled": False}

    def tidy(html: str) -> str:
        return re.sub(r">\s+<", "><", html).strip()

    expected = forms.Select(choices=choices, attrs=attrs).render("n", value)
    assert tidy(Select(choices=choices, attrs=attrs).render("n", value)) == tidy(expected)
    several = forms.SelectMultiple(choices=choices).render("n", value)
    assert tidy(SelectMultiple(choices=choices).render("n", value)) == tidy(several)


class SelectMultiple(Select):
    allow_multiple_selected = True


@pytest.mark.parametrize("value", ["police", "", None, 'x"<&', 0, 12, date(2026, 1, 31)])
@pytest.mark.parametrize(
    "ours, djangos",
    [
        (TextInput, forms.TextInput),
        (NumberInput, forms.NumberInput),
        (DateInput, forms.DateInput),
        (PlaceInput, forms.TextInput),
    ],
)
def test_the_form_inputs_write_what_djangos_inputs_write(ours, djangos, value):
    attrs = {"id": "id_n", "class": 'a"b', "required": True, "disabled": False, "min": 0}
    written = ours(attrs={"type": "search", **attrs}) if ours is not PlaceInput else ours()
    expected = (
        djangos(attrs={"type": "search", **attrs})
        if ours is not PlaceInput
        else djangos(attrs={"list": PlaceInput.LIST_ID, "autocomplete": "off"})
    ).render("n", value, attrs={"aria-describedby": "h"})
    got = written.render("n", value, attrs={"aria-describedby": "h"})
    assert got.removesuffix(PlaceInput.datalist()) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("count", [0, 3, 20, 21, 100])
def test_a_pages_cards_are_the_posts_of_one_query_in_order(count):
    """listing/cards.py: the page's ids, then their cards (SQL written once): the same posts,
    the same order, the same vacancy counts and related objects as in one query."""
    call = CallFactory()
    made = [PostFactory(call=call, title=f"Post {n:03}") for n in range(count)]
    for post in made[::3]:
        VacancyFactory(post=post)
    posts = Post.objects.for_listing().order_by("-title")
    page = Cards(posts.filter(call=call))[0:count]
    expected = list(posts.filter(call=call)[:count])
    assert page == expected
    assert [p.confirmed_count for p in page] == [p.confirmed_count for p in expected]
    assert {p.call.mission.organisation.name for p in page} <= {call.mission.organisation.name}
