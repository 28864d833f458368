"""The JSON API: /api/posts/ with the /posts/ parameters, /api/posts/<id>/, the OpenAPI document."""

import re
from datetime import date

import pytest
from django.db import OperationalError
from django.utils import timezone
from rest_framework import serializers
from rest_framework.request import Request

from tests.factories import (
    CallFactory,
    MissionFactory,
    PostFactory,
    SectionFactory,
    VacancyFactory,
)
from vacancies.api import MISSION_SLUG_PATTERN, PostDetailView
from vacancies.importer.save import _free_slug
from vacancies.models import Clearance, Post, Regime, Vacancy
from vacancies.serializers import CallSerializer, MissionSerializer, PostSerializer

pytestmark = pytest.mark.django_db


def get(client, path="/api/posts/", **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


# The sample documents ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, count",
    [
        ({"status": "all"}, 31),
        ({"status": "all", "eligible_for": "third_state"}, 13),
        ({"status": "all", "regime": "contracted"}, 5),
        ({"status": "all", "eligible_for": "contracted"}, 5),
        ({"status": "all", "mission": "eulex"}, 30),
    ],
)
def test_counts_for_the_sample_documents(client, samples, params, count):
    assert get(client, **params)["count"] == count


def test_facets_for_the_sample_documents(client, samples):
    facets = get(client, status="all")["facets"]
    assert facets["status"]["all"] == 31
    assert facets["eligible_for"] == {"member_state": 31, "third_state": 13, "contracted": 5}
    assert facets["regime"]["contracted"] == 5
    assert sum(facets["mission"].values()) == 31


def test_search_in_the_api_ranks_the_title_match_first(client, samples):
    results = get(client, q="procurement", status="all")["results"]
    assert [post["title"] for post in results[:2]] == ["Procurement Officer", "Procurement Officer"]


# The list ------------------------------------------------------------------------------------


def test_a_post_in_the_list(client):
    mission = MissionFactory(
        name="European Union Rule of Law Mission in Kosovo", acronym="EULEX", slug="eulex"
    )
    post = PostFactory(
        ref="EK 60034",
        title="Senior Reporting Officer",
        regime=Regime.SECONDED_CONTRACTED,
        clearance=Clearance.EU_CONFIDENTIAL,
        open_to_third_states=True,
        call=CallFactory(mission=mission),
    )
    VacancyFactory(post=post)
    VacancyFactory(post=post, status=Vacancy.Status.PENDING)
    data = get(client)
    assert data["count"] == 1 and data["next"] is None and data["previous"] is None
    item = data["results"][0]
    assert item["id"] == post.pk
    assert item["url"] == f"http://testserver{post.get_absolute_url()}"
    assert item["ref"] == "EK 60034" and item["title"] == "Senior Reporting Officer"
    assert item["mission"]["acronym"] == "EULEX" and item["mission"]["slug"] == "eulex"
    assert item["call"]["id"] == post.call.pk
    assert item["regime"] == "seconded_contracted" and item["regime_label"] == "Seconded/Contracted"
    assert item["clearance"] == "confidential" and item["clearance_label"] == "EU CONFIDENTIAL"
    assert item["eligible_for"] == ["member_state", "third_state", "contracted"]
    assert item["confirmed_vacancies"] == 1 and item["pending_vacancies"] == 1
    assert item["is_open"] is True and item["days_left"] in (29, 30)
    assert item["deadline"].endswith(("+01:00", "+02:00"))  # Brussels time


