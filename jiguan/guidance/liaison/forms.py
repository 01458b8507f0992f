"""The liaison's forms: an assignment, a visit (with its issues, one per line), an issue, an
answer, and the lists' filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from jiguan.access.models import Region, User

DATE = forms.DateInput(attrs={"type": "date"})


class AssignmentForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100,
                              initial=lambda: dt.date.today().year)
    region = forms.ModelChoiceField(label="联系单位（区划）", queryset=Region.objects.none())
    leader_user = forms.ModelChoiceField(label="联系领导（平台用户）", required=False,
                                         queryset=User.objects.none())
    leader_name = forms.CharField(label="联系领导姓名", max_length=50, required=False,
                                  help_text="不是平台用户的，直接填写姓名")
    leader_post = forms.CharField(label="职务", max_length=100, required=False)
    note = forms.CharField(label="备注", max_length=300, required=False)

    def __init__(self, *args: Any, regions: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["leader_user"].queryset = users  # type: ignore[attr-defined]


class VisitForm(forms.Form):
    region = forms.ModelChoiceField(label="走访单位（区划）", queryset=Region.objects.none())
    visited_on = forms.DateField(label="走访日期", widget=DATE)
    leader_name = forms.CharField(label="带队领导", max_length=50)
    topics = forms.CharField(label="调研指导内容", max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    issues = forms.CharField(label="反映的问题", required=False, max_length=20000,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="每行一个问题")
    note = forms.CharField(label="情况记录", required=False, max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]

    def clean_issues(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("issues", "").splitlines()
                if line.strip()]


class IssueForm(forms.Form):
    text = forms.CharField(label="反映的问题", max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label="答复内容", max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    answered_on = forms.DateField(label="答复日期", widget=DATE, initial=dt.date.today)
    answered_by = forms.CharField(label="答复人", max_length=50, required=False,
                                  help_text="留空则为当前用户")


class AssignmentFilterForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    region = forms.ModelChoiceField(label="联系单位", required=False,
                                    queryset=Region.objects.none())
    leader = forms.CharField(label="联系领导", required=False, max_length=50)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class VisitFilterForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    region = forms.ModelChoiceField(label="走访单位", required=False,
                                    queryset=Region.objects.none())
    leader = forms.CharField(label="带队领导", required=False, max_length=50)
    issues = forms.ChoiceField(label="问题办理", required=False,
                               choices=[("", "全部"), ("open", "有待答复问题"),
                                        ("answered", "问题均已答复")])

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]

__all__ = ["IssueStatus"] if False else []
