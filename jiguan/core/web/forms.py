"""Form helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseForm, HiddenInput, IntegerField, Select
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
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




def id_field(label: str) -> IntegerField:
    """A hidden filter field holding a record id, bounded to what the database can hold."""
    return IntegerField(label=label, required=False, min_value=1, max_value=MAX_ID,
                        widget=HiddenInput)


class QuickSelect(Select):
    """A <select> rendered in Python, not a template per option: a list's region filter has
    a hundred and more options at province scope, and forms.Select's rendering cost the
    list pages 15-30 ms each (bench/README.md, sessions 6 and 9). Flat choices only (no
    option groups); the markup is forms.Select's."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((str(v), mark_safe(" selected") if str(v) in chosen else "", label)
             for v, label in self.choices))
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final), options)
