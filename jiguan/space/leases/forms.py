"""The lease forms: the application (also the API's input), the bureau's return, the end of a
lease and the register's filters. The approval fields are optional here: the action refuses a
lease without them, with the rule cited on the field."""

from __future__ import annotations

from typing import Any

from django import forms

from jiguan.access.models import Region
from jiguan.core.web.forms import id_field
from jiguan.orgs.fields import AgencyChoiceField
from jiguan.space.leases.models import LeaseStatus
from jiguan.space.leases.rules import Direction

_SELECT = {"class": "form-select"}
AGENCY_OUT = "所选单位不存在或不在您的权限范围内"
BUILDING_OUT = "所选房产不存在或不在您的权限范围内"
REGION_OUT = "所选区划不存在或不在您的权限范围内"
_TEXT = {"class": "form-control"}
_DATE = {"class": "form-control", "type": "date"}


def _date() -> forms.DateInput:
    """A date input: ISO format, as <input type=date> reads its value."""
    return forms.DateInput(attrs=_DATE, format="%Y-%m-%d")

OUT_OF_SCOPE = "所选单位不存在或不在您的权限范围内"


class LeaseForm(forms.Form):
    agency: forms.ModelChoiceField[Any] = AgencyChoiceField(label="承租单位")
    direction = forms.ChoiceField(label="事项", choices=Direction.choices,
                                  initial=Direction.RENT_IN, widget=forms.Select(attrs=_SELECT))
    lessor = forms.CharField(label="出租方", max_length=100, widget=forms.TextInput(attrs=_TEXT))
    premises = forms.CharField(label="房屋坐落", max_length=200,
                               widget=forms.TextInput(attrs=_TEXT))
    area = forms.DecimalField(label="租用面积（m²）", max_digits=10, decimal_places=2,
                              widget=forms.NumberInput(attrs={**_TEXT, "step": "0.01"}))
    annual_rent = forms.DecimalField(label="年租金（元）", max_digits=14, decimal_places=2,
                                     widget=forms.NumberInput(attrs={**_TEXT, "step": "0.01"}))
    start_date = forms.DateField(label="租期开始", widget=_date())
    end_date = forms.DateField(label="租期结束", widget=_date())
    purpose = forms.CharField(label="租用理由", max_length=300,
                              widget=forms.TextInput(attrs=_TEXT))
    contract_no = forms.CharField(label="合同编号", max_length=60, required=False,
                                  widget=forms.TextInput(attrs=_TEXT))
    approval_doc_no = forms.CharField(label="本级人民政府批准文号", max_length=60,
                                      required=False, widget=forms.TextInput(attrs=_TEXT))
    approval_date = forms.DateField(label="批准日期", required=False,
                                    widget=_date())
    approval_body = forms.CharField(label="批准机关", max_length=100, required=False,
                                    widget=forms.TextInput(attrs=_TEXT))

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        field.queryset = agencies  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = OUT_OF_SCOPE


class ReasonForm(forms.Form):
    reason = forms.CharField(label="退回原因", max_length=300,
                             widget=forms.Textarea(attrs={**_TEXT, "rows": 2}))


class EndForm(forms.Form):
    ended_on = forms.DateField(label="终止日期", widget=_date())
    reason = forms.CharField(label="终止原因", max_length=300,
                             widget=forms.TextInput(attrs=_TEXT))


class LeaseFilterForm(forms.Form):
    q = forms.CharField(label="出租方 / 房屋坐落", max_length=100, required=False,
                        widget=forms.TextInput(attrs=_TEXT))
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), *LeaseStatus.choices],
                               widget=forms.Select(attrs=_SELECT))
    expiring = forms.IntegerField(label="天内到期", required=False, min_value=0,
                                  max_value=3650, widget=forms.NumberInput(attrs=_TEXT))
    region = forms.ModelChoiceField(label="区划（含下级）", queryset=Region.objects.none(),
                                    required=False, to_field_name="code",
                                    widget=forms.Select(attrs=_SELECT))
    agency = id_field("单位")

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].error_messages["invalid_choice"] = REGION_OUT
