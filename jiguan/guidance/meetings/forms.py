"""The meetings' forms: a meeting, an invited bureau, an attendee, a material, a decision,
a progress note, and the lists' filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from jiguan.access.models import Region
from jiguan.core.files import FileKind
from jiguan.core.files.forms import UploadField
from jiguan.guidance.meetings.models import DecisionStatus, MeetingKind
from jiguan.orgs.models import Person

DATE = forms.DateInput(attrs={"type": "date"})


class MeetingForm(forms.Form):
    region = forms.ModelChoiceField(label="主办区划", queryset=Region.objects.none())
    kind = forms.ChoiceField(label="会议类型", choices=MeetingKind.choices)
    title = forms.CharField(label="会议名称", max_length=200)
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="结束日期", widget=DATE)
    place = forms.CharField(label="会议地点", max_length=200)
    invited = forms.ModelMultipleChoiceField(label="参会单位（区划）", required=False,
                                             queryset=Region.objects.none())
    note = forms.CharField(label="会议概况", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["invited"].queryset = regions  # type: ignore[attr-defined]


class InvitationForm(forms.Form):
    region = forms.ModelChoiceField(label="参会单位（区划）", queryset=Region.objects.none())

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class AttendeeForm(forms.Form):
    person = forms.ModelChoiceField(label="人员名册中的人员", required=False,
                                    queryset=Person.objects.none(),
                                    error_messages={"invalid_choice": "所选人员不在人员名册中"})
    name = forms.CharField(label="姓名", max_length=50, required=False,
                           help_text="不在人员名册中的参会人员，直接填写姓名和职务")
    position = forms.CharField(label="职务", max_length=100, required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class MaterialForm(forms.Form):
    title = forms.CharField(label="材料名称", max_length=200, required=False)
    upload = UploadField(label="文件", kinds=(FileKind.DOCUMENT,))


class DecisionForm(forms.Form):
    text = forms.CharField(label="决定事项", max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.ModelChoiceField(label="责任单位（区划）", queryset=Region.objects.none())
    due_on = forms.DateField(label="完成时限", widget=DATE)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = regions  # type: ignore[attr-defined]


class ProgressForm(forms.Form):
    on = forms.DateField(label="日期", widget=DATE, initial=dt.date.today)
    text = forms.CharField(label="进展情况", max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    done = forms.BooleanField(label="已完成（关闭该事项）", required=False)


class MeetingFilterForm(forms.Form):
    q = forms.CharField(label="会议名称", required=False, max_length=100)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="会议类型", required=False,
                             choices=[("", "全部"), *MeetingKind.choices])
    region = forms.ModelChoiceField(label="主办区划", required=False,
                                    queryset=Region.objects.none())

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class DecisionFilterForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    responsible = forms.ModelChoiceField(label="责任单位", required=False,
                                         queryset=Region.objects.none())
    status = forms.ChoiceField(label="落实情况", required=False,
                               choices=[("", "全部"), *DecisionStatus.choices,
                                        ("overdue", "已逾期")])

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = regions  # type: ignore[attr-defined]
