"""Every change to a call, post, vacancy or section, through the admin or an import,
leaves a history record (who, when, what), viewable in the admin."""

from io import StringIO
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests import imports
from tests.factories import PostFactory
from vacancies.models import Call, CallPart, Post, Section, Vacancy

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def sample(prefix: str) -> Path:
    return next(SAMPLES.glob(f"{prefix}_*"))


def import_in_admin(client, path: Path, data: bytes | None = None):
    preview = imports.upload(client, SimpleUploadedFile(path.name, data or path.read_bytes()))
    return imports.confirm(client, preview)


def test_an_edit_in_the_admin_records_who_changed_what(client, hr_editor):
    post = PostFactory(title="Justice Monitor")
    client.force_login(hr_editor)
    page = client.get(f"/admin/vacancies/post/{post.pk}/change/")
    form = page.context["adminform"].form
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data.update(
        {
            "call": post.call_id,
            "title": "Senior Justice Monitor",
            "open_to_third_states": "false",
            "vacancies-TOTAL_FORMS": 0,
            "vacancies-INITIAL_FORMS": 0,
            "sections-TOTAL_FORMS": 0,
            "sections-INITIAL_FORMS": 0,
        }
    )

    assert client.post(f"/admin/vacancies/post/{post.pk}/change/", data).status_code == 302

    record = post.history.latest()
    assert record.history_type == "~" and record.history_user == hr_editor
    assert record.title == "Senior Justice Monitor"
    assert [c.field for c in record.diff_against(record.prev_record).changes] == ["title"]


def test_an_import_in_the_admin_records_every_row_with_the_user_and_the_document(client, hr_editor):
    client.force_login(hr_editor)
    import_in_admin(client, sample("001"))

    call = Call.objects.get()
    reason = f"Imported from {sample('001').name} in the admin"
    for model, count in [
        (Call, 1),
        (Post, 5),
        (Vacancy, Vacancy.objects.count()),
        (Section, Section.objects.count()),
        (CallPart, CallPart.objects.count()),
    ]:
        records = model.history.all()
        assert records.count() == count > 0, model
        assert {(r.history_type, r.history_user_id, r.history_change_reason) for r in records} == {
            ("+", hr_editor.pk, reason)
        }, model
    assert call.history.get().reference == call.reference


def test_a_reimport_records_what_it_replaced_and_removed(client, hr_editor):
    client.force_login(hr_editor)
    import_in_admin(client, sample("003"))
    sections_before = Section.objects.count()
    changed = (
        sample("003").read_text().replace("Excellent physical condition", "Good physical condition")
    )

    import_in_admin(client, sample("003"), changed.encode())

    deleted = Section.history.filter(history_type="-")
    assert deleted.count() == sections_before
    assert {r.history_user_id for r in deleted} == {hr_editor.pk}
    assert Section.history.filter(history_type="+").count() == 2 * sections_before
    assert Post.history.filter(history_type="~").exists()


def test_the_command_line_import_records_the_named_user_and_the_system_user(tmp_path):
    user = User.objects.create_user("importer", password="a-long-password-1")
    call_command("import_call", str(sample("003")), "--user", "importer", stdout=StringIO())

    record = Post.history.get()
    assert record.history_user == user
    assert record.history_change_reason.startswith(
        f"Imported from {sample('003').name} by manage.py import_call"
    )
    assert "system user" in record.history_change_reason


def test_the_command_line_import_without_a_user_still_says_who_ran_it():
    call_command("import_call", str(sample("003")), stdout=StringIO())
    record = Call.history.get()
    assert record.history_user is None and "(system user " in record.history_change_reason


def test_hr_editors_see_the_history_in_the_admin(client, hr_editor):
    client.force_login(hr_editor)
    import_in_admin(client, sample("001"))
    call, post = Call.objects.get(), Post.objects.first()

    for url in [
        f"/admin/vacancies/call/{call.pk}/history/",
        f"/admin/vacancies/post/{post.pk}/history/",
        f"/admin/vacancies/historicalsection/?post={post.pk}",
        f"/admin/vacancies/historicalvacancy/?post={post.pk}",
        f"/admin/vacancies/historicalpost/?call={call.pk}",
        f"/admin/vacancies/historicalcallpart/?call={call.pk}",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert ">hr<" in response.content.decode(), url  # the user who made the change
    history = client.get(f"/admin/vacancies/post/{post.pk}/history/").content.decode()
    assert (
        "Imported from" in history and "Choose a date from the list below to revert" not in history
    )


def test_the_history_cannot_be_edited_or_deleted(admin_client):
    post = PostFactory()
    record = post.history.get()
    assert (
        admin_client.get(f"/admin/vacancies/historicalpost/{record.pk}/delete/").status_code == 403
    )
    response = admin_client.post(f"/admin/vacancies/historicalpost/{record.pk}/change/", {})
    assert response.status_code == 403
    assert admin_client.get("/admin/vacancies/historicalpost/add/").status_code == 403


def history_table(client, url) -> str:
    body = client.get(url).content.decode()
    start = body.index('<table id="change-history"')
    return body[start : body.index("</table>", start)]


def test_the_history_shows_values_as_the_public_pages_label_them(client, hr_editor):
    post = PostFactory(clearance=None, open_to_third_states=False)
    post.clearance, post.regime, post.open_to_third_states = 1, "seconded_contracted", True
    post.save()
    client.force_login(hr_editor)
    table = history_table(client, f"/admin/vacancies/post/{post.pk}/history/")
    assert "<strong>Clearance:</strong> Not stated&nbsp;&rarr;&nbsp;&nbsp;EU RESTRICTED" in table
    assert "<strong>Regime:</strong> Seconded&nbsp;&rarr;&nbsp;&nbsp;Seconded/Contracted" in table
    assert "<strong>Open to third states:</strong> No&nbsp;&rarr;&nbsp;&nbsp;Yes" in table
    assert "seconded_contracted" not in table


def test_a_save_that_changed_nothing_is_not_a_row_of_the_history(client, hr_editor):
    post = PostFactory()
    post.save()  # as a re-import saves every post, changed or not
    post.call.save()  # only updated_at changes
    client.force_login(hr_editor)
    for url in [
        f"/admin/vacancies/post/{post.pk}/history/",
        f"/admin/vacancies/call/{post.call_id}/history/",
    ]:
        table = history_table(client, url)
        assert "<td>Created</td>" in table and "<td>Changed</td>" not in table, url


def test_the_last_change_of_a_history_page_shows_what_it_changed(client, hr_editor, monkeypatch):
    monkeypatch.setattr(admin.site._registry[Post], "history_list_per_page", 2)
    post = PostFactory(title="Monitor")
    for title in ["Justice Monitor", "Senior Justice Monitor"]:
        post.title = title
        post.save()
    client.force_login(hr_editor)
    table = history_table(client, f"/admin/vacancies/post/{post.pk}/history/")
    assert table.count("<td>Changed</td>") == 2
    # The second row, the last of page 1, is compared with the record on page 2.
    assert "Monitor&nbsp;&rarr;&nbsp;&nbsp;Justice Monitor" in table


def test_a_change_without_a_reason_or_a_user_shows_neither_as_none(client, hr_editor):
    post = PostFactory()
    post.title = "Senior Justice Monitor"
    post.save()  # no reason, nobody logged in
    client.force_login(hr_editor)
    table = history_table(client, f"/admin/vacancies/post/{post.pk}/history/")
    assert "None" not in table
