"""The forms of one standard: the vehicle, the list filter, establishment, disposal, a new
standard version. Field labels and messages in Chinese."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from jiguan.orgs.fields import AgencyChoiceField
from jiguan.travel.vehicles.models import (
    Body,
    DisposalReason,
    VehicleCategory,
    VehicleStatus,
)

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
CHECK = {"class": "form-check-input"}
OUT_OF_SCOPE = "所选项不存在或不在您的权限范围内"


def _scoped(field: forms.Field) -> forms.Field:
    field.error_messages["invalid_choice"] = OUT_OF_SCOPE
    return field


class VehicleForm(forms.Form):
    plate = forms.CharField(label="车牌号", max_length=12, widget=forms.TextInput(attrs=TEXT))
    category = forms.ChoiceField(label="车辆类别", choices=VehicleCategory.choices,
                                 widget=forms.Select(attrs=SELECT))
    body = forms.ChoiceField(label="车身", choices=Body.choices, widget=forms.Select(attrs=SELECT))
    make = forms.CharField(label="品牌型号", max_length=60, widget=forms.TextInput(attrs=TEXT))
    domestic = forms.BooleanField(label="国产", required=False, initial=True,
                                  widget=forms.CheckboxInput(attrs=CHECK))
    new_energy = forms.BooleanField(label="新能源", required=False,
                                    widget=forms.CheckboxInput(attrs=CHECK))
    price = forms.DecimalField(label="购置价格（元）", min_value=Decimal(0), max_digits=12,
                               decimal_places=2, widget=forms.NumberInput(attrs=TEXT))
    displacement = forms.DecimalField(label="排气量（升）", required=False,
                                      min_value=Decimal("0.1"),
                                      max_digits=3, decimal_places=1,
                                      widget=forms.NumberInput(attrs=TEXT))
    battery_kwh = forms.DecimalField(label="电池容量（kWh）", required=False,
                                     min_value=Decimal("0.1"), max_digits=6, decimal_places=1,
                                     widget=forms.NumberInput(attrs=TEXT))
    tank_litres = forms.DecimalField(label="油箱容积（升）", required=False,
                                     min_value=Decimal("1"), max_digits=5, decimal_places=1,
                                     widget=forms.NumberInput(attrs=TEXT))
    seats = forms.IntegerField(label="座位数（不含驾驶员）", min_value=1, max_value=60,
                               widget=forms.NumberInput(attrs=TEXT))
    purchase_date = forms.DateField(label="购置日期",
                                    widget=forms.DateInput(attrs={**TEXT, "type": "date"}))
    odometer_km = forms.IntegerField(label="里程表读数（km）", min_value=0, max_value=2_000_000,
                                     initial=0, widget=forms.NumberInput(attrs=TEXT))
    insurer = forms.CharField(label="定点保险", max_length=100, required=False,
                              widget=forms.TextInput(attrs=TEXT))
    garage = forms.CharField(label="定点维修", max_length=100, required=False,
                             widget=forms.TextInput(attrs=TEXT))
    filling_station = forms.CharField(label="定点加油（充电）", max_length=100, required=False,
                                      widget=forms.TextInput(attrs=TEXT))
    platform: Any = _scoped(forms.ModelChoiceField(label="所属平台", queryset=None, required=False,
                                              widget=forms.Select(attrs=SELECT)))
    agency: Any = _scoped(AgencyChoiceField(label="所属单位", required=False))

    def __init__(self, *args: Any, platforms: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = platforms  # type: ignore[attr-defined]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("platform")) == bool(data.get("agency")):
            self.add_error("platform", "请选择所属平台或所属单位（二者选一）")
        return data


class VehicleFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=60,
                        widget=forms.TextInput(attrs={**TEXT, "placeholder": "车牌号或品牌型号"}))
    category = forms.ChoiceField(label="类别", required=False,
                                 choices=[("", "全部"), *VehicleCategory.choices],
                                 widget=forms.Select(attrs=SELECT))
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), *VehicleStatus.choices],
                               widget=forms.Select(attrs=SELECT))
    new_energy = forms.ChoiceField(label="能源", required=False,
                                   choices=[("", "全部"), ("1", "新能源"), ("0", "燃油")],
                                   widget=forms.Select(attrs=SELECT))
    due = forms.BooleanField(label="仅到期待更新", required=False,
                             widget=forms.CheckboxInput(attrs=CHECK))
    region: Any = _scoped(forms.ModelChoiceField(label="区划（含下级）", queryset=None,
                                                 required=False,
                                            widget=forms.Select(attrs=SELECT)))

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class EstablishmentForm(forms.Form):
    platform: Any = _scoped(forms.ModelChoiceField(label="平台", queryset=None, required=False,
                                              widget=forms.Select(attrs=SELECT)))
    agency: Any = _scoped(AgencyChoiceField(label="单位", required=False))
    category = forms.ChoiceField(label="车辆类别", choices=VehicleCategory.choices,
                                 widget=forms.Select(attrs=SELECT))
    quota = forms.IntegerField(label="编制数（辆）", min_value=0, max_value=10_000,
                               widget=forms.NumberInput(attrs=TEXT))
    approval_doc = forms.CharField(label="核定文号", max_length=100, required=False,
                                   widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args: Any, platforms: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = platforms  # type: ignore[attr-defined]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("platform")) == bool(data.get("agency")):
            self.add_error("agency", "请选择单位或平台（二者选一）")
        return data


class DisposeForm(forms.Form):
    reason = forms.ChoiceField(label="处置原因", choices=DisposalReason.choices,
                               widget=forms.Select(attrs=SELECT))
    on = forms.DateField(label="处置日期", initial=dt.date.today,
                         widget=forms.DateInput(attrs={**TEXT, "type": "date"}))


class StandardForm(forms.Form):
    category = forms.ChoiceField(label="车辆类别", required=False,
                                 choices=[("", "所有类别"), *VehicleCategory.choices],
                                 widget=forms.Select(attrs=SELECT))
    new_energy = forms.BooleanField(label="新能源", required=False,
                                    widget=forms.CheckboxInput(attrs=CHECK))
    price_cap = forms.DecimalField(label="价格上限（元）", required=False, min_value=Decimal(0),
                                   max_digits=12, decimal_places=2,
                                   widget=forms.NumberInput(attrs=TEXT))
    displacement_cap = forms.DecimalField(label="排气量上限（升）", required=False,
                                          min_value=Decimal("0.1"), max_digits=3,
                                          decimal_places=1, widget=forms.NumberInput(attrs=TEXT))
    service_life_years = forms.IntegerField(label="使用年限（年）", min_value=1, max_value=30,
                                            initial=8, widget=forms.NumberInput(attrs=TEXT))
    effective_from = forms.DateField(label="施行日期",
                                     widget=forms.DateInput(attrs={**TEXT, "type": "date"}))
    verified = forms.BooleanField(label="已核实", required=False,
                                  widget=forms.CheckboxInput(attrs=CHECK))
    source = forms.CharField(label="依据（文件名称、条款）", max_length=300,
                             widget=forms.TextInput(attrs=TEXT))


class PlatformForm(forms.Form):
    region: Any = _scoped(forms.ModelChoiceField(
        label="区划", queryset=None, widget=forms.Select(attrs=SELECT),
        error_messages={"required": "请选择区划"}))
    name = forms.CharField(label="平台名称", max_length=100, widget=forms.TextInput(attrs=TEXT),
                           error_messages={"required": "请填写平台名称"})

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
