"""The admin's import page: upload a call's document, preview it, confirm to save.

The upload is kept as a ``StagedImport`` (its bytes in the database) while the worker reads
it, and until its uploader saves the preview: only that user sees or saves it, and the web
process never reads a document.
"""

import re

from django import forms
from django.conf import settings
from django.db import transaction

from . import labels, tasks
from .importer.changes import describe_changes
from .importer.check import deadline_of
from .importer.model import Doubt, ParsedCall
from .importer.stored import find_existing
from .models import StagedImport, has_passed
from .preview import call_preview
from .uploads import check_size

PUBLISH_CLOSED_LABEL = "Publish although the deadline has passed"
DEADLINE_PASSED = (
    "This deadline has already passed: published now, the call would show as closed, and"
    " nobody could apply."
)
# The line breaks browsers send; not all of str.splitlines' (form feeds, U+2028...).
LINE_BREAK = re.compile(r"\r\n|\r|\n")


class ItemsField(forms.Field):
    """A list of texts (a section's items) as a textarea, one item per line: each line kept
    exactly as typed, blank lines ignored. Django's comma-separated list turned one
    sentence with two commas into three items."""

    widget = forms.Textarea

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value) -> list[str]:
        return [line for line in LINE_BREAK.split(value or "") if line.strip()]


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
        check_size(upload)  # an oversized upload has no bytes to keep anyway
        return upload

    def stage(self, user) -> StagedImport:
        """Keep the upload and queue its reading. The task is a row of the same transaction:
        queued if, and only if, the upload is kept."""
        StagedImport.objects.expired().delete()
        upload = self.cleaned_data["document"]
        with transaction.atomic():
            staged = StagedImport.objects.create(
                name=upload.name, document=upload.read(), uploaded_by=user
            )
            tasks.read_staged_import.enqueue(str(staged.pk))
        return staged


class ConfirmImportForm(forms.Form):
    publish = forms.BooleanField(
        required=False, label="Publish the call now (otherwise it is saved as a draft)"
    )
    publish_closed = forms.BooleanField(required=False, label=PUBLISH_CLOSED_LABEL)

    def __init__(self, *args, staged: StagedImport, can_publish=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.staged = staged
        self.parsed = staged.call()
        self.can_publish = can_publish

    def clean(self):
        cleaned = super().clean()
        cleaned["publish"] = cleaned.get("publish") and self.can_publish
        parsed = self.parsed
        closed = has_passed(deadline_of(parsed))
        if cleaned["publish"] and closed and not cleaned.get("publish_closed"):
            raise forms.ValidationError(
                f"Not saved: the deadline, {labels.deadline_text(parsed.deadline)}, has passed, so"
                f" the call would be published closed. Tick \u201c{PUBLISH_CLOSED_LABEL}\u201d to"
                " publish it all the same, or untick \u201cPublish\u201d to save it as a draft.",
                code="deadline_passed",
            )
        return cleaned


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
