"""E-mail alerts: anyone subscribes an address to a search of posts, no account needed.

Double opt-in: nothing is sent to an address but the confirmation until its owner confirms.
Links carry signed tokens (django.core.signing): unguessable without SECRET_KEY, and the
confirmation expires. ``send_due_alerts`` runs daily (the ``send_alerts`` task).

The sign-up form is open to anyone, so it must not become a way to send someone mail: the
confirmations to one mailbox are counted however its address is spelt, what a visitor typed
reaches an e-mail only shortened, on one line and unable to form a link, and the work that
depends on the address (and the e-mail) is done after the answer, by the task queue's
worker (the ``subscribe`` task), so that the answer does not tell a subscribed address from
a new one.
"""

import contextlib
import logging
import re
import smtplib
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote, urlencode

import django_filters
from django import forms
from django.conf import settings
from django.core import mail, signing
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from missionjobs.middleware import hit

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


# What a visitor typed, in an e-mail ---------------------------------------------------

# The most of a visitor's text an e-mail shows: enough to recognise one's search.
SHOWN_TEXT_LENGTH = 60
# A scheme makes mail programs turn what follows into a link: "https://" goes, and the
# colon of those written without slashes ("mailto:", "data:").
SCHEME = re.compile(r"\b[a-z][a-z0-9+.-]*://", re.IGNORECASE)
BARE_SCHEME = re.compile(r"\b(mailto|javascript|data|file|tel|sms|callto):", re.IGNORECASE)
# So does a dot between two words ("evil.example"); NFKC leaves the ideographic full stop.
DOT = re.compile(r"(?<=\w)[.\u3002\uff0e\uff61](?=\w)")


def visitor_text(text: str) -> str:
    """Text a visitor typed, as an e-mail may show it: one line of at most
    SHOWN_TEXT_LENGTH characters that no mail program reads as a link or an address
    ("https://evil.example/login" -> "evil[.]example/login")."""
    text = unicodedata.normalize("NFKC", text)
    # Control and format characters (line breaks, bidi overrides) and separators: spaces.
    text = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in text)
    text = BARE_SCHEME.sub(r"\1 ", SCHEME.sub(" ", text))
    text = DOT.sub("[.]", " ".join(text.split()))
    if len(text) > SHOWN_TEXT_LENGTH:
        text = text[: SHOWN_TEXT_LENGTH - 1].rstrip() + "…"
    return text


def mail_description(search: dict[str, str]) -> list[str]:
    """The search in words for an e-mail: the filters' labels with the values the site
    knows (a regime's name, a mission's); what a visitor typed, as ``visitor_text``."""
    words = Listing(search).search
    params = words.params()
    return [
        f"{label}: “{visitor_text(params[name])}”"
        if isinstance(words.filterset.filters[name], django_filters.CharFilter)
        else f"{label}: {shown}"
        for name, label, shown in words.in_words()
    ]


def quote_all(value: str, safe="", encoding=None, errors=None) -> str:
    """Percent-encodes all but letters, digits and ``-_~``: dots too, which ``quote`` keeps."""
    return quote(value, safe="", encoding=encoding, errors=errors).replace(".", "%2E")


def mail_search_url(search: dict[str, str]) -> str:
    """``search_url`` for an e-mail: a visitor's "evil.example" in it is "evil%2Eexample",
    which no mail program takes for an address of its own."""
    path = reverse("vacancies:post_list")
    return path + (f"?{urlencode(search, quote_via=quote_all)}" if search else "")


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


# Mailboxes ----------------------------------------------------------------------------

# Providers whose mailboxes ignore dots in the name (j.doe@ is jdoe@), by each of their
# domains, with the domain that names the mailbox.
DOTS_IGNORED = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def mailbox(email: str) -> str:
    """The mailbox an address reaches, as far as can be told from outside: case folded,
    its +tag removed, its dots too where the provider ignores them, its domain in ASCII
    (IDNA). ``Dave+1@Example.org`` and ``dave+2@example.org`` are one mailbox."""
    local, _, domain = email.rpartition("@")
    local = unicodedata.normalize("NFKC", local).casefold().split("+", 1)[0]
    domain = unicodedata.normalize("NFKC", domain).casefold().rstrip(".")
    with contextlib.suppress(UnicodeError):  # a name IDNA refuses is compared as written
        domain = domain.encode("idna").decode("ascii")
    if domain in DOTS_IGNORED:
        local, domain = local.replace(".", ""), DOTS_IGNORED[domain]
    return f"{local}@{domain}"


