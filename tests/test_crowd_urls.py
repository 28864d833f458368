"""The crowd benchmark's URLs (bench/harness/crowd.py) are ones the site understands: a
list of 404s or form errors would measure nothing."""

import random
from urllib.parse import quote, urlencode

import pytest
from django.core.management import call_command

from bench.harness.crowd import api_query, facet_query, options_from_code, search_query, unique
from vacancies.models import Mission, Post, Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def values():
    call_command("generate_posts", posts=200, seed=3, verbosity=0)
    words = " ".join(
        " ".join([s.post.title, *s.items]) for s in Section.objects.select_related("post")[:300]
    )
    words = [w for w in words.lower().split() if w.isalpha() and len(w) > 2]
    return {
        "missions": list(Mission.objects.values_list("slug", flat=True)),
        "countries": sorted(
            set(Post.objects.exclude(country="").values_list("country", flat=True))
        ),
        "places": sorted(
            set(Post.objects.exclude(duty_station="").values_list("duty_station", flat=True))
        ),
        "words": words,
        "distinct": sorted(set(words)),
    }


def test_facet_combinations_are_valid_list_pages(client, values):
    rng, options = random.Random(1), options_from_code()  # noqa: S311 - repeatable URLs
    urls = unique(lambda: "/posts/?" + urlencode(facet_query(rng, options, values)), 40)
    assert len(urls) == 40
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.context["filter"].form.errors, url


def test_api_queries_and_searches_are_answered(client, values):
    rng, options = random.Random(2), options_from_code()  # noqa: S311 - repeatable URLs
    for _ in range(20):
        response = client.get("/api/posts/?" + urlencode(api_query(rng, options, values)))
        assert response.status_code == 200, response.json()
    for _ in range(20):
        query = search_query(rng, values["words"], values["distinct"])
        assert query["status"] == "all" and 1 <= len(query["q"].split()) <= 2
        assert client.get("/posts/?" + urlencode(query)).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_same_data_and_seed_give_the_same_crowd():
    """Runs of the crowd on one database ask the same URLs: only the code moves between
    them, not the sample."""
    from django.db import connection

    from bench.harness.crowd import data_values

    call_command("generate_posts", posts=300, seed=3, verbosity=0)
    db = connection.settings_dict
    user = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    port = f":{db['PORT']}" if db["PORT"] else ""
    # The embedded server's host is its socket directory, percent-encoded in a URL.
    url = f"postgresql://{user}@{quote(db['HOST'], safe='')}{port}/{db['NAME']}"
    first, again, other = (
        data_values(url, random.Random(seed))  # noqa: S311 - repeatable URLs
        for seed in (15, 15, 16)
    )
    assert first == again
    assert first["posts"] and first["words"]
    assert other["posts"] != first["posts"]
