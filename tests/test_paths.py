"""missionjobs/paths.py: cached_reverse writes what reverse() writes."""

import pytest
from django.urls import reverse, set_script_prefix

from missionjobs.paths import _parts, cached_reverse


@pytest.fixture
def script_prefix():
    """Set a script prefix, as a server mounted under a path does; the default after."""
    yield set_script_prefix
    set_script_prefix("/")


@pytest.mark.parametrize(
    "name, args",
    [
        ("vacancies:post_detail", (7, "head-of-mission")),
        ("vacancies:post_detail", (1000000015, "a-1000000000000000")),
        ("vacancies:call_detail", (42, "call-for-contributions-2025-3")),
        ("vacancies:mission_detail", ("eulex-kosovo",)),
        ("vacancies:post_list", ()),
        ("vacancies:api_post_detail", (3,)),
    ],
)
def test_it_writes_what_reverse_writes(script_prefix, name, args):
    assert cached_reverse(name, *args) == reverse(name, args=args)
    script_prefix("/jobs/")
    assert cached_reverse(name, *args) == reverse(name, args=args)
    assert cached_reverse(name, *args).startswith("/jobs/")


def test_reverse_runs_once_per_name_and_prefix(monkeypatch):
    calls = []
    monkeypatch.setattr("missionjobs.paths.reverse", lambda *a, **k: calls.append(a) or "/x/")
    _parts.cache_clear()
    for _ in range(5):
        cached_reverse("vacancies:post_feed")
    assert len(calls) == 1
    _parts.cache_clear()  # the next test's paths come from the real reverse()


@pytest.mark.django_db
def test_models_link_to_their_pages(samples):
    from vacancies.models import Post

    post = Post.objects.select_related("call__mission").first()
    assert post.get_absolute_url() == reverse("vacancies:post_detail", args=[post.pk, post.slug])
    assert post.call.get_absolute_url() == reverse(
        "vacancies:call_detail", args=[post.call.pk, post.call.slug]
    )
    assert post.call.mission.get_absolute_url() == reverse(
        "vacancies:mission_detail", args=[post.call.mission.slug]
    )
