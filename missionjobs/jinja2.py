"""The Jinja2 environment of the public pages (the first engine of TEMPLATES): what their
templates call, as globals and filters. The admin, its import pages and the e-mails stay on
Django's template language.

Django's own filters where the pages used them (``date``, ``pluralize``, ``yesno``,
``capfirst``, ``linebreaks``, ``intcomma``), so that the pages say what they said; Jinja2's
for the rest (``length``, ``join``; ``a or b`` for Django's ``default``).
"""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import defaulttags
from django.template.defaultfilters import capfirst, linebreaks_filter, pluralize, yesno
from django.templatetags.static import static
from django.utils import timezone
from jinja2 import ChainableUndefined, Environment, pass_environment
from markupsafe import Markup

from missionjobs.paths import cached_reverse
from vacancies.labels import format_date
from vacancies.search import has_match, marked
from vacancies.seo import canonical_url, job_posting_json_ld


def date(value, format_string: str) -> str:
    """Django's ``date`` filter: an aware datetime in the current time zone (Brussels, as
    every deadline is shown), then Django's date format."""
    if value in (None, ""):
        return ""
    return format_date(timezone.template_localtime(value), format_string)


def querystring(request, **changes) -> str:
    """Django's ``{% querystring %}`` itself, over the request's parameters: ``changes``
    made, a change to None removing its parameter."""
    return defaulttags.querystring(None, request.GET, **changes)  # no context: GET is given


@pass_environment
def card(env: Environment, post, nationality: str | None = None) -> Markup:
    """A post's card, vacancies/_post_card.html's macro; ``nationality``, a code, says why
    the post is open to it. A post the list read from the cards this process keeps
    (vacancies.listing.cards.KeptCards) has its card written once, as long as it is kept,
    for the searches that show it alike: no nationality, no words marked; and its facts
    (post_facts, most of a card) once for those that do."""
    cards = env.get_template("vacancies/_post_card.html").module
    kept = getattr(post, "kept_card", None)
    if kept is None:
        return cards.post_card(post, nationality)
    marked = getattr(post, "title_headline", None) or getattr(post, "snippet", None)
    if nationality or marked:
        if kept.facts is None:
            kept.facts = cards.post_facts(post)
        return cards.post_card(post, nationality, kept.facts)
    if kept.html is None:
        kept.html = cards.post_card(post)
    return kept.html


def environment(**options) -> Environment:
    """Called by Django's Jinja2 backend with its options: the loader, auto_reload, and its
    defaults for escaping and undefined variables, which the pages set for themselves."""
    options = {k: v for k, v in options.items() if k not in ("autoescape", "undefined")}
    env = Environment(
        **options,
        # What the pages print comes from the documents, anyone's text: always escaped.
        autoescape=True,
        # As Django's templates: a missing variable or attribute (``post.ref`` on a call's
        # page) is empty, never an error, and never the placeholder of DebugUndefined, the
        # backend's default in debug.
        undefined=ChainableUndefined,
        # As Django's templates, which keep a template's last newline (an include's too).
        keep_trailing_newline=True,
    )
    env.globals.update(
        url=cached_reverse,  # url("vacancies:mission_detail", slug), as {% url %}
        card=card,
        static=static,
        querystring=querystring,
        canonical_url=canonical_url,
        job_posting_json_ld=job_posting_json_ld,
    )
    env.filters.update(
        date=date,
        pluralize=pluralize,
        yesno=yesno,
        capfirst=capfirst,
        linebreaks=linebreaks_filter,
        intcomma=intcomma,
        marked=marked,
        has_match=has_match,
    )
    return env
