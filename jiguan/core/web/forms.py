"""Form helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseForm, HiddenInput, IntegerField
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

from jiguan.core.types import MAX_ID


def add_validation_error(form: BaseForm, exc: ValidationError) -> None:
    """Show an action's ValidationError on the form: on the field it names when the form has
    that field, otherwise at the top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


_WIDGETS = "django/forms/widgets/"
#: Django's widget templates that are only ``input.html`` (an <input> and its attributes).
_INPUT_TEMPLATES = frozenset(
    f"{_WIDGETS}{name}.html" for name in ("text", "number", "email", "url", "password",
                                          "hidden", "date", "datetime", "time", "search",
                                          "tel", "color"))
_SELECT_TEMPLATE = f"{_WIDGETS}select.html"
_OPTION_TEMPLATE = f"{_WIDGETS}select_option.html"


def _text(value: Any) -> str:
    """``{{ value|stringformat:'s' }}`` under autoescape: escaped unless already safe."""
    return str(conditional_escape(value if isinstance(value, SafeData) else str(value)))


def _attrs(attrs: dict[str, Any]) -> str:
    """Django's ``attrs.html``: ` name="value"`, a bare ` name` for True, nothing for
    False."""
    return "".join("" if value is False else f" {conditional_escape(name)}" if value is True
                   else f' {conditional_escape(name)}="{_text(value)}"'
                   for name, value in attrs.items())


def _input(widget: dict[str, Any]) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_text(value)}"'
    return (f'<input type="{conditional_escape(widget["type"])}" '
            f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>')


def _select(widget: dict[str, Any]) -> str | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f'\n  <optgroup label="{conditional_escape(group)}">')
        for option in options:
            if option.get("template_name") != _OPTION_TEMPLATE:
                return None  # a custom option template: Django renders it
            parts.append(f'\n  <option value="{_text(option["value"])}"'
                         f'{_attrs(option["attrs"])}>{conditional_escape(option["label"])}'
                         "</option>\n")
        if group:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class WidgetRenderer(DjangoTemplates):
    """Django's form renderer, with the plain widgets (an <input>, a <select>) rendered in
    Python to the same text their templates give, stripped as Django's renderer strips it
    (a test renders both and compares).

    Every widget of every form went through the template engine, every select option
    through another template and every attribute list through a third: the readings
    list's filter form alone was 250 template includes per page, and a province's region
    filter of 102 options ~19 ms (bench/README.md, sessions 9 and 10; this replaces the
    per-widget `QuickSelect` of session 9). Any other template (a custom widget, a form
    layout) is Django's."""

    def render(self, template_name: str, context: dict[str, Any],
               request: Any = None) -> str:
        widget = context.get("widget") if isinstance(context, dict) else None
        if isinstance(widget, dict):
            if template_name in _INPUT_TEMPLATES:
                return _input(widget)
            if template_name == _SELECT_TEMPLATE:
                html = _select(widget)
                if html is not None:
                    return html
        return str(super().render(template_name, context, request))


def id_field(label: str) -> IntegerField:
    """A hidden filter field holding a record id, bounded to what the database can hold."""
    return IntegerField(label=label, required=False, min_value=1, max_value=MAX_ID,
                        widget=HiddenInput)
