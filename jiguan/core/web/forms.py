"""Form helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseForm, HiddenInput, IntegerField, Select
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from jiguan.core.types import MAX_ID


def add_validation_error(form: BaseForm, exc: ValidationError) -> None:
    """Show an action's ValidationError on the form: on the field it names when the form has
    that field, otherwise at the top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class QuickSelect(Select):
    """A select rendered in Python, the same markup as Django's template-rendered one.

    Django renders a select through a template and every option through another: ~0.2 ms
    an option. A list page's region filter holds every region in the user's scope (102 at
    the province), 19 of the 28 ms its filter form took to render (bench/README.md,
    session 9). Same choices, same attributes, same `selected`; only the rendering is
    cheaper."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts: list[str] = [
            format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html('<optgroup label="{}">', group))
            parts.extend(format_html('<option value="{}"{}>{}</option>', option["value"],
                                     flatatt(option["attrs"]), option["label"])
                         for option in options)
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part is format_html-escaped


def id_field(label: str) -> IntegerField:
    """A hidden filter field holding a record id, bounded to what the database can hold."""
    return IntegerField(label=label, required=False, min_value=1, max_value=MAX_ID,
                        widget=HiddenInput)
