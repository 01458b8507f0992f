"""The repair forms: the application (also the API's input), the bureau's decisions, the
agency's progress, budget increase and final cost, and the list's filters."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from jiguan.access.models import Region
from jiguan.core.web.forms import id_field
from jiguan.orgs.fields import AgencyChoiceField
from jiguan.space.repairs.models import ApprovalLevel, RepairKind, RepairStatus
from jiguan.space.repairs.rules import CHECKLIST, parse_items

_SELECT = {"class": "form-select"}
AGENCY_OUT = "所选单位不存在或不在您的权限范围内"
BUILDING_OUT = "所选房产不存在或不在您的权限范围内"
REGION_OUT = "所选区划不存在或不在您的权限范围内"
_TEXT = {"class": "form-control"}
_DATE = {"class": "form-control", "type": "date"}


def _date() -> forms.DateInput:
    """A date input: ISO format, as <input type=date> reads its value."""
    return forms.DateInput(attrs=_DATE, format="%Y-%m-%d")

_MONEY = {"class": "form-control", "step": "0.01"}


class RepairForm(forms.Form):
    agency: forms.ModelChoiceField[Any] = AgencyChoiceField(label="申请单位")
    building: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="房产", queryset=None,
                                      widget=forms.Select(attrs=_SELECT))
    kind = forms.ChoiceField(label="维修类别", choices=RepairKind.choices,
                             widget=forms.Select(attrs=_SELECT))
    title = forms.CharField(label="项目名称", max_length=100, widget=forms.TextInput(attrs=_TEXT))
    reason = forms.CharField(label="维修理由", max_length=500,
                             widget=forms.Textarea(attrs={**_TEXT, "rows": 2}))
    items = forms.CharField(label="维修项目及金额", max_length=5000,
                            help_text="每行一项：名称，金额（元）。预算为各项金额之和。",
                            widget=forms.Textarea(attrs={**_TEXT, "rows": 4}))
    extension_area = forms.DecimalField(label="新增建筑面积（m²）", required=False,
                                        max_digits=10, decimal_places=2, initial=0,
                                        help_text="只有大修可少量扩建，不超过原建筑面积的 15%",
                                        widget=forms.NumberInput(attrs=_MONEY))
    checklist = forms.MultipleChoiceField(label="装修标准自查（逐项确认）", required=False,
                                          choices=CHECKLIST,
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, agencies: Any, buildings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["agency"].error_messages["invalid_choice"] = AGENCY_OUT
        self.fields["building"].queryset = buildings  # type: ignore[attr-defined]
        self.fields["building"].error_messages["invalid_choice"] = BUILDING_OUT

    def clean_items(self) -> list[dict[str, str]]:
        items, errors = parse_items(self.cleaned_data["items"])
        if errors:
            raise forms.ValidationError(errors)
        return items

    def clean_extension_area(self) -> Decimal:
        value = self.cleaned_data.get("extension_area")
        return Decimal(0) if value is None else value


class ApproveForm(forms.Form):
    approval_level = forms.ChoiceField(label="审批层级", choices=ApprovalLevel.choices,
                                       widget=forms.Select(attrs=_SELECT))
    approval_doc_no = forms.CharField(label="批复文号", max_length=60, required=False,
                                      widget=forms.TextInput(attrs=_TEXT))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=300,
                             widget=forms.Textarea(attrs={**_TEXT, "rows": 2}))


class StartForm(forms.Form):
    started_on = forms.DateField(label="开工日期", widget=_date())


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label="进度（%）", min_value=0, max_value=100,
                                  widget=forms.NumberInput(attrs=_TEXT))
    note = forms.CharField(label="进度说明", max_length=300, required=False,
                           widget=forms.TextInput(attrs=_TEXT))


class IncreaseForm(forms.Form):
    new_budget = forms.DecimalField(label="追加后的预算（元）", max_digits=14, decimal_places=2,
                                    widget=forms.NumberInput(attrs=_MONEY))
    reason = forms.CharField(label="追加理由", max_length=300,
                             widget=forms.TextInput(attrs=_TEXT))


class FinishForm(forms.Form):
    final_cost = forms.DecimalField(label="决算金额（元）", max_digits=14, decimal_places=2,
                                    min_value=Decimal(0), widget=forms.NumberInput(attrs=_MONEY))
    finished_on = forms.DateField(label="完工日期", widget=_date())


class AcceptForm(forms.Form):
    note = forms.CharField(label="验收意见", max_length=300, required=False,
                           widget=forms.TextInput(attrs=_TEXT))


class RepairFilterForm(forms.Form):
    q = forms.CharField(label="项目名称", max_length=100, required=False,
                        widget=forms.TextInput(attrs=_TEXT))
    kind = forms.ChoiceField(label="维修类别", required=False,
                             choices=[("", "全部"), *RepairKind.choices],
                             widget=forms.Select(attrs=_SELECT))
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), *RepairStatus.choices],
                               widget=forms.Select(attrs=_SELECT))
    region = forms.ModelChoiceField(label="区划（含下级）", queryset=Region.objects.none(),
                                    required=False, to_field_name="code",
                                    widget=forms.Select(attrs=_SELECT))
    agency = id_field("单位")
    building = id_field("房产")

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].error_messages["invalid_choice"] = REGION_OUT
