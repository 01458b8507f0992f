"""Forms of 腾退移交: the list filter (pages, export, API) and each step's input."""

from __future__ import annotations

from typing import Any

from django import forms

from jiguan.access.models import Region
from jiguan.orgs.fields import AgencyChoiceField
from jiguan.orgs.models import Person
from jiguan.space.register.models import Room
from jiguan.space.returns.models import ReturnReason, ReturnStatus

_TEXT = {"class": "form-control"}
_SELECT = {"class": "form-select"}


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, widget=forms.Select(attrs=_SELECT),
                               choices=[("", "全部"), ("open", "办理中"), *ReturnStatus.choices])
    reason = forms.ChoiceField(label="腾退原因", required=False,
                               widget=forms.Select(attrs=_SELECT),
                               choices=[("", "全部"), *ReturnReason.choices])
    overdue = forms.BooleanField(label="仅逾期", required=False,
                                 widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    q = forms.CharField(label="单位或人员", required=False, max_length=100,
                        widget=forms.TextInput(attrs=_TEXT))
    region = forms.RegexField(label="区划代码", required=False, regex=r"^\d{6,12}$",
                              error_messages={"invalid": "区划代码应为 6 至 12 位数字"},
                              widget=forms.TextInput(attrs=_TEXT))


class OpenForm(forms.Form):
    reason = forms.ChoiceField(label="腾退原因", choices=ReturnReason.choices,
                               widget=forms.Select(attrs=_SELECT),
                               error_messages={"required": "请选择腾退原因",
                                               "invalid_choice": "腾退原因无效"})
    rooms = forms.ModelMultipleChoiceField(
        label="腾退移交的房间", required=False, queryset=Room.objects.none(),
        widget=forms.CheckboxSelectMultiple(),
        error_messages={"invalid_choice": "所选房间不由该单位使用",
                        "invalid_pk_value": "房间编号无效"})
    person = forms.ModelChoiceField(label="相关人员（调离退休、兼职结束）", required=False,
                                    queryset=Person.objects.none(),
                                    widget=forms.Select(attrs=_SELECT),
                                    error_messages={"invalid_choice": "所选人员不属于该单位"})
    event_date = forms.DateField(label="起算日期（留空按人员或单位状态日期、否则今天）",
                                 required=False,
                                 widget=forms.DateInput(attrs={**_TEXT, "type": "date"},
                                                        format="%Y-%m-%d"),
                                 error_messages={"invalid": "起算日期格式应为 YYYY-MM-DD"})
    detail = forms.CharField(label="情况说明", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={**_TEXT, "rows": 2}))

    def __init__(self, *args: Any, rooms: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rooms"].queryset = rooms  # type: ignore[attr-defined]
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    note = forms.CharField(label="腾退说明", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={**_TEXT, "rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=300, widget=forms.TextInput(attrs=_TEXT),
                             error_messages={"required": "请填写原因"})


class AcceptForm(forms.Form):
    on = forms.DateField(label="接收日期（留空为今天）", required=False,
                         widget=forms.DateInput(attrs={**_TEXT, "type": "date"},
                                                format="%Y-%m-%d"),
                         error_messages={"invalid": "接收日期格式应为 YYYY-MM-DD"})


class ScanForm(forms.Form):
    region = forms.ModelChoiceField(label="扫描范围", queryset=Region.objects.none(),
                                    widget=forms.Select(attrs=_SELECT),
                                    error_messages={"required": "请选择扫描范围",
                                                    "invalid_choice": "所选区划不在您的权限范围内"})

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class PickAgencyForm(forms.Form):
    """The first step of a return: the agency whose rooms are to be returned."""

    agency = AgencyChoiceField(label="腾退单位", error_messages={
        "required": "请选择腾退单位",
        "invalid_choice": "该单位不在您的权限范围内或没有正在使用的办公用房"})

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
