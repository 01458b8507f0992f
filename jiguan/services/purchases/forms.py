"""The purchases' forms (pages and API input) and their Chinese messages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from jiguan.orgs.fields import AgencyChoiceField
from jiguan.services.catalogue.forms import YEAR_MAX, YEAR_MIN
from jiguan.services.catalogue.models import ServiceCategory, ServiceItem
from jiguan.services.purchases.models import ProcurementMethod, PurchaseStatus, Settlement

LINE_SLOTS = 3


def _money(label: str, *, required: bool = True, min_value: str = "0.01") -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, min_value=Decimal(min_value), max_digits=14,
        decimal_places=2, error_messages={
            "required": f"请填写{label}", "invalid": f"{label}应为数字",
            "min_value": f"{label}应大于 0" if min_value != "0" else f"{label}不能为负数",
            "max_digits": f"{label}过大", "max_decimal_places": f"{label}最多两位小数"})


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, error_messages={
        "required": f"请填写{label}", "invalid": f"{label}格式应为 2026-01-31"})


def _pct(label: str, initial: int) -> forms.DecimalField:
    return forms.DecimalField(label=label, initial=initial, min_value=Decimal(0),
                              max_value=Decimal(100), max_digits=5, decimal_places=2,
                              error_messages={"required": f"请填写{label}",
                                              "invalid": f"{label}应为数字",
                                              "min_value": f"{label}不能小于 0",
                                              "max_value": f"{label}不能大于 100",
                                              "max_digits": f"{label}应在 0–100 之间",
                                              "max_decimal_places": f"{label}最多两位小数"})


class PurchaseForm(forms.Form):
    agency: Any = AgencyChoiceField(label="购买主体（单位）", error_messages={
        "required": "请选择购买主体", "invalid_choice": "所选单位不在您的权限范围内"})
    year = forms.IntegerField(label="年度", min_value=YEAR_MIN, max_value=YEAR_MAX,
                              initial=dt.date.today().year, error_messages={
                                  "required": "请填写年度", "invalid": "年度应为整数",
                                  "min_value": f"年度不能早于 {YEAR_MIN}",
                                  "max_value": f"年度不能晚于 {YEAR_MAX}"})
    title = forms.CharField(label="项目名称", max_length=120, error_messages={
        "required": "请填写项目名称", "max_length": "项目名称不能超过 120 字"})
    budget_line = forms.CharField(label="预算项目", max_length=120, required=False,
                                  help_text="先有预算后购买：填写已批复的部门预算项目名称或编码",
                                  error_messages={"max_length": "预算项目不能超过 120 字"})
    budget_amount = _money("预算金额（元）", required=False)
    method = forms.ChoiceField(label="采购方式", choices=ProcurementMethod.choices,
                               error_messages={"required": "请选择采购方式",
                                               "invalid_choice": "采购方式无效"})
    note = forms.CharField(label="备注", max_length=300, required=False)

    def __init__(self, *args: Any, agencies: Any, slots: int = LINE_SLOTS,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.slots = slots
        items = ServiceItem.objects.select_related("category").order_by("code")
        for n in range(1, slots + 1):
            self.fields[f"item_{n}"] = forms.ModelChoiceField(
                label=f"服务事项 {n}", queryset=items, required=n == 1, error_messages={
                    "required": "请至少选择一个服务事项",
                    "invalid_choice": f"服务事项 {n} 不存在"})
            self.fields[f"quantity_{n}"] = forms.DecimalField(
                label=f"数量 {n}", required=False, min_value=Decimal("0.01"), max_digits=14,
                decimal_places=2, error_messages={
                    "invalid": f"数量 {n} 应为数字", "min_value": f"数量 {n} 应大于 0",
                    "max_digits": f"数量 {n} 过大",
                    "max_decimal_places": f"数量 {n} 最多两位小数"})
            self.fields[f"unit_price_{n}"] = _money(f"单价 {n}（元/单位）", required=False,
                                                    min_value="0")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lines = []
        for n in range(1, self.slots + 1):
            item, qty = data.get(f"item_{n}"), data.get(f"quantity_{n}")
            if item is None:
                continue
            if qty is None:
                if f"quantity_{n}" not in self.errors:
                    self.add_error(f"quantity_{n}", f"请填写服务事项 {n} 的数量")
                continue
            lines.append({"item": item, "quantity": qty,
                          "unit_price": data.get(f"unit_price_{n}")})
        data["lines"] = lines
        return data


class ProcureForm(forms.Form):
    supplier: Any = forms.ModelChoiceField(label="承接主体（供应商）", queryset=None,
                                           error_messages={"required": "请选择供应商",
                                                           "invalid_choice": "供应商不存在"})
    procured_on = _date("采购完成日期")

    def __init__(self, *args: Any, suppliers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = suppliers  # type: ignore[attr-defined]


class ContractForm(forms.Form):
    contract_no = forms.CharField(label="合同编号", max_length=60, error_messages={
        "required": "请填写合同编号", "max_length": "合同编号不能超过 60 字"})
    price = _money("合同金额（元）")
    signed_on = _date("签订日期")
    start_date = _date("服务期开始")
    end_date = _date("服务期结束")
    long_term_reason = forms.CharField(
        label="超过一年的理由（第二十四条）", max_length=300, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=("期限超过 1 年（最长 3 年）时必填：内容固定、连续性强、经费来源稳定、"
                   "价格变化小且预算已保障"),
        error_messages={"max_length": "理由不能超过 300 字"})
    published_on = _date("合同公告日期", required=False)
    settlement = forms.ChoiceField(label="结算周期", choices=Settlement.choices,
                                   initial=Settlement.QUARTER, error_messages={
                                       "required": "请选择结算周期",
                                       "invalid_choice": "结算周期无效"})
    pay_excellent = _pct("优秀支付比例（%）", 100)
    pay_good = _pct("良好支付比例（%）", 100)
    pay_pass = _pct("合格支付比例（%）", 90)
    pay_fail = _pct("不合格支付比例（%）", 0)


class PublishContractForm(forms.Form):
    published_on = _date("合同公告日期")


class StartForm(forms.Form):
    started_on = _date("服务开始日期")


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", max_length=300, required=False,
                           error_messages={"max_length": "说明不能超过 300 字"})


class PurchaseFilterForm(forms.Form):
    q = forms.CharField(label="项目或供应商", required=False, max_length=60)
    year = forms.IntegerField(label="年度", required=False, min_value=YEAR_MIN,
                              max_value=YEAR_MAX, error_messages={
                                  "invalid": "年度应为整数",
                                  "min_value": f"年度不能早于 {YEAR_MIN}",
                                  "max_value": f"年度不能晚于 {YEAR_MAX}"})
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), *PurchaseStatus.choices])
    method = forms.ChoiceField(label="采购方式", required=False,
                               choices=[("", "全部"), *ProcurementMethod.choices])
    category = forms.ModelChoiceField(label="服务类别", required=False,
                                      queryset=ServiceCategory.objects.all(),
                                      to_field_name="code", empty_label="全部")
    region: Any = forms.ModelChoiceField(label="区划", required=False, queryset=None,
                                         to_field_name="code", empty_label="全部")
    expiring = forms.IntegerField(label="合同到期天数内", required=False, min_value=0,
                                  max_value=3650)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class FiguresForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=YEAR_MIN,
                              max_value=YEAR_MAX, error_messages={
                                  "invalid": "年度应为整数",
                                  "min_value": f"年度不能早于 {YEAR_MIN}",
                                  "max_value": f"年度不能晚于 {YEAR_MAX}"})
