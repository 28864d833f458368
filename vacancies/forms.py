"""The admin's import page: upload a call's document, preview it, confirm to save.

Between preview and confirmation the upload waits in a staging folder under a random
token that is kept in the uploader's session, so one user cannot confirm another's file.
"""

import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings

from .importer import errors, read_call
from .importer.model import ParsedCall
from .importer.save import check_complete, deadline_of, describe_changes, find_existing
from .uploads import check_size, max_upload_bytes

STAGING_MAX_AGE = 24 * 3600  # an abandoned preview's file is removed after a day
SESSION_KEY = "staged_imports"


def staging_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "staged-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def parse_document(data: bytes, name: str) -> ParsedCall:
    """Read and check a document; every problem becomes a form error a person can act on."""
    try:
        parsed = read_call(data, name, max_bytes=max_upload_bytes())
        deadline_of(parsed)
        check_complete(parsed)
    except errors.ImportError as error:
        raise forms.ValidationError(str(error), code="unreadable") from None
    return parsed


class ImportCallForm(forms.Form):
    document = forms.FileField(
        help_text="The call as the mission published it: PDF, Word (.docx), text, HTML or Markdown.",
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
        (staging_dir() / token).write_bytes(self.data_bytes)
        session.setdefault(SESSION_KEY, {})[token] = self.cleaned_data["document"].name
        session.modified = True
        return token


class ConfirmImportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    publish = forms.BooleanField(required=False, label="Publish the call now (otherwise it is saved as a draft)")

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session

    def clean_token(self):
        token = self.cleaned_data["token"]
        name = self.session.get(SESSION_KEY, {}).get(token)
        path = staging_dir() / token
        if name is None or not path.is_file():
            raise forms.ValidationError(
                "This preview has expired or belongs to another session: upload the document again.",
                code="expired",
            )
        self.name, self.data_bytes = name, path.read_bytes()
        self.parsed = parse_document(self.data_bytes, name)
        return token

    def discard(self) -> None:
        token = self.cleaned_data["token"]
        self.session.get(SESSION_KEY, {}).pop(token, None)
        self.session.modified = True
        (staging_dir() / token).unlink(missing_ok=True)


def preview(parsed: ParsedCall) -> dict:
    """What the preview page shows besides the parsed call itself."""
    return {"call": parsed, "changes": describe_changes(find_existing(parsed), parsed)}


def _remove_stale() -> None:
    cutoff = time.time() - STAGING_MAX_AGE
    for path in staging_dir().iterdir():
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
