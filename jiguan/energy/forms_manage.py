"""Forms of the bureau's energy management pages: filters, quota breaches, quotas, targets."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from jiguan.access.models import Region
from jiguan.core.forms import id_field
from jiguan.energy.models import BreachStatus, TargetPlan

_SELECT = {"class": "form-select"}
_INPUT = {"class": "form-control"}
OUT_OF_SCOPE = "所选区划不存在或不在您的权限范围内"
MIN_YEAR, MAX_YEAR = 2000, 2100


def year_field(label: str = "年度", *, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=required, min_value=MIN_YEAR, max_value=MAX_YEAR,
        widget=forms.NumberInput(attrs=_INPUT),
        error_messages={"invalid": f"{label}应为 4 位数字，如 2025",
                        "min_value": f"{label}不能早于 {MIN_YEAR} 年",
                        "max_value": f"{label}不能晚于 {MAX_YEAR} 年",
                        "required": f"请填写{label}"})


def region_field(label: str = "区划（含下级）", *,
                 required: bool = False) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(label=label, queryset=Region.objects.none(),
                                   required=required, to_field_name="code",
                                   widget=forms.Select(attrs=_SELECT))
    field.error_messages["invalid_choice"] = OUT_OF_SCOPE
    field.error_messages["required"] = f"请选择{label}"
    return field


class _RegionForm(forms.Form):
    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class BreachFilterForm(_RegionForm):
    region = region_field()
    year = year_field()
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), ("pending", "待处理（待说明、已说明）"),
                                        *BreachStatus.choices],
                               widget=forms.Select(attrs=_SELECT))
    kind = forms.ChoiceField(label="定额类别", required=False,
                             choices=[("", "全部"), ("kgce", "综合能耗"), ("water", "用水")],
                             widget=forms.Select(attrs=_SELECT))
    agency = id_field("单位")


class ExplainForm(forms.Form):
    explanation = forms.CharField(
        label="超定额原因说明", max_length=2000,
        widget=forms.Textarea(attrs={**_INPUT, "rows": 4}),
        error_messages={"required": "请填写超定额原因说明",
                        "max_length": "超定额原因说明不能超过 2000 字"})


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label="审核结果", choices=[("accept", "认可说明"),
                                                        ("return", "退回重新说明")],
                                 widget=forms.RadioSelect,
                                 error_messages={"required": "请选择审核结果",
                                                 "invalid_choice": "审核结果无效"})
    note = forms.CharField(label="审核意见", max_length=300, required=False,
                           widget=forms.Textarea(attrs={**_INPUT, "rows": 2}),
                           error_messages={"max_length": "审核意见不能超过 300 字"},
                           help_text="退回时必填")


class QuotaFilterForm(_RegionForm):
    region = region_field()
    year = year_field()
    agency = id_field("单位")


def _amount(label: str, *, required: bool) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, min_value=Decimal("0.01"),
        max_value=Decimal("99999999999999"), max_digits=16, decimal_places=2,
        widget=forms.NumberInput(attrs={**_INPUT, "step": "0.01"}),
        error_messages={"required": f"请填写{label}", "invalid": f"{label}应为数字",
                        "min_value": f"{label}必须大于 0",
                        "max_value": f"{label}过大，请核对单位",
                        "max_digits": f"{label}过大，请核对单位",
                        "max_decimal_places": f"{label}最多保留 2 位小数",
                        "max_whole_digits": f"{label}过大，请核对单位"})


class QuotaForm(forms.Form):
    year = year_field(required=True)
    kgce_quota = _amount("综合能耗定额（kgce）", required=True)
    water_quota = _amount("用水定额（m³）", required=False)


class TargetFilterForm(_RegionForm):
    region = region_field()
    year = year_field("考核年度")


def _pct(label: str) -> forms.DecimalField:
    # Django %-formats the messages that have params (the limits; "invalid" only for
    # NaN/Infinity), so a "%" is doubled there and kept out of "invalid".
    text = label.replace("%", "%%")
    name = label.replace("（%）", "")
    return forms.DecimalField(
        label=label, min_value=Decimal("-100"), max_value=Decimal("100"), max_digits=5,
        decimal_places=2, widget=forms.NumberInput(attrs={**_INPUT, "step": "0.1"}),
        help_text="相对基准年的变化，下降 6% 填 -6",
        error_messages={"required": f"请填写{label}", "invalid": f"{name}应为数字（百分数）",
                        "min_value": f"{text}不能小于 -100",
                        "max_value": f"{text}不能大于 100",
                        "max_digits": f"{text}应在 -100 至 100 之间",
                        "max_decimal_places": f"{text}最多保留 2 位小数",
                        "max_whole_digits": f"{text}应在 -100 至 100 之间"})


class TargetPlanForm(forms.ModelForm):
    """A plan for a region (chosen here) or an institution (chosen by id)."""

    region = region_field("区划", required=False)
    agency = id_field("单位")
    baseline_year = year_field("基准年", required=True)
    end_year = year_field("目标年", required=True)
    per_capita_pct = _pct("人均综合能耗变化（%）")
    per_area_pct = _pct("单位建筑面积能耗变化（%）")
    water_per_capita_pct = _pct("人均用水量变化（%）")

    class Meta:
        model = TargetPlan
        fields = ["name", "baseline_year", "end_year", "per_capita_pct", "per_area_pct",
                  "water_per_capita_pct"]
        widgets = {"name": forms.TextInput(attrs=_INPUT)}

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        if self.instance.pk:  # what a plan is for does not change; a new plan does that
            del self.fields["region"]
            del self.fields["agency"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("baseline_year"), data.get("end_year")
        if start and end and end <= start:
            self.add_error("end_year", "目标年应晚于基准年")
        creating = not self.instance.pk and "region" in self.fields
        if creating and bool(data.get("region")) == bool(data.get("agency")):
            raise forms.ValidationError("请选择区划或单位（二者选其一）")
        return data


class QualityForm(_RegionForm):
    region = region_field()
    year = year_field()
    month = forms.IntegerField(label="截至月份", required=False, min_value=1, max_value=12,
                               widget=forms.NumberInput(attrs=_INPUT),
                               error_messages={"invalid": "截至月份应为 1 至 12",
                                               "min_value": "截至月份应为 1 至 12",
                                               "max_value": "截至月份应为 1 至 12"})


class PeriodForm(_RegionForm):
    """A region and a reporting month (YYYY-MM)."""

    region = region_field()
    month = forms.CharField(label="报送月份", required=False, max_length=10,
                            widget=forms.TextInput(attrs={**_INPUT, "type": "month"}))
