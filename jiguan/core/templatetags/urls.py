"""Django's ``{% url %}``, every template's (builtins: it replaces Django's own tag), with a
row's integer arguments put into a URL reversed once per name (`links.fast_reverse`).

A list page reversed a URL per row and column: the agency list 75 `reverse` calls a
request; its 50 rows render in 5.4 ms instead of 7.5 (bench/README.md, session 11). The
text is Django's in every case (core/tests/test_url_tag.py compares the two over every URL
of the project)."""

from __future__ import annotations

from django import template
from django.template import defaulttags
from django.template.base import Parser, Token
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape

from jiguan.core.web.links import current_app_of, fast_reverse

register = template.Library()


class URLNode(defaulttags.URLNode):
    def render(self, context: template.Context) -> str:
        args = [arg.resolve(context) for arg in self.args]
        view_name = self.view_name.resolve(context)
        current_app = current_app_of(getattr(context, "request", None))
        url = ""
        try:
            if self.kwargs:
                kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
                url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
            else:
                url = fast_reverse(view_name, args, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser: Parser, token: Token) -> URLNode:
    node = defaulttags.url(parser, token)
    return URLNode(node.view_name, node.args, node.kwargs, node.asvar)
