"""What search engines read: JobPosting JSON-LD, canonical links, sitemap.xml, robots.txt."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    CallFactory,
    MissionFactory,
    PostFactory,
    SectionFactory,
)
from vacancies.models import Clearance, Post, Regime

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# What Google's job search requires and recommends of a JobPosting.
REQUIRED = {"title", "description", "datePosted", "hiringOrganization", "jobLocation"}
RECOMMENDED = {"validThrough", "employmentType", "identifier"}


def json_ld(body: str) -> dict:
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.DOTALL)
    return json.loads(script)


def test_a_post_page_carries_a_job_posting(client):
    mission = MissionFactory(
        name="European Union Rule of Law Mission in Kosovo", acronym="EULEX", country="Kosovo"
    )
    deadline = timezone.make_aware(datetime(2030, 4, 27, 17, 0))
    post = PostFactory(
        ref="EK 60021",
        title="Executive Officer",
        duty_station="Pristina",
        regime=Regime.SECONDED,
        clearance=Clearance.EU_SECRET,
        call=CallFactory(mission=mission, deadline=deadline),
    )
    SectionFactory(
        post=post, heading="2. Main Tasks", items=["To support the CoS.", "To draft letters."]
    )
    data = json_ld(client.get(post.get_absolute_url()).content.decode())
    assert set(data) >= REQUIRED | RECOMMENDED
    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    assert data["title"] == "Executive Officer"
    assert (
        "<h3>2. Main Tasks</h3><ul><li>To support the CoS.</li><li>To draft letters.</li></ul>"
        in data["description"]
    )
    assert data["datePosted"] == timezone.localdate().isoformat()
    assert data["validThrough"] == "2030-04-27T17:00:00+02:00"
    assert data["employmentType"] == ["FULL_TIME", "OTHER"]
    assert data["hiringOrganization"]["name"] == "European Union Rule of Law Mission in Kosovo"
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Pristina",
        "addressCountry": "Kosovo",
    }
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "name": mission.name,
        "value": "EK 60021",
    }
    assert data["url"] == f"http://testserver{post.get_absolute_url()}"


def test_json_ld_cannot_break_out_of_its_script_element(client):
    post = PostFactory(title="</script><script>alert(1)</script>", duty_station="<!--")
    SectionFactory(post=post, items=["<img src=x onerror=alert(1)> & more"])
    body = client.get(post.get_absolute_url()).content.decode()
    head = body[: body.index("</head>")]
    assert "<script>alert(1)" not in head and "<!--" not in head
    data = json_ld(body)
    assert data["title"] == "</script><script>alert(1)</script>"  # the data survives, escaped
    assert (
        "&lt;img src=x onerror=alert(1)&gt; &amp; more" in data["description"]
    )  # HTML-escaped too


def test_json_ld_escapes_text_past_latin_1_alike(client):
    # A curly quote or a dash takes str's wide form, where escaping works otherwise.
    title = "Head of \u2018Rule of Law\u2019 \u2013 </script><!--"
    post = PostFactory(title=title)
    body = client.get(post.get_absolute_url()).content.decode()
    head = body[: body.index("</head>")]
    assert "</script><!--" not in head
    assert "\\u003C/script\\u003E\\u003C!--" in head
    assert json_ld(body)["title"] == title


def test_contracted_posts_are_temporary_full_time(client):
    post = PostFactory(regime=Regime.CONTRACTED)
    assert json_ld(client.get(post.get_absolute_url()).content.decode())["employmentType"] == [
        "FULL_TIME",
        "TEMPORARY",
    ]


def test_a_post_page_names_its_canonical_url(client):
    post = PostFactory()
    body = client.get(post.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="http://testserver{post.get_absolute_url()}">' in body


def test_every_sample_post_has_a_complete_job_posting(client, samples):
    for post in Post.objects.published():
        data = json_ld(client.get(post.get_absolute_url()).content.decode())
        assert REQUIRED | {"validThrough", "employmentType"} <= set(data), post
        assert data["jobLocation"]["address"]["addressCountry"] == "Kosovo"


# sitemap.xml and robots.txt ----------------------------------------------------------------


def locations(client, path) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314  (our own sitemap, not untrusted input)
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_the_sitemap_index_lists_its_sections(client):
    assert locations(client, "/sitemap.xml") == [
        f"http://testserver/sitemap-{section}.xml"
        for section in ["pages", "posts", "calls", "missions"]
    ]


def test_the_sitemap_lists_published_posts_open_and_closed(client):
    open_post = PostFactory()
    closed = PostFactory(call=CallFactory(closed=True))
    draft = PostFactory(call=CallFactory(draft=True))
    posts = locations(client, "/sitemap-posts.xml")
    assert f"http://testserver{open_post.get_absolute_url()}" in posts
    assert f"http://testserver{closed.get_absolute_url()}" in posts
    assert f"http://testserver{draft.get_absolute_url()}" not in posts
    calls = locations(client, "/sitemap-calls.xml")
    assert f"http://testserver{draft.call.get_absolute_url()}" not in calls and len(calls) == 2
    missions = locations(client, "/sitemap-missions.xml")
    assert (
        f"http://testserver{draft.call.mission.get_absolute_url()}" not in missions
        and len(missions) == 2
    )
    assert locations(client, "/sitemap-pages.xml") == [
        "http://testserver/",
        "http://testserver/posts/",
        "http://testserver/calls/",
    ]


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_rest(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    for path in ["/admin/", "/api/", "/alerts/", "/posts.csv", "/posts.ics"]:
        assert f"Disallow: {path}\n" in text


def test_date_posted_is_the_date_printed_on_the_call(client):
    printed = timezone.localdate() - timedelta(days=10)
    post = PostFactory(call=CallFactory(publication_date=printed))  # published here today
    data = json_ld(client.get(post.get_absolute_url()).content.decode())
    assert data["datePosted"] == printed.isoformat()


def test_date_posted_is_never_after_the_deadline(client):
    deadline = timezone.make_aware(datetime(2025, 11, 14, 17, 0))
    post = PostFactory(call=CallFactory(deadline=deadline))  # published here today, long closed
    data = json_ld(client.get(post.get_absolute_url()).content.decode())
    assert data["datePosted"] == "2025-11-14" and data["validThrough"].startswith("2025-11-14")
