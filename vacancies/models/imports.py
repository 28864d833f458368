"""A document uploaded on the admin's import page, between the upload and the save."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..importer.model import ParsedCall

# An upload whose preview was left unsaved is removed after a day (at the next upload).
KEPT_FOR = timedelta(days=1)


class StagedImportQuerySet(models.QuerySet):
    def expired(self):
        return self.filter(uploaded_at__lt=timezone.now() - KEPT_FOR)


class StagedImport(models.Model):
    """The uploaded document, kept while the worker reads it (the ``read_staged_import``
    task) and until its uploader saves the preview. The bytes are in the database rather
    than the media storage: the worker reading them and the web process saving them may be
    on different machines, and a row goes with its bytes when it is deleted.

    Reading leaves either ``parsed`` (the call, as ``ParsedCall.to_json``) or ``problem``
    (what is wrong with the document, for its uploader); until then it is being read.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=255)
    document = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    parsed = models.JSONField(null=True)
    problem = models.TextField(blank=True)

    objects = StagedImportQuerySet.as_manager()

    def __str__(self):
        return self.name

    @property
    def is_read(self) -> bool:
        return self.parsed is not None or bool(self.problem)

    def call(self) -> ParsedCall:
        return ParsedCall.from_json(self.parsed)

    def read_as(self, call: ParsedCall) -> None:
        self.parsed = call.to_json()
        self.save(update_fields=["parsed"])

    def refuse(self, problem: str) -> None:
        """The document cannot be imported: say why, and drop its bytes, which are of no
        more use."""
        self.problem, self.document = problem, b""
        self.save(update_fields=["problem", "document"])
