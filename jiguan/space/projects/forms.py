"""Forms of planning and construction (page and API input) and their Chinese messages."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from jiguan.access.models import Region
from jiguan.space.projects.models import DocumentKind, FundSource, ProjectKind, ProjectStatus
from jiguan.space.register.models import UseClass

_TEXT = {"class": "form-control"}
_SELECT = {"class": "form-select"}
_DATE = forms.DateInput(attrs={**_TEXT, "type": "date"}, format="%Y-%m-%d")
OUT_OF_SCOPE = "所选区划不存在或不在您的权限范围内"


def _money(label: str, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, max_digits=14, decimal_places=2,
                              min_value=Decimal("0.01"),
                              widget=forms.NumberInput(attrs={**_TEXT, "step": "0.01"}),
                              error_messages={"min_value": f"{label}必须大于 0",
                                              "invalid": f"{label}应为数字"})


def _area(label: str, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, max_digits=12, decimal_places=2,
                              min_value=Decimal("0.01"),
                              widget=forms.NumberInput(attrs={**_TEXT, "step": "0.01"}),
                              error_messages={"min_value": f"{label}必须大于 0",
                                              "invalid": f"{label}应为数字"})


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label="项目编号或名称", required=False, max_length=100,
                        widget=forms.TextInput(attrs=_TEXT))
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), *ProjectStatus.choices],
                               widget=forms.Select(attrs=_SELECT))
    kind = forms.ChoiceField(label="建设方式", required=False,
                             choices=[("", "全部"), *ProjectKind.choices],
                             widget=forms.Select(attrs=_SELECT))
    region = forms.ModelChoiceField(label="区划（含下级）", queryset=Region.objects.none(),
                                    required=False, to_field_name="code",
                                    widget=forms.Select(attrs=_SELECT))

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].error_messages["invalid_choice"] = OUT_OF_SCOPE


class ProjectForm(forms.Form):
    code = forms.CharField(label="项目编号", max_length=30, widget=forms.TextInput(attrs=_TEXT))
    name = forms.CharField(label="项目名称", max_length=100, widget=forms.TextInput(attrs=_TEXT))
    kind = forms.ChoiceField(label="建设方式", choices=ProjectKind.choices,
                             widget=forms.Select(attrs=_SELECT))
    region = forms.ModelChoiceField(label="所在区划", queryset=Region.objects.none(),
                                    to_field_name="code", widget=forms.Select(attrs=_SELECT))
    agencies = forms.CharField(
        label="拟入驻单位（统一社会信用代码，每行或以逗号分隔一个）",
        widget=forms.Textarea(attrs={**_TEXT, "rows": 3}))
    building_type = forms.ChoiceField(label="建筑类型",
                                      choices=[("multi", "多层"), ("high", "高层")],
                                      widget=forms.Select(attrs=_SELECT))
    address = forms.CharField(label="建设地点", max_length=200, required=False,
                              widget=forms.TextInput(attrs=_TEXT))
    planned_area = _area("规划建筑面积（m²）")
    planned_amount = _money("投资估算（元）")
    reason = forms.CharField(label="建设理由", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={**_TEXT, "rows": 3}))

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].error_messages["invalid_choice"] = OUT_OF_SCOPE

    def clean_agencies(self) -> list[str]:
        text = self.cleaned_data["agencies"]
        codes = [c.strip().upper() for c in re.split(r"[\s,，、；;]+", text) if c.strip()]
        if not codes:
            raise forms.ValidationError("请至少填写一家拟入驻单位")
        return list(dict.fromkeys(codes))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="批复类别", choices=DocumentKind.choices,
                             widget=forms.Select(attrs=_SELECT))
    number = forms.CharField(label="批复文号", max_length=60, widget=forms.TextInput(attrs=_TEXT))
    issued_on = forms.DateField(label="批复日期", widget=_DATE,
                                error_messages={"invalid": "批复日期格式应为 YYYY-MM-DD"})
    approved_area = _area("批复建筑面积（m²）")
    approved_amount = _money("批复投资（元）")


class FundingForm(forms.Form):
    source = forms.ChoiceField(label="资金来源", choices=FundSource.choices,
                               widget=forms.Select(attrs=_SELECT))
    amount = _money("金额（元）")
    document = forms.CharField(label="预算文件（文号）", max_length=100, required=False,
                               widget=forms.TextInput(attrs=_TEXT))


USE_CLASS_BY_TEXT = {**{label: code for code, label in UseClass.choices},
                     **{code: code for code, _ in UseClass.choices},
                     "办公": UseClass.OFFICE, "服务": UseClass.SERVICE, "设备": UseClass.EQUIPMENT,
                     "附属": UseClass.ANCILLARY, "技术业务": UseClass.TECHNICAL}


def parse_rooms(text: str) -> list[dict[str, Any]]:
    """Rows "楼层 房间号 用途分类 使用面积 [具体用途]" (spaces, tabs or commas). Raises
    ValidationError with every bad line numbered."""
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    seen: set[str] = set()
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p for p in re.split(r"[\s,，\t]+", line.strip()) if p]
        if len(parts) < 4:
            errors.append(f"第 {n} 行：应有 楼层、房间号、用途分类、使用面积 四项")
            continue
        floor_text, number, use_text, area_text = parts[:4]
        subtype = " ".join(parts[4:])[:30]
        try:
            floor = int(floor_text)
        except ValueError:
            errors.append(f"第 {n} 行：楼层“{floor_text}”应为整数（地下为负数）")
            continue
        use = USE_CLASS_BY_TEXT.get(use_text)
        if use is None:
            errors.append(f"第 {n} 行：用途分类“{use_text}”无效，可选：办公室、服务用房、"
                          "设备用房、附属用房、技术业务用房")
            continue
        try:
            area = Decimal(area_text)
        except InvalidOperation:
            errors.append(f"第 {n} 行：使用面积“{area_text}”应为数字")
            continue
        if not area.is_finite() or area <= 0 or area >= Decimal("100000000"):
            errors.append(f"第 {n} 行：使用面积应大于 0")
            continue
        if len(number) > 20:
            errors.append(f"第 {n} 行：房间号不能超过 20 个字符")
            continue
        if number in seen:
            errors.append(f"第 {n} 行：房间号“{number}”重复")
            continue
        seen.add(number)
        rows.append({"floor": floor, "number": number, "use_class": str(use), "subtype": subtype,
                     "usable_area": area.quantize(Decimal("0.01"))})
    if errors:
        raise forms.ValidationError(errors)
    if not rows:
        raise forms.ValidationError("请至少填写一个房间")
    return rows


class RoomsForm(forms.Form):
    rooms = forms.CharField(
        label="房间清单（每行：楼层 房间号 用途分类 使用面积 [具体用途]）",
        widget=forms.Textarea(attrs={**_TEXT, "rows": 6,
                                     "placeholder": "1 101 服务用房 60 会议室\n2 201 办公室 18"}))

    def clean_rooms(self) -> list[dict[str, Any]]:
        return parse_rooms(self.cleaned_data["rooms"])


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因", max_length=300, widget=forms.TextInput(attrs=_TEXT))


class StartForm(forms.Form):
    started_on = forms.DateField(label="开工日期", widget=_DATE,
                                 error_messages={"invalid": "开工日期格式应为 YYYY-MM-DD"})


class CompleteForm(forms.Form):
    building_code = forms.CharField(label="房产编号", max_length=30,
                                    widget=forms.TextInput(attrs=_TEXT))
    building_name = forms.CharField(label="房产名称", max_length=100,
                                    widget=forms.TextInput(attrs=_TEXT))
    floors_above = forms.IntegerField(label="地上层数", min_value=1, max_value=200,
                                      widget=forms.NumberInput(attrs=_TEXT),
                                      error_messages={"min_value": "地上层数至少为 1",
                                                      "max_value": "地上层数不能超过 200"})
    floors_below = forms.IntegerField(label="地下层数", min_value=0, max_value=20, initial=0,
                                      widget=forms.NumberInput(attrs=_TEXT),
                                      error_messages={"min_value": "地下层数不能为负数",
                                                      "max_value": "地下层数不能超过 20"})
    actual_area = _area("竣工建筑面积（m²）")
    final_cost = _money("竣工决算（元）")
    completed_on = forms.DateField(label="竣工日期", widget=_DATE,
                                   error_messages={"invalid": "竣工日期格式应为 YYYY-MM-DD"})
