import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from tests.factories import CallFactory, MissionFactory, PostFactory
from vacancies.models import Call, Post

pytestmark = pytest.mark.django_db


def inline_management(prefix: str, total: int = 0) -> dict:
    return {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000}


def test_hr_editor_group_has_exactly_what_hr_staff_need():
    codenames = set(Group.objects.get(name="HR editor").permissions.values_list("codename", flat=True))
    assert {"add_call", "change_call", "publish_call", "import_call", "add_post", "change_vacancy",
            "change_section", "add_mission"} <= codenames
    assert "delete_mission" not in codenames
    assert not any(name.endswith("_user") or name.endswith("_group") for name in codenames)


def test_hr_editor_creates_a_call_with_posts_in_the_admin(client, hr_editor):
    mission = MissionFactory()
    client.force_login(hr_editor)
    data = {
        "mission": mission.pk, "kind": "call_for_contributions", "reference": "4-2026",
        "title": "4-2026 Call for Contributions", "slug": "4-2026-call", "deadline_0": "2030-05-14",
        "deadline_1": "17:00", "status": "draft", "how_to_apply": "", "application_urls": "",
        "contact": "", "contact_email": "",
        **inline_management("posts", 2), **inline_management("parts"),
        "posts-0-order": 0, "posts-0-ref": "EK 1", "posts-0-title": "Justice Monitor",
        "posts-0-regime": "seconded", "posts-0-duty_station": "Pristina", "posts-0-clearance": "3",
        "posts-0-open_to_third_states": "true",
        "posts-1-order": 1, "posts-1-ref": "EK 2", "posts-1-title": "Police Monitor",
        "posts-1-regime": "seconded_contracted", "posts-1-duty_station": "Mitrovica", "posts-1-clearance": "",
        "posts-1-open_to_third_states": "unknown",
    }
    response = client.post("/admin/vacancies/call/add/", data)
    assert response.status_code == 302, response.context["adminform"].errors if response.context else ""
    call = Call.objects.get(reference="4-2026")
    assert call.status == Call.Status.DRAFT
    assert timezone.localtime(call.deadline).strftime("%Y-%m-%d %H:%M") == "2030-05-14 17:00"
    assert list(call.posts.values_list("ref", "regime", "clearance", "open_to_third_states")) == [
        ("EK 1", "seconded", 3, True), ("EK 2", "seconded_contracted", None, None)]
    assert not Post.objects.published().exists()


def test_publish_and_withdraw_actions(client, hr_editor):
    call = CallFactory(draft=True)
    PostFactory(call=call)
    client.force_login(hr_editor)
    client.post("/admin/vacancies/call/", {"action": "publish", "_selected_action": [call.pk]})
    call.refresh_from_db()
    assert call.status == Call.Status.PUBLISHED and call.published_at
    assert Post.objects.open().count() == 1
    client.post("/admin/vacancies/call/", {"action": "withdraw", "_selected_action": [call.pk]})
    call.refresh_from_db()
    assert call.status == Call.Status.WITHDRAWN
    assert Post.objects.published().count() == 0


def test_staff_without_publish_permission_cannot_publish(client):
    user = User.objects.create_user("viewer", password="a-long-password-1", is_staff=True)
    user.user_permissions.add(*Group.objects.get(name="HR editor").permissions.exclude(codename="publish_call"))
    call = CallFactory(draft=True)
    client.force_login(user)
    client.post("/admin/vacancies/call/", {"action": "publish", "_selected_action": [call.pk]})
    call.refresh_from_db()
    assert call.status == Call.Status.DRAFT


def test_admin_lists_search_and_filters_work(client, hr_editor):
    PostFactory(ref="EK 60211", title="Procurement Officer")
    PostFactory(ref="EK 60004", title="Special Assistant")
    client.force_login(hr_editor)
    response = client.get("/admin/vacancies/post/", {"q": "procurement"})
    assert response.status_code == 200
    assert "EK 60211" in response.content.decode() and "EK 60004" not in response.content.decode()
    for url in ["/admin/vacancies/call/?status__exact=published", "/admin/vacancies/post/?regime__exact=seconded",
                "/admin/vacancies/post/?clearance__exact=3", "/admin/vacancies/post/?open_to_third_states__exact=1"]:
        assert client.get(url).status_code == 200


def test_post_admin_edits_vacancies_and_sections_inline(client, hr_editor):
    post = PostFactory()
    client.force_login(hr_editor)
    body = client.get(f"/admin/vacancies/post/{post.pk}/change/").content.decode()
    assert 'name="vacancies-TOTAL_FORMS"' in body and 'name="sections-TOTAL_FORMS"' in body


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/admin/vacancies/call/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
