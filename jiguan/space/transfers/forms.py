"""Forms of asset transfer (page and API input) and their Chinese messages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from jiguan.access.models import Region
from jiguan.space.transfers.models import TransferStatus

_TEXT = {"class": "form-control"}
_SELECT = {"class": "form-select"}
_DATE = forms.DateInput(attrs={**_TEXT, "type": "date"}, format="%Y-%m-%d")
OUT_OF_SCOPE = "所选区划不存在或不在您的权限范围内"


def _money(label: str, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, max_digits=14, decimal_places=2,
                              min_value=Decimal("0"),
                              widget=forms.NumberInput(attrs={**_TEXT, "step": "0.01"}),
                              error_messages={"min_value": f"{label}不能为负数",
                                              "invalid": f"{label}应为数字",
                                              "required": f"请填写{label}"})


class BatchFilterForm(forms.Form):
    q = forms.CharField(label="批次号或单位", required=False, max_length=100,
                        widget=forms.TextInput(attrs=_TEXT))
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), *TransferStatus.choices],
                               widget=forms.Select(attrs=_SELECT))
    region = forms.ModelChoiceField(label="区划（含下级）", queryset=Region.objects.none(),
                                    required=False, to_field_name="code",
                                    widget=forms.Select(attrs=_SELECT))
    year = forms.IntegerField(label="移交年度", required=False, min_value=1949, max_value=9999,
                              widget=forms.NumberInput(attrs=_TEXT),
                              error_messages={"min_value": "移交年度不能早于 1949",
                                              "max_value": "移交年度无效",
                                              "invalid": "移交年度应为整数"})

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].error_messages["invalid_choice"] = OUT_OF_SCOPE


class BatchForm(forms.Form):
    number = forms.CharField(label="批次号", max_length=30, widget=forms.TextInput(attrs=_TEXT))
    region = forms.ModelChoiceField(label="接收区划（本级机关事务管理部门）",
                                    queryset=Region.objects.none(), to_field_name="code",
                                    widget=forms.Select(attrs=_SELECT))
    agency = forms.CharField(label="移交单位统一社会信用代码", max_length=30,
                             widget=forms.TextInput(attrs=_TEXT))
    transfer_date = forms.DateField(label="移交基准日", widget=_DATE,
                                    error_messages={"invalid": "移交基准日格式应为 YYYY-MM-DD"})
    note = forms.CharField(label="说明", required=False, max_length=300,
                           widget=forms.TextInput(attrs=_TEXT))

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].error_messages["invalid_choice"] = OUT_OF_SCOPE

    def clean_agency(self) -> str:
        return str(self.cleaned_data["agency"]).strip().upper()


class ItemForm(forms.Form):
    building_code = forms.CharField(label="房产编号", max_length=30,
                                    widget=forms.TextInput(attrs=_TEXT))
    original_value = _money("账面原值（元）")
    depreciation = _money("累计折旧（元）", required=False)
    from_card_no = forms.CharField(label="移出单位资产卡片号", max_length=60, required=False,
                                   widget=forms.TextInput(attrs=_TEXT))
    new_card_no = forms.CharField(label="接收资产卡片号", max_length=60, required=False,
                                  widget=forms.TextInput(attrs=_TEXT))

    def clean_depreciation(self) -> Decimal:
        return self.cleaned_data.get("depreciation") or Decimal(0)


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因", max_length=300, widget=forms.TextInput(attrs=_TEXT))


class FinanceConfirmForm(forms.Form):
    voucher_no = forms.CharField(label="记账凭证号", max_length=60,
                                 widget=forms.TextInput(attrs=_TEXT))
    booked_on = forms.DateField(label="调账日期", widget=_DATE,
                                error_messages={"invalid": "调账日期格式应为 YYYY-MM-DD"})
