"""Hostile documents and hostile text: refused, or kept as inert text, never run.

The readers' own refusals (XXE, billion laughs, zip bombs, damaged files) are tested in
tests/importer/test_bad_input.py; here they go through the admin's import page, with
polyglots, and script in a title or section is followed onto every page that shows it.
"""

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import imports
from tests.factories import PostFactory, SectionFactory
from tests.importer import builders as b
from vacancies.importer import read_call
from vacancies.importer.errors import DocumentError
from vacancies.models import Call

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, name: str, data: bytes):
    return imports.upload(client, SimpleUploadedFile(name, data))


def form_errors(response) -> str:
    return " ".join(imports.problems(response))


def one_call_docx() -> bytes:
    return b.eeas_docx(b.example_call([b.example_post(1)]))


def pdf_with(extra: bytes) -> bytes:
    return b.eeas_pdf(b.example_call([b.example_post(1)])) + extra


# name, bytes, words of the form error
HOSTILE_UPLOADS = {
    "XXE docx": (b.xxe_docx, "call.docx", "declares XML entities"),
    "billion laughs docx": (b.billion_laughs_docx, "call.docx", "declares XML entities"),
    "zip bomb docx": (b.zip_bomb_docx, "call.docx", "refusing a possible zip bomb"),
    "docx with 3000 parts": (b.many_entries_docx, "call.docx", "the limit is 2000"),
    # Polyglots: what the content is decides, never the name.
    "GIF/JavaScript polyglot named .html": (
        lambda: b"GIF89a/*\x00\x00*/=1;" + SCRIPT.encode() + b"\n",
        "call.html",
        "is a GIF image",
    ),
    "PNG with HTML appended, named .html": (
        lambda: b.png_image() + b"<html><body>" + SCRIPT.encode() + b"</body></html>",
        "call.html",
        "PNG image",
    ),
    "PDF header over an HTML page": (
        lambda: b"%PDF-1.4\n<html><body>" + SCRIPT.encode() + b"</body></html>\n%%EOF\n",
        "call.html",
        "damaged",
    ),
    "ZIP that starts like a PDF": (lambda: zip_named("%PDF-1.7 call.xml"), "call.docx", "PDF is"),
    "PDF with a DOCX appended": (lambda: pdf_with(one_call_docx()), "call.docx", "incomplete"),
    "HTML page with a ZIP appended": (
        lambda: ("<html><body><p>" + SCRIPT + "</p></body></html>").encode() + one_call_docx(),
        "call.html",
        "binary data",
    ),
}


def zip_named(entry: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(entry, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize("name", HOSTILE_UPLOADS)
def test_a_hostile_upload_gets_a_form_error_and_saves_nothing(client, hr_editor, name):
    make, filename, words = HOSTILE_UPLOADS[name]
    client.force_login(hr_editor)

    started = time.monotonic()
    response = upload(client, filename, make())

    assert response.status_code == 200 and words in form_errors(response)
    assert time.monotonic() - started < 10
    assert not Call.objects.exists()


def test_the_kept_copy_of_an_html_call_is_named_txt_whatever_its_name(client, hr_editor):
    client.force_login(hr_editor)
    data = next(SAMPLES.glob("001_*")).read_bytes()  # Markdown with HTML tags
    preview = upload(client, "call.html", data)
    imports.confirm(client, preview)

    assert Call.objects.get().source_document.name.endswith(".txt")


# Script in the text of a call ------------------------------------------------------------


def assert_inert(body: str) -> None:
    """No element made of the hostile text: it shows escaped (&lt;img ...), as text."""
    assert SCRIPT not in body and "<img src=x" not in body


@pytest.fixture
def hostile_post():
    post = PostFactory(title=f"Officer {SCRIPT}", duty_station=IMG, component=f"Unit {SCRIPT}")
    SectionFactory(
        post=post, heading=f"Tasks {SCRIPT}", items=[f"Monitor {IMG}", f"Report {SCRIPT}"]
    )
    post.call.title = f"Call {SCRIPT}"
    post.call.how_to_apply = f"Apply {IMG}"
    post.call.save()
    return post


def test_script_in_a_post_is_text_on_every_page_that_shows_it(client, hostile_post):
    call, mission = hostile_post.call, hostile_post.call.mission
    for url in [
        "/",
        "/posts/",
        "/posts/?q=officer",
        "/posts/?q=monitor",
        hostile_post.get_absolute_url(),
        "/calls/",
        call.get_absolute_url(),
        mission.get_absolute_url(),
        "/posts/feed/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode())
    page = client.get(hostile_post.get_absolute_url()).content.decode()
    assert "Officer &lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_script_in_a_post_is_text_in_the_admin(admin_client, hostile_post):
    for url in [
        f"/admin/vacancies/post/{hostile_post.pk}/change/",
        "/admin/vacancies/post/",
        f"/admin/vacancies/call/{hostile_post.call.pk}/change/",
        f"/admin/vacancies/post/{hostile_post.pk}/history/",
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert SCRIPT not in response.content.decode()


def test_script_in_a_post_is_a_string_in_the_api(client, hostile_post):
    data = client.get(f"/api/posts/{hostile_post.pk}/").json()
    assert (
        data["title"] == f"Officer {SCRIPT}" and data["sections"][0]["items"][0] == f"Monitor {IMG}"
    )


def test_a_document_with_script_in_its_text_imports_as_inert_text(client, hr_editor):
    notice = next(SAMPLES.glob("003_*")).read_text()
    title, rest = notice.split("\n", 1)
    hostile = f"{title} {SCRIPT}\n" + rest.replace(
        "Excellent physical condition", f"Excellent {IMG} condition", 1
    )
    client.force_login(hr_editor)

    preview = upload(client, "notice.txt", hostile.encode())
    assert preview.status_code == 200
    assert_inert(preview.content.decode())
    imports.confirm(client, preview, publish=True)

    post = Call.objects.get().posts.get()
    assert SCRIPT in post.title  # kept as the document has it: text
    page = client.get(post.get_absolute_url()).content.decode()
    assert_inert(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_html_script_elements_in_a_document_are_dropped_not_kept():
    html = next(SAMPLES.glob("001_*")).read_text()
    hostile = html.replace("</p>", "<script>steal(document.cookie)</script></p>", 1)
    call = read_call(hostile.encode(), "call.html")
    text = repr(call.as_dict())
    assert "steal(document.cookie)" not in text


def test_importer_errors_are_the_only_errors_hostile_text_raises():
    for data in [
        SCRIPT.encode() * 1000,
        b"<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>",
        b"\xef\xbb\xbf" + IMG.encode(),
    ]:
        with pytest.raises(DocumentError):
            read_call(data, "call.html")


def test_json_ld_in_a_hostile_post_cannot_close_its_script_element(client, hostile_post):
    page = client.get(hostile_post.get_absolute_url()).content.decode()
    (ld,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert "<" not in ld


def test_text_too_long_for_its_field_is_refused_with_a_message_not_a_500(client, hr_editor):
    post = b.example_post(1)
    post.duty_station = "Pristina " * 30
    client.force_login(hr_editor)

    response = upload(client, "call.docx", b.eeas_docx(b.example_call([post])))

    assert re.search(
        r"Post EK 61001: its duty station is 2\d\d characters long, more than the 200",
        form_errors(response),
    )
    assert not Call.objects.exists()
