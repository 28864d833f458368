from datetime import date, datetime

import pytest
from django import forms
from django.contrib.auth.models import Group, Permission, User
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.factories import CallFactory, MissionFactory, PostFactory, SectionFactory
from vacancies.models import Call, Post

pytestmark = pytest.mark.django_db


def inline_management(prefix: str, total: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def test_hr_editor_group_has_exactly_what_hr_staff_need():
    codenames = set(
        Group.objects.get(name="HR editor").permissions.values_list("codename", flat=True)
    )
    assert {
        "add_call",
        "change_call",
        "publish_call",
        "import_call",
        "add_post",
        "change_vacancy",
        "change_section",
        "add_mission",
    } <= codenames
    assert "delete_mission" not in codenames
    assert not any(name.endswith(("_user", "_group")) for name in codenames)


def test_hr_editor_creates_a_call_with_posts_in_the_admin(client, hr_editor):
    mission = MissionFactory()
    client.force_login(hr_editor)
    data = {
        "mission": mission.pk,
        "kind": "call_for_contributions",
        "reference": "4-2026",
        "title": "4-2026 Call for Contributions",
        "slug": "4-2026-call",
        "deadline_0": "2030-05-14",
        "deadline_1": "17:00",
        "status": "draft",
        "how_to_apply": "",
        "application_urls": "",
        "contact": "",
        "contact_email": "",
        **inline_management("posts", 2),
        **inline_management("parts"),
        "posts-0-order": 0,
        "posts-0-ref": "EK 1",
        "posts-0-title": "Justice Monitor",
        "posts-0-regime": "seconded",
        "posts-0-duty_station": "Pristina",
        "posts-0-clearance": "3",
        "posts-0-open_to_third_states": "true",
        "posts-1-order": 1,
        "posts-1-ref": "EK 2",
        "posts-1-title": "Police Monitor",
        "posts-1-regime": "seconded_contracted",
        "posts-1-duty_station": "Mitrovica",
        "posts-1-clearance": "",
        "posts-1-open_to_third_states": "unknown",
    }
    response = client.post("/admin/vacancies/call/add/", data)
    assert response.status_code == 302, (
        response.context["adminform"].errors if response.context else ""
    )
    call = Call.objects.get(reference="4-2026")
    assert call.status == Call.Status.DRAFT
    assert timezone.localtime(call.deadline).strftime("%Y-%m-%d %H:%M") == "2030-05-14 17:00"
    assert list(call.posts.values_list("ref", "regime", "clearance", "open_to_third_states")) == [
        ("EK 1", "seconded", 3, True),
        ("EK 2", "seconded_contracted", None, None),
    ]
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
    user.user_permissions.add(
        *Group.objects.get(name="HR editor").permissions.exclude(codename="publish_call")
    )
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
    for url in [
        "/admin/vacancies/call/?status__exact=published",
        "/admin/vacancies/post/?regime__exact=seconded",
        "/admin/vacancies/post/?clearance__exact=3",
        "/admin/vacancies/post/?open_to_third_states__exact=1",
    ]:
        assert client.get(url).status_code == 200


def test_post_admin_edits_vacancies_and_sections_inline(client, hr_editor):
    post = PostFactory()
    client.force_login(hr_editor)
    body = client.get(f"/admin/vacancies/post/{post.pk}/change/").content.decode()
    assert 'name="vacancies-TOTAL_FORMS"' in body and 'name="sections-TOTAL_FORMS"' in body


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/admin/vacancies/call/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def change_form_data(response) -> dict:
    """The data an admin change form would post back unchanged, inlines included."""
    data = {}
    formsets = [inline.formset for inline in response.context["inline_admin_formsets"]]
    forms_shown = [response.context["adminform"].form, *(f for fs in formsets for f in fs.forms)]
    for form in forms_shown:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field, forms.FileField):
                continue  # no new upload: the kept file stays
            if isinstance(field.widget, forms.MultiWidget):
                for i, part in enumerate(field.widget.decompress(value)):
                    data[f"{key}_{i}"] = "" if part is None else part
            elif isinstance(field, forms.BooleanField):
                if value:
                    data[key] = "on"
            elif value is not None:
                data[key] = field.prepare_value(value) if hasattr(field, "prepare_value") else value
    for formset in formsets:
        management = formset.management_form.initial
        data.update({f"{formset.prefix}-{name}": value for name, value in management.items()})
    return data


