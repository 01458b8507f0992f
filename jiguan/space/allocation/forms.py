"""Forms of 统一调配: the list filter (pages, export, API) and each step's input."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from jiguan.orgs.fields import AgencyChoiceField
from jiguan.orgs.models import Person
from jiguan.space.allocation.models import AllocationStatus, Method
from jiguan.space.register.models import Room

_TEXT = {"class": "form-control"}
_SELECT = {"class": "form-select"}


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, widget=forms.Select(attrs=_SELECT),
                               choices=[("", "全部"), ("open", "办理中"),
                                        *AllocationStatus.choices])
    method = forms.ChoiceField(label="配置方式", required=False,
                               widget=forms.Select(attrs=_SELECT),
                               choices=[("", "全部"), *Method.choices])
    q = forms.CharField(label="单位或凭证编号", required=False, max_length=100,
                        widget=forms.TextInput(attrs=_TEXT))
    region = forms.RegexField(label="区划代码", required=False, regex=r"^\d{6,12}$",
                              error_messages={"invalid": "区划代码应为 6 至 12 位数字"},
                              widget=forms.TextInput(attrs=_TEXT))


class ApplyForm(forms.Form):
    reason = forms.CharField(label="申请理由", max_length=2000,
                             widget=forms.Textarea(attrs={**_TEXT, "rows": 3}))
    people = forms.ModelMultipleChoiceField(
        label="需安排办公室的人员", queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple(),
        error_messages={"required": "请至少选择一名需安排办公室的人员",
                        "invalid_choice": "所选人员不属于该单位或已不在职",
                        "invalid_pk_value": "人员编号无效"})
    requested_area = forms.DecimalField(label="申请面积（m²，留空按标准计算）", required=False,
                           max_digits=10, decimal_places=2, min_value=Decimal("0.01"),
                           widget=forms.NumberInput(attrs={**_TEXT, "step": "0.01"}),
                           error_messages={"min_value": "申请面积必须大于 0",
                                           "invalid": "申请面积应为数字",
                                           "max_digits": "申请面积过大",
                                           "max_decimal_places": "申请面积最多两位小数",
                                           "max_whole_digits": "申请面积过大"})
    over_standard_reason = forms.CharField(label="超出标准的理由", required=False,
                                           max_length=2000,
                                           widget=forms.Textarea(attrs={**_TEXT, "rows": 2}))

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    method = forms.ChoiceField(label="配置方式", choices=Method.choices,
                               widget=forms.RadioSelect(),
                               error_messages={"required": "请选择配置方式",
                                               "invalid_choice": "配置方式无效"})
    rooms = forms.ModelMultipleChoiceField(
        label="拟分配房间", required=False, queryset=Room.objects.none(),
        widget=forms.CheckboxSelectMultiple(),
        error_messages={"invalid_choice": "所选房间不存在或不在本单位所在区划",
                        "invalid_pk_value": "房间编号无效"})
    method_reason = forms.CharField(label="未按顺序选择方式的理由", required=False,
                                    max_length=2000,
                                    widget=forms.Textarea(attrs={**_TEXT, "rows": 2}))
    note = forms.CharField(label="审核意见", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={**_TEXT, "rows": 2}))

    def __init__(self, *args: Any, rooms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rooms"].queryset = rooms  # type: ignore[attr-defined]


class ApproveForm(forms.Form):
    certificate_no = forms.CharField(label="凭证编号（留空自动编号）", required=False,
                                     max_length=40, widget=forms.TextInput(attrs=_TEXT))
    start_date = forms.DateField(label="起始使用日期（留空为今天）", required=False,
                                 widget=forms.DateInput(attrs={**_TEXT, "type": "date"},
                                                        format="%Y-%m-%d"),
                                 error_messages={"invalid": "起始使用日期格式应为 YYYY-MM-DD"})
    route_note = forms.CharField(label="租用/建设的批准文件和办理去向", required=False,
                                 max_length=2000,
                                 widget=forms.Textarea(attrs={**_TEXT, "rows": 2}))


class SendBackForm(forms.Form):
    reason = forms.CharField(label="退回原因", max_length=300,
                             widget=forms.TextInput(attrs=_TEXT),
                             error_messages={"required": "请填写退回原因"})


class FinishForm(forms.Form):
    note = forms.CharField(label="入驻说明", required=False, max_length=300,
                           widget=forms.TextInput(attrs=_TEXT))


class PickAgencyForm(forms.Form):
    """The first step for a user who may apply for several agencies (a bureau)."""

    agency = AgencyChoiceField(label="申请单位", error_messages={"required": "请选择申请单位"})

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
