"""Property-based tests (hypothesis): whatever a visitor puts in the query string of a
public page, or a document in the importer, the answer is a page or an error message,
never a 500 or an unhandled exception."""

import functools
import io
import os
import zipfile
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.factories import AlertFactory, CallFactory, PostFactory, SectionFactory, VacancyFactory
from tests.importer import builders as b
from vacancies.importer import errors, read_call
from vacancies.importer.save import save_call

pytestmark = pytest.mark.django_db
SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").iterdir())
# Examples per test: enough to find the classic mistakes, bounded for `make test`.
# HYPOTHESIS_EXAMPLES=2000 for a longer hunt. No example database: nothing written to the checkout.
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "150"))
FAST = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PARAMETERS = [
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
]
VALID = {
    "status": ["open", "closed", "all"],
    "eligible_for": ["member_state", "third_state", "contracted"],
    "mission": ["eutm-0", "eulex"],
    "regime": ["seconded", "contracted"],
    "clearance": ["none", "restricted", "confidential", "secret", "top_secret"],
    "third_states": ["yes", "no"],
    "sort": ["relevance", "deadline", "-published", "title"],
    "closing_within": ["0", "7", "366"],
    "deadline_after": ["2026-01-01"],
    "deadline_before": ["2030-12-31"],
    "page": ["1", "2"],
    "page_size": ["1", "100"],
    "q": ['"close protection" -deputy', "police or justice"],
    "location": ["Pristina"],
}
NASTY = [
    "",
    " ",
    "\x00",
    "%00",
    "-1",
    "0",
    "1e9",
    "9" * 400,
    "NaN",
    "inf",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "'",
    '"',
    "\\",
    "--",
    "/*",
    "*",
    "!",
    "&",
    "|",
    ":*",
    "<script>",
    "a" * 5000,
    "ǅ",
    "\u202e",
    "🚀",
    "null",
    "[]",
    "{}",
    "true",
]
PATHS = [
    "/posts/",
    "/posts/feed/",
    "/posts.ics",
    "/posts.csv",
    "/api/posts/",
    "/alerts/new/",
    "/calls/",
]

text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
value = st.one_of(
    text,
    st.sampled_from(NASTY),
    st.integers().map(str),
    st.sampled_from(sorted({v for vs in VALID.values() for v in vs})),
)
key = st.one_of(st.sampled_from(PARAMETERS), text)
query = st.lists(st.tuples(key, value), max_size=8)


@pytest.fixture
def posts():
    call = CallFactory(mission__slug="eutm-0")
    for n in range(3):
        post = PostFactory(call=call, title=f"Police Monitor {n}")
        VacancyFactory(post=post)
        SectionFactory(post=post)
    PostFactory(call=CallFactory(closed=True))


def get(client: Client, url: str):
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)  # a CSV or calendar fails while streaming, if at all
    return response


def get_tidied(client: Client, url: str):
    """Get a list page; a query with empty or default parameters is tidied by one redirect."""
    response = get(client, url)
    if response.status_code == 302:
        response = get(client, response["Location"])
        assert response.status_code != 302, f"{url} redirects twice"
    return response


@FAST
@given(path=st.sampled_from(PATHS), params=query)
@example(path="/posts/", params=[("q", "\x00")])
@example(path="/api/posts/", params=[("page", "9" * 400)])
@example(
    path="/posts.csv", params=[("deadline_after", "0001-01-01"), ("deadline_before", "9999-12-31")]
)
def test_no_query_string_makes_a_public_page_fail(client, posts, path, params):
    response = get_tidied(client, f"{path}?{urlencode(params)}")
    assert response.status_code in (200, 400, 404), (path, params, response.status_code)


@FAST
@given(path=st.sampled_from(PATHS), raw=st.binary(max_size=200))
def test_no_raw_query_bytes_make_a_public_page_fail(client, posts, path, raw):
    # Bytes as a client may send them: not percent-encoded, not UTF-8.
    response = get_tidied(client, f"{path}?{raw.decode('latin-1')}")
    assert response.status_code in (200, 400, 404)


@FAST
@given(email=st.one_of(st.emails(), text), search=st.one_of(text, query.map(urlencode)))
def test_no_alert_sign_up_fails(client, posts, mailoutbox, email, search):
    response = client.post("/alerts/new/", {"email": email, "search": search})
    assert response.status_code in (200, 302)


