"""Links of every row of a list page at the cost of one `reverse`."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse

#: Stand-ins for the arguments while reversing: digits (every int converter takes them)
#: that no URL of the project holds otherwise.
_MARKS = ("987654321011", "987654321022", "987654321033")


class RowLink:
    """``reverse(name, args=[...])`` for many rows: the URL is reversed once with stand-in
    arguments, and each row's integers are put in their places. A list page reversed three
    URLs a row (150 `reverse` calls, ~15% of the room list's time in process;
    bench/README.md, session 9). Falls back to `reverse` if the stand-ins do not come back
    once each."""

    def __init__(self, name: str, arity: int = 1, current_app: str | None = None) -> None:
        self.name = name
        self.current_app = current_app
        self.parts: list[str] | None = None
        try:
            url = reverse(name, args=list(_MARKS[:arity]), current_app=current_app)
        except NoReverseMatch:  # a pattern the stand-ins do not fit: `reverse` every time
            return
        parts: list[str] = []
        for mark in _MARKS[:arity]:
            head, found, url = url.partition(mark)
            if not found or mark in url:
                return
            parts.append(head)
        parts.append(url)
        self.parts = parts

    def __call__(self, *args: int) -> str:
        if self.parts is None:
            return reverse(self.name, args=list(args), current_app=self.current_app)
        out = [self.parts[0]]
        for value, part in zip(args, self.parts[1:], strict=True):
            out.append(str(int(value)))
            out.append(part)
        return "".join(out)


def fast_reverse(name: str, args: Sequence[Any] = (), current_app: str | None = None) -> str:
    """`reverse(name, args=args)`, from a RowLink kept per name and number of arguments
    when every argument is a non-negative int (a row's pk): what the project's ``{% url %}``
    does (jiguan.core.templatetags.urls). Anything else goes to `reverse` itself."""
    if len(args) > len(_MARKS) or any(type(a) is not int or a < 0 for a in args):
        return reverse(name, args=list(args), current_app=current_app)
    link = _link(name, len(args), current_app, get_resolver(get_urlconf()), get_script_prefix())
    return link(*args)


@functools.lru_cache(maxsize=4096)
def _link(name: str, arity: int, current_app: str | None, resolver: object, prefix: str
          ) -> RowLink:
    # Keyed by the resolver object itself (a test's own URLconf, clear_url_caches) and the
    # script prefix, which both change what `reverse` gives.
    return RowLink(name, arity, current_app)


def current_app_of(request: Any) -> str | None:
    """The current app `{% url %}` reverses with, as Django's tag finds it: the request's
    own, else its resolved namespace."""
    current_app = getattr(request, "current_app", None)
    if current_app is None:
        current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
    return current_app
