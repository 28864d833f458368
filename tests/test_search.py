"""Full-text search: the stored vector stays current, web search syntax, ranking, highlights."""

import re
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import (
    CallFactory,
    MissionFactory,
    PostFactory,
    SectionFactory,
)
from vacancies.listing import PostFilter
from vacancies.models import Post, Section

pytestmark = pytest.mark.django_db
search_words = import_module("vacancies.migrations.0015_search_words")


def found(text: str) -> list[str]:
    return [post.ref for post in Post.objects.search(text).order_by("-rank", "ref")]


def listed(client, **params) -> list[str]:
    return [post.ref for post in client.get("/posts/", params).context["object_list"]]


# The vector follows every change, whichever way it is made -----------------------------


def test_a_new_post_is_found_by_title_ref_component_mission_and_place():
    mission = MissionFactory(name="European Union Rule of Law Mission in Kosovo", acronym="EULEX")
    PostFactory(
        ref="EK 60267",
        title="Close Protection Operator",
        component="Armed Protection Unit",
        duty_station="Mitrovica",
        call=CallFactory(mission=mission),
    )
    for text in ["close protection", "60267", "armed", "eulex", "rule of law", "mitrovica"]:
        assert found(text) == ["EK 60267"], text


def test_editing_a_post_updates_its_vector():
    post = PostFactory(ref="P", title="Justice Monitor")
    post.title = "Procurement Officer"
    post.save()
    assert found("procurement") == ["P"]
    assert found("justice") == []


def test_sections_added_one_by_one_or_in_bulk_are_searchable():
    one, bulk = PostFactory(ref="ONE"), PostFactory(ref="BULK")
    SectionFactory(post=one, items=["Experience with firearms training."])
    Section.objects.bulk_create(
        [
            Section(
                post=bulk,
                kind=Section.Kind.MAIN_TASKS,
                heading="2. Tasks",
                items=["To audit warehouses."],
            ),
            Section(
                post=bulk, kind=Section.Kind.OTHER, heading="3. Other", items=["Fluent Albanian."]
            ),
        ]
    )
    assert found("firearms") == ["ONE"]
    assert found("warehouse") == ["BULK"]
    assert found("albanian") == ["BULK"]


def test_changed_and_deleted_sections_leave_the_vector():
    post = PostFactory(ref="P")
    section = SectionFactory(post=post, items=["Knowledge of forensics."])
    Section.objects.filter(pk=section.pk).update(items=["Knowledge of ballistics."])
    assert found("forensics") == [] and found("ballistics") == ["P"]
    Section.objects.filter(post=post).delete()
    assert found("ballistics") == []


def test_renaming_a_mission_or_moving_a_call_updates_its_posts():
    mission = MissionFactory(name="Old Name Mission", acronym="OLD")
    call = CallFactory(mission=mission)
    PostFactory(ref="P", call=call)
    mission.acronym = "EUMM"
    mission.save()
    assert found("eumm") == ["P"] and found("old") == ["P"]  # still in the name
    call.mission = MissionFactory(name="Monitoring Mission in Georgia", acronym="GEO")
    call.save()
    assert found("georgia") == ["P"] and found("eumm") == []


def test_updating_posts_in_bulk_keeps_the_vector():
    PostFactory(ref="P", component="Operations Department")
    Post.objects.filter(ref="P").update(component="Mission Support Department")
    assert found("support") == ["P"] and found("operations") == []


# Web search syntax -----------------------------------------------------------------------


def test_quotes_find_a_phrase_and_minus_leaves_a_word_out():
    PostFactory(ref="CLOSE", title="Close Protection Operator")
    PostFactory(ref="DEPUTY", title="Deputy Close Protection Team Leader")
    PostFactory(ref="APART", title="Protection Officer", component="Close Support Unit")
    assert set(found('"close protection"')) == {"CLOSE", "DEPUTY"}
    assert found('"close protection" -deputy') == ["CLOSE"]
    assert set(found("officer or leader")) == {"APART", "DEPUTY"}
    assert set(found("close protection")) == {"CLOSE", "DEPUTY", "APART"}


def test_words_are_stemmed():
    PostFactory(ref="P", title="Justice Monitor")
    assert found("monitoring") == ["P"]


@pytest.mark.parametrize("text", ["the", "-", '"', "and or", "&|!:*()"])
def test_a_query_without_words_finds_nothing_and_fails_nothing(client, text):
    PostFactory()
    response = client.get("/posts/", {"q": text})
    assert response.status_code == 200
    assert response.context["paginator"].count == 0


