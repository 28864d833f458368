"""The public pages' cache key: the data, the last deadline passed, the day in Brussels;
the address the page was asked at; the site."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest

from tests.clock import at
from tests.factories import CallFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_a_page_stays_cached_while_nothing_it_shows_changes(
    client, now, django_assert_max_num_queries
):
    PostFactory(call=CallFactory(deadline=now + timedelta(days=3)))
    first = client.get("/posts/")
    with at(now + timedelta(hours=2)), django_assert_max_num_queries(1):  # the content version
        again = client.get("/posts/")
    assert again.content == first.content and again["ETag"] == first["ETag"]


def test_a_deadline_passing_takes_the_post_off_the_open_list(client, now):
    closing = PostFactory(
        title="Closing Adviser", call=CallFactory(deadline=now + timedelta(minutes=5))
    )
    PostFactory(title="Staying Officer", call=CallFactory(deadline=now + timedelta(days=3)))
    before = client.get("/posts/")
    assert closing.title in before.content.decode()
    with at(now + timedelta(minutes=6)):
        after = client.get("/posts/", HTTP_IF_NONE_MATCH=before["ETag"])
        assert after.status_code == 200
        assert (
            closing.title not in after.content.decode()
            and "Staying Officer" in after.content.decode()
        )
        assert after.context["paginator"].count == 1  # the counts moved on too


def test_the_day_turning_in_brussels_renews_the_days_left(client, now):
    post = PostFactory(call=CallFactory(deadline=now + timedelta(days=3)))
    assert "3 days left" in client.get(post.get_absolute_url()).content.decode()
    with at(now + timedelta(days=1)):
        assert "2 days left" in client.get(post.get_absolute_url()).content.decode()


def test_a_change_to_the_data_renews_the_page(client, now):
    post = PostFactory(title="Justice Monitor")
    assert "Justice Monitor" in client.get(post.get_absolute_url()).content.decode()
    post.title = "Senior Justice Monitor"
    post.save()
    assert "Senior Justice Monitor" in client.get(post.get_absolute_url()).content.decode()


def production_cache(cache_dir, statement: str, **env: str) -> str:
    """Run ``statement`` with the production settings' cache, as a gunicorn worker would."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "missionjobs.settings",
        "CACHE_DIR": str(cache_dir),
        "SECRET_KEY": "tests-only",
        "SITE_URL": "https://jobs.example.org",
        "DATABASE_URL": "postgres://unused@127.0.0.1:1/missionjobs",
        **env,
    }
    code = f"import django; django.setup(); from django.core.cache import cache; {statement}"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    "other_site",
    [
        {"DATABASE_URL": "postgres://unused@127.0.0.1:1/staging"},
        {"DATABASE_URL": "postgres://unused@db.example.org:1/missionjobs"},
        {"SITE_URL": "https://staging.example.org"},
    ],
)
def test_two_sites_sharing_a_cache_folder_never_read_each_others_pages(tmp_path, other_site):
    # Keys of the same content version and path: only the site tells them apart.
    production_cache(tmp_path, "cache.set('page:1-0-20261205:x', 'production', 60)")

    assert production_cache(tmp_path, "print(cache.get('page:1-0-20261205:x'))", **other_site) == (
        "None"
    )
    assert production_cache(tmp_path, "print(cache.get('page:1-0-20261205:x'))") == "production"
