"""Forms of inspections, surveys and evaluations, with their Chinese messages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings

from jiguan.core.files import FileKind
from jiguan.core.files.forms import UploadField
from jiguan.orgs.fields import AgencyChoiceField
from jiguan.services.inspections.models import Grade, InspectionStatus
from jiguan.services.inspections.rules import ScoreEntry

PERIOD_ATTRS = {"placeholder": "2026-11", "pattern": r"\d{4}-\d{2}", "inputmode": "numeric"}


def _choice(label: str, what: str = "") -> Any:
    return forms.ModelChoiceField(label=label, queryset=None, error_messages={
        "required": f"请选择{label}", "invalid_choice": f"{what or label}不在您的权限范围内"})


def _period() -> forms.CharField:
    return forms.CharField(label="考核期", max_length=7, widget=forms.TextInput(PERIOD_ATTRS),
                           error_messages={"required": "请填写考核期（如 2026-11）"})


class SiteForm(forms.Form):
    supplier = _choice("服务供应商")
    agency = AgencyChoiceField(label="服务单位", error_messages={
        "required": "请选择服务单位", "invalid_choice": "单位不在您的权限范围内"})
    period = _period()

    def __init__(self, *args: Any, suppliers: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = suppliers  # type: ignore[attr-defined]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class InspectionStartForm(SiteForm):
    standard = _choice("服务标准（版本）", "标准")
    place = forms.CharField(label="检查地点", max_length=80, error_messages={
        "required": "请填写检查地点（如：机关食堂）", "max_length": "检查地点不能超过 80 字"})
    inspected_on = forms.DateField(label="检查日期", widget=forms.DateInput(
        format="%Y-%m-%d", attrs={"type": "date"}), error_messages={
        "required": "请填写检查日期", "invalid": "检查日期格式应为 2026-01-31"})

    def __init__(self, *args: Any, standards: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = standards  # type: ignore[attr-defined]


class ScoreForm(forms.Form):
    """The phone page: per item the defects found, the score (empty: computed from the
    defects), a note, a photo. Fields are named by the item's id."""

    def __init__(self, *args: Any, items: Any, current: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            row = current.get(item.pk)
            self.fields[f"defects_{item.pk}"] = forms.IntegerField(
                label=f"第 {item.no} 项问题数", min_value=0, max_value=999, required=False,
                initial=row.defects if row else 0,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
                error_messages={"invalid": f"第 {item.no} 项问题数应为整数",
                                "min_value": f"第 {item.no} 项问题数不能为负数",
                                "max_value": f"第 {item.no} 项问题数过大"})
            self.fields[f"score_{item.pk}"] = forms.DecimalField(
                label=f"第 {item.no} 项得分", required=False, max_digits=5, decimal_places=1,
                initial=row.score if row else None,
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5",
                                                "min": 0, "max": item.weight,
                                                "placeholder": f"满分 {item.weight}"}),
                error_messages={"invalid": f"第 {item.no} 项得分应为数字",
                                "max_digits": f"第 {item.no} 项得分过大",
                                "max_decimal_places": f"第 {item.no} 项得分最多一位小数"})
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=f"第 {item.no} 项问题描述", max_length=300, required=False,
                initial=row.note if row else "",
                error_messages={"max_length": f"第 {item.no} 项问题描述不能超过 300 字"})
            self.fields[f"photo_{item.pk}"] = UploadField(
                label=f"第 {item.no} 项照片", required=False, kinds=(FileKind.IMAGE,),
                max_bytes=settings.JIGUAN_SERVICES_PHOTO_MAX_BYTES,
                widget=forms.ClearableFileInput(attrs={"accept": "image/*",
                                                       "capture": "environment"}))

    def rows(self) -> list[dict[str, Any]]:
        """Each item with its bound fields, for the card layout."""
        return [{"item": i, "defects": self[f"defects_{i.pk}"], "score": self[f"score_{i.pk}"],
                 "note": self[f"note_{i.pk}"], "photo": self[f"photo_{i.pk}"]}
                for i in self.items]

    def entries(self) -> list[ScoreEntry]:
        d = self.cleaned_data
        return [ScoreEntry(item_id=i.pk, defects=d.get(f"defects_{i.pk}") or 0,
                           score=d.get(f"score_{i.pk}"), note=d.get(f"note_{i.pk}") or "")
                for i in self.items]

    def photos(self) -> list[tuple[int | None, Any]]:
        return [(i.pk, self.cleaned_data[f"photo_{i.pk}"]) for i in self.items
                if self.cleaned_data.get(f"photo_{i.pk}")]


