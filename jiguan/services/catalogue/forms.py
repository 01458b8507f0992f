"""The catalogue's forms (pages and API input) and their Chinese messages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from jiguan.services.catalogue.models import CatalogueStatus, ServiceItem, SupplierKind

YEAR_MIN, YEAR_MAX = 2020, 2100


def _year_field(**kw: Any) -> forms.IntegerField:
    return forms.IntegerField(label="年度", min_value=YEAR_MIN, max_value=YEAR_MAX, error_messages={
        "required": "请填写年度", "invalid": "年度应为整数",
        "min_value": f"年度不能早于 {YEAR_MIN}", "max_value": f"年度不能晚于 {YEAR_MAX}"}, **kw)


class CatalogueFilterForm(forms.Form):
    year = _year_field(required=False)
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), *CatalogueStatus.choices])


class CatalogueCreateForm(forms.Form):
    region: Any = forms.ModelChoiceField(label="区划", queryset=None, error_messages={
        "required": "请选择区划", "invalid_choice": "区划不在您的权限范围内"})
    year = _year_field(initial=dt.date.today().year)
    title = forms.CharField(label="目录名称", max_length=120, error_messages={
        "required": "请填写目录名称", "max_length": "目录名称不能超过 120 字"})
    doc_no = forms.CharField(label="发布文号", max_length=60, required=False,
                             error_messages={"max_length": "发布文号不能超过 60 字"})

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class NarrowForm(forms.Form):
    items = forms.ModelMultipleChoiceField(
        label="保留的服务事项", queryset=ServiceItem.objects.none(),
        widget=forms.CheckboxSelectMultiple, error_messages={
            "required": "目录至少应包含一个服务事项",
            "invalid_choice": "事项“%(value)s”不在上级目录中（下级目录只能删减事项，不能增加）",
            "invalid_pk_value": "事项编号无效"})

    def __init__(self, *args: Any, allowed: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = allowed  # type: ignore[attr-defined]


class PublishForm(forms.Form):
    doc_no = forms.CharField(label="发布文号", max_length=60, required=False,
                             error_messages={"max_length": "发布文号不能超过 60 字"})
    on = forms.DateField(label="发布日期", required=False,
                         error_messages={"invalid": "发布日期格式应为 2026-01-31"})


class PriceForm(forms.Form):
    region: Any = forms.ModelChoiceField(label="区划", queryset=None, error_messages={
        "required": "请选择区划", "invalid_choice": "区划不在您的权限范围内"})
    item = forms.ModelChoiceField(label="服务事项", queryset=ServiceItem.objects.all(),
                                  error_messages={"required": "请选择服务事项",
                                                  "invalid_choice": "服务事项不存在"})
    year = _year_field(initial=dt.date.today().year)
    low = forms.DecimalField(label="参考价下限（元/单位）", min_value=Decimal(0),
                             max_digits=12, decimal_places=2, error_messages={
                                 "required": "请填写参考价下限", "invalid": "参考价下限应为数字",
                                 "min_value": "价格不能为负数",
                                 "max_digits": "参考价下限过大",
                                 "max_decimal_places": "参考价最多两位小数"})
    high = forms.DecimalField(label="参考价上限（元/单位）", min_value=Decimal(0),
                              max_digits=12, decimal_places=2, error_messages={
                                  "required": "请填写参考价上限", "invalid": "参考价上限应为数字",
                                  "min_value": "价格不能为负数",
                                  "max_digits": "参考价上限过大",
                                  "max_decimal_places": "参考价最多两位小数"})
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("low"), data.get("high")
        if low is not None and high is not None and low > high:
            self.add_error("high", "参考价上限不能低于下限")
        return data


class PriceFilterForm(forms.Form):
    year = _year_field(required=False)
    category = forms.CharField(label="服务类别代码", required=False, max_length=10)


class SupplierForm(forms.Form):
    name = forms.CharField(label="供应商名称", max_length=120, error_messages={
        "required": "请填写供应商名称", "max_length": "名称不能超过 120 字"})
    credit_code = forms.CharField(label="统一社会信用代码", max_length=40, error_messages={
        "required": "请填写统一社会信用代码"})
    kind = forms.ChoiceField(label="主体类型", choices=SupplierKind.choices, error_messages={
        "required": "请选择主体类型", "invalid_choice": "主体类型无效"})
    region: Any = forms.ModelChoiceField(label="登记区划", queryset=None, error_messages={
        "required": "请选择登记区划", "invalid_choice": "区划不在您的权限范围内"})
    contact = forms.CharField(label="联系人", max_length=40, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class SupplierFilterForm(forms.Form):
    q = forms.CharField(label="名称或信用代码", required=False, max_length=60)
    kind = forms.ChoiceField(label="主体类型", required=False,
                             choices=[("", "全部"), *SupplierKind.choices])
