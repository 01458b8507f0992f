"""Forms of leaders' terms (page and API input)."""

from __future__ import annotations

from typing import Any

from django import forms

from jiguan.access.models import Region
from jiguan.internalaudit.leaders.models import TermEnd
from jiguan.orgs.models import Person


class TermFilterForm(forms.Form):
    q = forms.CharField(label="姓名", required=False, max_length=50)
    region = forms.ModelChoiceField(label="区划", queryset=Region.objects.none(), required=False,
                                    empty_label="全部", widget=forms.Select)
    state = forms.ChoiceField(label="状态", required=False, choices=[
        ("", "全部"), ("serving", "在任"), ("left", "已离任"), ("due", "离任待审计")])

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class TermForm(forms.Form):
    person = forms.ModelChoiceField(label="领导干部（人员名册）", queryset=Person.objects.none(),
                                    error_messages={"required": "请选择人员",
                                                    "invalid_choice": "请选择有效的人员"})
    post = forms.CharField(label="职务", max_length=100,
                           error_messages={"required": "请填写职务"})
    start_date = forms.DateField(label="任职起始日期",
                                 error_messages={"required": "请填写任职起始日期",
                                                 "invalid": "任职起始日期格式应为 YYYY-MM-DD"})

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class TermEndForm(forms.Form):
    end_date = forms.DateField(label="离任日期",
                               error_messages={"required": "请填写离任日期",
                                               "invalid": "离任日期格式应为 YYYY-MM-DD"})
    end_reason = forms.ChoiceField(label="离任原因", choices=TermEnd.choices,
                                   error_messages={"required": "请选择离任原因",
                                                   "invalid_choice": "请选择有效的离任原因"})