class SubmitForm(forms.Form):
    note = forms.CharField(label="检查意见", max_length=400, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"max_length": "检查意见不能超过 400 字"})


class SurveyForm(SiteForm):
    title = forms.CharField(label="问卷名称", max_length=120, error_messages={
        "required": "请填写问卷名称", "max_length": "问卷名称不能超过 120 字"})
    public = forms.BooleanField(label="免登录作答（凭作答码）", required=False, initial=True)
    respondents = forms.IntegerField(label="作答码数量（服务对象人数）", min_value=0,
                                     max_value=5000, initial=30, required=False,
                                     error_messages={"invalid": "作答码数量应为整数",
                                                     "min_value": "作答码数量不能为负数",
                                                     "max_value": "作答码数量不能超过 5000"})
    closes_on = forms.DateField(label="截止日期", widget=forms.DateInput(
        format="%Y-%m-%d", attrs={"type": "date"}),
                                error_messages={"required": "请填写截止日期",
                                                "invalid": "截止日期格式应为 2026-01-31"})
    items = forms.CharField(label="题目（每行一题；留空用默认五题）", required=False,
                            max_length=6000, widget=forms.Textarea(attrs={"rows": 5}),
                            error_messages={"max_length": "题目过长"})


class AnswerForm(forms.Form):
    """The respondent's page: the code (免登录 surveys), a 1–5 score per item, a comment."""

    SCALE = [(5, "非常满意"), (4, "满意"), (3, "一般"), (2, "不满意"), (1, "非常不满意")]

    def __init__(self, *args: Any, survey: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey_items = list(survey.items.all())
        if survey.public:
            self.fields["code"] = forms.CharField(
                label="作答码", max_length=12, error_messages={
                    "required": "请填写作答码", "max_length": "作答码不正确"},
                widget=forms.TextInput(attrs={"autocomplete": "off",
                                              "autocapitalize": "characters"}))
        for item in self.survey_items:
            self.fields[f"item_{item.pk}"] = forms.TypedChoiceField(
                label=f"{item.no}. {item.text}", choices=self.SCALE, coerce=int,
                widget=forms.RadioSelect, error_messages={
                    "required": f"请为第 {item.no} 题打分",
                    "invalid_choice": f"第 {item.no} 题评分应为 1–5"})
        self.fields["comment"] = forms.CharField(label="意见建议", max_length=400,
                                                 required=False,
                                                 widget=forms.Textarea(attrs={"rows": 3}))

    def scores(self) -> dict[int, int]:
        return {i.pk: self.cleaned_data[f"item_{i.pk}"] for i in self.survey_items}

    def item_fields(self) -> list[Any]:
        return [self[f"item_{i.pk}"] for i in self.survey_items]


class EvaluationForm(forms.Form):
    contract = _choice("购买服务合同", "合同")
    period = _period()
    amount = forms.DecimalField(label="本期结算金额（元；留空按合同金额和结算周期计算）",
                                required=False, min_value=Decimal(0), max_digits=14,
                                decimal_places=2, error_messages={
                                    "invalid": "金额应为数字", "min_value": "金额不能为负数",
                                    "max_digits": "金额过大",
                                    "max_decimal_places": "金额最多两位小数"})

    def __init__(self, *args: Any, contracts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts  # type: ignore[attr-defined]


class RectifyForm(forms.Form):
    note = forms.CharField(label="整改情况", max_length=400, widget=forms.Textarea(
        attrs={"rows": 3}), error_messages={"required": "请填写整改情况",
                                            "max_length": "整改情况不能超过 400 字"})


class ListFilterForm(forms.Form):
    q = forms.CharField(label="供应商", max_length=60, required=False)
    period = forms.CharField(label="考核期", max_length=7, required=False,
                             widget=forms.TextInput(PERIOD_ATTRS))


class InspectionFilterForm(ListFilterForm):
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), *InspectionStatus.choices])
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100,
                              error_messages={"invalid": "年度须为整数",
                                              "min_value": "年度应在 2000 至 2100 之间",
                                              "max_value": "年度应在 2000 至 2100 之间"})
    region: Any = forms.ModelChoiceField(label="区划（含下级）", queryset=None, required=False,
                                    to_field_name="code", empty_label="全部",
                                    error_messages={"invalid_choice": "所选区划不在您的权限范围内"})

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class EvaluationFilterForm(ListFilterForm):
    grade = forms.ChoiceField(label="等次", required=False, choices=[("", "全部"), *Grade.choices])
