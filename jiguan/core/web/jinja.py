"""Jinja2 for the row loops of the list pages (ADR 0011, session 13 addendum).

A list page is a Django template; its rows are a Jinja2 template in the app's ``jinja2/``
folder, rendered by ``{% jinja "app/x_rows.html" %}`` (jiguan.core.templatetags.rows) with
the page's context. Django's engine resolves every variable of every row through its
generic lookup and a node per filter; Jinja2 compiles the loop to Python: the agency
list's 50 rows in a third less time, the whole page 17% less CPU (bench/README.md,
session 13).

The environment reads a row as Django's templates read it, so that a loop moves from one
engine to the other by syntax alone and renders the same text:

- **lookups**: ``row.field`` calls what it finds when that is callable, as Django's
  templates do (``a.get_level_display``, ``a.is_archived``), unless it is marked
  ``do_not_call_in_templates``; a callable marked ``alters_data``, or one that needs
  arguments, renders as nothing; a dict's key comes before its attribute;
- **output**: every ``{{ value }}`` is localised as Django's templates localise it (dates,
  times in the current time zone, numbers);
- **filters**: Django's, by their Django names and meaning (``default``, ``date``,
  ``join``, ``truncatechars`` …; Jinja2's own of the same name are replaced), with the
  project's builtins (``num``, ``qty``, ``with_unit``), called as Jinja2 calls a filter:
  ``{{ value|num("area") }}``;
- ``url(name, *args)`` is ``{% url name args %}`` (`links.fast_reverse`), and a missing
  variable renders as nothing, all along a chain
  (``a.missing.name``; ``jinja2.ChainableUndefined``, in DEBUG too).

Autoescaping is on; Django's safe strings stay as they are. The syntax is Jinja2's:
``{% else %}`` for ``{% empty %}``, ``loop.index`` for ``forloop.counter``,
``{{ csrf_input }}`` for ``{% csrf_token %}``, ``is none`` for ``is None``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import jinja2
from django.template import engines
from django.template.library import Library
from django.utils.formats import localize
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # not in the stubs

from jiguan.core.web import pagination
from jiguan.core.web.links import current_app_of, fast_reverse


class DjangoLookupEnvironment(jinja2.Environment):
    """Attribute lookups and output as Django's templates do them (the module's docstring)."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            value = obj[attribute]
        else:
            value = super().getattr(obj, attribute)
        if callable(value) and not isinstance(value, jinja2.Undefined):
            if getattr(value, "do_not_call_in_templates", False):
                return value
            if getattr(value, "alters_data", False):
                return self.undefined(obj=obj, name=attribute)
            try:
                return value()
            except TypeError:
                try:  # Django's templates: a callable that needs arguments is nothing...
                    inspect.signature(value).bind()
                except TypeError:
                    return self.undefined(obj=obj, name=attribute)
                raise  # ...and a TypeError from inside one is an error
        return value


def _finalize(value: Any) -> Any:
    """What Django's templates do to a value before they escape it (a text, most values of
    a row, is left as it is)."""
    kind = type(value)
    if kind is str or kind is SafeString:
        return value
    return localize(template_localtime(value))


def _django_filter(func: Callable[..., Any]) -> Callable[..., Any]:
    """A Django filter called as Django's templates call it: a missing value as "", times
    in the current time zone for the filters that expect it, the autoescape flag for the
    ones that take it, and safe input kept safe through a safe filter."""
    needs_autoescape = getattr(func, "needs_autoescape", False)
    expects_localtime = getattr(func, "expects_localtime", False)
    is_safe = getattr(func, "is_safe", False)

    @functools.wraps(func)
    def call(value: Any, *args: Any) -> Any:
        if isinstance(value, jinja2.Undefined):
            value = ""
        if expects_localtime:
            value = template_localtime(value)
        result = func(value, *args, autoescape=True) if needs_autoescape else func(value, *args)
        if is_safe and isinstance(value, SafeData):
            result = mark_safe(result)  # noqa: S308 - Django's rule for safe filters
        return result

    return call


@jinja2.pass_context
def url(context: jinja2.runtime.Context, name: str, *args: Any) -> str:
    """``{% url name arg… %}``, with the request's namespace as the current app."""
    return fast_reverse(name, args, current_app_of(context.get("request")))


def environment(**options: Any) -> jinja2.Environment:
    options["undefined"] = jinja2.ChainableUndefined  # "" all along a chain, as in Django
    env = DjangoLookupEnvironment(finalize=_finalize, **options)
    env.globals["url"] = url
    # core/pagination.html, the pagination of every list.
    env.globals.update(ELLIPSIS=pagination.ELLIPSIS, page_numbers=pagination.page_numbers,
                       page_link=pagination.page_link, filter_query=pagination.filter_query,
                       page_last_numbered=pagination.page_last_numbered,
                       filter_params=pagination.filter_params)
    # Django's filters and the project's builtins, each by its Django name.
    libraries: list[Library] = engines["django"].engine.template_builtins  # type: ignore[attr-defined]
    for library in libraries:
        for name, func in library.filters.items():
            env.filters[name] = _django_filter(func)
    return env
