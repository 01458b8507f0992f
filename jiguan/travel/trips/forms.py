"""The forms of one platform: the request, the decision, the dispatch, the pass, the return
and the rating; the trip list's filter."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from jiguan.access.models import User
from jiguan.orgs.fields import AgencyChoiceField
from jiguan.travel.trips.models import TripStatus
from jiguan.travel.vehicles.models import VehicleCategory, VehicleStatus

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
CHECK = {"class": "form-check-input"}
WHEN = {**TEXT, "type": "datetime-local"}
OUT_OF_SCOPE = "所选项不存在、不在您的权限范围内或在该时段不空闲"


class TripFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=60,
                        widget=forms.TextInput(attrs={**TEXT,
                                                      "placeholder": "派车单号、事由或目的地"}))
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), *TripStatus.choices],
                               widget=forms.Select(attrs=SELECT))
    month = forms.DateField(label="月份", required=False, input_formats=["%Y-%m"],
                            widget=forms.DateInput(attrs={**TEXT, "type": "month"}),
                            error_messages={"invalid": "月份格式应为 2026-05"})


class TripForm(forms.Form):
    agency: Any = AgencyChoiceField(label="用车单位",
                                    error_messages={"invalid_choice": OUT_OF_SCOPE,
                                                    "required": "请选择用车单位"})
    passengers = forms.IntegerField(label="乘车人数", min_value=1, max_value=60, initial=1,
                                    widget=forms.NumberInput(attrs=TEXT))
    passenger_names = forms.CharField(label="乘车人", max_length=200, required=False,
                                      widget=forms.TextInput(attrs=TEXT))
    start_at = forms.DateTimeField(label="用车开始", widget=forms.DateTimeInput(attrs=WHEN))
    end_at = forms.DateTimeField(label="用车结束", widget=forms.DateTimeInput(attrs=WHEN))
    origin = forms.CharField(label="出发地", max_length=100, widget=forms.TextInput(attrs=TEXT))
    destinations = forms.CharField(label="目的地", max_length=300,
                                   widget=forms.TextInput(attrs=TEXT))
    purpose = forms.CharField(label="事由", max_length=300, widget=forms.TextInput(attrs=TEXT))
    category = forms.ChoiceField(label="车辆类别", choices=VehicleCategory.choices,
                                 initial=VehicleCategory.OTHER,
                                 widget=forms.Select(attrs=SELECT))
    urgent = forms.BooleanField(label="紧急公务（节假日用车须勾选）", required=False,
                                widget=forms.CheckboxInput(attrs=CHECK))

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start_at") and data.get("end_at") and data["end_at"] <= data["start_at"]:
            self.add_error("end_at", "用车结束时间须晚于开始时间")
        return data


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(label="审批结果", choices=[("1", "批准"), ("0", "不批准")],
                                     coerce=lambda v: v == "1", widget=forms.RadioSelect)
    note = forms.CharField(label="意见", max_length=200, required=False,
                           widget=forms.TextInput(attrs=TEXT))


class DispatchForm(forms.Form):
    vehicle: Any = forms.ModelChoiceField(label="车辆（该时段空闲）", queryset=None,
                                     widget=forms.Select(attrs=SELECT),
                                     error_messages={"invalid_choice": OUT_OF_SCOPE,
                                                     "required": "请选择车辆"})
    driver: Any = forms.ModelChoiceField(label="驾驶员（该时段空闲）", queryset=None,
                                    widget=forms.Select(attrs=SELECT),
                                    error_messages={"invalid_choice": OUT_OF_SCOPE,
                                                    "required": "请选择驾驶员"})

    def __init__(self, *args: Any, vehicles: Any, drivers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vehicle"].queryset = vehicles  # type: ignore[attr-defined]
        self.fields["driver"].queryset = drivers  # type: ignore[attr-defined]
        self.fields["vehicle"].label_from_instance = (  # type: ignore[attr-defined]
            lambda v: f"{v.plate} {v.make}（{v.seats} 座{'，新能源' if v.new_energy else ''}）")


class PassForm(forms.Form):
    to: Any = forms.ModelChoiceField(label="转给平台", queryset=None,
                                     widget=forms.Select(attrs=SELECT),
                                error_messages={"invalid_choice": OUT_OF_SCOPE,
                                                "required": "请选择平台"})

    def __init__(self, *args: Any, platforms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = platforms  # type: ignore[attr-defined]


def _money(label: str) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, min_value=Decimal(0), initial=0,
                              max_digits=10, decimal_places=2,
                              widget=forms.NumberInput(attrs={**TEXT, "step": "0.01"}))


class CloseForm(forms.Form):
    odometer_start = forms.IntegerField(label="出车里程（km）", min_value=0, max_value=2_000_000,
                                        widget=forms.NumberInput(attrs=TEXT))
    odometer_end = forms.IntegerField(label="回场里程（km）", min_value=0, max_value=2_000_000,
                                      widget=forms.NumberInput(attrs=TEXT))
    actual_start = forms.DateTimeField(label="实际出车", widget=forms.DateTimeInput(attrs=WHEN))
    actual_end = forms.DateTimeField(label="实际回场", widget=forms.DateTimeInput(attrs=WHEN))
    fuel_litres = forms.DecimalField(label="加油（升）", required=False, min_value=Decimal(0),
                                     max_digits=6, decimal_places=2,
                                     widget=forms.NumberInput(attrs={**TEXT, "step": "0.01"}))
    charge_kwh = forms.DecimalField(label="充电（kWh）", required=False, min_value=Decimal(0),
                                    max_digits=7, decimal_places=2,
                                    widget=forms.NumberInput(attrs={**TEXT, "step": "0.01"}))
    energy_cost = _money("油（电）费（元）")
    tolls = _money("通行费（元）")
    parking = _money("停车费（元）")


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(label="服务评价", coerce=int,
                                    choices=[(i, "★" * i) for i in range(5, 0, -1)],
                                    widget=forms.Select(attrs=SELECT))
    note = forms.CharField(label="评价意见", max_length=200, required=False,
                           widget=forms.TextInput(attrs=TEXT))


class CancelForm(forms.Form):
    confirm = forms.BooleanField(label="确认取消该用车申请",
                                 widget=forms.CheckboxInput(attrs=CHECK),
                                 error_messages={"required": "请勾选确认"})


class DriverForm(forms.Form):
    platform: Any = forms.ModelChoiceField(label="所属平台", queryset=None,
                                           widget=forms.Select(attrs=SELECT),
                                           error_messages={"invalid_choice": OUT_OF_SCOPE,
                                                           "required": "请选择平台"})
    name = forms.CharField(label="姓名", max_length=50, widget=forms.TextInput(attrs=TEXT))
    phone = forms.CharField(label="联系电话", max_length=30, required=False,
                            widget=forms.TextInput(attrs=TEXT))
    licence_class = forms.CharField(label="准驾车型", max_length=10, initial="C1",
                                    widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args: Any, platforms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = platforms  # type: ignore[attr-defined]


class DriverEditForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50, widget=forms.TextInput(attrs=TEXT),
                           error_messages={"required": "请填写姓名"})
    phone = forms.CharField(label="联系电话", max_length=30, required=False,
                            widget=forms.TextInput(attrs=TEXT))
    licence_class = forms.CharField(label="准驾车型", max_length=10,
                                    widget=forms.TextInput(attrs=TEXT),
                                    error_messages={"required": "请填写准驾车型"})
    active = forms.BooleanField(label="在岗", required=False,
                                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    username = forms.CharField(label="登录账号（用户名，留空为不关联）", max_length=150,
                               required=False, widget=forms.TextInput(attrs=TEXT))

    def clean_username(self) -> User | None:
        name = (self.cleaned_data.get("username") or "").strip()
        if not name:
            return None
        user = User.objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(f"账号 {name} 不存在或已停用")
        return user


VEHICLE_STATUS_CHOICES = [(s.value, s.label) for s in (
    VehicleStatus.IN_SERVICE, VehicleStatus.REPAIR, VehicleStatus.SUSPENDED)]


class VehicleStatusForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=VEHICLE_STATUS_CHOICES,
                               widget=forms.Select(attrs=SELECT),
                               error_messages={"invalid_choice": "只能设为在用、维修或停用"})
    note = forms.CharField(label="原因（送修、停用时必填）", max_length=200, required=False,
                           widget=forms.TextInput(attrs=TEXT))
