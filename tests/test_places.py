"""Places: the vocabulary, each post's country, the location filter and the country facet."""

from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Sum

from tests.factories import CallFactory, MissionFactory, PostFactory
from vacancies.importer import read_call
from vacancies.importer.places import (
    countries_named,
    country_name,
    country_of,
    place_key,
    spellings,
    station_key,
    suggestions,
)
from vacancies.importer.save import save_call
from vacancies.listing import PostFilter, count_facets
from vacancies.models import Post, PostCount

CORPUS = Path(__file__).resolve().parent / "importer" / "corpus"


def nowhere() -> dict:
    """A post's place and call that name no country, not even through the mission."""
    mission = MissionFactory(name="OSCE Secretariat")
    return {"duty_station": "Atlantis", "location": "", "call": CallFactory(mission=mission)}


def refs(data: dict) -> set[str]:
    return {post.ref for post in PostFilter(data, queryset=Post.objects.all()).qs}


# The vocabulary, without a database ------------------------------------------------------


@pytest.mark.parametrize(
    "typed, key",
    [("Priština", "pristina"), ("PRISHTINË", "prishtine"), ("Chișinău", "chisinau")],
)
def test_a_place_key_ignores_case_and_accents(typed, key):
    assert place_key(typed) == key


def test_known_spellings_are_one_place():
    assert spellings("Prishtinë") == spellings("pristina") >= {"prishtina", "pristina"}
    assert "north mitrovica" in spellings("Mitrovicë")
    assert "kiev" in spellings("KYIV")
    assert "odessa" in spellings("Odesa")
    assert "arbil" in spellings("Erbil")


def test_an_unknown_place_is_only_itself():
    assert spellings("Atlantis ") == {"atlantis"}


@pytest.mark.parametrize(
    "typed, codes",
    [
        ("kosovo", {"XK"}),
        ("Moldova", {"MD"}),
        ("Palestine", {"PS"}),
        ("Horn of Africa", {"SO", "DJ", "ER", "ET"}),
        ("western balkans", {"AL", "BA", "XK", "ME", "MK", "RS"}),
        ("Pristina", set()),  # a town is not its whole country
    ],
)
def test_countries_and_regions_name_countries(typed, codes):
    assert countries_named(typed) == codes


@pytest.mark.parametrize(
    "printed, code",
    [  # duty stations and regions as the corpus's real calls print them
        ("Western Balkans Region (Kosovo)", "XK"),
        ("Tripoli, Libya – Tunis/Tunisia", "LY"),
        ("Mali- Bamako and/or Mauritania- Nouakchott", "ML"),
        ("KOS - OSCE Mission in Kosovo, Pristina", "XK"),
        ("ODI - OSCE Office for Democratic Institutions and Human Rights, Warsaw", "PL"),
        ("Ramallah, Palestine", "PS"),
        ("KYIV", "UA"),
        ("Mtshketa", "GE"),
        ("Sahel Region", ""),  # five countries: none of them in particular
    ],
)
def test_the_country_of_a_printed_place(printed, code):
    assert country_of(printed) == code


def test_the_country_falls_back_to_the_region_then_the_mission():
    assert country_of(None, "Hargeisa") == "SO"
    assert country_of("", "", "European Union Capacity Building Mission in Somalia") == "SO"
    assert country_of("HQ", "", "EU Advisory Mission for Civilian Security Sector Reform Ukraine")


def test_country_names():
    assert country_name("XK") == "Kosovo"
    assert country_name("MD") == "Moldova"


def test_the_suggestions_hold_stations_regions_and_countries():
    offered = suggestions()
    assert {"Pristina", "Horn of Africa", "Kosovo", "Somalia"} <= set(offered)
    assert list(offered) == sorted(offered, key=place_key)


# The database ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("printed", ["Priština, Kosovo", "MITROVICË", "Chișinău (HQ)", "Kyiv"])
def test_the_sql_place_key_is_the_python_one(printed):
    with connection.cursor() as cursor:
        cursor.execute("SELECT vacancies_place_key(%s)", [printed])
        assert cursor.fetchone()[0] == station_key(printed)


