"""Pages of the yearly inventory: scoped fetch, permission, form, action, redirect.

Visibility: campaigns and agency rows answer 404 outside the user's scope (an agency
reporter sees only its own agency's row). Writes need the permission where the object is:
uploading needs CHANGE_OCCUPANTS at the agency (its reporter, or a bureau over it);
opening, reviewing and closing need CHANGE_SPACE over the campaign's region.
"""

from __future__ import annotations

from typing import Any

from django import forms

from jiguan.access.models import Region

_TEXT = {"class": "form-control"}


class CampaignForm(forms.Form):
    year = forms.IntegerField(label="清查年度", widget=forms.NumberInput(attrs=_TEXT))
    region = forms.ModelChoiceField(label="清查范围（区划，含下级）",
                                    queryset=Region.objects.none(),
                                    widget=forms.Select(attrs={"class": "form-select"}))
    deadline = forms.DateField(label="填报截止日期",
                               widget=forms.DateInput(attrs={**_TEXT, "type": "date"},
                                                      format="%Y-%m-%d"))
    note = forms.CharField(label="说明", required=False, max_length=300,
                           widget=forms.TextInput(attrs=_TEXT))

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        field.queryset = regions  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = "所选区划不存在或不在您的权限范围内"


class UploadForm(forms.Form):
    file = forms.FileField(label="填报表（Excel）", widget=forms.ClearableFileInput(
        attrs={**_TEXT, "accept": ".xlsx,.xls,.ods,.csv"}))


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因", max_length=300,
                             widget=forms.TextInput(attrs=_TEXT))


class AddAgencyForm(forms.Form):
    credit_code = forms.CharField(label="单位统一社会信用代码", max_length=30,
                                  widget=forms.TextInput(attrs=_TEXT))


class CloseForm(forms.Form):
    force = forms.BooleanField(label="强制关闭（尚有单位未确认）", required=False,
                               widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    reason = forms.CharField(label="强制关闭原因", required=False, max_length=300,
                             widget=forms.TextInput(attrs=_TEXT))
