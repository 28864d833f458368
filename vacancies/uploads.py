"""Uploads over the size limit are counted, not kept.

``SizeLimitedUploadHandler`` is the first of ``FILE_UPLOAD_HANDLERS``: it passes an upload's
bytes on to Django's handlers (memory, then a temporary file) until the upload is over
``IMPORT_MAX_UPLOAD_MB``; from then on it only counts them, and the form receives a
``TooLargeUpload`` with no content whose size says how large the file was, so that it can
tell the user. A request body several times the limit is not read to its end at all.

Only the pages that take a document (the import page, a call's add and change forms) take
files, and only from staff: a file sent anywhere else is refused before a byte of it is
kept, and the rest of the request is not read. What the other handlers stored of an upload
that went over the limit is closed and deleted there and then, not left to the garbage
collector (the handlers and the request refer to each other, so it would wait for a full
collection: a worker could hold many such temporary files).
"""

from io import BytesIO

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.urls import Resolver404, resolve

MB = 1024 * 1024
# Beyond this many times the limit the client is not uploading a document by mistake:
# stop reading and close the connection rather than receive the rest.
ABANDON_AFTER = 4
# The views whose forms have a file field.
TAKES_UPLOADS = {
    "admin:vacancies_call_import",
    "admin:vacancies_call_add",
    "admin:vacancies_call_change",
}


def max_upload_bytes() -> int:
    return settings.IMPORT_MAX_UPLOAD_MB * MB


class TooLargeUpload(UploadedFile):
    """An upload that was over the limit: its name and size, none of its bytes."""

    def __init__(self, name: str, size: int, content_type: str | None):
        super().__init__(BytesIO(), name=name, content_type=content_type, size=size)


def takes_uploads(request) -> bool:
    """True for a staff member on a page whose form has a file field."""
    user = getattr(request, "user", None)
    if user is None or not (user.is_active and user.is_staff):
        return False
    try:
        return resolve(request.path_info).view_name in TAKES_UPLOADS
    except Resolver404:
        return False


class SizeLimitedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if not takes_uploads(self.request):
            # First of the handlers: the others have not opened a file for it.
            raise StopUpload(connection_reset=True)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        already = self.received
        self.received += len(raw_data)
        if self.received <= max_upload_bytes():
            return raw_data  # on to the next handler
        if already <= max_upload_bytes():
            self.discard_what_the_others_kept()
        if self.received > ABANDON_AFTER * max_upload_bytes():
            raise StopUpload(connection_reset=True)
        return None  # counted, not kept

    def discard_what_the_others_kept(self):
        """Close the next handlers' copies of this upload, which none of them completes; a
        temporary file is deleted when it is closed."""
        handlers = list(self.request.upload_handlers)
        for handler in handlers[handlers.index(self) + 1 :]:
            kept = getattr(handler, "file", None)
            if kept is not None:
                kept.close()
                del handler.file

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
