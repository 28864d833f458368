"""Alerts: an applicant's saved search of posts, sent by e-mail (vacancies.alerts sends)."""

from datetime import datetime

from django.db import models
from django.utils import timezone

from .querysets import AlertQuerySet


class Alert(models.Model):
    """An e-mail address subscribed to a search of posts: no account, double opt-in."""

    email = models.EmailField()
    search = models.JSONField(
        default=dict,
        blank=True,
        help_text='The /posts/ parameters of the search, e.g. {"regime": "seconded"}.',
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="Posts that appeared after this are in the next message."
    )

    objects = AlertQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["email", "search"], name="unique_alert_per_search")
        ]
        indexes = [models.Index(fields=["email"]), models.Index(fields=["confirmed_at"])]

    def __str__(self):
        return f"{self.email}: {self.search or 'all open posts'}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def sent_up_to(self) -> datetime | None:
        """The next message lists the posts that appeared after this moment."""
        return self.last_sent_at or self.confirmed_at

    def confirm(self):
        if self.confirmed_at is None:
            self.confirmed_at = timezone.now()
            self.save(update_fields=["confirmed_at"])
