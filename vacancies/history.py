"""Who changed a call, post, vacancy or section, when, and why (django-simple-history).

Changes made in the admin are recorded with the logged-in user (simple-history's
middleware). An import is recorded with the user who ran it and a reason naming the
document, however its rows are written (saves, bulk creates, deletes)::

    with recording(user=request.user, reason="Imported from 3-2025.pdf"):
        ...
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models
from simple_history.models import HistoricalRecords


@dataclass(frozen=True)
class Recording:
    user: object | None
    reason: str | None


_recording: ContextVar[Recording | None] = ContextVar("vacancies_history_recording", default=None)


@contextmanager
def recording(*, user=None, reason: str | None = None):
    """Record the changes made inside as made by ``user`` (None: nobody logged in) for
    ``reason``."""
    token = _recording.set(
        Recording(user if getattr(user, "is_authenticated", False) else None, reason)
    )
    try:
        yield
    finally:
        _recording.reset(token)


def current() -> Recording | None:
    return _recording.get()


class History(HistoricalRecords):
    """HistoricalRecords that also take the user and reason of ``recording()``."""

    def __init__(self, **kwargs):
        # A reason names a document, whose name may be long; imports add many records.
        kwargs.setdefault("history_change_reason_field", models.TextField(null=True))
        kwargs.setdefault("history_id_field", models.BigAutoField(primary_key=True))
        super().__init__(**kwargs)

    def get_history_user(self, instance):
        if (now := current()) is not None and not hasattr(instance, "_history_user"):
            return now.user
        return super().get_history_user(instance)

    def get_change_reason_for_object(self, instance, history_type, using):
        reason = super().get_change_reason_for_object(instance, history_type, using)
        if reason is None and (now := current()) is not None:
            return now.reason
        return reason
