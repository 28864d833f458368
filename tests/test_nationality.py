"""Eligibility by nationality: "I am Norwegian: what may I apply or be nominated for?".

EU posts are open to EU Member States, and to Contributing Third States where the post
takes their secondees; OSCE posts to the OSCE participating States.
"""

import pycountry
import pytest

from tests.factories import (
    AlertFactory,
    CallFactory,
    MissionFactory,
    OrganisationFactory,
    PostFactory,
)
from tests.test_alerts import send
from tests.test_feeds import atom_entries, csv_rows, ics_events
from vacancies.listing import Listing, PostFilter
from vacancies.models import Post, Regime, q_open_to_nationality
from vacancies.nationality import (
    CONTRIBUTING_THIRD_STATES,
    EU_MEMBER_STATES,
    OSCE_PARTICIPATING_STATES,
    nationality_choices,
)

pytestmark = pytest.mark.django_db

NORWAY, FRANCE, JAPAN, KAZAKHSTAN = "NO", "FR", "JP", "KZ"


def osce_call():
    organisation = OrganisationFactory(
        name="Organization for Security and Co-operation in Europe", acronym="OSCE"
    )
    mission = MissionFactory(organisation=organisation, name="OSCE Mission in Kosovo")
    return CallFactory(mission=mission)


@pytest.fixture
def posts():
    """One post of each kind that the rules tell apart."""
    PostFactory(ref="EU-S", regime=Regime.SECONDED, open_to_third_states=False)
    PostFactory(ref="EU-S-CTS", regime=Regime.SECONDED, open_to_third_states=True)
    PostFactory(ref="EU-SC-CTS", regime=Regime.SECONDED_CONTRACTED, open_to_third_states=True)
    PostFactory(ref="EU-C", regime=Regime.CONTRACTED, open_to_third_states=True)
    PostFactory(ref="EU-S-UNSTATED", regime=Regime.SECONDED, open_to_third_states=None)
    call = osce_call()
    PostFactory(ref="OSCE-S", call=call, regime=Regime.SECONDED, open_to_third_states=None)
    PostFactory(ref="OSCE-C", call=call, regime=Regime.CONTRACTED, open_to_third_states=None)


def refs(data: dict) -> set[str]:
    return {post.ref for post in PostFilter(data).qs}


# The lists ------------------------------------------------------------------------------


def test_the_lists_have_their_sizes_and_are_iso_codes():
    assert len(EU_MEMBER_STATES) == 27
    assert len(OSCE_PARTICIPATING_STATES) == 57
    for code in EU_MEMBER_STATES | CONTRIBUTING_THIRD_STATES | OSCE_PARTICIPATING_STATES:
        assert pycountry.countries.get(alpha_2=code), code


def test_every_eu_member_state_is_an_osce_participating_state_and_no_cts():
    assert EU_MEMBER_STATES <= OSCE_PARTICIPATING_STATES
    assert not EU_MEMBER_STATES & CONTRIBUTING_THIRD_STATES


def test_the_form_offers_every_state_by_name():
    names = [name for _, name in nationality_choices()]
    assert names == sorted(names)
    assert ("NO", "Norway") in nationality_choices()
    assert len(names) == len(
        EU_MEMBER_STATES | CONTRIBUTING_THIRD_STATES | OSCE_PARTICIPATING_STATES
    )


# The rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, expected",
    [
        # An EU Member State: every EU post, and every OSCE post.
        (FRANCE, {"EU-S", "EU-S-CTS", "EU-SC-CTS", "EU-C", "EU-S-UNSTATED", "OSCE-S", "OSCE-C"}),
        # A Contributing Third State and OSCE participating State: EU posts taking its
        # secondees, and OSCE posts.
        (NORWAY, {"EU-S-CTS", "EU-SC-CTS", "OSCE-S", "OSCE-C"}),
        # An OSCE participating State that is not a Contributing Third State.
        (KAZAKHSTAN, {"OSCE-S", "OSCE-C"}),
    ],
)
def test_a_nationality_gives_the_posts_open_to_it(posts, code, expected):
    assert refs({"nationality": code}) == expected
    assert {post.ref for post in Post.objects.open_to_nationality(code)} == expected


def test_a_state_in_no_list_is_offered_no_post(posts):
    # Not among the form's choices either: nothing there is open to it.
    assert JAPAN not in dict(nationality_choices())
    assert not Post.objects.open_to_nationality(JAPAN).exists()
    assert not Post.objects.for_listing().get(ref="EU-S").open_to(JAPAN).is_open


def test_a_posts_answer_agrees_with_the_filter(posts):
    for code in (FRANCE, NORWAY, KAZAKHSTAN, JAPAN, "CH", "US"):
        for post in Post.objects.for_listing():
            in_filter = Post.objects.filter(q_open_to_nationality(code), pk=post.pk).exists()
            assert post.open_to(code).is_open == in_filter, (code, post.ref)


def test_the_answer_says_why(posts):
    eu_cts = Post.objects.for_listing().get(ref="EU-S-CTS")
    eu_closed = Post.objects.for_listing().get(ref="EU-S")
    osce = Post.objects.for_listing().get(ref="OSCE-S")
    assert eu_cts.open_to(NORWAY).reason == (
        "Open to Norway: a Contributing Third State, and this post takes secondees"
        " from Contributing Third States."
    )
    assert eu_cts.open_to(FRANCE).reason == "Open to France: an EU Member State."
    assert not eu_closed.open_to(NORWAY).is_open
    assert osce.open_to(NORWAY).reason == "Open to Norway: an OSCE participating State."
    assert not osce.open_to(JAPAN).is_open