def test_every_parameter_of_the_list_page_works(client):
    PostFactory(
        ref="S", regime=Regime.SECONDED, open_to_third_states=True, clearance=Clearance.EU_SECRET
    )
    PostFactory(ref="C", regime=Regime.CONTRACTED, title="Procurement Officer")
    PostFactory(ref="X", call=CallFactory(closed=True))
    cases = {
        "q=procurement": {"C"},
        "status=closed": {"X"},
        "status=all": {"S", "C", "X"},
        "regime=seconded": {"S"},
        "eligible_for=third_state": {"S"},
        "clearance=confidential": {"C"},
        "third_states=yes": {"S"},
        "location=pristina": {"S", "C"},
        "closing_within=60": {"S", "C"},
        "deadline_after=2000-01-01": {"S", "C"},
    }
    for query, expected in cases.items():
        assert {
            post["ref"] for post in client.get(f"/api/posts/?{query}").json()["results"]
        } == expected, query


def test_pages_and_page_size(client):
    call = CallFactory()
    for n in range(25):
        PostFactory(call=call, order=n)
    first = get(client, page_size=10)
    assert first["count"] == 25 and len(first["results"]) == 10
    assert "page=2" in first["next"]
    assert len(get(client, page=3, page_size=10)["results"]) == 5
    assert len(get(client, page_size=100)["results"]) == 25
    assert len(get(client, page="", page_size="")["results"]) == 20  # empty: the defaults
    past_the_end = client.get("/api/posts/", {"page": 9})
    assert past_the_end.status_code == 404  # as the document says: "No such page of results."
    assert past_the_end.json() == {"detail": "Invalid page."}


