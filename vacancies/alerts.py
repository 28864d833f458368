"""E-mail alerts: anyone subscribes an address to a search of posts, no account needed.

Double opt-in: nothing is sent to an address but the confirmation until its owner confirms.
Links carry signed tokens (django.core.signing): unguessable without SECRET_KEY, and the
confirmation expires. ``send_due_alerts`` runs daily (``manage.py send_alerts``).
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django import forms
from django.core import mail, signing
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .listing import Listing
from .models import Alert, Post

logger = logging.getLogger(__name__)

CONFIRM_WITHIN = timedelta(days=7)
# A form anyone can post to must not become a way to flood someone's inbox.
RESEND_CONFIRMATION_AFTER = timedelta(hours=1)
MAX_UNCONFIRMED_PER_ADDRESS = 5
MAX_POSTS_PER_MESSAGE = 50
# Parameters that do not belong in an alert: new posts are open, and the order is ours.
NOT_SAVED = ("page", "sort", "status")


class AlertForm(forms.Form):
    email = forms.EmailField(
        label="Your e-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    search = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_search(self) -> dict[str, str]:
        """The search's valid parameters; what cannot be understood is left out, as on /posts/."""
        return saved_search(QueryDict(self.cleaned_data["search"]))


def saved_search(data) -> dict[str, str]:
    return Listing(data).search.params(leave_out=NOT_SAVED)


def description(search: dict[str, str]) -> list[str]:
    return Listing(search).search.description()


def search_url(search: dict[str, str]) -> str:
    return reverse("vacancies:post_list") + (f"?{urlencode(search)}" if search else "")


# Tokens -------------------------------------------------------------------------------

CONFIRM, UNSUBSCRIBE = "confirm", "unsubscribe"


def make_token(alert: Alert, purpose: str) -> str:
    return signing.dumps(alert.pk, salt=f"vacancies.alert.{purpose}")


def read_token(token: str, purpose: str) -> int | None:
    """The alert id in a token made for ``purpose``; None if forged, mangled or expired."""
    max_age = CONFIRM_WITHIN if purpose == CONFIRM else None
    try:
        pk = signing.loads(token, salt=f"vacancies.alert.{purpose}", max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return pk if isinstance(pk, int) else None


# Subscribing --------------------------------------------------------------------------


def subscribe(email: str, search: dict[str, str], absolute_url) -> bool:
    """Create the alert if need be and send the confirmation, within the limits above.

    The caller shows the same answer whatever happened here, so the form does not tell
    who is subscribed to what. Returns False only when the e-mail could not be sent.
    """
    now = timezone.now()
    with transaction.atomic():
        alert = Alert.objects.select_for_update().filter(email=email, search=search).first()
        if alert is None:
            if (
                Alert.objects.unconfirmed().filter(email=email).count()
                >= MAX_UNCONFIRMED_PER_ADDRESS
            ):
                return True
            try:
                with transaction.atomic():
                    alert = Alert.objects.create(email=email, search=search)
            except IntegrityError:  # the same address and search, subscribed a moment ago
                return True
        if alert.is_confirmed:
            return True
        if (
            alert.confirmation_sent_at
            and now - alert.confirmation_sent_at < RESEND_CONFIRMATION_AFTER
        ):
            return True
        alert.confirmation_sent_at = now
        alert.save(update_fields=["confirmation_sent_at"])
    try:
        send_confirmation(alert, absolute_url)
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the confirmation of alert %s", alert.pk)
        Alert.objects.filter(pk=alert.pk).update(confirmation_sent_at=None)
        return False
    return True


def send_confirmation(alert: Alert, absolute_url) -> None:
    context = {
        "description": description(alert.search),
        "confirm_url": absolute_url(
            reverse("vacancies:alert_confirm", args=[make_token(alert, CONFIRM)])
        ),
        "search_url": absolute_url(search_url(alert.search)),
        "days": CONFIRM_WITHIN.days,
    }
    mail.EmailMessage(
        subject="Confirm your missionjobs alert",
        body=render_to_string("vacancies/email/alert_confirm.txt", context),
        to=[alert.email],
        headers={"Auto-Submitted": "auto-generated"},
    ).send()


# Sending ------------------------------------------------------------------------------


@dataclass
class SendResult:
    messages: int = 0
    posts: int = 0
    failed: int = 0
    skipped: int = 0
    purged: int = 0


def purge_unconfirmed(now: datetime) -> int:
    """Addresses never confirmed are forgotten once their confirmation link has expired."""
    deleted, _ = Alert.objects.unconfirmed().filter(created_at__lt=now - CONFIRM_WITHIN).delete()
    return deleted


def new_posts(alert: Alert, until: datetime):
    """The posts of the alert's search that appeared since its last message; None if the
    search no longer means what it meant (a mission's slug changed, say)."""
    listing = Listing(alert.search)
    if not listing.is_valid():
        return None
    return listing.posts.published_between(alert.sent_up_to, until)


def alert_message(
    alert: Alert, posts: list[Post], total: int, site_url: str, connection=None
) -> mail.EmailMessage:
    unsubscribe_url = site_url + reverse(
        "vacancies:alert_unsubscribe", args=[make_token(alert, UNSUBSCRIBE)]
    )
    context = {
        "posts": posts,
        "total": total,
        "more": total - len(posts),
        "site_url": site_url,
        "description": description(alert.search),
        "search_url": site_url + search_url(alert.search),
        "unsubscribe_url": unsubscribe_url,
    }
    # A title is text from a document: one line, or the mail library refuses the header.
    title = " ".join(posts[0].title.split())
    subject = (
        f"New post: {title}" if total == 1 else f"{total} new posts for your missionjobs alert"
    )
    return mail.EmailMessage(
        subject=subject[:200],
        body=render_to_string("vacancies/email/alert.txt", context),
        to=[alert.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
        connection=connection,
    )


def send_due_alerts(
    site_url: str, *, now: datetime | None = None, dry_run: bool = False, log=None
) -> SendResult:
    """Send each confirmed alert the posts that appeared since its last message.

    An alert's clock moves only when its message went out, so a failure is retried the
    next day; posts appearing while this runs wait for the next run (``until``).
    """
    until = now or timezone.now()
    log = log or (lambda line: None)
    result = SendResult()
    if not dry_run:
        result.purged = purge_unconfirmed(until)
    connection = mail.get_connection()
    for alert in Alert.objects.confirmed().order_by("pk").iterator():
        posts = new_posts(alert, until)
        if posts is None:
            logger.warning(
                "Alert %s: its search %r is no longer valid; skipped", alert.pk, alert.search
            )
            result.skipped += 1
            continue
        total = posts.count()
        if not total:
            continue
        shown = list(posts[:MAX_POSTS_PER_MESSAGE])
        if dry_run:
            log(f"Would send {total} post(s) to {alert.email}.")
            result.messages += 1
            result.posts += total
            continue
        try:
            alert_message(alert, shown, total, site_url, connection).send()
        except (smtplib.SMTPException, OSError):
            logger.exception("Could not send alert %s", alert.pk)
            result.failed += 1
            continue
        alert.last_sent_at = until
        alert.save(update_fields=["last_sent_at"])
        result.messages += 1
        result.posts += total
    return result
