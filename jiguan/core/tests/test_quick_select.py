"""QuickSelect: the region filters' <select> rendered in Python (bench/README.md session 9)
gives what forms.Select gives: every option, the chosen one selected, values escaped."""

from __future__ import annotations

from django import forms

from jiguan.core.web.forms import QuickSelect


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
