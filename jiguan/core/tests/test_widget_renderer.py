"""The form renderer (settings.FORM_RENDERER, jiguan.core.web.forms.WidgetRenderer) renders
the plain widgets in Python to exactly the text of Django's own templates."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from jiguan.core.web.forms import QuickSelect, WidgetRenderer


class _Everything(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={
        "class": "form-control", "placeholder": '名称"<>&', "required": True,
        "disabled": False, "data-x": mark_safe("<b>safe</b>")}))
    number = forms.IntegerField(min_value=1)
    decimal = forms.DecimalField()
    choice = forms.ChoiceField(choices=[("", "全部"), ("x", "甲<乙"),
                                        ("分组", [("1", "一"), ("2", "二")])])
    several = forms.MultipleChoiceField(choices=[("1", "a"), ("2", "b")])
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.CharField(widget=forms.HiddenInput)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    email = forms.EmailField()
    # Widgets the renderer leaves to Django's templates.
    flag = forms.BooleanField()
    long = forms.CharField(widget=forms.Textarea)
    radio = forms.ChoiceField(choices=[("a", "甲")], widget=forms.RadioSelect)
    quick = forms.ChoiceField(choices=[("a", "甲")], widget=QuickSelect)


@pytest.mark.parametrize("data", [None, {
    "text": 'v"<&', "number": "0", "decimal": "1.50", "choice": "2", "several": ["1", "2"],
    "date": "2026-01-02", "hidden": "h", "password": "p", "email": "bad", "flag": "on",
    "long": "<script>", "radio": "a", "quick": "a"}])
def test_every_widget_renders_as_django_renders_it(data: dict[str, Any] | None) -> None:
    django_form = _Everything(data, renderer=DjangoTemplates())
    ours = _Everything(data, renderer=WidgetRenderer())
    for name in _Everything.base_fields:
        assert str(ours[name]) == str(django_form[name]), name
    assert str(ours) == str(django_form)  # the whole form, labels and errors included


def test_it_is_the_projects_renderer() -> None:
    assert settings.FORM_RENDERER == "jiguan.core.web.forms.WidgetRenderer"
    assert isinstance(forms.Form().renderer, WidgetRenderer)
