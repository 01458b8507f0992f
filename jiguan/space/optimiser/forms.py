"""Input of the optimiser's pages and API: the region of a plan, a room to pin."""

from __future__ import annotations

from typing import Any

from django import forms

from jiguan.access.models import Region

_TEXT = {"class": "form-control"}


class StartForm(forms.Form):
    region = forms.ModelChoiceField(label="区划（市或县，含下级）",
                                    queryset=Region.objects.none(),
                                    widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        field.queryset = regions  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = "所选区划不存在或不在您的权限范围内"
        field.error_messages["required"] = "请选择区划"


class PinForm(forms.Form):
    building_code = forms.CharField(label="房产编号", max_length=30,
                                    widget=forms.TextInput(attrs=_TEXT))
    room_number = forms.CharField(label="房间号", max_length=20,
                                  widget=forms.TextInput(attrs=_TEXT))
    note = forms.CharField(label="固定原因", max_length=200, required=False,
                           widget=forms.TextInput(attrs=_TEXT))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["building_code"].error_messages["required"] = "请填写房产编号"
        self.fields["room_number"].error_messages["required"] = "请填写房间号"
