"""Forms of the scheme while it is drafted (page and API input)."""

from __future__ import annotations

from typing import Any

from django import forms

from jiguan.access.models import Region
from jiguan.assessment.measures import measure_choices
from jiguan.assessment.schemes.models import Group, IndicatorKind, RuleKind


def messages(label: str) -> dict[str, str]:
    return {"required": f"请填写{label}", "invalid": f"{label}格式不正确",
            "invalid_choice": f"请选择有效的{label}", "min_value": f"{label}过小",
            "max_value": f"{label}过大", "max_digits": f"{label}过大",
            "max_decimal_places": f"{label}最多两位小数", "max_length": f"{label}过长"}


def date_field(label: str) -> forms.DateField:
    return forms.DateField(label=label, error_messages=messages(label) | {
        "invalid": f"{label}格式应为 YYYY-MM-DD"},
        widget=forms.DateInput(attrs={"type": "date"}))


def points_field(label: str, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, max_digits=6, decimal_places=2,
                              error_messages=messages(label))


class SchemeForm(forms.Form):
    year = forms.IntegerField(label="考核年度", min_value=2000, max_value=2100,
                              error_messages=messages("考核年度"))
    title = forms.CharField(label="方案名称", max_length=100, required=False,
                            help_text="留空则为“某年度某地机关事务工作考核方案”")
    self_eval_due = date_field("自评截止日期")
    review_due = date_field("审核截止日期")
    appeal_days = forms.IntegerField(label="申诉期限（日）", min_value=1, max_value=60,
                                     initial=10, error_messages=messages("申诉期限"))
    bonus_cap = points_field("加分上限")
    penalty_cap = points_field("扣分上限")
    note = forms.CharField(label="说明", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bonus_cap"].initial = 5
        self.fields["penalty_cap"].initial = 10


class GroupForm(forms.Form):
    name = forms.CharField(label="指标组", max_length=50, error_messages=messages("指标组名称"))
    weight = forms.DecimalField(label="权重（%）", max_digits=5, decimal_places=2,
                                error_messages=messages("权重"))
    order = forms.IntegerField(label="排序", min_value=0, max_value=999, required=False,
                               error_messages=messages("排序"))


class IndicatorForm(forms.Form):
    group = forms.ModelChoiceField(label="指标组", queryset=Group.objects.none(), required=False,
                                   error_messages=messages("指标组"),
                                   help_text="加分项、扣分项不选")
    name = forms.CharField(label="指标名称", max_length=100, error_messages=messages("指标名称"))
    kind = forms.ChoiceField(label="指标类型", choices=IndicatorKind.choices,
                             error_messages=messages("指标类型"))
    weight = points_field("分值")
    criteria = forms.CharField(label="评分标准", required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    measure = forms.ChoiceField(label="数据来源（数据计算指标）", required=False,
                                error_messages=messages("数据来源"))
    rule = forms.ChoiceField(label="计分规则（数据计算指标）", required=False,
                             choices=[("", "—"), *RuleKind.choices],
                             error_messages=messages("计分规则"))
    floor = forms.DecimalField(label="起评值", required=False, max_digits=14, decimal_places=2,
                               error_messages=messages("起评值"))
    target = forms.DecimalField(label="目标值", required=False, max_digits=14,
                                decimal_places=2, error_messages=messages("目标值"))
    steps = forms.CharField(label="分档", required=False, max_length=200,
                            help_text="如 “95:100, 80:60”：达到 95 得满分，达到 80 得 60%")
    last_share = forms.DecimalField(label="末位得分比例（%）", required=False, max_digits=5,
                                    decimal_places=2, error_messages=messages("末位得分比例"))
    order = forms.IntegerField(label="排序", min_value=0, max_value=999, required=False,
                               error_messages=messages("排序"))

    def __init__(self, *args: Any, scheme: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = scheme.groups.all()  # type: ignore[attr-defined]
        self.fields["measure"].choices = [("", "—"), *measure_choices()]  # type: ignore[attr-defined]


class PublishForm(forms.Form):
    regions = forms.ModelMultipleChoiceField(
        label="被考核单位", queryset=Region.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages=messages("被考核单位"))

    def __init__(self, *args: Any, regions: Any, initial_regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = regions  # type: ignore[attr-defined]
        self.fields["regions"].initial = [r.pk for r in initial_regions]
