"""The training's forms: a course, a session, a trainee, a session's attendance, the
lists' filters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from jiguan.access.models import Region
from jiguan.guidance.training.data import DEFAULT_REQUIRED_SHARE
from jiguan.guidance.training.models import CourseKind, Trainee
from jiguan.orgs.models import Person

DATE = forms.DateInput(attrs={"type": "date"})


class CourseForm(forms.Form):
    region = forms.ModelChoiceField(label="主办区划", queryset=Region.objects.none())
    organiser = forms.CharField(label="主办单位", max_length=100)
    kind = forms.ChoiceField(label="培训类型", choices=CourseKind.choices)
    title = forms.CharField(label="培训班名称", max_length=200)
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="结束日期", widget=DATE)
    hours = forms.DecimalField(label="培训学时", min_value=Decimal("0.5"),
                               max_value=Decimal(999), max_digits=5, decimal_places=1)
    place = forms.CharField(label="培训地点", max_length=200)
    required_share = forms.DecimalField(
        label="结业所需出勤比例", min_value=Decimal("0.01"), max_value=Decimal(1), max_digits=3,
        decimal_places=2, initial=DEFAULT_REQUIRED_SHARE,
        help_text="出勤学时达到培训学时的该比例即为结业（如 0.80）")
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class SessionForm(forms.Form):
    on = forms.DateField(label="日期", widget=DATE)
    hours = forms.DecimalField(label="学时", max_digits=4, decimal_places=1,
                               min_value=Decimal("0.5"), max_value=Decimal(12))
    topic = forms.CharField(label="课程内容", max_length=200)


class TraineeForm(forms.Form):
    person = forms.ModelChoiceField(
        label="学员（人员名册）", queryset=Person.objects.none(),
        error_messages={
            "invalid_choice": "学员应为人员名册中的人员（所选人员不在名册或不在您的范围内）",
            "required": "请从人员名册中选择学员"})

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label="出勤学员", required=False, queryset=Trainee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "所选学员不是本期学员",
                        "invalid_pk_value": "学员编号无效"})

    def __init__(self, *args: Any, trainees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = trainees  # type: ignore[attr-defined]
        self.fields["present"].label_from_instance = (  # type: ignore[attr-defined]
            lambda t: f"{t.person.name}（{t.person.agency.name}）")


class CourseFilterForm(forms.Form):
    q = forms.CharField(label="培训班名称", required=False, max_length=100)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="培训类型", required=False,
                             choices=[("", "全部"), *CourseKind.choices])
    region = forms.ModelChoiceField(label="主办区划", required=False,
                                    queryset=Region.objects.none())

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class LeadersFilterForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100,
                              initial=lambda: dt.date.today().year)
