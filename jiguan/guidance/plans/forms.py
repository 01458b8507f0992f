"""Forms of the plan pages and API input (Chinese messages naming the field)."""

from __future__ import annotations

from typing import Any

from django import forms

from jiguan.assessment.measures import measure_choices
from jiguan.guidance.plans.models import Conclusion, Direction, SourceKind, Target


def messages(label: str) -> dict[str, str]:
    return {"required": f"请填写{label}", "invalid": f"{label}格式不正确",
            "invalid_choice": f"请选择有效的{label}", "min_value": f"{label}过小",
            "max_value": f"{label}过大", "max_digits": f"{label}过大",
            "max_decimal_places": f"{label}最多两位小数", "max_length": f"{label}过长"}


def year_field(label: str, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=2000, max_value=2100, required=required,
                              error_messages=messages(label))


def amount_field(label: str, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, max_digits=16, decimal_places=2,
                              error_messages=messages(label))


class PlanForm(forms.Form):
    name = forms.CharField(label="规划期", max_length=20, error_messages=messages("规划期"),
                           help_text="如：十五五")
    title = forms.CharField(label="规划名称", max_length=200, required=False,
                            help_text="留空则为“某地机关事务工作某某发展规划”")
    start_year = year_field("起始年度")
    end_year = year_field("终止年度")
    baseline_year = year_field("基准年度", required=False)
    note = forms.CharField(label="说明", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["baseline_year"].help_text = "留空则为起始年度的前一年"


class TargetForm(forms.Form):
    indicator = forms.CharField(label="指标", max_length=100, error_messages=messages("指标"))
    source = forms.ChoiceField(label="数据来源", choices=SourceKind.choices,
                               initial=SourceKind.REPORTED, error_messages=messages("数据来源"))
    measure = forms.ChoiceField(label="平台数据指标（平台数据计算时选择）", required=False,
                                error_messages=messages("平台数据指标"))
    unit = forms.CharField(label="单位", max_length=20, required=False,
                           help_text="平台数据指标留空则取其单位")
    direction = forms.ChoiceField(label="方向", choices=Direction.choices,
                                  error_messages=messages("方向"),
                                  help_text="平台数据指标按其性质确定")
    baseline_year = year_field("基准年度", required=False)
    baseline_value = amount_field("基准值", required=False)
    target_value = amount_field("目标值", required=False)
    division = forms.CharField(label="责任处室", max_length=100, required=False)
    order = forms.IntegerField(label="排序", min_value=0, max_value=999, required=False,
                               error_messages=messages("排序"))
    note = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [("", "—"), *measure_choices()]  # type: ignore[attr-defined]
        self.fields["baseline_year"].help_text = "留空则为规划的基准年度"
        self.fields["baseline_value"].help_text = "平台数据指标留空则按基准年数据计算"
        self.fields["target_value"].help_text = "人均综合能耗下降率留空则取节能目标"

    @staticmethod
    def initial_of(target: Target) -> dict[str, Any]:
        return {name: getattr(target, name) for name in (
            "indicator", "source", "measure", "unit", "direction", "baseline_year",
            "baseline_value", "target_value", "division", "order", "note")}


class ReportForm(forms.Form):
    year = year_field("年度")
    value = amount_field("完成值")
    note = forms.CharField(label="说明", max_length=300, required=False,
                           error_messages=messages("说明"))


class ReviewForm(forms.Form):
    """The review's date and text; a conclusion and a note per target are added as
    fields ``c_<id>`` / ``n_<id>``."""

    reviewed_on = forms.DateField(label="评估日期", error_messages=messages("评估日期") | {
        "invalid": "评估日期格式应为 YYYY-MM-DD"},
        widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label="评估意见", widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages=messages("评估意见"))

    def __init__(self, *args: Any, targets: list[Target], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = targets
        for t in targets:
            self.fields[f"c_{t.pk}"] = forms.ChoiceField(
                label=f"{t.indicator}：评估结论", required=False,
                choices=[("", "—"), *Conclusion.choices],
                error_messages=messages(f"“{t.indicator}”的评估结论"))
            self.fields[f"n_{t.pk}"] = forms.CharField(
                label=f"{t.indicator}：说明", required=False, max_length=300,
                error_messages=messages("说明"))

    def conclusions(self) -> dict[int, tuple[str, str]]:
        d = self.cleaned_data
        return {t.pk: (d.get(f"c_{t.pk}") or "", d.get(f"n_{t.pk}") or "")
                for t in self.targets}