@pytest.mark.django_db
def test_a_post_takes_the_country_of_its_duty_station():
    post = PostFactory(duty_station="Tbilisi", location="")
    assert post.country == "GE"
    post.duty_station = "Pristina"
    post.save()
    assert Post.objects.get(pk=post.pk).country == "XK"


@pytest.mark.django_db
def test_a_post_without_a_known_place_takes_its_missions_country():
    mission = MissionFactory(name="European Union Capacity Building Mission in Somalia")
    post = PostFactory(duty_station="HQ", location="", call=CallFactory(mission=mission))
    assert post.country == "SO"


@pytest.mark.django_db
class TestLocationFilter:
    @pytest.fixture(autouse=True)
    def posts(self):
        PostFactory(ref="PRISTINA", duty_station="Pristina", location="Kosovo")
        PostFactory(ref="MITROVICA", duty_station="North Mitrovica", location="")
        PostFactory(ref="KYIV", duty_station="KYIV", location="Kyiv")
        PostFactory(ref="TRIPOLI", duty_station="Tripoli, Libya", location="Tripoli, Libya")
        PostFactory(ref="MOGADISHU", duty_station="Mogadishu", location="")
        PostFactory(ref="NOWHERE", **nowhere())

    @pytest.mark.parametrize(
        "typed, found",
        [
            ("Kosovo", {"PRISTINA", "MITROVICA"}),
            ("priština", {"PRISTINA"}),
            ("Prishtinë", {"PRISTINA"}),
            ("Mitrovicë", {"MITROVICA"}),
            ("Kiev", {"KYIV"}),
            ("tripoli", {"TRIPOLI"}),
            ("Libya", {"TRIPOLI"}),
            ("Horn of Africa", {"MOGADISHU"}),
            ("Somalia", {"MOGADISHU"}),
            ("ATLANTIS", {"NOWHERE"}),
            ("Tbilisi", set()),
        ],
    )
    def test_a_place_matches_in_any_spelling(self, typed, found):
        assert refs({"location": typed}) == found

    def test_the_country_filter(self):
        assert refs({"country": "XK"}) == {"PRISTINA", "MITROVICA"}
        assert refs({"country": "SO", "location": "Mogadishu"}) == {"MOGADISHU"}

    def test_an_unknown_country_code_is_a_form_error_and_ignored(self):
        filterset = PostFilter({"country": "QQ"}, queryset=Post.objects.all())
        assert "country" in filterset.form.errors
        assert len(filterset.qs) == 6

    def test_the_location_filter_uses_the_place_indexes(self):
        # Bitmap scans only: each needs an index whose expression is the condition's, so
        # the plan says whether the place keys are indexed whatever the planner thinks of
        # a few rows (with plain index scans allowed, any index read in full would do).
        with connection.cursor() as cursor:
            for scan in ("seqscan", "indexscan", "indexonlyscan"):
                cursor.execute(f"SET LOCAL enable_{scan} = off")
            plan = Post.objects.filter(Post.objects.at("Pristina").query.where).explain()
        assert "post_duty_station_place" in plan
        assert "post_location_place" in plan


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{}, {"location": "Horn of Africa"}, {"regime": "seconded"}])
def test_country_counts_are_the_posts_each_country_would_give(data):
    PostFactory.create_batch(2, duty_station="Pristina")
    PostFactory(duty_station="Mogadishu", regime="contracted")
    PostFactory(**nowhere())
    counts = count_facets(PostFilter(data, queryset=Post.objects.all()))
    for code, count in counts["facets"]["country"].items():
        assert count == len(refs({**data, "country": code})), code
    expected = {code for code in ("XK", "SO") if refs({**data, "country": code})}
    assert set(counts["facets"]["country"]) == expected
    assert [name for _, name, _ in counts["countries"]] == sorted(
        country_name(code) for code in expected
    )


