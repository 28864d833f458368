import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from missionjobs import site_url

from ..search import MATCH_START, MATCH_STOP
from ..seo import job_posting, json_ld

register = template.Library()

MATCHED = re.compile(f"{MATCH_START}(.*?){MATCH_STOP}", re.DOTALL)


@register.filter
def marked(headline: str | None) -> str:
    """A headline from PostQuerySet.with_headlines: the text escaped, matched words in <mark>."""
    if not headline:
        return ""
    html = MATCHED.sub(r"<mark>\1</mark>", escape(headline))
    html = html.replace(MATCH_START, "").replace(MATCH_STOP, "")
    return mark_safe(html)  # noqa: S308  (the headline escaped: only <mark> tags added)


@register.filter
def has_match(headline: str | None) -> bool:
    return bool(headline) and MATCH_START in headline


@register.simple_tag(takes_context=True)
def job_posting_json_ld(context, post):
    return json_ld(job_posting(post, context["request"]))


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    return site_url.absolute_url(context["request"], path)