def mailbox_has_had_its_share(email: str) -> bool:
    """Count one confirmation e-mail to the address's mailbox; True when that is one over
    ``settings.RATELIMIT_ALERT_MAILBOX``. Counted with the rate limits, in Postgres, under
    a keyed hash: the counters name no address."""
    key = salted_hmac("vacancies.alerts.mailbox", mailbox(email)).hexdigest()[:32]
    over, _ = hit("alert_mailbox", settings.RATELIMIT_ALERT_MAILBOX, key)
    return over


# Subscribing --------------------------------------------------------------------------


def subscribe(email: str, search: dict[str, str], site_url: str) -> None:
    """Create the alert if need be and send the confirmation, within the limits above.

    Nobody is told what happened here: the sign-up form answers before it is done (it
    queues the ``subscribe`` task). An e-mail that could not be sent is logged, and the
    next sign-up tries again.
    """
    now = timezone.now()
    with transaction.atomic():
        alert = Alert.objects.select_for_update().filter(email=email, search=search).first()
        if alert is None:
            if (
                Alert.objects.unconfirmed().filter(email=email).count()
                >= MAX_UNCONFIRMED_PER_ADDRESS
            ):
                return
            try:
                with transaction.atomic():
                    alert = Alert.objects.create(email=email, search=search)
            except IntegrityError:  # the same address and search, subscribed a moment ago
                return
        if alert.is_confirmed:
            return
        if (
            alert.confirmation_sent_at
            and now - alert.confirmation_sent_at < RESEND_CONFIRMATION_AFTER
        ):
            return
        if mailbox_has_had_its_share(alert.email):
            # Nothing sent, so nothing kept: a later sign-up starts afresh.
            transaction.set_rollback(True)
            return
        alert.confirmation_sent_at = now
        alert.save(update_fields=["confirmation_sent_at"])
    try:
        send_confirmation(alert, site_url)
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the confirmation of alert %s", alert.pk)
        Alert.objects.filter(pk=alert.pk).update(confirmation_sent_at=None)


def send_confirmation(alert: Alert, site_url: str) -> None:
    confirm_path = reverse("vacancies:alert_confirm", args=[make_token(alert, CONFIRM)])
    context = {
        "description": mail_description(alert.search),
        "confirm_url": site_url + confirm_path,
        "search_url": site_url + mail_search_url(alert.search),
        "days": CONFIRM_WITHIN.days,
    }
    mail.EmailMessage(
        subject="Confirm your missionjobs alert",
        body=render_to_string("vacancies/email/alert_confirm.txt", context),
        to=[alert.email],
        headers={"Auto-Submitted": "auto-generated"},
    ).send()


# Sending ------------------------------------------------------------------------------


# `make run`'s address: without a request, the run cannot know the port the server was given.
DEBUG_SITE_URL = "http://127.0.0.1:8000"


def run_site_url() -> str:
    """The address the alert run's links start with: SITE_URL, or `make run`'s in debug."""
    site_url = settings.SITE_URL or (DEBUG_SITE_URL if settings.DEBUG else "")
    if not site_url:
        raise ImproperlyConfigured(
            "Set SITE_URL (e.g. https://jobs.example.org): the alert e-mails link to the site."
        )
    return site_url.rstrip("/")


@dataclass
class SendResult:
    messages: int = 0
    posts: int = 0
    failed: int = 0
    skipped: int = 0
    purged: int = 0

    def summary(self, *, dry_run: bool = False) -> str:
        verb = "Would send" if dry_run else "Sent"
        return (
            f"{verb} {self.messages} message(s) with {self.posts} post(s); {self.failed} failed;"
            f" {self.skipped} alert(s) skipped (search no longer valid);"
            f" {self.purged} unconfirmed alert(s) removed."
        )


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
        "description": mail_description(alert.search),
        "search_url": site_url + mail_search_url(alert.search),
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