@pytest.mark.django_db
def test_post_counts_are_kept_by_country():
    PostFactory.create_batch(2, duty_station="Pristina")
    PostFactory(duty_station="Tbilisi")
    PostFactory(**nowhere())
    rows = PostCount.objects.values("country").annotate(n=Sum("posts"))
    by_country = {row["country"]: row["n"] for row in rows}
    assert by_country == {"XK": 2, "GE": 1, "": 1}


@pytest.mark.django_db
def test_the_form_offers_known_places_and_counted_countries(client):
    PostFactory(duty_station="Pristina")
    html = client.get("/posts/").content.decode()
    assert 'list="known-places"' in html
    assert '<datalist id="known-places">' in html
    assert '<option value="Prishtina">' not in html  # the place, not every spelling
    assert '<option value="Pristina"></option>' in html
    assert "Kosovo (1)" in html


@pytest.mark.django_db
def test_the_api_gives_each_posts_country_and_counts_them(client):
    PostFactory(duty_station="Mogadishu")
    data = client.get("/api/posts/", {"location": "somalia"}).json()
    assert [post["country"] for post in data["results"]] == ["SO"]
    assert data["facets"]["country"] == {"SO": 1}
    assert client.get("/api/posts/", {"country": "Somalia"}).status_code == 400


@pytest.mark.parametrize(
    "call, code",
    [
        ("eucap-somalia-2-2020", "SO"),
        ("eulex-kosovo-1-2019", "XK"),
        ("eupol-copps-1-2018", "PS"),
        ("osce-skopje-vnskps00595", "MK"),
    ],
)
@pytest.mark.parametrize("document", ["call.txt", "call.docx", "call.pdf"])
def test_the_importer_gives_each_post_its_country(call, code, document):
    path = CORPUS / call / document
    parsed = read_call(path.read_bytes(), path.name)
    assert {post.country for post in parsed.posts} == {code}


@pytest.mark.django_db
def test_an_imported_post_is_saved_with_its_country(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    path = CORPUS / "eubam-libya-3-2024" / "call.txt"
    save_call(read_call(path.read_bytes(), path.name))
    assert set(Post.objects.values_list("country", flat=True)) == {"LY"}


@pytest.mark.django_db
def test_the_country_is_shown_where_the_duty_station_does_not_say_it(client):
    mogadishu = PostFactory(duty_station="Mogadishu")
    ramallah = PostFactory(duty_station="Ramallah, Palestine")
    assert mogadishu.country_unsaid == "Somalia"
    assert ramallah.country_unsaid == ""
    html = client.get("/posts/").content.decode()
    assert "Mogadishu, Somalia" in html
    assert "Ramallah, Palestine, " not in html
    detail = client.get(mogadishu.get_absolute_url()).content.decode()
    assert "<dt>Country</dt><dd>Somalia</dd>" in detail


@pytest.mark.django_db
def test_a_chosen_country_is_said_in_words(client):
    PostFactory(duty_station="Pristina")
    html = client.get("/posts/", {"country": "XK", "location": "Prishtinë"}).content.decode()
    assert "Country: Kosovo" in html
    assert "Place: Prishtinë" in html


@pytest.mark.django_db
def test_0014_gives_existing_posts_their_country_and_moves_their_counts():
    places = import_module("vacancies.migrations.0014_places")
    mission = MissionFactory(name="European Union Capacity Building Mission in Somalia")
    kept = PostFactory(duty_station="Prishtinë", location="")
    fallback = PostFactory(duty_station="HQ", location="", call=CallFactory(mission=mission))
    # As posts were before they had a country: straight into the database.
    Post.objects.update(country="")

    places.set_countries(apps, schema_editor=None)

    assert Post.objects.get(pk=kept.pk).country == "XK"
    assert Post.objects.get(pk=fallback.pk).country == "SO"
    rows = PostCount.objects.values("country").annotate(n=Sum("posts"))
    assert {row["country"]: row["n"] for row in rows} == {"XK": 1, "SO": 1}
