"""The post page and the pages that never dead-end: 410 for a withdrawn call, 404 and 500
in the site's layout, similar open posts, the other posts of the call, how to apply."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from missionjobs.views import server_error
from tests.factories import CallFactory, MissionFactory, PostFactory, SectionFactory
from vacancies import views
from vacancies.models import Post
from vacancies.models.querysets import SIMILAR_CANDIDATES, SIMILAR_COUNT, similar_title_query

LAYOUT = 'class="site-header"'


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.mark.django_db
def test_a_withdrawn_calls_post_answers_410_saying_what_it_was(client):
    call = CallFactory()
    post = PostFactory(call=call, title="Legal Adviser", ref="EUL 12", grade="")
    call.withdraw()
    response = client.get(post.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 410
    assert LAYOUT in body
    assert "Legal Adviser" in body
    assert "EUL 12" in body
    assert call.mission.name in body
    assert "has been withdrawn" in body
    # The day it was withdrawn, from the call's history.
    assert timezone.localdate().strftime("%-d %b %Y") in body


@pytest.mark.django_db
def test_a_withdrawn_call_answers_410(client):
    call = CallFactory(withdrawn=True)
    response = client.get(call.get_absolute_url())
    assert response.status_code == 410
    assert call.title in response.content.decode()


@pytest.mark.django_db
def test_the_410_page_lists_similar_open_posts(client):
    gone = PostFactory(call=CallFactory(withdrawn=True), title="Legal Adviser")
    other = PostFactory(title="Senior Legal Adviser")
    body = client.get(gone.get_absolute_url()).content.decode()
    assert "Similar open posts" in body
    assert other.get_absolute_url() in body


@pytest.mark.django_db
def test_a_410_is_never_answered_304_nor_cached_as_a_page(client):
    post = PostFactory(call=CallFactory(withdrawn=True))
    first = client.get(post.get_absolute_url())
    assert first.status_code == 410
    assert "ETag" not in first
    again = client.get(post.get_absolute_url(), headers={"if-none-match": "*"})
    assert again.status_code == 410


@pytest.mark.django_db
def test_a_post_whose_call_is_republished_is_shown_again(client):
    call = CallFactory(withdrawn=True)
    post = PostFactory(call=call)
    assert client.get(post.get_absolute_url()).status_code == 410
    call.publish()
    assert client.get(post.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_a_draft_post_is_not_found_in_the_layout(client):
    post = PostFactory(call=CallFactory(draft=True))
    response = client.get(post.get_absolute_url())
    assert response.status_code == 404
    assert LAYOUT in response.content.decode()


@pytest.mark.django_db
def test_the_sitemap_leaves_out_withdrawn_posts(client):
    kept = PostFactory()
    gone = PostFactory(call=CallFactory(withdrawn=True))
    body = client.get("/sitemap-posts.xml").content.decode()
    assert kept.get_absolute_url() in body
    assert gone.get_absolute_url() not in body


@pytest.mark.django_db
def test_the_404_page_extends_the_layout_with_a_search_box(client):
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert LAYOUT in body
    assert 'type="search" name="q"' in body
    assert 'href="/posts/"' in body


def test_the_500_page_extends_the_layout_without_the_database():
    # No django_db mark: a query here would fail the test.
    response = server_error(RequestFactory().get("/posts/1/x/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert LAYOUT in body
    assert "Something went wrong" in body


@pytest.mark.django_db
def test_similar_posts_are_open_others_outside_the_posts_own_call():
    post = PostFactory(title="Justice Monitor")
    PostFactory(call=post.call, title="Justice Monitor")  # same call: listed apart
    open_elsewhere = PostFactory(title="Justice Monitor")
    PostFactory(call=CallFactory(closed=True), title="Justice Monitor")
    PostFactory(call=CallFactory(withdrawn=True), title="Justice Monitor")
    PostFactory(call=CallFactory(draft=True), title="Justice Monitor")
    assert list(Post.objects.open().similar_to(post)) == [open_elsewhere]


@pytest.mark.django_db
def test_similar_posts_share_title_words_or_the_place():
    post = PostFactory(title="Senior Legal Adviser", duty_station="Pristina")
    by_title = PostFactory(title="Legal Officer", duty_station="Mogadishu")
    unrelated = PostFactory(title="Finance Officer", duty_station="Mogadishu")
    similar = list(Post.objects.open().similar_to(post))
    assert by_title in similar
    assert unrelated not in similar


@pytest.mark.django_db
def test_similar_posts_put_more_title_words_first():
    post = PostFactory(title="Senior Legal Adviser", call=CallFactory(mission=MissionFactory()))
    one_word = PostFactory(title="Senior Logistics Officer")
    both_words = PostFactory(title="Legal Adviser")
    similar = list(Post.objects.open().similar_to(post))
    assert similar.index(both_words) < similar.index(one_word)


@pytest.mark.django_db
def test_similar_posts_are_few():
    post = PostFactory(title="Justice Monitor")
    for _ in range(SIMILAR_COUNT + 2):
        PostFactory(title="Justice Monitor")
    assert len(Post.objects.open().similar_to(post)) == SIMILAR_COUNT


@pytest.mark.django_db
def test_a_post_of_the_same_title_is_similar_behind_many_sharing_a_word():
    """More open posts closing sooner share a word of the title than are read as
    candidates of that kind: the post of the very same title is still found, first."""
    post = PostFactory(title="Police Monitor", duty_station="Pristina")
    soon = timezone.now() + timedelta(days=2)
    for _ in range(SIMILAR_CANDIDATES + 5):
        PostFactory(title="Finance Officer", component="Police", call=CallFactory(deadline=soon))
    twin = PostFactory(title="Police Monitor", call=CallFactory(deadline=soon + timedelta(days=60)))
    assert Post.objects.open().similar_to(post)[0] == twin


@pytest.mark.django_db
def test_similar_posts_are_taken_from_the_queryset_asked():
    post = PostFactory(title="Justice Monitor")
    seconded = PostFactory(title="Justice Monitor", regime="seconded")
    PostFactory(title="Justice Monitor", regime="contracted")
    assert Post.objects.filter(regime="seconded").similar_to(post) == [seconded]


@pytest.mark.django_db
def test_a_title_of_filler_words_still_finds_posts_of_its_mission():
    post = PostFactory(title="Of the")
    same_mission = PostFactory(call=CallFactory(mission=post.call.mission), title="Adviser")
    assert Post.objects.open().similar_to(post) == [same_mission]


def test_a_titles_words_become_an_any_word_search():
    assert similar_title_query('Head of "Rule-of-Law" -Unit') == "head or rule or law or unit"


@pytest.mark.django_db
def test_the_post_page_lists_the_other_posts_of_its_call_open_or_not(client):
    call = CallFactory(closed=True)
    post = PostFactory(call=call, title="Justice Monitor")
    sibling = PostFactory(call=call, title="Police Adviser")
    body = client.get(post.get_absolute_url()).content.decode()
    assert "Other posts of this call" in body
    assert sibling.get_absolute_url() in body


@pytest.mark.django_db
def test_the_post_page_lists_similar_open_posts(client):
    post = PostFactory(title="Justice Monitor")
    other = PostFactory(title="Justice Monitor")
    body = client.get(post.get_absolute_url()).content.decode()
    similar = body.index("Similar open posts")
    assert body.index(other.get_absolute_url(), similar) > similar


@pytest.mark.django_db
def test_how_to_apply_is_near_the_top_of_an_open_post(client):
    call = CallFactory(application_urls=["https://example.org/apply"])
    post = PostFactory(call=call)
    body = client.get(post.get_absolute_url()).content.decode()
    summary = body.index('class="apply-summary"')
    assert body.index('id="post-title"') < summary < body.index('class="facts facts-wide"')
    assert summary < body.index("https://example.org/apply") < body.index('id="apply-title"')
    assert 'href="#apply-title"' in body


@pytest.mark.django_db
def test_a_closed_post_has_no_apply_summary(client):
    post = PostFactory(call=CallFactory(closed=True))
    body = client.get(post.get_absolute_url()).content.decode()
    assert 'class="apply-summary"' not in body


@pytest.mark.django_db
def test_closed_posts_of_one_title_and_mission_share_their_similar_posts(
    client, django_assert_num_queries
):
    mission = MissionFactory()
    first, second = (
        PostFactory(title="Justice Monitor", call=CallFactory(closed=True, mission=mission))
        for _ in range(2)
    )
    open_one = PostFactory(title="Justice Monitor", call=CallFactory(mission=mission))
    # The content version, the post, its advertisements, the other posts of its call, and
    # the similar posts found: their candidates, then their links.
    with django_assert_num_queries(6):
        body = client.get(first.get_absolute_url()).content.decode()
    assert open_one.get_absolute_url() in body
    with django_assert_num_queries(4):  # the first page's, from the cache
        body = client.get(second.get_absolute_url()).content.decode()
    assert open_one.get_absolute_url() in body
    # Changed data, other similar posts: the cache is keyed by the content version.
    newer = PostFactory(title="Justice Monitor", call=CallFactory(mission=mission))
    body = client.get(second.get_absolute_url()).content.decode()
    assert newer.get_absolute_url() in body


@pytest.mark.django_db
def test_an_open_post_never_takes_the_similar_posts_of_a_closed_one(client):
    mission = MissionFactory()
    call = CallFactory(mission=mission)
    own, colleague = PostFactory(title="Legal Adviser", call=call), PostFactory(call=call)
    closed = PostFactory(title="Legal Adviser", call=CallFactory(closed=True, mission=mission))
    colleague.title = "Legal Adviser"
    colleague.save()
    assert own.get_absolute_url() in client.get(closed.get_absolute_url()).content.decode()
    body = client.get(own.get_absolute_url()).content.decode()
    similar = body[body.index("Similar open posts") :] if "Similar open posts" in body else ""
    assert own.get_absolute_url() not in similar
    assert colleague.get_absolute_url() not in similar


@pytest.mark.django_db
def test_the_job_description_comes_with_the_post_in_its_order_escaped(client):
    post = PostFactory()
    SectionFactory(post=post, order=2, heading="2. Main Tasks", items=["To <b>monitor</b>."])
    SectionFactory(post=post, order=1, heading="1. Reporting Line", items=["To the CoS."])
    with CaptureQueriesContext(connection) as queries:
        body = client.get(post.get_absolute_url()).content.decode()
    assert not [q for q in queries if q["sql"].startswith('SELECT "vacancies_section"')]
    assert body.index("1. Reporting Line") < body.index("2. Main Tasks")
    assert "To &lt;b&gt;monitor&lt;/b&gt;." in body
    assert "<b>monitor</b>" not in body
    assert Post.objects.with_section_rows().get(pk=post.pk).section_list == list(
        post.sections.order_by("order")
    )


@pytest.mark.django_db
def test_a_post_without_vacancies_or_sections_asks_no_more(client):
    """Their JSON rows are NULL, not absent: read as none, not asked for again."""
    post = PostFactory(ref="EK 7")
    PostFactory(call=CallFactory(mission=post.call.mission), ref="EK 7")  # advertised twice
    with CaptureQueriesContext(connection) as queries:
        body = client.get(post.get_absolute_url()).content.decode()
    asked = [q["sql"] for q in queries]
    assert not [sql for sql in asked if sql.startswith('SELECT "vacancies_vacancy"')]
    assert not [sql for sql in asked if sql.startswith('SELECT "vacancies_section"')]
    assert "Vacancies</dt><dd>\n      Not stated" in body
    assert Post.objects.with_vacancy_rows().with_section_rows().get(pk=post.pk).vacancy_list == []


@pytest.mark.django_db
def test_the_pages_similar_posts_are_those_of_similar_to(client):
    post = PostFactory(title="Senior Legal Adviser", duty_station="Pristina")
    PostFactory(call=CallFactory(mission=post.call.mission), title="Legal Officer")
    PostFactory(title="Legal Adviser")
    PostFactory(title="Finance Officer", country=post.country)
    expected = Post.objects.open().as_links().similar_to(post)
    assert len(expected) == 3
    assert views.similar_open_posts(post) == expected
    assert [p.mission.name for p in views.similar_open_posts(post)] == [
        p.mission.name for p in expected
    ]
    body = client.get(post.get_absolute_url()).content.decode()
    similar = body[body.index('id="similar-title"') :]
    assert [similar.index(p.get_absolute_url()) for p in expected] == sorted(
        similar.index(p.get_absolute_url()) for p in expected
    )