@FAST
@given(pk=st.integers(min_value=-(2**70), max_value=2**70), slug=text)
def test_no_address_of_a_post_fails(client, posts, pk, slug):
    slug = quote(slug, safe="")
    for url in [
        f"/posts/{pk}/{slug}/",
        f"/api/posts/{pk}/",
        f"/calls/{pk}/{slug}/",
        f"/missions/{slug}/",
    ]:
        assert get(client, url).status_code in (200, 301, 404)


@FAST
@given(token=text)
def test_no_alert_link_fails(client, token):
    AlertFactory()
    token = quote(token, safe="")
    for url in [f"/alerts/confirm/{token}/", f"/alerts/unsubscribe/{token}/"]:
        assert client.get(url).status_code in (200, 301, 404)
        assert client.post(url).status_code in (200, 301, 404)


# The importer, on mutated documents ----------------------------------------------------


def mutated(lines: list[str], data: st.DataObject) -> str:
    """The document's lines, some dropped, repeated, swapped, cut or garbled."""
    lines = list(lines)
    for _ in range(data.draw(st.integers(1, 12))):
        if not lines:
            break
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(
            st.sampled_from(["drop", "repeat", "swap", "cut", "garble", "insert", "long"])
        )
        if action == "drop":
            del lines[i]
        elif action == "repeat":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "cut":
            lines[i] = lines[i][: data.draw(st.integers(0, len(lines[i])))]
        elif action == "garble":
            lines[i] = data.draw(text)
        elif action == "insert":
            lines.insert(
                i,
                data.draw(st.sampled_from([*NASTY, "Deadline: 31/02/2026", "Ref: EK 1*", "|a|b|"])),
            )
        else:
            lines[i] = lines[i] + " " + "x" * data.draw(st.integers(100, 2000))
    return "\n".join(lines)


@FAST
@given(sample=st.sampled_from(SAMPLES), data=st.data())
def test_a_mutated_document_is_imported_or_refused_with_a_message(settings, tmp_path, sample, data):
    settings.MEDIA_ROOT = tmp_path
    document = mutated(sample.read_text().splitlines(), data).encode()
    try:
        parsed = read_call(document, sample.name)
        parsed.as_dict()
        with transaction.atomic():
            save_call(parsed, source_name=sample.name, source_data=document)
            transaction.set_rollback(True)
    except errors.DocumentError as error:
        # Not pytest.raises: the document may still be read; a refusal must explain, in a line.
        assert str(error) and "\n" not in str(error)  # noqa: PT017


@functools.cache
def docx_parts() -> dict[str, bytes]:
    document = b.eeas_docx(b.example_call([b.example_post(1), b.example_post(2)]))
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        return {entry.filename: archive.read(entry) for entry in archive.infolist()}


@FAST
@given(data=st.data())
def test_a_word_document_with_mutated_xml_is_read_or_refused_with_a_message(data):
    # Inside a well-formed zip, so that the XML parsers and python-docx see the damage.
    parts = dict(docx_parts())
    name = data.draw(
        st.sampled_from(sorted(name for name in parts if name.endswith((".xml", ".rels"))))
    )
    xml = bytearray(parts[name])
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(xml) - 1))
        size = data.draw(st.integers(1, 64))
        action = data.draw(st.sampled_from(["replace", "delete", "repeat", "insert"]))
        if action == "replace":
            xml[at : at + size] = data.draw(st.binary(min_size=size, max_size=size))
        elif action == "delete":
            del xml[at : at + size]
        elif action == "repeat":
            xml[at:at] = xml[at : at + size]
        else:
            xml[at:at] = data.draw(
                st.sampled_from(
                    [b"<w:p>", b"</w:tbl>", b"&amp;", b"&#0;", b"\xff\xfe", b'<w:numId w:val="9"/>']
                )
            )
    parts[name] = bytes(xml)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in parts.items():
            archive.writestr(part, content)
    try:
        read_call(buffer.getvalue(), "call.docx").as_dict()
    except errors.DocumentError as error:
        # Not pytest.raises: the document may still be read; a refusal must explain, in a line.
        assert str(error) and "\n" not in str(error)  # noqa: PT017
