"""E-mail alerts: double opt-in, one-click unsubscribe, and the daily alert run (here with
``send_alerts --now``; its task and schedule in tests/test_tasks.py)."""

import functools
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.core import signing
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.factories import AlertFactory, CallFactory, MissionFactory, PostFactory
from tests.worker import run_worker
from vacancies import alerts
from vacancies.models import Alert, Post, Regime

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://jobs.example.org"


def subscribe(
    client, email="reader@example.org", search="regime=seconded&page=2&sort=title&bogus=1"
):
    return client.post("/alerts/new/", {"email": email, "search": search})


def link(message, name: str) -> str:
    return re.search(rf"https://jobs\.example\.org(/alerts/{name}/[^/\s]+/)", message.body).group(1)


def send(**options) -> str:
    out = StringIO()
    call_command("send_alerts", now=True, stdout=out, **options)
    return out.getvalue()


# Subscribing -------------------------------------------------------------------------------


def test_the_list_page_offers_to_subscribe_to_its_search(client):
    body = client.get(
        "/posts/", {"regime": "seconded", "page": 1, "clearance": "cosmic"}
    ).content.decode()
    assert 'href="/alerts/new/?regime=seconded"' in body
    assert "csrfmiddlewaretoken" not in body  # the list is the same for everyone: cacheable
    form = client.get("/alerts/new/", {"regime": "seconded"}).content.decode()
    assert 'name="search" value="regime=seconded"' in form and '<label for="id_email">' in form


def test_subscribing_sends_a_confirmation_and_nothing_else(client, mailoutbox):
    response = subscribe(client)
    assert response.status_code == 302 and response["Location"] == "/alerts/sent/"
    alert = Alert.objects.get()
    assert alert.email == "reader@example.org"
    assert alert.search == {"regime": "seconded"}  # page, sort and what is not understood: left out
    assert not alert.is_confirmed
    [message] = mailoutbox
    assert (
        message.to == ["reader@example.org"] and message.subject == "Confirm your missionjobs alert"
    )
    assert "Regime: Takes secondees" in message.body
    assert "/alerts/confirm/" in message.body


def test_the_confirmation_links_to_site_url_whatever_address_the_request_came_to(
    client, mailoutbox
):
    client.post(
        "/alerts/new/", {"email": "reader@example.org", "search": ""}, HTTP_HOST="localhost"
    )
    [message] = mailoutbox
    assert re.search(
        r"^https://jobs\.example\.org/alerts/confirm/\S+/$", message.body, re.MULTILINE
    )
    assert "https://jobs.example.org/posts/" in message.body
    assert "localhost" not in message.body


@pytest.mark.parametrize(
    "host, secure", [("127.0.0.1:8123", False), ("localhost:8000", False), ("localhost", True)]
)
def test_without_site_url_the_confirmation_links_to_the_address_the_site_is_served_on(
    client, mailoutbox, settings, host, secure
):
    site = f"{'https' if secure else 'http'}://{host}"
    settings.SITE_URL = ""
    settings.DEBUG = True  # `make run`
    response = client.post(
        "/alerts/new/",
        {"email": "reader@example.org", "search": "regime=seconded"},
        HTTP_HOST=host,
        secure=secure,
    )
    assert response.status_code == 302
    [message] = mailoutbox
    confirm = re.search(r"^\S+/alerts/confirm/\S+/$", message.body, re.MULTILINE).group()
    assert confirm.startswith(f"{site}/alerts/confirm/")
    assert f"{site}/posts/?regime=seconded" in message.body
    # and the link works there
    path = confirm.removeprefix(site)
    assert client.post(path, HTTP_HOST=host, secure=secure).status_code == 200
    assert Alert.objects.get().is_confirmed


