"""A call whose PDF carries Word's glyph bullets, imported and published: no private-use
character and no U+FFFD on any page, feed, export or API answer, and each bullet is an
item of its own."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from vacancies.importer import read_call
from vacancies.importer.save import save_call

pytestmark = pytest.mark.django_db
NOT_TEXT = re.compile("[\ue000-\uf8ff\ufffd]")
# EUCAP Somalia's call, as a PDF written from Word with Symbol-font bullets.
SOMALIA = Path(__file__).parent / "importer" / "corpus" / "eucap-somalia-2-2020" / "call.pdf"


@pytest.fixture
def call():
    parsed = read_call(SOMALIA.read_bytes(), SOMALIA.name)
    parsed.deadline = timezone.now() + timedelta(days=30)  # open, so that every list shows it
    return save_call(parsed, publish=True).call


def body(response) -> str:
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def test_the_pdf_carries_the_glyphs():
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(SOMALIA.read_bytes())
    assert "\uf0b7" in "".join(page.get_textpage().get_text_range() for page in pdf)


def test_each_glyph_bullet_is_an_item_of_its_own(call):
    tasks = call.posts.get(ref="SOM 107").sections.get(kind="main_tasks")

    assert len(tasks.items) > 1
    assert all(NOT_TEXT.search(item) is None for item in tasks.items)


def test_nothing_public_carries_a_private_use_character(client, call):
    post = call.posts.get(ref="SOM 107")
    urls = [
        post.get_absolute_url(),
        call.get_absolute_url(),
        "/posts/",
        "/posts/?q=police",
        "/posts/feed/",
        "/posts.csv",
        "/posts.ics",
        "/api/posts/",
        f"/api/posts/{post.pk}/",
    ]

    found = {url: NOT_TEXT.findall(body(client.get(url))) for url in urls}

    assert found == {url: [] for url in urls}
    assert "Somali Police Force" in body(client.get(post.get_absolute_url()))
