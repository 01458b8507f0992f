"""The supervision's forms: the list filters, a board, a member, a meeting, a report, an
issue and its answer, reviewing a statement's warnings, a major matter and its
acknowledgement. Labels and messages in Chinese; the rules themselves are in actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from jiguan.assets.entities.forms import DATE, OUT_OF_SCOPE, SELECT, TEXT, money_field
from jiguan.assets.supervision.models import (
    IssueStatus,
    MatterKind,
    MatterStatus,
    MemberRole,
    Period,
)

AREA = {"class": "form-control", "rows": "3"}


def _scoped(form: forms.Form, **querysets: Any) -> None:
    for name, qs in querysets.items():
        field = form.fields[name]
        field.queryset = qs  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = OUT_OF_SCOPE


class StatementFilterForm(forms.Form):
    q = forms.CharField(label="企业名称", required=False, max_length=60,
                        widget=forms.TextInput(attrs=TEXT))
    year = forms.IntegerField(label="年度", required=False, min_value=1990, max_value=2100,
                              widget=forms.NumberInput(attrs=TEXT))
    period = forms.ChoiceField(label="报告期", required=False,
                               choices=[("", "全部"), *Period.choices],
                               widget=forms.Select(attrs=SELECT))
    warning = forms.ChoiceField(label="预警", required=False,
                                choices=[("", "全部"), ("yes", "有预警"), ("open", "预警未核实"),
                                         ("no", "无预警")],
                                widget=forms.Select(attrs=SELECT))
    region: Any = forms.ModelChoiceField(label="区划", required=False, queryset=None,
                                         widget=forms.Select(attrs=SELECT))

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self, region=regions)


class MatterFilterForm(forms.Form):
    q = forms.CharField(label="企业或事项", required=False, max_length=60,
                        widget=forms.TextInput(attrs=TEXT))
    kind = forms.ChoiceField(label="事项类型", required=False,
                             choices=[("", "全部"), *MatterKind.choices],
                             widget=forms.Select(attrs=SELECT))
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), *MatterStatus.choices],
                               widget=forms.Select(attrs=SELECT))
    date_from = forms.DateField(label="报告日期起", required=False,
                                widget=forms.DateInput(attrs=DATE))
    date_to = forms.DateField(label="报告日期止", required=False,
                              widget=forms.DateInput(attrs=DATE))


class IssueFilterForm(forms.Form):
    q = forms.CharField(label="企业或问题", required=False, max_length=60,
                        widget=forms.TextInput(attrs=TEXT))
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), *IssueStatus.choices],
                               widget=forms.Select(attrs=SELECT))
    board: Any = forms.ModelChoiceField(label="监事会", required=False, queryset=None,
                                        widget=forms.Select(attrs=SELECT))
    overdue = forms.BooleanField(label="仅逾期未反馈", required=False)

    def __init__(self, *args: Any, boards: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self, board=boards)


class BoardForm(forms.Form):
    region: Any = forms.ModelChoiceField(label="派出区划", queryset=None,
                                         widget=forms.Select(attrs=SELECT))
    name = forms.CharField(label="监事会名称", max_length=100, widget=forms.TextInput(attrs=TEXT))
    formed_on = forms.DateField(label="组建日期", widget=forms.DateInput(attrs=DATE))
    companies: Any = forms.ModelMultipleChoiceField(
        label="监督企业", queryset=None, required=False,
        widget=forms.SelectMultiple(attrs={**SELECT, "size": "8"}))
    note = forms.CharField(label="说明", max_length=300, required=False,
                           widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args: Any, regions: Any, companies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self, region=regions, companies=companies)


class CompaniesForm(forms.Form):
    companies: Any = forms.ModelMultipleChoiceField(
        label="监督企业", queryset=None, required=False,
        widget=forms.SelectMultiple(attrs={**SELECT, "size": "8"}))

    def __init__(self, *args: Any, companies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self, companies=companies)


class MemberForm(forms.Form):
    person: Any = forms.ModelChoiceField(label="人员名册中的人员", queryset=None, required=False,
                                         help_text="在册人员从名册选择；名册外人员填写姓名",
                                         widget=forms.Select(attrs=SELECT))
    name = forms.CharField(label="姓名", max_length=50, required=False,
                           widget=forms.TextInput(attrs=TEXT))
    role = forms.ChoiceField(label="职务", choices=MemberRole.choices,
                             widget=forms.Select(attrs=SELECT))
    appointed_on = forms.DateField(label="任职日期", widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self, person=people)


class MeetingForm(forms.Form):
    held_on = forms.DateField(label="会议日期", widget=forms.DateInput(attrs=DATE))
    subject = forms.CharField(label="议题", max_length=200, widget=forms.TextInput(attrs=TEXT))
    minutes = forms.CharField(label="会议纪要", max_length=4000, required=False,
                              widget=forms.Textarea(attrs=AREA))


class ReportForm(forms.Form):
    title = forms.CharField(label="报告标题", max_length=200, widget=forms.TextInput(attrs=TEXT))
    period = forms.CharField(label="报告期", max_length=30, widget=forms.TextInput(attrs=TEXT),
                             help_text="例如：2025年度")
    company: Any = forms.ModelChoiceField(label="监督企业", queryset=None, required=False,
                                          widget=forms.Select(attrs=SELECT))
    submitted_on = forms.DateField(label="报送日期", widget=forms.DateInput(attrs=DATE))
    summary = forms.CharField(label="主要内容", max_length=4000, required=False,
                              widget=forms.Textarea(attrs=AREA))

    def __init__(self, *args: Any, companies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self, company=companies)


class IssueForm(forms.Form):
    company: Any = forms.ModelChoiceField(label="监督企业", queryset=None,
                                          widget=forms.Select(attrs=SELECT))
    raised_on = forms.DateField(label="提出日期", widget=forms.DateInput(attrs=DATE))
    description = forms.CharField(label="问题", max_length=2000,
                                  widget=forms.Textarea(attrs=AREA))
    due_date = forms.DateField(label="反馈期限", widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args: Any, companies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self, company=companies)


class AnswerForm(forms.Form):
    answer = forms.CharField(label="整改反馈", max_length=2000, widget=forms.Textarea(attrs=AREA))
    answered_on = forms.DateField(label="反馈日期", initial=dt.date.today,
                                  widget=forms.DateInput(attrs=DATE))


class ReviewForm(forms.Form):
    note = forms.CharField(label="核实意见", max_length=300, widget=forms.TextInput(attrs=TEXT))
    reviewed_on = forms.DateField(label="核实日期", initial=dt.date.today,
                                  widget=forms.DateInput(attrs=DATE))


class MatterForm(forms.Form):
    entity: Any = forms.ModelChoiceField(label="企业", queryset=None,
                                         widget=forms.Select(attrs=SELECT))
    kind = forms.ChoiceField(label="事项类型", choices=MatterKind.choices,
                             widget=forms.Select(attrs=SELECT))
    title = forms.CharField(label="事项名称", max_length=200, widget=forms.TextInput(attrs=TEXT))
    amount = money_field("金额（元）")
    reported_on = forms.DateField(label="报告日期", widget=forms.DateInput(attrs=DATE))
    description = forms.CharField(label="事项说明", max_length=4000, required=False,
                                  widget=forms.Textarea(attrs=AREA))

    def __init__(self, *args: Any, entities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self, entity=entities)


class AcknowledgeForm(forms.Form):
    note = forms.CharField(label="确认意见", max_length=300, widget=forms.TextInput(attrs=TEXT))
    on = forms.DateField(label="确认日期", initial=dt.date.today,
                         widget=forms.DateInput(attrs=DATE))

