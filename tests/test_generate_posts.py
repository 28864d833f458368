"""manage.py generate_posts: realistic generated data for the load benchmark."""

from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from devtools.datagen.generated import (
    GENERATED_NAME_SUFFIX,
    GENERATED_SLUG_PREFIX,
    generated_posts,
)
from tests.factories import PostFactory
from vacancies.models import Call, Clearance, Mission, Organisation, Post, Regime, Section, Vacancy

pytestmark = pytest.mark.django_db


def generate(posts=300, **options):
    call_command("generate_posts", posts=posts, verbosity=0, stdout=None, **options)


def content(posts) -> list[tuple]:
    """What a post is, ids and times (relative to now) left out."""
    return [
        (
            p.call.mission.slug,
            p.call.reference,
            p.ref,
            p.title,
            p.regime,
            p.clearance,
            p.open_to_third_states,
            p.duty_station,
            tuple(tuple(s.items) for s in p.sections.all()),
            tuple((v.status, v.order) for v in p.vacancies.all()),
        )
        for p in posts.select_related("call__mission")
        .prefetch_related("sections", "vacancies")
        .order_by(
            "call__deadline",
            "call__mission__slug",
            "call__reference",
            "call__title",
            "order",
            "title",
        )
    ]


def test_generates_the_number_of_posts_asked():
    generate(posts=300)
    assert generated_posts().count() == Post.objects.count() == 300


def test_every_post_has_its_job_description():
    generate(posts=300)
    kinds = Counter(Section.objects.values_list("post_id", flat=True))
    assert set(kinds.values()) <= {6, 7}  # OSCE notices six sections, EU calls seven
    assert len(kinds) == 300
    sections = Section.objects.values_list("kind", "items")
    assert all(len(items) == 1 for kind, items in sections if kind == Section.Kind.REPORTING_LINE)
    assert all(1 <= len(items) <= 16 for kind, items in sections)


def test_eu_posts_have_one_to_three_vacancies_and_osce_posts_none():
    generate(posts=300)
    counts = Post.objects.annotate(n=Count("vacancies"))
    assert {p.n for p in counts.filter(call__kind=Call.Kind.CALL_FOR_CONTRIBUTIONS)} <= {1, 2, 3}
    assert {p.n for p in counts.filter(call__kind=Call.Kind.VACANCY_NOTICE)} <= {0}


def test_distributions_follow_the_samples():
    generate(posts=3000)
    posts = Post.objects.all()
    eu = posts.filter(call__kind=Call.Kind.CALL_FOR_CONTRIBUTIONS)
    regimes = Counter(eu.values_list("regime", flat=True))
    assert 0.75 < regimes[Regime.SECONDED] / eu.count() < 0.85
    assert 0.11 < regimes[Regime.SECONDED_CONTRACTED] / eu.count() < 0.19
    assert 0.02 < regimes[Regime.CONTRACTED] / eu.count() < 0.08
    assert 0.4 < eu.filter(open_to_third_states=True).count() / eu.count() < 0.6
    assert 0.5 < eu.filter(clearance=Clearance.NOT_REQUIRED).count() / eu.count() < 0.66
    assert 0.22 < eu.filter(clearance=Clearance.EU_SECRET).count() / eu.count() < 0.34
    assert 0.08 < posts.filter(call__kind=Call.Kind.VACANCY_NOTICE).count() / posts.count() < 0.25
    assert 0.01 < posts.open().count() / posts.count() < 0.12
    oldest = Call.objects.order_by("deadline").first().deadline
    assert (timezone.now() - oldest).days > 8 * 365


def test_open_share_sets_how_many_posts_are_open():
    generate(posts=300, open_share=1)
    assert (
        Post.objects.open().count()
        == Post.objects.filter(call__status=Call.Status.PUBLISHED).count()
        > 250
    )


def test_same_ref_may_be_advertised_seconded_and_seconded_contracted():
    generate(posts=3000)
    twins = (
        Post.objects.exclude(ref="").values("call", "ref").annotate(n=Count("id")).filter(n__gt=1)
    )
    assert twins.exists()
    assert (
        not Post.objects.exclude(ref="")
        .values("call", "ref", "regime")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )


def test_rows_pass_the_model_constraints():
    generate(posts=300)
    for model in (Mission, Call, Post, Vacancy, Section):
        for row in model.objects.all()[:200]:
            row.validate_constraints()


def test_generated_missions_are_marked():
    generate(posts=300)
    for mission in Mission.objects.all():
        assert mission.slug.startswith(GENERATED_SLUG_PREFIX)
        assert mission.name.endswith(GENERATED_NAME_SUFFIX)


def test_search_vectors_are_filled():
    generate(posts=300)
    assert not Post.objects.filter(search_vector__isnull=True).exists()


def test_same_seed_gives_the_same_data():
    generate(posts=300, seed=7)
    first = content(Post.objects.all())
    generate(posts=300, seed=7, clear=True)
    assert content(Post.objects.all()) == first


def test_another_seed_gives_other_data():
    generate(posts=300, seed=7)
    first = content(Post.objects.all())
    generate(posts=300, seed=8, clear=True)
    assert content(Post.objects.all()) != first


def test_refuses_to_add_to_generated_data_without_clear():
    generate(posts=300)
    with pytest.raises(CommandError, match="already has 300 generated posts: pass --clear"):
        generate(posts=300)
    assert Post.objects.count() == 300


def test_clear_removes_only_generated_data():
    real = PostFactory(call__mission__organisation__name="European External Action Service")
    generate(posts=300)
    generate(posts=50, clear=True)
    assert generated_posts().count() == 50
    call_command("generate_posts", posts=1, clear=True, verbosity=0)
    assert Post.objects.count() == 2
    assert Post.objects.filter(pk=real.pk).exists()
    assert Mission.objects.filter(pk=real.call.mission_id).exists()
    assert Organisation.objects.filter(name="European External Action Service").count() == 1


def test_batches_give_the_same_data_as_one_transaction():
    generate(posts=300, seed=5)
    whole = content(Post.objects.all())
    generate(posts=300, seed=5, clear=True, batch=40)
    assert content(Post.objects.all()) == whole


@pytest.mark.django_db(transaction=True)
def test_the_public_pages_work_on_generated_data(client):
    generate(posts=300, open_share=0.3)
    post = Post.objects.open().first()
    for url in [
        "/",
        "/posts/",
        "/posts/?regime=seconded&clearance=secret",
        "/posts/?third_states=yes&location=pristina",
        "/posts/?status=closed&page=2",
        post.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 200, url
