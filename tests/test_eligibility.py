"""What seconding authorities ask: who may apply, how many posts each option gives, what
closes soon, and what changed when a post was advertised again."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    CallFactory,
    MissionFactory,
    PostFactory,
    VacancyFactory,
)
from vacancies.listing import Listing, PostFilter
from vacancies.models import Clearance, Eligibility, Post, Regime, Vacancy, q_eligible_for

pytestmark = pytest.mark.django_db


def refs(data: dict) -> set[str]:
    return {post.ref for post in PostFilter(data).qs}


@pytest.fixture
def regimes():
    PostFactory(ref="S", regime=Regime.SECONDED, open_to_third_states=False)
    PostFactory(ref="S-CTS", regime=Regime.SECONDED, open_to_third_states=True)
    PostFactory(ref="SC-CTS", regime=Regime.SECONDED_CONTRACTED, open_to_third_states=True)
    PostFactory(ref="C-CTS", regime=Regime.CONTRACTED, open_to_third_states=True)
    PostFactory(ref="S-UNSTATED", regime=Regime.SECONDED, open_to_third_states=None)


# Eligibility -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("member_state", {"S", "S-CTS", "SC-CTS", "S-UNSTATED"}),
        ("third_state", {"S-CTS", "SC-CTS"}),  # a contracted-only post takes no secondee
        ("contracted", {"SC-CTS", "C-CTS"}),
    ],
)
def test_eligible_for(regimes, kind, expected):
    assert refs({"eligible_for": kind}) == expected
    assert {p.ref for p in Post.objects.filter(q_eligible_for(kind))} == expected


def test_a_posts_eligibility_agrees_with_the_filter(regimes):
    for post in Post.objects.all():
        assert post.eligibility == [
            kind for kind in Eligibility if post in Post.objects.filter(q_eligible_for(kind))
        ]


def test_an_unknown_eligibility_is_a_form_error(client, regimes):
    response = client.get("/posts/", {"eligible_for": "everyone"})
    assert "eligible_for" in response.context["filter"].form.errors
    assert response.context["paginator"].count == 5


def test_the_page_explains_each_kind_of_eligibility(client):
    body = client.get("/posts/").content.decode()
    assert "<details" in body and "Who may apply" in body
    for label in Eligibility.labels:
        assert label in body


# Facet counts ---------------------------------------------------------------------------


def test_each_option_shows_how_many_posts_it_would_give(client):
    PostFactory(clearance=Clearance.EU_SECRET, regime=Regime.SECONDED_CONTRACTED)
    PostFactory(clearance=Clearance.EU_SECRET)
    PostFactory(clearance=None)
    PostFactory(clearance=Clearance.EU_SECRET, call=CallFactory(closed=True))
    body = client.get("/posts/").content.decode()
    assert '<option value="secret">EU SECRET (3)</option>' in body
    assert '<option value="restricted">EU RESTRICTED (1)</option>' in body  # the unstated one
    assert '<option value="open">Open (3)</option>' in body
    assert '<option value="closed">Closed (1)</option>' in body
    assert (
        '<option value="contracted">'
        "Takes contracted staff (contracted, seconded/contracted) (1)</option>" in body
    )


def test_a_facet_counts_with_the_other_filters_but_not_its_own(regimes):
    facets = Listing({"regime": "contracted", "third_states": "yes"}).facets
    assert facets["regime"] == {"seconded": 2, "contracted": 2}  # third_states=yes, any regime
    assert facets["third_states"] == {"yes": 2, "no": 0}  # regime=contracted, any third states
    assert facets["eligible_for"] == {"member_state": 1, "third_state": 1, "contracted": 2}


def test_mission_options_are_the_missions_with_posts_counted(client):
    eulex = MissionFactory(slug="eulex", name="EULEX Kosovo")
    PostFactory(call=CallFactory(mission=eulex))
    PostFactory(call=CallFactory(mission=eulex))
    MissionFactory(slug="empty", name="A Mission Without Posts")
    body = client.get("/posts/").content.decode()
    assert '<option value="eulex">EULEX Kosovo (2)</option>' in body
    assert "A Mission Without Posts" not in body


def test_a_chosen_mission_without_results_stays_selectable(client):
    MissionFactory(slug="quiet", name="Quiet Mission")
    PostFactory()
    body = client.get("/posts/", {"mission": "quiet"}).content.decode()
    assert "Quiet Mission (0)" in body


def test_facets_take_a_fixed_number_of_queries(django_assert_max_num_queries, client):
    for _ in range(5):
        PostFactory(call=CallFactory(mission=MissionFactory()))
    with django_assert_max_num_queries(12):
        client.get("/posts/", {"regime": "seconded", "q": "monitor"})


# Deadlines ------------------------------------------------------------------------------


def brussels(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def test_closing_within_counts_whole_days_in_brussels():
    today = timezone.localdate()

    def last_minute_of(days_ahead: int) -> datetime:
        return timezone.make_aware(
            datetime.combine(today + timedelta(days=days_ahead), time(23, 59))
        )

    PostFactory(ref="TODAY", call=CallFactory(deadline=last_minute_of(0)))
    PostFactory(ref="IN-3", call=CallFactory(deadline=last_minute_of(3)))
    PostFactory(ref="IN-4", call=CallFactory(deadline=last_minute_of(4)))
    PostFactory(ref="CLOSED", call=CallFactory(closed=True))
    assert refs({"closing_within": "0"}) == {"TODAY"}
    assert refs({"closing_within": "3"}) == {"TODAY", "IN-3"}
    assert refs({"closing_within": "4", "status": "all"}) == {
        "TODAY",
        "IN-3",
        "IN-4",
    }  # never closed ones


@pytest.mark.parametrize("value", ["-1", "367", "soon", "1.5"])
def test_closing_within_rejects_what_is_not_a_number_of_days(value):
    assert "closing_within" in PostFilter({"closing_within": value}).errors


def test_every_post_shows_its_days_left_and_closed_ones_stay_as_an_archive(client):
    PostFactory(ref="OPEN", call=CallFactory(deadline=timezone.now() + timedelta(days=10)))
    PostFactory(ref="CLOSED", call=CallFactory(closed=True))
    assert "days left" in client.get("/posts/").content.decode()
    archive = client.get("/posts/", {"status": "closed"})
    assert [p.ref for p in archive.context["object_list"]] == ["CLOSED"]
    assert "Closed</span>" in archive.content.decode()


# Re-advertisements ------------------------------------------------------------------------


def test_a_post_page_lists_its_other_advertisements_with_what_changed(client):
    mission = MissionFactory()
    first = CallFactory(mission=mission, title="3-2025 Call", deadline=brussels(2025, 11, 14, 17))
    again = CallFactory(
        mission=mission, title="1-2026 Extraordinary Call", deadline=brussels(2026, 4, 27, 17)
    )
    old = PostFactory(call=first, ref="EK 60021", clearance=Clearance.EU_SECRET)
    VacancyFactory(post=old, status=Vacancy.Status.PENDING, availability=date(2026, 1, 1))
    new = PostFactory(call=again, ref="EK 60021", clearance=Clearance.EU_SECRET)
    VacancyFactory(post=new)
    both = PostFactory(
        call=again,
        ref="EK 60021",
        regime=Regime.SECONDED_CONTRACTED,
        clearance=Clearance.EU_CONFIDENTIAL,
    )
    PostFactory(ref="EK 60021")  # another mission's post with the same ref is another post
    PostFactory(call=CallFactory(mission=mission, draft=True), ref="EK 60021")  # not published

    history = Post.advertisement_history(new.advertisements_with_vacancies())
    assert [(ad, changes) for ad, changes in history] == [
        (old, None),
        (new, ["Vacancies: 1 pending (from 1 Jan 2026) → 1 confirmed (ASAP)"]),
        (
            both,
            [
                "Regime: Seconded → Seconded/Contracted",
                "Security clearance: EU SECRET → EU CONFIDENTIAL",
                "Vacancies: 1 pending (from 1 Jan 2026) → not stated",
            ],
        ),
    ]
    body = client.get(old.get_absolute_url()).content.decode()
    assert "Every advertisement of EK 60021" in body
    assert (
        f'href="{new.get_absolute_url()}"' in body and f'href="{both.get_absolute_url()}"' in body
    )
    assert "1-2026 Extraordinary Call" in body and "First advertised" in body
    assert "Regime: Seconded → Seconded/Contracted" in body


def test_a_post_advertised_once_has_no_history(client):
    post = PostFactory()
    assert Post.advertisement_history(post.advertisements_with_vacancies()) == []
    assert "Every advertisement" not in client.get(post.get_absolute_url()).content.decode()


def test_the_post_page_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    mission = MissionFactory()
    for _ in range(4):
        post = PostFactory(call=CallFactory(mission=mission), ref="EK 1")
        VacancyFactory(post=post)
    with django_assert_max_num_queries(8):
        client.get(post.get_absolute_url())


def test_ek_60021_in_the_samples_lists_both_calls(client, samples):
    first = Post.objects.get(ref="EK 60021", call__reference="3-2025")
    body = client.get(first.get_absolute_url()).content.decode()
    assert "1-2026 Extraordinary Call for Contributions" in body
    assert "Regime: Seconded → Seconded/Contracted" in body
    history = Post.advertisement_history(first.advertisements_with_vacancies())
    assert [(ad.call.reference, ad.regime) for ad, _ in history] == [
        ("3-2025", Regime.SECONDED),
        ("1-2026", Regime.SECONDED),
        ("1-2026", Regime.SECONDED_CONTRACTED),
    ]
