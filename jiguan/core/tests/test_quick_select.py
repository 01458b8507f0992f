"""QuickSelect renders what Django's template-rendered Select renders, faster."""

from __future__ import annotations

import re

from django import forms

from jiguan.core.web.forms import QuickSelect

CHOICES = [("", "全部"), ("a", "甲 <乙>"), ("b&c", "丙\"丁")]


def _norm(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def test_quick_select_renders_as_django_select() -> None:
    for value in (None, "", "a", "b&c", "missing"):
        attrs = {"class": "form-select", "id": "id_x", "required": True, "disabled": False}
        django = forms.Select(attrs=attrs, choices=CHOICES).render("x", value)
        quick = QuickSelect(attrs=attrs, choices=CHOICES).render("x", value)
        assert _norm(quick) == _norm(django), value


def test_quick_select_groups() -> None:
    choices = [("组一", [("1", "一"), ("2", "二")]), ("3", "三")]
    django = forms.Select(choices=choices).render("g", "2")
    quick = QuickSelect(choices=choices).render("g", "2")
    assert _norm(quick) == _norm(django)
    assert '<option value="2" selected>二</option>' in quick


class _Form(forms.Form):
    kind = forms.ChoiceField(required=False, choices=[("", "全部"), ("a", "甲"), ("b<", "乙&")],
                             widget=QuickSelect(attrs={"class": "form-select"}))


def test_it_renders_every_option_with_the_chosen_one_selected() -> None:
    html = str(_Form({"kind": "a"})["kind"])
    assert html.startswith('<select name="kind" class="form-select" id="id_kind">')
    assert '<option value="">全部</option>' in html
    assert '<option value="a" selected>甲</option>' in html
    assert '<option value="b&lt;">乙&amp;</option>' in html


def test_an_unbound_form_selects_the_empty_choice() -> None:
    assert '<option value="" selected>全部</option>' in str(_Form()["kind"])
