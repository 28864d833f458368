"""What search engines read: the canonical link of every public page, schema.org JobPosting
on post pages, and robots.txt."""

import json
from urllib.parse import urlencode

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from missionjobs.site_url import absolute_url

from .models import Post, Regime

# Google's values. Every mission post is full time; contracted staff hold fixed-term
# contracts with the mission, seconded staff stay employed by their state.
EMPLOYMENT_TYPES = {
    Regime.SECONDED: ["FULL_TIME", "OTHER"],
    Regime.CONTRACTED: ["FULL_TIME", "TEMPORARY"],
    Regime.SECONDED_CONTRACTED: ["FULL_TIME", "TEMPORARY", "OTHER"],
}
# Inside <script>, "</script>" or "<!--" in a title would end or bend the element.
JSON_SCRIPT_ESCAPES = {"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"}
# Pages whose query string chooses what they show; every other page is its path alone
# (a post page's ?nationality= only explains, and tracking parameters never count).
LISTS = {"post_list", "call_list"}
# Parameters that say where a visitor came from, not what the page shows.
TRACKING = ("utm_", "fbclid", "gclid", "msclkid", "mc_", "_ga")


def canonical_url(request: HttpRequest) -> str:
    """The canonical link of every public page (base.html)."""
    match = request.resolver_match
    query = canonical_query(request.GET) if match and match.url_name in LISTS else ""
    return absolute_url(request, request.path + (f"?{query}" if query else ""))


def canonical_query(params) -> str:
    """The parameters that choose what a list shows, in their order: no empty ones, no
    tracking, no ``page=1`` (the first page is the list itself)."""
    kept = [
        (name, value)
        for name, values in params.lists()
        for value in values
        if value.strip() and not name.startswith(TRACKING)
    ]
    return urlencode([(n, v) for n, v in kept if not (n == "page" and v.strip() == "1")])


def job_description_html(post: Post) -> str:
    """The description as Google wants it: HTML, here built from escaped text only."""
    call, mission = post.call, post.call.mission
    facts = [
        f"{mission.name}{', ' + post.duty_station if post.duty_station else ''}.",
        f"Regime: {post.get_regime_display()}.",
        f"Security clearance: {post.get_clearance_display() or 'not stated'}.",
        f"Call: {call.title}.",
    ]
    parts = [format_html("<p>{}</p>", " ".join(facts))]
    for section in post.section_list:
        parts.append(format_html("<h3>{}</h3>", section.heading))
        parts.append(
            format_html(
                "<ul>{}</ul>",
                format_html_join("", "<li>{}</li>", ((item,) for item in section.items)),
            )
        )
    return "".join(parts)


def date_posted(post: Post) -> str | None:
    """The call's date of publication (``Call.published_on``), never after its deadline: a
    call published here once closed, for the archive, was not posted after it expired."""
    published = post.call.published_on
    if published is None:
        return None
    return min(published, timezone.localdate(post.call.deadline)).isoformat()


def job_posting(post: Post, request: HttpRequest) -> dict:
    call, mission = post.call, post.call.mission
    address = {
        "@type": "PostalAddress",
        "addressLocality": post.duty_station,
        "addressCountry": mission.country,
    }
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": post.title,
        "description": job_description_html(post),
        "identifier": {
            "@type": "PropertyValue",
            "name": mission.name,
            "value": post.ref or f"post-{post.pk}",
        },
        "datePosted": date_posted(post),
        "validThrough": timezone.localtime(call.deadline).isoformat(),
        "employmentType": EMPLOYMENT_TYPES[post.regime],
        "hiringOrganization": {
            "@type": "Organization",
            "name": mission.name,
            "alternateName": mission.acronym,
            "parentOrganization": {"@type": "Organization", "name": mission.organisation.name},
        },
        "jobLocation": {"@type": "Place", "address": {k: v for k, v in address.items() if v}},
        "url": absolute_url(request, post.get_absolute_url()),
        "directApply": False,
    }
    if not (post.duty_station or mission.country):
        del data["jobLocation"]
    return _without_empty(data)


def _without_empty(value):
    if isinstance(value, dict):
        return {k: _without_empty(v) for k, v in value.items() if v not in (None, "", [], {})}
    return value


def job_posting_json_ld(post: Post, request: HttpRequest) -> SafeString:
    """The post page's JobPosting, as the <script> element that carries it."""
    return json_ld(job_posting(post, request))


def json_ld(data: dict) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    # str.replace, not str.translate: with a character past Latin-1 in the text (a curly
    # quote), translate goes character by character, 0.4 ms for a job description.
    for character, escaped in JSON_SCRIPT_ESCAPES.items():
        text = text.replace(character, escaped)
    safe = mark_safe(text)  # noqa: S308  (<, > and & escaped, as Django's json_script does)
    return format_html('<script type="application/ld+json">{}</script>', safe)


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /api/
Disallow: /alerts/
Disallow: /posts.csv
Disallow: /posts.ics
Disallow: /posts/feed/

Sitemap: {sitemap}
"""


def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = absolute_url(request, reverse("sitemap"))
    return HttpResponse(ROBOTS.format(sitemap=sitemap), content_type="text/plain; charset=utf-8")
