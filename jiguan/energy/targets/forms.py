"""Forms of targets and quotas: the breach and quota filters (with the querysets they
filter), explanations and reviews, quotas, five-year target plans."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.core.web.forms import id_field
from jiguan.energy.filters import INPUT, SELECT, RegionFilterForm, region_field, year_field
from jiguan.energy.models import BreachStatus, Quota, QuotaBreach, TargetPlan


class BreachFilterForm(RegionFilterForm):
    region = region_field()
    year = year_field()
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), ("pending", "待处理（待说明、已说明）"),
                                        *BreachStatus.choices],
                               widget=forms.Select(attrs=SELECT))
    kind = forms.ChoiceField(label="定额类别", required=False,
                             choices=[("", "全部"), ("kgce", "综合能耗"), ("water", "用水")],
                             widget=forms.Select(attrs=SELECT))
    agency = id_field("单位")


class ExplainForm(forms.Form):
    explanation = forms.CharField(
        label="超定额原因说明", max_length=2000,
        widget=forms.Textarea(attrs={**INPUT, "rows": 4}),
        error_messages={"required": "请填写超定额原因说明",
                        "max_length": "超定额原因说明不能超过 2000 字"})


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label="审核结果", choices=[("accept", "认可说明"),
                                                        ("return", "退回重新说明")],
                                 widget=forms.RadioSelect,
                                 error_messages={"required": "请选择审核结果",
                                                 "invalid_choice": "审核结果无效"})
    note = forms.CharField(label="审核意见", max_length=300, required=False,
                           widget=forms.Textarea(attrs={**INPUT, "rows": 2}),
                           error_messages={"max_length": "审核意见不能超过 300 字"},
                           help_text="退回时必填")


class QuotaFilterForm(RegionFilterForm):
    region = region_field()
    year = year_field()
    agency = id_field("单位")


def _amount(label: str, *, required: bool) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, min_value=Decimal("0.01"),
        max_value=Decimal("99999999999999"), max_digits=16, decimal_places=2,
        widget=forms.NumberInput(attrs={**INPUT, "step": "0.01"}),
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


class TargetFilterForm(RegionFilterForm):
    region = region_field()
    year = year_field("考核年度")


def _pct(label: str) -> forms.DecimalField:
    # Django %-formats the messages that have params (the limits; "invalid" only for
    # NaN/Infinity), so a "%" is doubled there and kept out of "invalid".
    text = label.replace("%", "%%")
    name = label.replace("（%）", "")
    return forms.DecimalField(
        label=label, min_value=Decimal("-100"), max_value=Decimal("100"), max_digits=5,
        decimal_places=2, widget=forms.NumberInput(attrs={**INPUT, "step": "0.1"}),
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
        widgets = {"name": forms.TextInput(attrs=INPUT)}

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


def breaches_for(user: Any, params: Any) -> tuple[Any, BreachFilterForm]:
    form = BreachFilterForm(params or None,
                            regions=Region.objects.visible_to(user, Perm.VIEW_ENERGY))
    qs = QuotaBreach.objects.visible_to(user).select_related("agency", "agency__region")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("region"):
            qs = qs.filter(agency__region__path__startswith=d["region"].path)
        if d.get("year"):
            qs = qs.filter(year=d["year"])
        if d.get("status") == "pending":
            qs = qs.filter(status__in=[BreachStatus.OPEN, BreachStatus.EXPLAINED])
        elif d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("kind"):
            qs = qs.filter(kind=d["kind"])
        if d.get("agency"):
            qs = qs.filter(agency_id=d["agency"])
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("-year", "status", "agency__region__path", "agency_id", "kind"), form


def quotas_for(user: Any, params: Any) -> tuple[Any, QuotaFilterForm]:
    form = QuotaFilterForm(params or None,
                           regions=Region.objects.visible_to(user, Perm.VIEW_ENERGY))
    qs = Quota.objects.visible_to(user).select_related("agency", "agency__region")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("region"):
            qs = qs.filter(agency__region__path__startswith=d["region"].path)
        if d.get("year"):
            qs = qs.filter(year=d["year"])
        if d.get("agency"):
            qs = qs.filter(agency_id=d["agency"])
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("-year", "agency__region__path", "agency_id"), form
