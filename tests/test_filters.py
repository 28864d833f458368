from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests.factories import CallFactory, MissionFactory, PostFactory
from vacancies.listing import PostFilter
from vacancies.models import Clearance, Post, Regime

pytestmark = pytest.mark.django_db


def refs(data: dict) -> set[str]:
    return {post.ref for post in PostFilter(data, queryset=Post.objects.all()).qs}


def brussels(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def test_open_posts_are_the_default():
    PostFactory(ref="OPEN")
    PostFactory(ref="CLOSED", call=CallFactory(closed=True))
    assert refs({}) == {"OPEN"}
    assert refs({"status": "open"}) == {"OPEN"}


def test_status_closed_and_all():
    PostFactory(ref="OPEN")
    PostFactory(ref="CLOSED", call=CallFactory(closed=True))
    PostFactory(ref="DRAFT", call=CallFactory(draft=True))
    assert refs({"status": "closed"}) == {"CLOSED"}
    assert refs({"status": "all"}) == {"OPEN", "CLOSED"}


def test_mission_by_slug():
    mission = MissionFactory(slug="eulex")
    PostFactory(ref="EULEX", call=CallFactory(mission=mission))
    PostFactory(ref="OTHER")
    assert refs({"mission": "eulex"}) == {"EULEX"}


@pytest.mark.parametrize(
    "place", ["pristina", "PRISTINA", " Pristina ", "western balkans region (kosovo)"]
)
def test_location_matches_duty_station_or_region_whatever_the_case(place):
    PostFactory(ref="PR", duty_station="Pristina", location="Western Balkans Region (Kosovo)")
    PostFactory(ref="TB", duty_station="Tbilisi", location="Georgia")
    assert refs({"location": place}) == {"PR"}


def test_regime_seconded_includes_seconded_contracted():
    PostFactory(ref="S", regime=Regime.SECONDED)
    PostFactory(ref="C", regime=Regime.CONTRACTED)
    PostFactory(ref="SC", regime=Regime.SECONDED_CONTRACTED)
    assert refs({"regime": "seconded"}) == {"S", "SC"}
    assert refs({"regime": "contracted"}) == {"C", "SC"}


@pytest.mark.parametrize(
    "held, expected",
    [
        ("none", {"NONE", "UNSTATED"}),
        ("restricted", {"NONE", "UNSTATED", "RESTRICTED"}),
        ("confidential", {"NONE", "UNSTATED", "RESTRICTED"}),
        ("secret", {"NONE", "UNSTATED", "RESTRICTED", "SECRET"}),
        ("top_secret", {"NONE", "UNSTATED", "RESTRICTED", "SECRET", "TOP"}),
    ],
)
def test_clearance_shows_posts_needing_that_level_or_less(held, expected):
    PostFactory(ref="NONE", clearance=Clearance.NOT_REQUIRED)
    PostFactory(ref="UNSTATED", clearance=None)
    PostFactory(ref="RESTRICTED", clearance=Clearance.EU_RESTRICTED)
    PostFactory(ref="SECRET", clearance=Clearance.EU_SECRET)
    PostFactory(ref="TOP", clearance=Clearance.EU_TOP_SECRET)
    assert refs({"clearance": held}) == expected


def test_third_states_yes_and_no_leave_out_unknown():
    PostFactory(ref="YES", open_to_third_states=True)
    PostFactory(ref="NO", open_to_third_states=False)
    PostFactory(ref="UNKNOWN", open_to_third_states=None)
    assert refs({"third_states": "yes"}) == {"YES"}
    assert refs({"third_states": "no"}) == {"NO"}


def test_deadline_bounds_are_whole_days_in_brussels():
    PostFactory(ref="EARLY", call=CallFactory(deadline=brussels(2030, 3, 1, 0, 30)))
    PostFactory(ref="LATE", call=CallFactory(deadline=brussels(2030, 3, 1, 23, 30)))
    PostFactory(ref="NEXT", call=CallFactory(deadline=brussels(2030, 3, 2, 0, 0)))
    assert refs({"deadline_after": "2030-03-01", "deadline_before": "2030-03-01"}) == {
        "EARLY",
        "LATE",
    }
    assert refs({"deadline_after": "2030-03-02"}) == {"NEXT"}
    assert refs({"deadline_before": "2030-02-28"}) == set()


def test_filters_combine():
    secret_call = CallFactory()
    PostFactory(
        call=secret_call,
        ref="MATCH",
        regime=Regime.SECONDED_CONTRACTED,
        open_to_third_states=True,
        clearance=Clearance.EU_CONFIDENTIAL,
        duty_station="Mitrovica",
    )
    PostFactory(
        call=secret_call,
        ref="WRONG-PLACE",
        regime=Regime.SECONDED_CONTRACTED,
        open_to_third_states=True,
        duty_station="Pristina",
    )
    PostFactory(
        ref="WRONG-REGIME",
        regime=Regime.CONTRACTED,
        open_to_third_states=True,
        duty_station="Mitrovica",
    )
    PostFactory(
        ref="TOO-SECRET",
        open_to_third_states=True,
        clearance=Clearance.EU_SECRET,
        duty_station="Mitrovica",
    )
    data = {
        "regime": "seconded",
        "third_states": "yes",
        "clearance": "confidential",
        "location": "mitrovica",
    }
    assert refs(data) == {"MATCH"}


def test_sort_by_deadline_published_and_title():
    soon = CallFactory(
        deadline=timezone.now() + timedelta(days=2), published_at=timezone.now() - timedelta(days=9)
    )
    later = CallFactory(deadline=timezone.now() + timedelta(days=20), published_at=timezone.now())
    PostFactory(call=later, ref="B", title="Analyst")
    PostFactory(call=soon, ref="A", title="Zoologist")

    def order(sort):
        return [
            p.ref
            for p in PostFilter({"sort": sort} if sort else {}, queryset=Post.objects.all()).qs
        ]

    assert order(None) == ["A", "B"]
    assert order("deadline") == ["A", "B"]
    assert order("-published") == ["B", "A"]
    assert order("title") == ["B", "A"]


def test_archive_lists_the_most_recently_closed_first():
    PostFactory(ref="LONG-AGO", call=CallFactory(deadline=timezone.now() - timedelta(days=300)))
    PostFactory(ref="RECENT", call=CallFactory(deadline=timezone.now() - timedelta(days=3)))
    posts = PostFilter({"status": "closed"}, queryset=Post.objects.all()).qs
    assert [p.ref for p in posts] == ["RECENT", "LONG-AGO"]


@pytest.mark.parametrize(
    "param, value",
    [
        ("status", "everything"),
        ("mission", "no-such-mission"),
        ("regime", "volunteer"),
        ("clearance", "cosmic"),
        ("third_states", "maybe"),
        ("deadline_after", "31/02/2026"),
        ("deadline_before", "soon"),
        ("sort", "salary"),
        ("location", "x" * 500),
        ("q", "x" * 201),
        ("eligible_for", "everyone"),
        ("closing_within", "soon"),
        ("closing_within", "-1"),
    ],
)
def test_a_bad_value_is_ignored_and_shown_as_a_form_error(client, param, value):
    PostFactory(ref="OPEN")
    PostFactory(ref="CLOSED", call=CallFactory(closed=True))
    response = client.get("/posts/", {param: value})
    assert response.status_code == 200
    assert param in response.context["filter"].form.errors
    assert [p.ref for p in response.context["object_list"]] == ["OPEN"]
    assert "were not understood" in response.content.decode()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_extreme_dates_do_not_overflow(client, day):
    PostFactory()
    for param in ("deadline_before", "deadline_after"):
        assert client.get("/posts/", {param: day}).status_code == 200


def test_filtersets_made_side_by_side_keep_their_own_filters_and_forms():
    # PostFilter copies its filters shallowly and shares one form class: each copy's
    # method must still call its own filterset, and a form's counts stay its own.
    PostFactory(ref="SEC", regime=Regime.SECONDED)
    PostFactory(ref="CON", regime=Regime.CONTRACTED)
    seconded = PostFilter({"regime": "seconded"}, queryset=Post.objects.all())
    contracted = PostFilter({"regime": "contracted"}, queryset=Post.objects.all())
    assert {post.ref for post in contracted.qs} == {"CON"}
    assert {post.ref for post in seconded.qs} == {"SEC"}
    contracted.form.fields["regime"].widget.choices = [("x", "changed")]
    assert seconded.form.fields["regime"].widget.choices != [("x", "changed")]
    assert PostFilter({}).form.fields["regime"].choices == seconded.form.fields["regime"].choices


def test_choice_fields_list_their_choices_once_for_every_form():
    # Each form's copy of a choice field shares one list of its choices (hundreds of
    # nationalities), the empty choice first, and validates and writes from it.
    first, second = PostFilter({"nationality": "FR"}), PostFilter({"nationality": "XX"})
    choices = first.form.fields["nationality"].choices
    assert choices.listed is second.form.fields["nationality"].choices.listed
    assert next(iter(choices)) == ("", "Any")
    assert ("FR", "France") in list(choices)
    assert first.is_valid() and not second.is_valid()
    assert "nationality" in second.errors
    written = str(first.form["nationality"])
    assert written.count("<option") == len(choices)
    assert '<option value="FR" selected>France</option>' in written


@pytest.mark.parametrize(
    "data, column, times",
    [
        ({"eligible_for": "third_state", "third_states": "yes"}, "open_to_third_states", 1),
        ({"eligible_for": "member_state", "regime": "seconded"}, '"regime" IN', 1),
        ({"eligible_for": "contracted", "regime": "contracted", "q": "police"}, '"regime" IN', 1),
        # Different conditions on one column stay: both bound the deadline.
        (
            {"status": "all", "deadline_after": "2026-01-01", "deadline_before": "2026-02-01"},
            '"deadline" ',
            2,
        ),
    ],
)
def test_a_condition_two_filters_share_is_written_once(data, column, times):
    """Postgres would take it for two independent conditions (see filterset.said_once)."""
    filterset = PostFilter(data, queryset=Post.objects.all())
    assert filterset.is_valid()
    sql = str(filterset.filtered(filterset.queryset).order_by().query)
    where = sql.split(" WHERE ", 1)[1]
    assert where.count(column) == times


def test_conditions_written_once_give_the_same_posts():
    PostFactory(ref="CTS", regime=Regime.SECONDED, open_to_third_states=True)
    PostFactory(ref="NO-CTS", regime=Regime.SECONDED, open_to_third_states=False)
    PostFactory(ref="CONTRACTED", regime=Regime.CONTRACTED, open_to_third_states=True)
    assert refs({"eligible_for": "third_state", "third_states": "yes"}) == {"CTS"}
    assert refs({"eligible_for": "member_state", "regime": "seconded"}) == {"CTS", "NO-CTS"}
