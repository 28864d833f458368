"""Full-text search: the stored vector stays current, web search syntax, ranking, highlights."""

import pytest

from tests.factories import (
    CallFactory,
    MissionFactory,
    PostFactory,
    SectionFactory,
)
from vacancies.listing import PostFilter
from vacancies.models import Post, Section

pytestmark = pytest.mark.django_db


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


# Ranking and highlighting ----------------------------------------------------------------


def test_a_title_match_ranks_above_component_above_sections():
    in_sections = PostFactory(ref="SECTIONS", title="Finance Officer", component="Finance Unit")
    SectionFactory(
        post=in_sections, items=["Procurement planning.", "Procurement files.", "More procurement."]
    )
    PostFactory(ref="COMPONENT", title="Legal Adviser", component="Procurement Unit")
    PostFactory(ref="TITLE", title="Procurement Officer", component="Mission Support")
    assert found("procurement") == ["TITLE", "COMPONENT", "SECTIONS"]


def test_the_list_sorts_by_relevance_when_searching_unless_told_otherwise(client):
    PostFactory(ref="SECTION-ONLY", call=CallFactory(), title="Analyst")
    SectionFactory(post=Post.objects.get(ref="SECTION-ONLY"), items=["Procurement."])
    PostFactory(ref="TITLE", title="Procurement Officer")
    assert listed(client, q="procurement") == ["TITLE", "SECTION-ONLY"]
    assert listed(client, q="procurement", sort="relevance") == ["TITLE", "SECTION-ONLY"]
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
