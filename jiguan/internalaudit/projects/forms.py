"""Forms of the audit plan and its projects (page and API input)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from jiguan.access.models import Region
from jiguan.internalaudit.leaders.models import LeaderTerm
from jiguan.internalaudit.projects.models import AuditKind, FindingKind, FindingStatus, Stage
from jiguan.orgs.fields import AgencyChoiceField


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required,
                           error_messages={"required": f"请填写{label}",
                                           "invalid": f"{label}格式应为 YYYY-MM-DD"})


def _money(label: str, required: bool = False) -> forms.DecimalField:
    name = label.split("（")[0]
    return forms.DecimalField(label=label, required=required, min_value=0, max_digits=16,
                              decimal_places=2,
                              error_messages={"required": f"请填写{name}",
                                              "invalid": f"{name}须为数字",
                                              "min_value": f"{name}不能为负数",
                                              "max_digits": f"{name}过大",
                                              "max_decimal_places": f"{name}最多两位小数"})


class PlanForm(forms.Form):
    region = forms.ModelChoiceField(label="区划", queryset=Region.objects.none(),
                                    error_messages={"required": "请选择区划",
                                                    "invalid_choice": "请选择有效的区划"})
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100,
                              error_messages={"required": "请填写年度",
                                              "invalid": "年度须为整数",
                                              "min_value": "年度应在 2000 年至 2100 年之间",
                                              "max_value": "年度应在 2000 年至 2100 年之间"})
    title = forms.CharField(label="计划名称", max_length=100, required=False)
    approved_on = _date("批准日期", required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class ProjectForm(forms.Form):
    name = forms.CharField(label="项目名称", max_length=150,
                           error_messages={"required": "请填写项目名称"})
    kind = forms.ChoiceField(label="审计类型", choices=AuditKind.choices,
                             error_messages={"required": "请选择审计类型",
                                             "invalid_choice": "请选择有效的审计类型"})
    unit = AgencyChoiceField(label="被审计单位",
                                  error_messages={"required": "请选择被审计单位",
                                                  "invalid_choice": "请选择有效的单位"})
    leader_term = forms.ModelChoiceField(label="被审计领导干部（经济责任审计）",
                                         queryset=LeaderTerm.objects.none(), required=False,
                                         error_messages={"invalid_choice": "请选择有效的任职记录"})
    period_start = _date("审计期间起")
    period_end = _date("审计期间止")
    team_leader = forms.CharField(label="审计组长", max_length=50,
                                  error_messages={"required": "请填写审计组长"})
    team_members = forms.CharField(label="审计组成员", max_length=200, required=False)
    funds_amount = _money("审计资金额（元）")

    def __init__(self, *args: Any, units: Any, terms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["leader_term"].queryset = terms  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "审计期间止不能早于审计期间起")
        return data


class StepForm(forms.Form):
    stage = forms.ChoiceField(label="步骤", choices=[c for c in Stage.choices
                                                     if c[0] != Stage.PLANNED],
                              error_messages={"required": "请选择步骤",
                                              "invalid_choice": "请选择有效的步骤"})
    date = _date("日期")
    document_no = forms.CharField(label="文书文号", max_length=60, required=False)
    report_no = forms.CharField(label="审计报告文号（出具报告时）", max_length=60, required=False)
    report_summary = forms.CharField(label="报告摘要", required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label="问题类型", choices=FindingKind.choices,
                             error_messages={"required": "请选择问题类型",
                                             "invalid_choice": "请选择有效的问题类型"})
    title = forms.CharField(label="问题", max_length=200, error_messages={"required": "请填写问题"})
    amount = _money("涉及金额（元）")
    due_date = _date("整改期限", required=False)


class RectifyForm(forms.Form):
    measures = forms.CharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 2}),
                               error_messages={"required": "请填写整改措施"})
    evidence = forms.CharField(label="整改佐证材料（文件名、文号或说明）", required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    rectified_on = _date("整改完成日期")


class CloseFindingForm(forms.Form):
    closed_on = _date("销号日期")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = dt.date.today()


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label="项目或单位", required=False, max_length=50)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100,
                              error_messages={"invalid": "年度须为整数",
                                              "min_value": "年度应在 2000 年至 2100 年之间",
                                              "max_value": "年度应在 2000 年至 2100 年之间"})
    kind = forms.ChoiceField(label="审计类型", required=False,
                             choices=[("", "全部"), *AuditKind.choices])
    stage = forms.ChoiceField(label="阶段", required=False, choices=[("", "全部"), *Stage.choices])
    region = forms.ModelChoiceField(label="区划", queryset=Region.objects.none(), required=False,
                                    empty_label="全部", widget=forms.Select)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class FindingFilterForm(forms.Form):
    status = forms.ChoiceField(label="整改状态", required=False,
                               choices=[("", "全部"), *FindingStatus.choices])
    overdue = forms.ChoiceField(label="逾期", required=False,
                                choices=[("", "全部"), ("1", "逾期未整改")])
    kind = forms.ChoiceField(label="问题类型", required=False,
                             choices=[("", "全部"), *FindingKind.choices])
    region = forms.ModelChoiceField(label="区划", queryset=Region.objects.none(), required=False,
                                    empty_label="全部", widget=forms.Select)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
