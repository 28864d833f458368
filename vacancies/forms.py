"""The admin's import page: upload a call's document, preview it, confirm to save.

Between preview and confirmation the upload waits in the media storage's staging folder
(on disk or in the bucket: the confirmation may reach another machine than the preview)
under a random token that is kept in the uploader's session, so one user cannot confirm
another's file.
"""

import re
import secrets
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from . import labels
from .documents import read_document
from .importer import errors
from .importer.changes import describe_changes
from .importer.check import check_complete, deadline_of
from .importer.model import Doubt, ParsedCall
from .importer.stored import column, find_existing
from .models import has_passed
from .preview import call_preview
from .sources import modified_time, source_storage, stored_files
from .uploads import check_size

STAGING_MAX_AGE = 24 * 3600  # an abandoned preview's file is removed after a day
SESSION_KEY = "staged_imports"
PUBLISH_CLOSED_LABEL = "Publish although the deadline has passed"
DEADLINE_PASSED = (
    "This deadline has already passed: published now, the call would show as closed, and"
    " nobody could apply."
)
# The line breaks browsers send; not all of str.splitlines' (form feeds, U+2028...).
LINE_BREAK = re.compile(r"\r\n|\r|\n")


STAGING_DIR = "staged-imports"


def staged_name(token: str) -> str:
    return f"{STAGING_DIR}/{token}"


class ItemsField(forms.Field):
    """A list of texts (a section's items) as a textarea, one item per line: each line kept
    exactly as typed, blank lines ignored. Django's comma-separated list turned one
    sentence with two commas into three items."""

    widget = forms.Textarea

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value) -> list[str]:
        return [line for line in LINE_BREAK.split(value or "") if line.strip()]


def parse_document(data: bytes, name: str) -> ParsedCall:
    """Read and check a document; every problem becomes a form error a person can act on."""
    try:
        parsed = read_document(data, name)  # in a child process, under memory and time limits
        check_complete(parsed, column)
    except errors.DocumentError as error:
        raise forms.ValidationError(str(error), code="unreadable") from None
    return parsed


class ImportCallForm(forms.Form):
    document = forms.FileField(
        help_text=(
            "The call as the mission published it: PDF, Word (.docx), text, HTML or Markdown."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.txt,.md,.html,.htm"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text += f" At most {settings.IMPORT_MAX_UPLOAD_MB} MB."

    def clean_document(self):
        upload = self.cleaned_data["document"]
        check_size(upload)  # before reading: an oversized upload has no bytes to read anyway
        data = upload.read()
        self.parsed = parse_document(data, upload.name)
        self.data_bytes = data
        return upload

    def stage(self, session) -> str:
        """Keep the upload until it is confirmed; return the token that names it."""
        _remove_stale()
        token = secrets.token_urlsafe(16)
        source_storage().save(staged_name(token), ContentFile(self.data_bytes))
        session.setdefault(SESSION_KEY, {})[token] = self.cleaned_data["document"].name
        session.modified = True
        return token


class ConfirmImportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    publish = forms.BooleanField(
        required=False, label="Publish the call now (otherwise it is saved as a draft)"
    )
    publish_closed = forms.BooleanField(required=False, label=PUBLISH_CLOSED_LABEL)

    def __init__(self, *args, session, can_publish=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.can_publish = can_publish

    def clean_token(self):
        token = self.cleaned_data["token"]
        name = self.session.get(SESSION_KEY, {}).get(token)
        data = None if name is None else _staged_bytes(token)
        if data is None:
            raise forms.ValidationError(
                "This preview has expired or belongs to another session: upload the document"
                " again.",
                code="expired",
            )
        self.name, self.data_bytes = name, data
        self.parsed = parse_document(self.data_bytes, name)
        return token

    def clean(self):
        cleaned = super().clean()
        cleaned["publish"] = cleaned.get("publish") and self.can_publish
        parsed = getattr(self, "parsed", None)  # none when the token was refused
        closed = parsed is not None and has_passed(deadline_of(parsed))
        if cleaned["publish"] and closed and not cleaned.get("publish_closed"):
            raise forms.ValidationError(
                f"Not saved: the deadline, {labels.deadline_text(parsed.deadline)}, has passed, so"
                f" the call would be published closed. Tick \u201c{PUBLISH_CLOSED_LABEL}\u201d to"
                " publish it all the same, or untick \u201cPublish\u201d to save it as a draft.",
                code="deadline_passed",
            )
        return cleaned

    def discard(self) -> None:
        token = self.cleaned_data["token"]
        self.session.get(SESSION_KEY, {}).pop(token, None)
        self.session.modified = True
        source_storage().delete(staged_name(token))


def preview(parsed: ParsedCall) -> dict:
    """What the preview page shows: the call with its doubts, and what saving changes."""
    doubts = list(parsed.doubts)
    closed = has_passed(deadline_of(parsed))
    if closed:  # the preview's own doubt: true of the moment HR staff look, not of the document
        doubts.append(Doubt("deadline", DEADLINE_PASSED))
    return {
        "call": parsed,
        "preview": call_preview(parsed, doubts),
        "changes": describe_changes(find_existing(parsed), parsed),
        "deadline": labels.deadline_text(parsed.deadline),
        "deadline_passed": closed,
    }


def _staged_bytes(token: str) -> bytes | None:
    try:
        with source_storage().open(staged_name(token), "rb") as staged:
            return staged.read()
    except FileNotFoundError:  # removed as stale, or already confirmed
        return None


def _remove_stale() -> None:
    storage, cutoff = source_storage(), timezone.now() - timedelta(seconds=STAGING_MAX_AGE)
    for name in stored_files(storage, STAGING_DIR):
        written = modified_time(storage, name)  # None: confirmed by its uploader meanwhile
        if written is not None and written < cutoff:
            storage.delete(name)