# Publishing a call whose deadline has passed ------------------------------------------------


def test_the_publish_action_publishes_open_calls_and_asks_about_closed_ones(client, hr_editor):
    open_call, closed_call = CallFactory(draft=True), CallFactory(draft=True, closed=True)
    client.force_login(hr_editor)
    selected = [open_call.pk, closed_call.pk]
    data = {"action": "publish", "_selected_action": selected}
    response = client.post("/admin/vacancies/call/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Published 1 call(s)." in body
    assert f">{closed_call}</a>" in body and f">{open_call}</a>" not in body
    assert f'name="_selected_action" value="{closed_call.pk}"' in body
    open_call.refresh_from_db(), closed_call.refresh_from_db()
    assert open_call.status == Call.Status.PUBLISHED and closed_call.status == Call.Status.DRAFT

    client.post(
        "/admin/vacancies/call/",
        {"action": "publish", "publish_closed": "yes", "_selected_action": [closed_call.pk]},
    )
    closed_call.refresh_from_db()
    assert closed_call.status == Call.Status.PUBLISHED and closed_call.published_at


def test_publishing_an_already_published_closed_call_asks_nothing(client, hr_editor):
    call = CallFactory(closed=True)
    client.force_login(hr_editor)
    data = {"action": "publish", "_selected_action": [call.pk]}
    response = client.post("/admin/vacancies/call/", data)
    assert response.status_code == 302


def test_the_call_form_asks_before_publishing_a_call_whose_deadline_has_passed(client, hr_editor):
    call = CallFactory(draft=True, closed=True)
    client.force_login(hr_editor)
    url = f"/admin/vacancies/call/{call.pk}/change/"
    page = client.get(url)
    assert 'type="hidden" name="publish_closed"' in page.content.decode()
    data = {**change_form_data(page), "status": "published"}

    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "has passed" in " ".join(refused.context["adminform"].form.errors["status"])
    assert 'type="checkbox" name="publish_closed"' in refused.content.decode()
    call.refresh_from_db()
    assert call.status == Call.Status.DRAFT

    assert client.post(url, {**data, "publish_closed": "on"}).status_code == 302
    call.refresh_from_db()
    assert call.status == Call.Status.PUBLISHED and call.published_at is not None


def test_an_open_call_is_published_from_its_form_without_a_question(client, hr_editor):
    call = CallFactory(draft=True)
    client.force_login(hr_editor)
    url = f"/admin/vacancies/call/{call.pk}/change/"
    response = client.post(url, {**change_form_data(client.get(url)), "status": "published"})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.status == Call.Status.PUBLISHED and call.published_at is not None


def test_the_call_form_edits_the_printed_date_of_publication(client, hr_editor):
    call = CallFactory()
    client.force_login(hr_editor)
    url = f"/admin/vacancies/call/{call.pk}/change/"
    page = client.get(url)
    assert "Applicants see it as “Published”" in page.content.decode()
    response = client.post(url, {**change_form_data(page), "publication_date": "2030-03-02"})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.publication_date == date(2030, 3, 2)


# Correcting by hand ------------------------------------------------------------------------


def test_section_items_are_one_per_line_kept_exactly_as_typed(client, hr_editor):
    section = SectionFactory(items=["To advise, train and mentor.", "To report."])
    client.force_login(hr_editor)
    url = f"/admin/vacancies/post/{section.post_id}/change/"
    page = client.get(url)
    assert ">\nTo advise, train and mentor.\nTo report.</textarea>" in page.content.decode()
    typed = "  To advise, mentor and monitor, as needed. \r\n\r\n   \r\nTo report, in writing.\r\n"
    response = client.post(url, {**change_form_data(page), "sections-0-items": typed})
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.items == [
        "  To advise, mentor and monitor, as needed. ",
        "To report, in writing.",
    ]


def test_the_post_page_shows_its_calls_deadline_and_links_to_the_call(client, hr_editor):
    call = CallFactory(deadline=timezone.make_aware(datetime(2030, 6, 14, 17, 0)))
    post = PostFactory(call=call)
    client.force_login(hr_editor)
    body = client.get(f"/admin/vacancies/post/{post.pk}/change/").content.decode()
    assert "Friday 14 June 2030, 17:00 (Brussels time)" in body
    assert f'href="/admin/vacancies/call/{call.pk}/change/"' in body


def test_text_pasted_into_the_admin_loses_glyphs_and_replacement_characters(client, hr_editor):
    section = SectionFactory(post__title="Justice Monitor")
    part = section.post.call.parts.create(heading="Conditions", text="Seconded only.")
    client.force_login(hr_editor)
    post_url = f"/admin/vacancies/post/{section.post_id}/change/"
    data = {
        **change_form_data(client.get(post_url)),
        "title": "Justice\ufffd Monitor",
        "sections-0-items": "\uf0b7 To monitor.\n\uf0a7To report\ue000.",
    }
    assert client.post(post_url, data).status_code == 302
    call_url = f"/admin/vacancies/call/{part.call_id}/change/"
    data = {
        **change_form_data(client.get(call_url)),
        "how_to_apply": "\uf0d8 Apply online\ufffd",
        "parts-0-text": "\uf0b7 Seconded only.\U000f0001",
    }
    assert client.post(call_url, data).status_code == 302

    section.refresh_from_db(), part.refresh_from_db(), section.post.refresh_from_db()
    assert section.post.title == "Justice Monitor"
    assert section.items == ["• To monitor.", "▪To report."]
    assert section.post.call.how_to_apply == "➢ Apply online" and part.text == "• Seconded only."


# The source document -----------------------------------------------------------------------


@pytest.fixture
def call_with_source(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call = CallFactory()
    call.source_document.save("3-2025 call <b>.pdf", ContentFile(b"%PDF-1.4 the call"), save=True)
    return call


def test_staff_download_the_source_document_as_an_attachment(client, hr_editor, call_with_source):
    client.force_login(hr_editor)
    page = client.get(f"/admin/vacancies/call/{call_with_source.pk}/change/").content.decode()
    url = f"/admin/vacancies/call/{call_with_source.pk}/source/"
    link = f'<a href="{url}">Download the source document (3-2025_call_b.pdf, 17\xa0bytes)</a>'
    assert link in page
    assert "/media/" not in page  # MEDIA_ROOT is not served: no link into it
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 the call"
    assert response["Content-Disposition"] == 'attachment; filename="3-2025_call_b.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_only_staff_who_may_view_calls_download_their_documents(client, call_with_source):
    user = User.objects.create_user("clerk", password="a-long-password-1", is_staff=True)
    client.force_login(user)
    assert client.get(f"/admin/vacancies/call/{call_with_source.pk}/source/").status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_call"))
    assert client.get(f"/admin/vacancies/call/{call_with_source.pk}/source/").status_code == 200
    client.logout()
    response = client.get(f"/admin/vacancies/call/{call_with_source.pk}/source/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_call_without_a_source_document_has_nothing_to_download(client, hr_editor):
    call = CallFactory()
    client.force_login(hr_editor)
    assert client.get(f"/admin/vacancies/call/{call.pk}/source/").status_code == 404
    assert client.get("/admin/vacancies/call/999999/source/").status_code == 404
    assert "None kept" in client.get(f"/admin/vacancies/call/{call.pk}/change/").content.decode()
