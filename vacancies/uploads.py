"""Uploads over the size limit are counted, not kept.

``SizeLimitedUploadHandler`` is the first of ``FILE_UPLOAD_HANDLERS``: it passes an upload's
bytes on to Django's handlers (memory, then a temporary file) until the upload is over
``IMPORT_MAX_UPLOAD_MB``; from then on it only counts them, and the form receives a
``TooLargeUpload`` with no content whose size says how large the file was, so that it can
tell the user. A request body several times the limit is not read to its end at all.
"""

from io import BytesIO

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

MB = 1024 * 1024
# Beyond this many times the limit the client is not uploading a document by mistake:
# stop reading and close the connection rather than receive the rest.
ABANDON_AFTER = 4


def max_upload_bytes() -> int:
    return settings.IMPORT_MAX_UPLOAD_MB * MB


class TooLargeUpload(UploadedFile):
    """An upload that was over the limit: its name and size, none of its bytes."""

    def __init__(self, name: str, size: int, content_type: str | None):
        super().__init__(BytesIO(), name=name, content_type=content_type, size=size)


class SizeLimitedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received <= max_upload_bytes():
            return raw_data  # on to the next handler
        if self.received > ABANDON_AFTER * max_upload_bytes():
            raise StopUpload(connection_reset=True)
        return None  # counted, not kept

    def file_complete(self, file_size):
        if self.received <= max_upload_bytes():
            return None  # the next handler's file
        return TooLargeUpload(self.file_name, self.received, self.content_type)


def check_size(upload) -> None:
    """A form error for an upload over ``IMPORT_MAX_UPLOAD_MB``."""
    if upload.size > max_upload_bytes():
        raise forms.ValidationError(
            f"This file is {upload.size / MB:.1f} MB; the limit is"
            f" {settings.IMPORT_MAX_UPLOAD_MB} MB.",
            code="too_large",
        )