# Words joined by slashes and hyphens, and spellings ---------------------------------------


def test_a_slash_does_not_glue_words_together():
    # Postgres's parser reads "Adviser/Chief" as one file path.
    PostFactory(ref="P", title="Senior Legal Adviser/Chief of Unit")
    for text in ["legal adviser", '"legal adviser"', "chief", '"adviser chief"', "adviser/chief"]:
        assert found(text) == ["P"], text
    assert found("legal adviser -chief") == []


def test_a_hyphen_does_not_glue_words_together():
    PostFactory(ref="HYPHEN", title="Anti-Corruption Adviser")
    PostFactory(ref="SPACE", title="Anti Corruption Officer")
    PostFactory(ref="APART", title="Anti Fraud Officer", component="Corruption Unit")
    assert found("anti-corruption") == ["HYPHEN", "SPACE"]
    assert found('"anti corruption"') == ["HYPHEN", "SPACE"]
    assert found('"corruption adviser"') == ["HYPHEN"]
    assert found("anti-corruption -adviser") == ["SPACE"]
    assert found("corruption -anti-corruption") == ["APART"]
    assert set(found("corruption")) == {"HYPHEN", "SPACE", "APART"}


def test_slashes_and_hyphens_in_the_job_description_split_words_too():
    post = PostFactory(ref="P", title="Analyst")
    SectionFactory(post=post, items=["Knowledge of criminal/civil law and anti corruption."])
    assert found('"civil law"') == found("criminal") == found("anti-corruption") == ["P"]


@pytest.mark.parametrize(
    "printed, typed",
    [
        ("Legal Adviser", "advisor"),
        ("Legal Advisor", "adviser"),
        ("Senior Legal Advisers", '"legal advisor"'),
        ("Organisational Development Officer", "organizational"),
        ("International Organization Liaison", "organisation"),
        ("Programme Manager", "program"),
        ("Defense Analyst", "defence"),
        ("Crime Analysis Centre Officer", "center"),
        ("Labour Law Expert", "labor"),
    ],
)
def test_british_and_american_spellings_find_each_other(printed, typed):
    PostFactory(ref="P", title=printed)
    PostFactory(ref="OTHER", title="Justice Monitor")
    assert found(typed) == ["P"]


def test_leaving_out_a_spelling_leaves_out_the_other():
    PostFactory(ref="ADVISER", title="Political Adviser")
    PostFactory(ref="ADVISOR", title="Political Advisor")
    PostFactory(ref="OFFICER", title="Political Officer")
    assert found("political -advisor") == ["OFFICER"]


def test_the_title_is_marked_as_printed(client):
    PostFactory(title="Senior Legal Advisor/Chief of Unit")
    post = PostFactory(title="Anti-Corruption Adviser")
    SectionFactory(post=post, items=["To advise on anti-corruption and/or integrity."])
    body = client.get("/posts/", {"q": "legal adviser chief"}).content.decode()
    assert "Senior <mark>Legal</mark> <mark>Advisor</mark>/<mark>Chief</mark> of Unit" in body
    body = client.get("/posts/", {"q": "anti-corruption"}).content.decode()
    assert "<mark>Anti</mark>-<mark>Corruption</mark> Adviser" in body
    assert "on <mark>anti</mark>-<mark>corruption</mark> and/or integrity" in body
    assert "\u200b" not in body


# Ranking and highlighting ----------------------------------------------------------------


def test_a_title_match_ranks_above_component_above_sections():
    in_sections = PostFactory(ref="SECTIONS", title="Finance Officer", component="Finance Unit")
    SectionFactory(
        post=in_sections, items=["Procurement planning.", "Procurement files.", "More procurement."]
    )
    PostFactory(ref="COMPONENT", title="Legal Adviser", component="Procurement Unit")
    PostFactory(ref="TITLE", title="Procurement Officer", component="Mission Support")
    assert found("procurement") == ["TITLE", "COMPONENT", "SECTIONS"]


def test_the_words_in_the_title_rank_above_a_job_description_full_of_them():
    described = PostFactory(ref="DESCRIBED", title="Rule of Law Officer")
    SectionFactory(
        post=described,
        items=[
            f"To assist the Legal Adviser with case {n}: legal adviser support." for n in range(20)
        ],
    )
    PostFactory(ref="TITLE", title="Senior Legal Adviser/Chief of Unit")
    assert found("legal adviser") == ["TITLE", "DESCRIBED"]
    assert found('"legal adviser"') == ["TITLE", "DESCRIBED"]


