"""The canonical link of every public page: ``{% canonical_url %}`` in base.html."""

from urllib.parse import urlencode

from django import template

from missionjobs.site_url import absolute_url

register = template.Library()

# Pages whose query string chooses what they show; every other page is its path alone
# (a post page's ?nationality= only explains, and tracking parameters never count).
LISTS = {"post_list", "call_list"}
# Parameters that say where a visitor came from, not what the page shows.
TRACKING = ("utm_", "fbclid", "gclid", "msclkid", "mc_", "_ga")


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    request = context["request"]
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
