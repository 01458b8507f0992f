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
