from django import template

from ..nationality import Answer

register = template.Library()


@register.filter
def open_to(post, code: str) -> Answer:
    """``{{ post|open_to:"NO" }}``: whether and why the post is open to that nationality."""
    return post.open_to(code)
