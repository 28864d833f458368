"""reverse() for the links a page writes dozens of times: a post page links to forty posts
and calls, an API response to as many. reverse() finds the pattern, converts, checks and
quotes each argument on every call (15-50 µs); here it runs once per URL name, with marks
for arguments, and each link is that path with the arguments put in.

For arguments that fit their converters as they are, as ids and slugs do: reverse() would
quote or refuse anything else, and that is not checked here.
"""

from functools import lru_cache

from django.urls import get_script_prefix, reverse

# Stands for argument i as 10**15 + i: an integer (so any converter takes it) that no other
# part of a path holds.
_MARK = 10**15


def cached_reverse(name: str, *args) -> str:
    """``reverse(name, args=args)``."""
    parts = _parts(name, len(args), get_script_prefix())
    path = [parts[0]]
    for arg, part in zip(args, parts[1:], strict=True):
        path += (str(arg), part)
    return "".join(path)


@lru_cache(maxsize=256)
def _parts(name: str, arity: int, script_prefix: str) -> tuple[str, ...]:
    """The path of ``name`` reversed with marks, split at them: the text around the
    arguments, for the script prefix of the request (the path starts with it)."""
    marked = reverse(name, args=[_MARK + i for i in range(arity)])
    parts = []
    for i in range(arity):
        before, _, marked = marked.partition(str(_MARK + i))
        parts.append(before)
    return (*parts, marked)
