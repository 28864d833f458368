"""Bad uploads: each gives the right error class and a message that says what is wrong.

Nothing but an importer error may come out of reading, whatever the bytes.
"""

from __future__ import annotations

import random

import pytest

from tests.importer import builders as b
from vacancies.importer import errors, read_call
from vacancies.importer.errors import DocumentTooLarge, NotACall, UnreadableDocument
from vacancies.importer.readers import MB, read_blocks

BAD_INPUTS = {
    # name: (bytes, file name, error class, words the message must contain)
    "empty file": (lambda: b"", "call.pdf", UnreadableDocument, "This file is empty."),
    "only blank lines": (lambda: b"\r\n \n\t\n", "call.txt", UnreadableDocument, "empty"),
    "random bytes": (b.random_bytes, "call.pdf", UnreadableDocument, "binary data"),
    "png renamed .pdf": (b.png_image, "call.pdf", UnreadableDocument, "is a PNG image, not a PDF"),
    "old .doc": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
        "call.doc",
        UnreadableDocument,
        "old Word (.doc)",
    ),
    "zip, not a docx": (b.zip_not_docx, "call.docx", UnreadableDocument, "is a ZIP archive"),
    "encrypted pdf": (b.encrypted_pdf, "call.pdf", UnreadableDocument, "password-protected"),
    "scanned pdf": (
        b.scanned_pdf,
        "call.pdf",
        UnreadableDocument,
        "contains no text: it's a scanned image",
    ),
    "truncated pdf": (
        lambda: b.eeas_pdf(b.example_call([b.example_post(1)]))[:3000],
        "call.pdf",
        UnreadableDocument,
        "incomplete",
    ),
    "damaged pdf": (
        lambda: b"%PDF-1.7\n" + b.random_bytes() + b"\n%%EOF\n",
        "call.pdf",
        UnreadableDocument,
        "damaged",
    ),
    "truncated docx": (b.truncated_docx, "call.docx", UnreadableDocument, "damaged or incomplete"),
    "docx with broken xml": (b.broken_xml_docx, "call.docx", UnreadableDocument, "damaged"),
    "docx zip bomb": (
        b.zip_bomb_docx,
        "call.docx",
        DocumentTooLarge,
        "more than 100 MB: refusing a possible zip bomb",
    ),
    "docx one part expanding 1000 times": (
        lambda: b.zip_bomb_docx(expanded_mb=30),  # under the 100 MB total
        "call.docx",
        DocumentTooLarge,
        "has a part that expands",
    ),
    "docx with too many parts": (
        b.many_entries_docx,
        "call.docx",
        DocumentTooLarge,
        "the limit is 2000",
    ),
    "docx with XXE": (b.xxe_docx, "call.docx", UnreadableDocument, "declares XML entities"),
    "docx with billion laughs": (
        b.billion_laughs_docx,
        "call.docx",
        UnreadableDocument,
        "declares XML entities",
    ),
}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_is_refused_with_a_specific_message(name):
    make, filename, error_class, words = BAD_INPUTS[name]

    with pytest.raises(error_class) as raised:
        read_blocks(make(), filename)

    assert words in str(raised.value)
    assert "\n" not in str(raised.value)  # one line, shown as is to the user


def test_upload_over_the_size_limit_is_refused_before_reading():
    data = b"%PDF-" + bytes(int(1.5 * MB))

    with pytest.raises(DocumentTooLarge, match=r"This file is 1.5 MB: the limit is 1 MB\."):
        read_blocks(data, "call.pdf", max_bytes=1 * MB)


def test_read_call_passes_the_size_limit_on():
    with pytest.raises(DocumentTooLarge):
        read_call(b"Position: Officer\n" * 100, "call.txt", max_bytes=1000)


def test_text_that_is_not_a_call_is_not_a_call():
    recipe = "Lemon cake\n\nIngredients:\n- 3 eggs\n- 200 g flour\n\nBake for 40 minutes.\n"

    with pytest.raises(NotACall):
        read_call(recipe.encode(), "cake.txt")


def _damaged(data: bytes, seed: int) -> bytes:
    """``data`` cut short, or with a few bytes overwritten, as a bad disk or upload does."""
    rng = random.Random(seed)  # noqa: S311  (seeded test data, no secret)
    if seed % 3 == 0:
        return data[: rng.randrange(1, len(data))]
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        damaged[rng.randrange(len(damaged))] = rng.randrange(256)
    return bytes(damaged)


_CALL = b.example_call([b.example_post(1)])


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("make", [b.eeas_pdf, b.eeas_docx], ids=["pdf", "docx"])
def test_damaged_documents_raise_only_importer_errors(make, seed):
    data = _damaged(make(_CALL), seed)

    try:
        read_blocks(data, "call")
    except errors.DocumentError as error:
        # Not pytest.raises: damage may leave a readable document; a refusal must explain.
        assert str(error)  # noqa: PT017
