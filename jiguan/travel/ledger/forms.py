"""The forms of one ledger: a vehicle cost, a rate, issuing a statement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from jiguan.travel.ledger.models import CostKind

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
OUT_OF_SCOPE = "所选平台不在您的权限范围内"


class CostForm(forms.Form):
    kind = forms.ChoiceField(label="费用类别", choices=CostKind.choices,
                             widget=forms.Select(attrs=SELECT))
    date = forms.DateField(label="日期", initial=dt.date.today,
                           widget=forms.DateInput(attrs={**TEXT, "type": "date"}))
    amount = forms.DecimalField(label="金额（元）", min_value=Decimal("0.01"), max_digits=12,
                                decimal_places=2, widget=forms.NumberInput(attrs=TEXT))
    note = forms.CharField(label="说明", max_length=200, required=False,
                           widget=forms.TextInput(attrs=TEXT))


class RateForm(forms.Form):
    platform: Any = forms.ModelChoiceField(label="平台", queryset=None,
                                      widget=forms.Select(attrs=SELECT),
                                      error_messages={"invalid_choice": OUT_OF_SCOPE})
    per_km = forms.DecimalField(label="每公里（元）", min_value=Decimal(0), max_digits=8,
                                decimal_places=2, widget=forms.NumberInput(attrs=TEXT))
    per_hour = forms.DecimalField(label="每小时（元）", min_value=Decimal(0), max_digits=8,
                                  decimal_places=2, widget=forms.NumberInput(attrs=TEXT))
    per_trip = forms.DecimalField(label="每趟（元）", min_value=Decimal(0), max_digits=8,
                                  decimal_places=2, widget=forms.NumberInput(attrs=TEXT))
    effective_from = forms.DateField(label="施行日期",
                                     widget=forms.DateInput(attrs={**TEXT, "type": "date"}))
    source = forms.CharField(label="依据（文件名称、文号）", max_length=200,
                             widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args: Any, platforms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = platforms  # type: ignore[attr-defined]