@pytest.mark.parametrize(
    "params, errors",
    [
        ({"page_size": 101}, {"page_size": ["Ensure this value is less than or equal to 100."]}),
        ({"page_size": 1000}, {"page_size": ["Ensure this value is less than or equal to 100."]}),
        ({"page_size": 0}, {"page_size": ["Ensure this value is greater than or equal to 1."]}),
        ({"page_size": -5}, {"page_size": ["Ensure this value is greater than or equal to 1."]}),
        ({"page_size": "ten"}, {"page_size": ["Enter a whole number."]}),
        ({"page": 0}, {"page": ["Ensure this value is greater than or equal to 1."]}),
        ({"page": "two"}, {"page": ["Enter a whole number."]}),
        ({"page": "last"}, {"page": ["Enter a whole number."]}),
        (
            {"page": 0, "page_size": 101, "clearance": "cosmic"},
            {
                "clearance": ["Select a valid choice. cosmic is not one of the available choices."],
                "page": ["Ensure this value is greater than or equal to 1."],
                "page_size": ["Ensure this value is less than or equal to 100."],
            },
        ),
    ],
)
def test_a_page_or_page_size_out_of_bounds_is_a_400_naming_it(client, params, errors):
    PostFactory()
    response = client.get("/api/posts/", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == errors


@pytest.mark.parametrize(
    "param, value",
    [
        ("status", "everything"),
        ("clearance", "cosmic"),
        ("mission", "nope"),
        ("closing_within", "-3"),
        ("deadline_before", "soon"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, param, value):
    response = client.get("/api/posts/", {param: value})
    assert response.status_code == 400
    assert param in response.json()


def test_the_list_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(20):
        VacancyFactory(post=PostFactory(call=CallFactory(mission=MissionFactory())))
    with django_assert_max_num_queries(10):
        get(client)


def test_the_api_is_read_only(client):
    post = PostFactory()
    assert client.post("/api/posts/", {}, content_type="application/json").status_code == 405
    assert client.delete(f"/api/posts/{post.pk}/").status_code == 405


# Errors: JSON, with DEBUG on too ---------------------------------------------------------


def assert_json_error(response, status, detail=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    if detail is not None:
        assert body == {"detail": detail}
    return body


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_every_error_of_the_api_is_json(client, settings, debug):
    settings.DEBUG = debug
    post = PostFactory()
    draft = PostFactory(call=CallFactory(draft=True))
    assert_json_error(client.get("/api/posts/999999/"), 404, "No Post matches the given query.")
    assert_json_error(client.get(f"/api/posts/{draft.pk}/"), 404)
    assert_json_error(client.get("/api/nothing/"), 404, "Not found.")
    assert_json_error(client.get("/api/posts/abc/"), 404, "Not found.")
    assert_json_error(client.get("/api/posts/", {"page": 9}), 404, "Invalid page.")
    assert "clearance" in assert_json_error(client.get("/api/posts/", {"clearance": "x"}), 400)
    assert "page_size" in assert_json_error(client.get("/api/posts/", {"page_size": 0}), 400)
    assert_json_error(client.get("/api/posts/", HTTP_HOST="evil.example"), 400, "Bad Request.")
    response = client.delete(f"/api/posts/{post.pk}/")
    assert_json_error(response, 405, 'Method "DELETE" not allowed.')
    assert "GET" in response["Allow"]
    # The pages are left as they were: HTML.
    assert client.get("/no-such-page/")["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_the_api_over_its_rate_limit_is_a_json_429(client, settings, debug):
    settings.DEBUG = debug
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMITS = {**settings.RATELIMITS, "api": "1/m"}
    assert client.get("/api/posts/").status_code == 200
    response = client.get("/api/posts/", {"page_size": 5})
    assert assert_json_error(response, 429)["detail"].startswith("Too many requests")
    assert int(response["Retry-After"]) >= 1


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_a_server_error_in_the_api_is_json(client, settings, monkeypatch, debug):
    settings.DEBUG = debug
    post = PostFactory()

    def fail(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(PostDetailView, "get_object", fail)
    client.raise_request_exception = False
    response = client.get(f"/api/posts/{post.pk}/")
    assert_json_error(response, 500, "A server error occurred.")
    assert b"boom" not in response.content  # no debug page, no traceback


def test_the_api_without_its_database_is_a_json_503(client, monkeypatch):
    post = PostFactory()

    def fail(self):
        raise OperationalError("the server closed the connection")

    monkeypatch.setattr(PostDetailView, "get_object", fail)
    client.raise_request_exception = False
    response = client.get(f"/api/posts/{post.pk}/")
    assert_json_error(response, 503)
    assert response["Retry-After"]


# One post -----------------------------------------------------------------------------------


def test_one_post_with_its_job_description_and_other_advertisements(client):
    mission = MissionFactory()
    earlier = PostFactory(ref="EK 60021", call=CallFactory(mission=mission, closed=True))
    post = PostFactory(
        ref="EK 60021",
        call=CallFactory(mission=mission, application_urls=["https://apply.example.org/"]),
    )
    SectionFactory(post=post, order=1, heading="1. Reporting Line", items=["Reports to the CoS."])
    VacancyFactory(post=post, availability=None)
    data = get(client, f"/api/posts/{post.pk}/")
    assert data["id"] == post.pk
    assert data["sections"] == [
        {"kind": "main_tasks", "heading": "1. Reporting Line", "items": ["Reports to the CoS."]}
    ]
    assert data["vacancies"] == [{"status": "confirmed", "availability": None}]
    assert data["application_urls"] == ["https://apply.example.org/"]
    assert [ad["id"] for ad in data["other_advertisements"]] == [earlier.pk]


def test_a_closed_post_is_served_and_an_unpublished_one_is_not(client):
    closed = PostFactory(call=CallFactory(closed=True))
    draft = PostFactory(call=CallFactory(draft=True))
    assert get(client, f"/api/posts/{closed.pk}/")["is_open"] is False
    assert client.get(f"/api/posts/{draft.pk}/").status_code == 404
    assert client.get("/api/posts/999999/").status_code == 404


# The OpenAPI document --------------------------------------------------------------------


def test_the_openapi_document_describes_the_endpoints_and_every_parameter(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {"/api/posts/", "/api/posts/{id}/"}
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/posts/"]["get"]["parameters"]
    }
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
        "page",
        "page_size",
    ]:
        assert name in parameters, name
    assert set(parameters["eligible_for"]["enum"]) == {"member_state", "third_state", "contracted"}
    assert parameters["closing_within"]["type"] == "integer"
    assert parameters["page"] == {"type": "integer", "minimum": 1}
    assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert parameters["deadline_after"]["format"] == "date"
    listing = schema["components"]["schemas"]["PaginatedPostList"]
    assert "facets" in listing["properties"]


def test_a_posts_call_says_when_it_was_published(client):
    post = PostFactory(call=CallFactory(publication_date=date(2030, 3, 2)))
    call = get(client, f"/api/posts/{post.pk}/")["call"]
    assert call["published_on"] == "2030-03-02" and call["published_at"]


def test_the_document_says_what_mission_takes(client):
    """Mission slugs are data: the document gives their form and says so, not an enum."""
    schema = client.get("/api/openapi.json").json()
    (mission,) = [
        p for p in schema["paths"]["/api/posts/"]["get"]["parameters"] if p["name"] == "mission"
    ]
    assert mission["schema"] == {"type": "string", "pattern": MISSION_SLUG_PATTERN, "maxLength": 80}
    assert "slug" in mission["description"] and "facets" in mission["description"]


@pytest.mark.parametrize("name", ["EULEX Kosovo", "EUCAP Sahel Mali", "EUAM Ukraine (Kyïv)"])
def test_the_missions_slugs_have_the_documented_form(client, name):
    slug = _free_slug(name)  # as the importer names a mission
    assert re.search(MISSION_SLUG_PATTERN, slug)
    PostFactory(call=CallFactory(mission=MissionFactory(name=name, slug=slug)))
    assert get(client, mission=slug)["count"] == 1


def test_posts_of_one_call_and_of_another_each_carry_their_own_call_and_mission(client):
    """Calls and missions are written once per response and shared by their posts."""
    first, second = CallFactory(title="First call"), CallFactory(title="Second call")
    for call in (first, second, first):
        PostFactory(call=call)
    results = get(client, page_size=10)["results"]
    by_call = {(post["call"]["title"], post["mission"]["slug"]) for post in results}
    assert by_call >= {
        ("First call", first.mission.slug),
        ("Second call", second.mission.slug),
    }
    assert len([post for post in results if post["call"]["title"] == "First call"]) == 2


@pytest.mark.parametrize("zone", ["Europe/Brussels", "UTC"])
@pytest.mark.parametrize("query", [{}, {"nationality": "RS"}, {"nationality": "FR"}])
def test_a_post_in_the_list_is_written_as_drf_writes_its_fields(rf, zone, query):
    """PostSerializer writes a post, its mission and its call by hand, for speed: the same
    values, in the same order, as its fields would, for posts of every kind."""
    osce = MissionFactory(organisation__acronym="OSCE", organisation__name="OSCE", acronym="")
    printed = CallFactory(publication_date=date(2026, 3, 1), reference="")
    posts = [
        PostFactory(clearance=Clearance.EU_SECRET, open_to_third_states=True, call=printed),
        PostFactory(regime=Regime.CONTRACTED, open_to_third_states=None, call=printed),
        PostFactory(call=CallFactory(closed=True), regime=Regime.SECONDED_CONTRACTED),
        PostFactory(call=CallFactory(mission=osce), grade="S1", ref="", clearance=None),
    ]
    VacancyFactory(post=posts[0])
    VacancyFactory(post=posts[0], status=Vacancy.Status.PENDING)
    context = {"request": Request(rf.get("/api/posts/", query))}
    serializer = PostSerializer(context=context)
    drf = serializers.ModelSerializer.to_representation
    with timezone.override(zone):
        for post in Post.objects.filter(pk__in=[p.pk for p in posts]).for_listing():
            expected = drf(serializer, post)
            expected["mission"] = drf(MissionSerializer(context=context), post.call.mission)
            expected["call"] = drf(CallSerializer(context=context), post.call)
            written = serializer.to_representation(post)
            assert written == expected
            assert list(written) == list(expected)
            assert list(written["call"]) == list(expected["call"])
            assert list(written["mission"]) == list(expected["mission"])