def test_an_unknown_nationality_is_a_form_error_not_a_500(client, posts):
    response = client.get("/posts/", {"nationality": "XX"})
    assert response.status_code == 200
    assert "nationality" in response.context["filter"].form.errors
    assert response.context["paginator"].count == 7


# OSCE posts in OSCE terms ----------------------------------------------------------------


def test_an_osce_post_says_who_may_apply_instead_of_not_stated(client, posts):
    post = Post.objects.get(ref="OSCE-S")
    page = client.get(post.get_absolute_url()).content.decode()
    assert "OSCE participating States" in page
    assert "Contributing Third States" not in page
    assert "Not stated" not in page.split("<dt>Open to</dt>")[1][:80]


def test_osce_posts_under_the_open_to_options(posts):
    # Every EU Member State is an OSCE participating State: an OSCE seconded post is open
    # to secondment from them; the OSCE has no Contributing Third States.
    assert {"OSCE-S"} <= refs({"eligible_for": "member_state"})
    assert not {"OSCE-S", "OSCE-C"} & refs({"eligible_for": "third_state"})
    assert {"OSCE-C"} <= refs({"eligible_for": "contracted"})


# The list, its counts, the API, feeds, exports, alerts ------------------------------------


def test_the_cards_say_why_a_post_is_open(client, posts):
    page = client.get("/posts/", {"nationality": NORWAY}).content.decode()
    assert page.count("Open to Norway: an OSCE participating State.") == 2
    assert page.count("Open to Norway: a Contributing Third State") == 2


def test_the_post_page_says_why_for_the_nationality_in_its_address(client, posts):
    post = Post.objects.get(ref="EU-S")
    page = client.get(post.get_absolute_url(), {"nationality": NORWAY}).content.decode()
    assert "Not open to Norway: a Contributing Third State, but this post" in page
    assert "Not open to" not in client.get(post.get_absolute_url()).content.decode()


@pytest.mark.parametrize("extra", [{}, {"q": "monitor"}])  # PostCount, then the posts
def test_the_counts_honour_the_nationality(posts, extra):
    data = {"nationality": NORWAY, **extra}
    counts = Listing(data).counts
    assert counts["total"] == PostFilter(data).qs.count() == 4
    for regime in ("seconded", "contracted"):
        assert (
            counts["facets"]["regime"][regime] == PostFilter({**data, "regime": regime}).qs.count()
        )
    assert counts["facets"]["eligible_for"]["third_state"] == 2


def test_the_api_takes_the_nationality_and_says_why(client, posts):
    body = client.get("/api/posts/", {"nationality": NORWAY}).json()
    assert body["count"] == 4
    reasons = {post["ref"]: post["open_to_nationality"] for post in body["results"]}
    assert reasons["OSCE-C"] == "Open to Norway: an OSCE participating State."
    whole = client.get("/api/posts/").json()["results"]
    assert {post["open_to_nationality"] for post in whole} == {None}
    assert {post["who_may_apply"] for post in whole if post["ref"].startswith("OSCE")} == {
        "OSCE participating States"
    }
    assert client.get("/api/posts/", {"nationality": "XX"}).status_code == 400


def test_the_api_documents_the_nationality_with_its_values(client):
    schema = client.get("/api/openapi.json").json()
    (parameter,) = [
        p for p in schema["paths"]["/api/posts/"]["get"]["parameters"] if p["name"] == "nationality"
    ]
    assert "NO" in parameter["schema"]["enum"]
    assert len(parameter["schema"]["enum"]) == len(nationality_choices())


def test_feed_calendar_and_csv_take_the_nationality(client, posts):
    assert len(atom_entries(client, nationality=KAZAKHSTAN)) == 2
    assert len(ics_events(client, nationality=KAZAKHSTAN)) == 2
    header, *rows = csv_rows(client, nationality=KAZAKHSTAN)
    column = header.index("Open to Contributing Third States")
    assert [row[column] for row in rows] == ["Not applicable: OSCE participating States"] * 2


def test_an_alert_keeps_the_nationality_and_sends_only_posts_open_to_it(
    client, mailoutbox, settings
):
    settings.SITE_URL = "https://jobs.example.org"
    response = client.get("/alerts/new/", {"nationality": KAZAKHSTAN})
    assert "Your nationality: Kazakhstan" in response.content.decode()
    alert = AlertFactory(search={"nationality": KAZAKHSTAN})
    PostFactory(title="Rule of Law Adviser", call=osce_call())
    PostFactory(title="Justice Monitor")  # an EU post: not for Kazakhstan
    send()
    [message] = mailoutbox
    assert message.to == [alert.email]
    assert "Rule of Law Adviser" in message.body
    assert "Justice Monitor" not in message.body


@pytest.mark.parametrize("code", ["MC", "DE", "NO"])
def test_the_nationality_filter_joins_no_table(code):
    """Whether a post is the OSCE's is a test of its own mission column (a list of the
    OSCE's missions), which Postgres makes before reading the post's words; a join to the
    organisation came after, with every post's words read."""
    sql = str(Post.objects.order_by().open_to_nationality(code).query)
    tables, condition = sql.split(" WHERE ", 1)
    assert " JOIN " not in tables
    assert '"vacancies_post"."mission_id" IN (SELECT' in condition
