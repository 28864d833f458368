"""The public pages' cache key: the data, the last deadline passed, the day in Brussels."""

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
