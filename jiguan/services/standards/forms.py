"""The standards' forms and their Chinese messages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from jiguan.orgs.fields import AgencyChoiceField
from jiguan.services.standards.models import CheckMethod, Frequency


class VersionForm(forms.Form):
    version = forms.CharField(label="版本", max_length=20, error_messages={
        "required": "请填写版本", "max_length": "版本不能超过 20 字"})
    effective_from = forms.DateField(label="实施日期", error_messages={
        "required": "请填写实施日期", "invalid": "实施日期格式应为 2026-01-31"})
    title = forms.CharField(label="标准名称（不改可留空）", max_length=120, required=False)
    source = forms.CharField(label="编制依据（不改可留空）", max_length=400, required=False)


def _points(label: str) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=Decimal(0), max_value=Decimal(100),
                              max_digits=5, decimal_places=1, error_messages={
                                  "required": f"请填写{label}", "invalid": f"{label}应为数字",
                                  "min_value": f"{label}不能为负数",
                                  "max_value": f"{label}不能超过 100",
                                  "max_decimal_places": f"{label}最多一位小数"})


class ItemForm(forms.Form):
    aspect = forms.CharField(label="项目", max_length=40,
                             error_messages={"required": "请填写项目"})
    requirement = forms.CharField(label="服务要求", max_length=400, widget=forms.Textarea(
        attrs={"rows": 3}), error_messages={"required": "请填写服务要求"})
    method = forms.ChoiceField(label="检查方式", choices=CheckMethod.choices,
                               error_messages={"invalid_choice": "检查方式无效"})
    frequency = forms.ChoiceField(label="检查频次", choices=Frequency.choices,
                                  error_messages={"invalid_choice": "检查频次无效"})
    weight = _points("分值")
    deduction = _points("每处扣分")
    source = forms.CharField(label="来源", max_length=300,
                             error_messages={"required": "请填写来源（或“本平台拟定”）"})
    ours = forms.BooleanField(label="本平台拟定", required=False)


class PilotForm(forms.Form):
    agency: Any = AgencyChoiceField(label="试点单位", error_messages={
        "required": "请选择试点单位", "invalid_choice": "单位不在您的权限范围内"})
    since = forms.DateField(label="试点起始日期", error_messages={
        "required": "请填写试点起始日期", "invalid": "日期格式应为 2026-01-31"})
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