def test_site_url_is_unset_unless_given_even_in_debug():
    environ = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    environ.update(
        {"DJANGO_SETTINGS_MODULE": "missionjobs.settings", "SECRET_KEY": "x", "DJANGO_DEBUG": "1"}
    )
    code = "from django.conf import settings; print(repr(settings.SITE_URL), settings.DEBUG)"
    run = functools.partial(
        subprocess.run,
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run(env=environ).stdout.split() == ["''", "True"]
    given = run(env={**environ, "SITE_URL": "https://jobs.example.org"}).stdout.split()
    assert given == ["'https://jobs.example.org'", "True"]


def test_the_address_is_checked(client, mailoutbox):
    response = subscribe(client, email="not an address")
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    assert not Alert.objects.exists() and not mailoutbox


def test_the_subscription_page_describes_the_search(client):
    body = client.get("/alerts/new/", {"regime": "contracted", "q": "finance"}).content.decode()
    assert "“finance”" in body and "Takes contracted staff" in body
    assert 'value="q=finance&amp;regime=contracted"' in body


def test_subscribing_twice_sends_one_confirmation_an_hour(client, mailoutbox):
    subscribe(client)
    subscribe(client, email="Reader@Example.org")
    assert Alert.objects.count() == 1 and len(mailoutbox) == 1
    Alert.objects.update(confirmation_sent_at=timezone.now() - timedelta(hours=2))
    subscribe(client)
    assert len(mailoutbox) == 2


def test_a_confirmed_address_is_not_told_again(client, mailoutbox):
    AlertFactory(email="reader@example.org", search={"regime": "seconded"})
    response = subscribe(client)
    assert response.status_code == 302 and not mailoutbox  # the same answer, nothing revealed


def test_one_address_cannot_collect_unconfirmed_searches_without_end(client, mailoutbox):
    for n in range(alerts.MAX_UNCONFIRMED_PER_ADDRESS + 3):
        subscribe(client, search=f"q=word{n}")
    assert Alert.objects.count() == alerts.MAX_UNCONFIRMED_PER_ADDRESS
    assert len(mailoutbox) == alerts.MAX_UNCONFIRMED_PER_ADDRESS


@pytest.mark.parametrize(
    "address, mailbox",
    [
        ("Dave+news@Example.ORG", "dave@example.org"),
        ("d.ave+1@example.org", "d.ave@example.org"),  # dots matter at most providers
        ("D.a.v.e+2@gmail.com", "dave@gmail.com"),
        ("dave@GoogleMail.com", "dave@gmail.com"),
        ("dave@bücher.example", "dave@xn--bcher-kva.example"),
    ],
)
def test_the_mailbox_of_an_address(address, mailbox):
    assert alerts.mailbox(address) == mailbox


def test_one_mailbox_gets_few_confirmations_however_its_address_is_spelt(
    client, mailoutbox, settings
):
    settings.RATELIMIT_ALERT_MAILBOX = "3/d"
    addresses = [f"dave+{n}@example.org" for n in range(1, 31)] + ["DAVE@Example.org"]
    for address in addresses:
        response = subscribe(client, email=address)
        assert response.status_code == 302 and response["Location"] == "/alerts/sent/"
    assert len(mailoutbox) == 3
    subscribe(client, email="D.a.v.e+1@gmail.com")
    subscribe(client, email="dave+2@googlemail.com", search="regime=contracted")
    assert len(mailoutbox) == 5  # another mailbox, its own count
    subscribe(client, email="eve@example.org")
    assert mailoutbox[-1].to == ["eve@example.org"]


HOSTILE_SEARCH = {
    "q": "finance\nVisit https://evil.example/login to keep your alert",
    "location": "Brussels\r\n\u202ewww.evil.example",
}


def assert_no_visitor_link(body: str):
    assert "evil.example" not in body and "\nVisit" not in body
    for url in re.findall(r"[a-z][a-z0-9+.-]*://\S*", body, re.IGNORECASE):
        assert url.startswith("https://jobs.example.org/")


def test_text_typed_in_the_search_forms_no_link_and_no_line_in_the_confirmation(client, mailoutbox):
    subscribe(client, search=urlencode(HOSTILE_SEARCH))
    [message] = mailoutbox
    assert "Search: “finance Visit evil[.]example/login to keep your alert”" in message.body
    assert "Place: “Brussels www[.]evil[.]example”" in message.body
    assert_no_visitor_link(message.body)


def test_a_long_search_text_is_shortened_in_the_e_mail(client, mailoutbox):
    subscribe(client, search=urlencode({"q": "monitor " * 24}))
    [line] = [line for line in mailoutbox[0].body.splitlines() if "Search:" in line]
    assert len(line) < 80 and line.endswith("…”")


def test_text_typed_in_the_search_forms_no_link_in_the_daily_message():
    alert = AlertFactory(search=HOSTILE_SEARCH)
    message = alerts.alert_message(alert, [PostFactory()], 1, "https://jobs.example.org")
    assert_no_visitor_link(message.body)


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL run meanwhile, as written: without its parameters (an address, an id)."""
    run = []

    def note(execute, sql, params, many, context):
        run.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        yield run


def test_the_answer_neither_waits_for_the_e_mail_nor_tells_a_new_address_from_a_known_one(
    client, mailoutbox, queue
):
    AlertFactory(email="known@example.org", search={"regime": "seconded"})
    with statements() as known_statements:
        known = subscribe(client, email="known@example.org")
    with statements() as new_statements:
        new = subscribe(client, email="new@example.org")
    # The same answer after the same work: what depends on the address is done later.
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert known_statements == new_statements
    assert any("INSERT INTO" in sql and "dbtaskresult" in sql for sql in new_statements)
    assert not mailoutbox and Alert.objects.count() == 1  # queued, not done

    run_worker()

    [message] = mailoutbox
    assert message.to == ["new@example.org"]
    assert Alert.objects.filter(email="new@example.org").exists()


def test_subscribing_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert subscribe(client).status_code == 403


# Confirming and unsubscribing ---------------------------------------------------------------


def test_following_the_link_shows_a_button_and_only_the_button_confirms(client, mailoutbox):
    subscribe(client)
    confirm = link(mailoutbox[0], "confirm")
    page = client.get(confirm)
    assert page.status_code == 200 and "<button" in page.content.decode()
    assert not Alert.objects.get().is_confirmed  # a mail scanner following links confirms nothing
    done = client.post(confirm)
    assert "Alert confirmed" in done.content.decode()
    assert Alert.objects.get().is_confirmed


def test_confirming_needs_the_csrf_token(mailoutbox):
    client = Client(enforce_csrf_checks=True)
    alert = AlertFactory(unconfirmed=True)
    assert (
        client.post(f"/alerts/confirm/{alerts.make_token(alert, alerts.CONFIRM)}/").status_code
        == 403
    )


@pytest.mark.parametrize("token", ["123", "MQ:1vAbcd:forged", "x" * 300])
def test_a_forged_or_mangled_link_does_nothing(client, token):
    AlertFactory(unconfirmed=True)
    assert client.post(f"/alerts/confirm/{token}/").status_code == 404
    assert client.post(f"/alerts/unsubscribe/{token}/").status_code == 404
    assert Alert.objects.count() == 1 and not Alert.objects.get().is_confirmed


def test_a_token_made_for_one_purpose_does_not_do_the_other(client):
    alert = AlertFactory(unconfirmed=True)
    assert (
        client.post(f"/alerts/unsubscribe/{alerts.make_token(alert, alerts.CONFIRM)}/").status_code
        == 404
    )
    assert (
        client.post(f"/alerts/confirm/{alerts.make_token(alert, alerts.UNSUBSCRIBE)}/").status_code
        == 404
    )
    assert Alert.objects.filter(pk=alert.pk, confirmed_at=None).exists()


def test_a_confirmation_link_expires(client, monkeypatch):
    alert = AlertFactory(unconfirmed=True)
    token = alerts.make_token(alert, alerts.CONFIRM)
    later = signing.TimestampSigner.timestamp
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: "0")  # signed in 1970
    old_token = alerts.make_token(alert, alerts.CONFIRM)
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", later)
    assert client.get(f"/alerts/confirm/{old_token}/").status_code == 404
    assert client.get(f"/alerts/confirm/{token}/").status_code == 200


def test_unsubscribing_is_one_click_without_a_cookie_or_csrf_token():
    alert = AlertFactory()
    client = Client(enforce_csrf_checks=True)
    url = f"/alerts/unsubscribe/{alerts.make_token(alert, alerts.UNSUBSCRIBE)}/"
    page = client.get(url)
    assert "<button" in page.content.decode() and Alert.objects.exists()
    # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" to the header's URL.
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200 and not Alert.objects.exists()
    assert "Unsubscribed" in client.post(url).content.decode()  # twice is fine
    assert "Unsubscribed" in client.get(url).content.decode()


@pytest.fixture
def still_clock(monkeypatch):
    """A token carries the second it was signed in: keep it still so two signings match."""
    now = signing.TimestampSigner().timestamp()
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: now)


def test_confirmation_page_offers_the_unsubscribe_link(client, still_clock):
    alert = AlertFactory(unconfirmed=True)
    body = client.post(
        f"/alerts/confirm/{alerts.make_token(alert, alerts.CONFIRM)}/"
    ).content.decode()
    assert f"/alerts/unsubscribe/{alerts.make_token(alert, alerts.UNSUBSCRIBE)}/" in body


# send_alerts ---------------------------------------------------------------------------------


def test_a_confirmed_alert_gets_the_new_posts_of_its_search(mailoutbox):
    alert = AlertFactory(search={"regime": "contracted"})
    seen = PostFactory(
        title="Already Seen",
        regime=Regime.CONTRACTED,
        call=CallFactory(published_at=alert.confirmed_at - timedelta(hours=1)),
    )
    Post.objects.filter(pk=seen.pk).update(created_at=seen.call.published_at)
    new = PostFactory(
        title="Procurement Officer", ref="EK 60211-1", regime=Regime.SECONDED_CONTRACTED
    )
    PostFactory(title="Seconded Only", regime=Regime.SECONDED)
    PostFactory(title="Closed Already", regime=Regime.CONTRACTED, call=CallFactory(closed=True))
    PostFactory(title="Draft", regime=Regime.CONTRACTED, call=CallFactory(draft=True))
    out = send()
    assert "Sent 1 message(s) with 1 post(s)" in out
    [message] = mailoutbox
    assert message.to == [alert.email]
    assert message.subject == "New post: Procurement Officer"
    assert "Procurement Officer, EK 60211-1" in message.body
    assert f"https://jobs.example.org{new.get_absolute_url()}" in message.body
    for title in ["Already Seen", "Seconded Only", "Closed Already", "Draft"]:
        assert title not in message.body
    alert.refresh_from_db()
    assert alert.last_sent_at is not None


def test_each_post_is_sent_once(mailoutbox):
    AlertFactory()
    PostFactory(title="First")
    send()
    send()
    assert len(mailoutbox) == 1
    PostFactory(title="Second")
    send()
    assert (
        len(mailoutbox) == 2
        and "First" not in mailoutbox[1].body
        and "Second" in mailoutbox[1].body
    )


def test_a_post_added_to_a_call_published_long_ago_is_new(mailoutbox):
    call = CallFactory(published_at=timezone.now() - timedelta(days=20))
    AlertFactory()
    PostFactory(call=call, title="Added Later")
    send()
    assert "Added Later" in mailoutbox[0].body


def test_unconfirmed_alerts_get_nothing_and_are_forgotten_after_a_week(mailoutbox):
    fresh = AlertFactory(unconfirmed=True)
    stale = AlertFactory(unconfirmed=True)
    Alert.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=8))
    PostFactory()
    assert "1 unconfirmed alert(s) removed" in send()
    assert not mailoutbox
    assert list(Alert.objects.all()) == [fresh]


def test_messages_carry_one_click_unsubscribe_headers(mailoutbox, still_clock):
    alert = AlertFactory()
    PostFactory()
    PostFactory()
    send()
    [message] = mailoutbox
    assert message.subject == "2 new posts for your missionjobs alert"
    token = alerts.make_token(alert, alerts.UNSUBSCRIBE)
    url = f"https://jobs.example.org/alerts/unsubscribe/{token}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body


def test_a_long_list_is_cut_with_a_link_to_the_rest(mailoutbox, monkeypatch):
    monkeypatch.setattr(alerts, "MAX_POSTS_PER_MESSAGE", 2)
    AlertFactory(search={"q": "monitor"})
    for n in range(5):
        PostFactory(title=f"Monitor {n}")
    send()
    body = mailoutbox[0].body
    assert body.count("https://jobs.example.org/posts/") == 3  # two posts and "more"
    assert "And 3 more: https://jobs.example.org/posts/?q=monitor" in body


def test_an_alert_whose_search_no_longer_means_anything_is_skipped(mailoutbox):
    mission = MissionFactory(slug="old-slug")
    AlertFactory(search={"mission": "old-slug"})
    mission.slug = "new-slug"
    mission.save()
    PostFactory(call=CallFactory(mission=mission))
    assert "1 alert(s) skipped" in send()
    assert not mailoutbox  # never every post instead


def test_a_dry_run_sends_and_changes_nothing(mailoutbox):
    alert = AlertFactory()
    PostFactory()
    out = send(dry_run=True)
    assert f"Would send 1 post(s) to {alert.email}" in out
    assert not mailoutbox
    alert.refresh_from_db()
    assert alert.last_sent_at is None


def test_a_failed_message_is_retried_next_time(mailoutbox, monkeypatch):
    alert = AlertFactory()
    PostFactory(title="Retried")

    def refuse(self, *args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with pytest.raises(CommandError, match="1 message"):
        send()
    alert.refresh_from_db()
    assert alert.last_sent_at is None
    monkeypatch.undo()
    send()
    assert "Retried" in mailoutbox[0].body


def test_the_command_needs_the_site_url(settings):
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="SITE_URL"):
        send()


def test_in_debug_the_command_without_site_url_links_to_make_run(settings, mailoutbox):
    settings.SITE_URL = ""
    settings.DEBUG = True
    AlertFactory()
    PostFactory()
    send()
    [message] = mailoutbox
    assert "http://127.0.0.1:8000/alerts/unsubscribe/" in message.body


def test_text_from_documents_is_not_html_escaped_in_plain_text_mail(mailoutbox):
    AlertFactory()
    PostFactory(title="Monitor & Adviser <North>")
    send()
    assert "Monitor & Adviser <North>" in mailoutbox[0].body


def test_a_title_with_a_line_break_still_makes_a_subject(mailoutbox):
    AlertFactory()
    PostFactory(title="Justice\r\nBcc: victim@example.org")
    send()
    assert mailoutbox[0].subject == "New post: Justice Bcc: victim@example.org"
    assert "victim@example.org" not in mailoutbox[0].recipients()
