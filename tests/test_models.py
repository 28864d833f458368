from datetime import date, datetime, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from tests.factories import CallFactory, MissionFactory, PostFactory, VacancyFactory
from vacancies.models import Call, Clearance, Post, Regime, Vacancy, q_closed

pytestmark = pytest.mark.django_db


def test_same_ref_may_appear_twice_in_a_call_with_different_regimes():
    call = CallFactory()
    PostFactory(call=call, ref="EK 60021", regime=Regime.SECONDED)
    PostFactory(call=call, ref="EK 60021", regime=Regime.SECONDED_CONTRACTED)
    assert call.posts.count() == 2


def test_same_ref_and_regime_twice_in_a_call_is_refused():
    call = CallFactory()
    PostFactory(call=call, ref="EK 60021", regime=Regime.SECONDED)
    with pytest.raises(IntegrityError):
        PostFactory(call=call, ref="EK 60021", regime=Regime.SECONDED)


def test_posts_without_ref_do_not_collide():
    call = CallFactory()
    PostFactory(call=call, ref="", title="Communities Protection Officer")
    PostFactory(call=call, ref="", title="Human Rights Officer")
    assert call.posts.count() == 2


def test_one_call_per_mission_and_reference():
    mission = MissionFactory()
    CallFactory(mission=mission, reference="3-2025")
    with pytest.raises(IntegrityError):
        CallFactory(mission=mission, reference="3-2025")


def test_the_same_reference_in_another_mission_is_another_call():
    CallFactory(reference="3-2025")
    CallFactory(reference="3-2025")
    assert Call.objects.filter(reference="3-2025").count() == 2


@pytest.mark.parametrize(
    "field, value",
    [("regime", "freelance"), ("clearance", 9)],
)
def test_database_refuses_values_outside_the_choices(field, value):
    with pytest.raises(IntegrityError):
        PostFactory(**{field: value})


def test_database_refuses_an_unknown_vacancy_status():
    with pytest.raises(IntegrityError):
        VacancyFactory(status="maybe")


def test_database_refuses_an_unknown_call_status():
    with pytest.raises(IntegrityError):
        CallFactory(status="archived")


def test_clearance_levels_are_ordered():
    assert Clearance.NOT_REQUIRED < Clearance.EU_RESTRICTED < Clearance.EU_CONFIDENTIAL
    assert Clearance.EU_CONFIDENTIAL < Clearance.EU_SECRET < Clearance.EU_TOP_SECRET


def test_clearance_has_one_vocabulary_of_slugs():
    slugs = [level.slug for level in Clearance]
    assert slugs == ["none", "restricted", "confidential", "secret", "top_secret"]
    assert all(Clearance.from_slug(level.slug) is level for level in Clearance)
    assert dict(Clearance.slug_choices())["top_secret"] == "EU TOP SECRET"


def test_vacancy_counts_come_from_the_vacancies():
    post = PostFactory()
    VacancyFactory(post=post, status=Vacancy.Status.CONFIRMED)
    VacancyFactory(post=post, status=Vacancy.Status.CONFIRMED)
    VacancyFactory(post=post, status=Vacancy.Status.PENDING)
    counted = Post.objects.with_vacancy_counts().get(pk=post.pk)
    assert (counted.confirmed_count, counted.pending_count) == (2, 1)


def test_open_means_published_and_before_the_deadline():
    open_post = PostFactory()
    PostFactory(call=CallFactory(closed=True))
    PostFactory(call=CallFactory(draft=True))
    PostFactory(call=CallFactory(withdrawn=True))
    assert list(Post.objects.open()) == [open_post]


def test_closed_means_published_and_past_the_deadline():
    PostFactory()
    closed_post = PostFactory(call=CallFactory(closed=True))
    PostFactory(call=CallFactory(closed=True, draft=True))
    assert list(Post.objects.filter(q_closed())) == [closed_post]


def test_publish_sets_the_status_and_the_publication_time_once():
    call = CallFactory(draft=True)
    call.publish()
    call.refresh_from_db()
    assert call.status == Call.Status.PUBLISHED
    first_published = call.published_at
    assert first_published is not None
    call.withdraw()
    call.publish()
    call.refresh_from_db()
    assert call.published_at == first_published


def test_withdraw_hides_the_call_from_the_public():
    post = PostFactory()
    post.call.withdraw()
    assert not Post.objects.published().exists()


def test_days_left_counts_calendar_days_in_brussels():
    call = CallFactory(deadline=timezone.now() + timedelta(days=3, hours=1))
    assert call.days_left in (3, 4)  # depends on the hour of day the test runs
    assert CallFactory(closed=True).days_left is None


def test_slugs_are_made_from_titles():
    post = PostFactory(title="Head of Police Advisors Unit")
    assert post.slug == "head-of-police-advisors-unit"
    assert post.get_absolute_url() == f"/posts/{post.pk}/head-of-police-advisors-unit/"


def test_posts_carry_their_calls_status_and_deadline_whatever_writes_them():
    call = CallFactory(draft=True)
    post = PostFactory(call=call)
    assert Post.objects.filter(pk=post.pk, call_status="draft", deadline=call.deadline).exists()

    call.publish()
    call.deadline = timezone.now() + timedelta(days=99)
    call.save()
    copied = Post.objects.values("call_status", "deadline", "published_at").get(pk=post.pk)
    assert copied == {
        "call_status": "published",
        "deadline": call.deadline,
        "published_at": call.published_at,
    }

    Post.objects.filter(pk=post.pk).update(deadline=timezone.now(), call_status="withdrawn")
    assert Post.objects.filter(pk=post.pk, call_status="published", deadline=call.deadline).exists()

    other = CallFactory(closed=True)
    Post.objects.filter(pk=post.pk).update(call=other)
    assert Post.objects.get(pk=post.pk).deadline == other.deadline


def test_published_on_is_the_printed_date_of_publication_else_the_day_published_here():
    call = CallFactory(published_at=timezone.make_aware(datetime(2030, 3, 4, 23, 30)))
    assert call.published_on == date(2030, 3, 4)  # the day in Brussels
    call.publication_date = date(2030, 3, 2)
    assert call.published_on == date(2030, 3, 2)
    assert CallFactory(draft=True).published_on is None


def test_a_call_saved_as_published_has_the_time_it_was_published():
    call = CallFactory(draft=True)
    call.status = Call.Status.PUBLISHED
    call.save()  # as the admin's form saves it
    assert call.published_at is not None
    Call.objects.filter(pk=call.pk).update(status=Call.Status.DRAFT, published_at=None)
    call.refresh_from_db()
    call.status = Call.Status.PUBLISHED
    call.save(update_fields=["status"])
    call.refresh_from_db()
    assert call.published_at is not None
