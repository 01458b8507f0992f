"""Form helpers shared by every app."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm, HiddenInput, IntegerField

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
