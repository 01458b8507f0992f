"""The form renderer (settings.FORM_RENDERER, jiguan.core.web.forms.WidgetRenderer) renders
the plain widgets in Python to exactly the text of Django's own templates."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.core.web.forms import WidgetRenderer


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


@pytest.mark.parametrize("data", [None, {
    "text": 'v"<&', "number": "0", "decimal": "1.50", "choice": "2", "several": ["1", "2"],
    "date": "2026-01-02", "hidden": "h", "password": "p", "email": "bad", "flag": "on",
    "long": "<script>", "radio": "a"}])
def test_every_widget_renders_as_django_renders_it(data: dict[str, Any] | None) -> None:
    django_form = _Everything(data, renderer=DjangoTemplates())
    ours = _Everything(data, renderer=WidgetRenderer())
    for name in _Everything.base_fields:
        assert str(ours[name]) == str(django_form[name]), name
    assert str(ours) == str(django_form)  # the whole form, labels and errors included


def test_it_is_the_projects_renderer() -> None:
    assert settings.FORM_RENDERER == "jiguan.core.web.forms.WidgetRenderer"
    assert isinstance(forms.Form().renderer, WidgetRenderer)


class _Kind(forms.Form):
    kind = forms.ChoiceField(required=False, choices=[("", "全部"), ("a", "甲"), ("b<", "乙&")],
                             widget=forms.Select(attrs={"class": "form-select"}))


def test_a_select_renders_every_option_with_the_chosen_one_selected() -> None:
    html = str(_Kind({"kind": "a"})["kind"])
    assert html.startswith('<select name="kind" class="form-select" id="id_kind">')
    assert '<option value="">全部</option>' in html
    assert '<option value="a" selected>甲</option>' in html
    assert '<option value="b&lt;">乙&amp;</option>' in html
    assert '<option value="" selected>全部</option>' in str(_Kind()["kind"])


# The lists whose region filter holds every region in scope (102 at the province), and
# whether it is chosen by code or by id.
REGION_FILTERS = [("/energy/water-saving/", False), ("/energy/sorting/", False),
                  ("/assets/entities/", False), ("/internalaudit/projects/", False),
                  ("/internalaudit/leaders/", False), ("/space/projects/", True)]


@pytest.mark.parametrize(("url", "by_code"), REGION_FILTERS)
def test_a_lists_region_filter_keeps_the_chosen_region(cast: Cast, url: str,
                                                       by_code: bool) -> None:
    xihu = Region.objects.get(code="330106")
    value = xihu.code if by_code else str(xihu.pk)
    html = cast.client("province_admin").get(url, {"region": value}).content.decode()
    assert f'<option value="{value}" selected>西湖区</option>' in html
