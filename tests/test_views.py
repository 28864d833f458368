from datetime import date, datetime

import pytest
from django.utils import timezone

from tests.factories import CallFactory, MissionFactory, PostFactory, SectionFactory, VacancyFactory
from vacancies.models import Clearance, Section, Vacancy

pytestmark = pytest.mark.django_db


def test_home_counts_open_posts_and_lists_those_closing_soonest(client):
    PostFactory(
        title="Closing Soon Officer",
        call=CallFactory(deadline=timezone.now() + timezone.timedelta(days=1)),
    )
    PostFactory(title="Later Officer")
    PostFactory(title="Closed Officer", call=CallFactory(closed=True))
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["open_post_count"] == 2
    assert body.index("Closing Soon Officer") < body.index("Later Officer")
    assert "Closed Officer" not in body


def test_post_list_shows_every_fact_of_a_post(client):
    post = PostFactory(
        ref="EK 60099",
        title="Thematic Lead Monitor",
        duty_station="Pristina",
        clearance=Clearance.EU_SECRET,
        open_to_third_states=True,
    )
    VacancyFactory(post=post)
    VacancyFactory(post=post, status=Vacancy.Status.PENDING)
    body = client.get("/posts/").content.decode()
    for text in [
        "EK 60099",
        "Thematic Lead Monitor",
        post.call.mission.acronym,
        "Pristina",
        "Seconded",
        "EU SECRET",
        "Open",
        "1 confirmed, 1 pending",
        "days left",
    ]:
        assert text in body
    assert "1 post" in body


def test_bare_post_list_shows_only_open_published_posts(client):
    PostFactory(ref="OPEN")
    PostFactory(ref="CLOSED", call=CallFactory(closed=True))
    PostFactory(ref="DRAFT", call=CallFactory(draft=True))
    response = client.get("/posts/")
    assert [p.ref for p in response.context["object_list"]] == ["OPEN"]


def test_post_list_paginates_and_keeps_the_filters(client):
    call = CallFactory()
    for n in range(25):
        PostFactory(call=call, order=n, open_to_third_states=True)
    response = client.get("/posts/", {"third_states": "yes"})
    assert response.context["paginator"].count == 25
    assert len(response.context["object_list"]) == 20
    assert "third_states=yes&amp;page=2" in response.content.decode()
    assert (
        len(client.get("/posts/", {"third_states": "yes", "page": 2}).context["object_list"]) == 5
    )


def test_a_page_past_the_end_or_not_a_page_shows_the_nearest_page(client):
    PostFactory()
    for asked in (99, "x", 0, -1):
        response = client.get("/posts/", {"page": asked})
        assert response.status_code == 200
        assert response.context["page_obj"].number == 1