def test_the_words_together_rank_above_the_words_apart():
    PostFactory(ref="APART", title="Legal Officer", component="Political Adviser Office")
    apart_in_title = PostFactory(ref="TITLE-APART", title="Legal Officer and Gender Adviser")
    SectionFactory(post=apart_in_title, items=["To assist the legal adviser."] * 10)
    PostFactory(ref="TOGETHER", title="Legal Adviser", component="Legal Office")
    assert found("legal adviser") == ["TOGETHER", "TITLE-APART", "APART"]


@pytest.mark.parametrize(
    "text",
    [
        "legal adviser",
        '"legal adviser" -deputy',
        "legal or police",
        "-police",
        "o'neil's unit",
        "adviser/chief",
        "the",  # no lexeme at all
    ],
)
def test_the_title_query_matches_what_the_title_words_alone_match(text):
    """vacancies_title_query(q) puts weight A on every word of q; a post matches it exactly
    when its title and ref, alone, match q: the rank's first test, made without copying
    the title's words out of each document."""
    PostFactory(ref="EK 1", title="Legal Adviser/Chief", component="Police Unit")
    PostFactory(ref="EK 2", title="Deputy Legal Adviser", component="O'Neil's Unit")
    PostFactory(ref="EK 3", title="Police Officer", component="Legal Office")
    PostFactory(ref="EK 4", title="O'Neil's Unit Adviser", component="Legal")
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT ref, search_vector @@ vacancies_title_query(q),
                      ts_filter(search_vector, '{a}') @@ q
               FROM vacancies_post, vacancies_search_query(%s) AS q ORDER BY ref""",
            [text],
        )
        rows = cursor.fetchall()
    assert len(rows) == 4
    assert [weighted for _, weighted, _ in rows] == [alone for _, _, alone in rows]


def test_the_list_sorts_by_relevance_when_searching_unless_told_otherwise(client):
    PostFactory(ref="SECTION-ONLY", call=CallFactory(), title="Analyst")
    SectionFactory(post=Post.objects.get(ref="SECTION-ONLY"), items=["Procurement."])
    PostFactory(ref="TITLE", title="Procurement Officer")
    assert listed(client, q="procurement") == ["TITLE", "SECTION-ONLY"]
    # sort=relevance is the default when searching: a shared URL leaves it out.
    asked = client.get("/posts/", {"q": "procurement", "sort": "relevance"})
    assert asked.status_code == 302 and asked["Location"] == "/posts/?q=procurement"
    assert listed(client, q="procurement", sort="title") == ["SECTION-ONLY", "TITLE"]


def test_search_combines_with_the_filters(client):
    PostFactory(ref="OPEN", title="Procurement Officer")
    PostFactory(ref="CLOSED", title="Procurement Officer", call=CallFactory(closed=True))
    PostFactory(ref="THIRD", title="Procurement Assistant", open_to_third_states=True)
    assert set(listed(client, q="procurement")) == {"OPEN", "THIRD"}
    assert listed(client, q="procurement", status="closed") == ["CLOSED"]
    assert listed(client, q="procurement", third_states="yes") == ["THIRD"]


def test_matched_words_are_marked_in_the_title_and_a_snippet(client):
    post = PostFactory(title="Procurement Officer")
    SectionFactory(
        post=post, items=["To lead tenders.", "To draft procurement plans for the Mission."]
    )
    body = client.get("/posts/", {"q": "procurement"}).content.decode()
    assert "<mark>Procurement</mark> Officer" in body
    assert "draft <mark>procurement</mark> plans" in body
    assert "for “procurement”" in body


def test_highlighted_text_is_still_escaped(client):
    post = PostFactory(title="<script>alert(1)</script> Procurement")
    SectionFactory(post=post, items=["<img src=x onerror=alert(1)> procurement"])
    body = client.get("/posts/", {"q": "procurement"}).content.decode()
    assert "<script>alert(1)" not in body and "<img src=x" not in body
    assert "&lt;script&gt;" in body and "<mark>Procurement</mark>" in body


def test_no_snippet_when_only_the_title_matches(client):
    post = PostFactory(title="Procurement Officer")
    SectionFactory(post=post, items=["To lead tenders."])
    body = client.get("/posts/", {"q": "procurement"}).content.decode()
    assert 'class="snippet"' not in body


def test_a_snippet_marks_a_match_far_into_the_job_description(client):
    post = PostFactory(title="Finance Officer")
    SectionFactory(post=post, order=0, items=[f"Duty number {n}." for n in range(40)])
    SectionFactory(
        post=post, order=1, items=["To train staff.", "To audit the countries' budgets."]
    )
    body = client.get("/posts/", {"q": "country budget"}).content.decode()
    assert "audit the <mark>countries</mark>&#x27; <mark>budgets</mark>" in body
    assert "Duty number" not in body  # items without the words are not the snippet's


def test_a_snippet_marks_words_whose_stem_is_not_their_start(client):
    # Porter2 turns "dying" into "die" and "country" into "countri"; "ability" and
    # "abilities" are both "abil"; a hyphen splits words.
    post = PostFactory(title="Medical Adviser")
    SectionFactory(
        post=post,
        items=[
            "To care for the dying.",
            "Proven abilities.",
            "Anti-corruption work.",
            "Travel across the country.",
        ],
    )
    for query, marked in [
        ("die", "<mark>dying</mark>"),
        ("ability", "<mark>abilities</mark>"),
        ("countries", "<mark>country</mark>"),
        ("corruption", "<mark>corruption</mark>"),
    ]:
        assert marked in client.get("/posts/", {"q": query}).content.decode(), query


def samples_words() -> list[str]:
    words = []
    for document in Path(settings.BASE_DIR, "samples").glob("*.txt"):
        words += re.findall(r"[^\W_]+(?:['’.@+/-][^\W_]+)*", document.read_text())
    return sorted(set(words))


def test_every_word_of_the_samples_holds_the_pattern_of_its_lexemes():
    """vacancies_match_pattern: a word of a job description whose lexeme a query asks for
    is found by that query's pattern, so that no match is left out of a snippet. Every word
    of the three real calls, Porter2's exceptions, and spelling pairs."""
    words = [*samples_words(), "dying", "lying", "tying", "skies", "gently", "analyze"]
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT word FROM unnest(%s::text[]) AS word
               WHERE vacancies_search_query(word)::text <> ''
                 AND word !~* vacancies_match_pattern(vacancies_search_query(word))""",
            [words],
        )
        assert cursor.fetchall() == []
        cursor.execute("SELECT vacancies_match_pattern(vacancies_search_query('the and of'))")
        assert cursor.fetchone() == (None,)
    assert len(words) > 1000


def test_the_search_term_is_kept_in_links_to_exports_and_pages(client):
    for n in range(21):
        PostFactory(title="Procurement Officer", order=n)
    body = client.get("/posts/", {"q": '"procurement officer"'}).content.decode()
    assert "q=%22procurement+officer%22&amp;page=2" in body
    assert "/posts.csv?q=%22procurement+officer%22" in body


def test_search_is_one_parameter_of_the_shared_filterset():
    PostFactory(ref="P", title="Procurement Officer")
    assert [p.ref for p in PostFilter({"q": "procurement"}).qs] == ["P"]
    assert PostFilter({"q": "x" * 201}).errors


# The migration that splits the words of the posts already stored --------------------------


def test_0015_computes_the_vectors_of_existing_posts_again():
    post = PostFactory(ref="P", title="Senior Legal Adviser/Chief of Unit")
    # The vector as the trigger wrote it before 0015: "adviser/chief" one word.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE vacancies_post SET search_vector = to_tsvector('pg_catalog.english', title)"
            " WHERE id = %s",
            [post.pk],
        )
    assert found("chief") == []

    with connection.cursor() as cursor:
        cursor.execute(search_words.RECOMPUTE_SEARCH_VECTORS)
    assert found("chief") == ["P"]


# The sample documents -------------------------------------------------------------------


def test_procurement_puts_the_procurement_officer_posts_first(client, samples):
    posts = client.get("/posts/", {"q": "procurement", "status": "all"}).context["object_list"]
    assert [post.title for post in posts[:2]] == ["Procurement Officer", "Procurement Officer"]
    assert {post.ref for post in posts[:2]} == {"EK 60211", "EK 60211-1"}
    assert len(posts) > 2  # other posts mention procurement in their tasks, lower down


def test_close_protection_without_deputy_in_the_samples(samples):
    titles = [p.title for p in PostFilter({"q": '"close protection" -deputy', "status": "all"}).qs]
    assert titles[0] == "Close Protection Operator"
    assert not any("Deputy" in title for title in titles)


def test_the_words_are_the_last_condition_postgres_tests():
    """Matching the words reads each post's search vector out of line: the cheaper columns
    are written first, so that Postgres tests them first and rules most posts out unread."""
    sql = str(PostFilter({"q": "officer", "regime": "seconded", "country": "XK"}).qs.query)
    where = sql[sql.index(" WHERE ") :]
    assert where.index("search_vector") > where.index('"regime"')
    assert where.index("search_vector") > where.index('"country"')