def test_post_page_shows_header_sections_in_order_and_how_to_apply(client):
    post = PostFactory(
        call=CallFactory(
            application_urls=["https://apply.example.org/"], contact_email="hr@example.org"
        )
    )
    SectionFactory(post=post, order=2, heading="2. Main Tasks", items=["Task one", "Task two"])
    SectionFactory(
        post=post,
        order=1,
        kind=Section.Kind.REPORTING_LINE,
        heading="1. Reporting Line",
        items=["Reports to the Head of Unit."],
    )
    VacancyFactory(post=post, availability=timezone.datetime(2026, 1, 23).date())
    response = client.get(post.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("1. Reporting Line") < body.index("2. Main Tasks") < body.index("Task two")
    assert "available 23 Jan 2026" in body
    assert "https://apply.example.org/" in body and "hr@example.org" in body
    assert "This post is closed" not in body


def test_closed_post_stays_readable_and_says_so(client):
    post = PostFactory(call=CallFactory(closed=True))
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "This post is closed" in response.content.decode()


@pytest.mark.parametrize("state, status", [("draft", 404), ("withdrawn", 410)])
def test_unpublished_posts_and_calls_are_not_shown(client, state, status):
    # A withdrawn call's pages say so (410, tests/test_post_page.py); a draft never existed.
    post = PostFactory(call=CallFactory(**{state: True}))
    assert client.get(post.get_absolute_url()).status_code == status
    assert client.get(post.call.get_absolute_url()).status_code == status
    assert client.get("/posts/", {"status": "all"}).context["paginator"].count == 0


def test_a_wrong_slug_redirects_to_the_canonical_url(client):
    post = PostFactory()
    response = client.get(f"/posts/{post.pk}/old-title/")
    assert response.status_code == 301
    assert response["Location"] == post.get_absolute_url()


@pytest.mark.parametrize("page", ["post", "list", "call", "mission", "home"])
def test_text_from_documents_is_escaped_on_every_page_that_shows_it(client, page):
    script = "<script>alert(1)</script>"
    mission = MissionFactory(name=f"{script} Mission", acronym="")
    call = CallFactory(mission=mission, title=f"{script} Call", how_to_apply=f"{script}\n\nOnline.")
    post = PostFactory(
        call=call, title=f"{script} Officer", grade="<b>P3</b>", duty_station="<i>Pristina</i>"
    )
    SectionFactory(post=post, items=["<img src=x onerror=alert(1)>", "second"])
    url = {
        "post": post.get_absolute_url(),
        "list": "/posts/",
        "call": call.get_absolute_url(),
        "mission": mission.get_absolute_url(),
        "home": "/",
    }[page]
    body = client.get(url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body
    assert "<b>P3" not in body and "<i>Pristina" not in body and "<img src=x" not in body


def test_call_list_and_call_page_show_posts_and_general_parts(client):
    call = CallFactory(title="3-2025 Call for Contributions")
    call.parts.create(
        order=0, heading="Seconded personnel", text="Only nominations through official channels."
    )
    PostFactory(call=call, ref="EK 60004", title="Special Assistant")
    CallFactory(draft=True, title="Draft call")
    listing = client.get("/calls/").content.decode()
    assert "3-2025 Call for Contributions" in listing and "Draft call" not in listing
    body = client.get(call.get_absolute_url()).content.decode()
    assert "EK 60004" in body and "Special Assistant" in body
    assert "Only nominations through official channels." in body


def test_mission_page_lists_only_its_open_posts(client):
    mission = MissionFactory(slug="eulex", name="European Union Rule of Law Mission in Kosovo")
    PostFactory(title="Open Here", call=CallFactory(mission=mission))
    PostFactory(title="Closed Here", call=CallFactory(mission=mission, closed=True))
    PostFactory(title="Elsewhere")
    body = client.get("/missions/eulex/").content.decode()
    assert "Open Here" in body and "Closed Here" not in body and "Elsewhere" not in body
    assert client.get("/missions/nope/").status_code == 404


def test_pages_have_landmarks_and_labelled_filters(client):
    body = client.get("/posts/").content.decode()
    assert '<main id="main"' in body and '<nav aria-label="Main">' in body
    for name in [
        "q",
        "status",
        "eligible_for",
        "mission",
        "location",
        "regime",
        "clearance",
        "third_states",
        "closing_within",
        "deadline_after",
        "deadline_before",
        "sort",
    ]:
        assert f'<label for="id_{name}">' in body
    assert 'aria-describedby="id_q_helptext"' in body and 'id="id_q_helptext"' in body


def test_home_page_has_a_labelled_search_box(client):
    body = client.get("/").content.decode()
    assert '<form class="search" method="get" action="/posts/" role="search">' in body
    assert '<label for="home-q">' in body and 'name="q"' in body


def test_public_pages_answer_conditional_gets_until_the_content_changes(client):
    post = PostFactory()
    for url in ["/", "/posts/", post.get_absolute_url(), "/calls/", "/api/posts/", "/posts/feed/"]:
        first = client.get(url)
        assert (
            first.status_code == 200
            and first.has_header("ETag")
            and first.has_header("Last-Modified")
        )
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
    etag = client.get("/posts/")["ETag"]
    PostFactory(call=post.call)
    assert client.get("/posts/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_published_is_the_date_printed_on_the_call_on_every_page(client):
    call = CallFactory(publication_date=date(2030, 3, 2), published_at=timezone.now())
    post = PostFactory(call=call)
    for url in [post.get_absolute_url(), call.get_absolute_url(), "/posts/"]:
        body = client.get(url).content.decode()
        assert '<time datetime="2030-03-02">2 Mar 2030</time>' in body, url


def test_published_is_the_day_published_here_when_the_call_prints_none(client):
    published_at = timezone.make_aware(datetime(2030, 3, 4, 9, 0))
    post = PostFactory(call=CallFactory(published_at=published_at))
    body = client.get(post.get_absolute_url()).content.decode()
    assert "<dt>Published</dt>" in body and '<time datetime="2030-03-04">4 Mar 2030</time>' in body
