"""Forms of the input part (填报与导入): one institution's month, its yearly profile, the
readings filters."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.energy import rules
from jiguan.energy.models import Reading, Source
from jiguan.energy.rules import ENERGY_TYPES, EnergyType, RuleError
from jiguan.orgs.models import AGENCY_TYPE_CHOICES

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def month_from_url(text: str) -> dt.date | None:
    """The month of a URL segment, strictly 'YYYY-MM' (anything else is a 404, not a guess)."""
    match = MONTH_RE.match(text)
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (2000 <= year <= 2999 and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)


def previous_month(month: dt.date) -> dt.date:
    return (month - dt.timedelta(days=1)).replace(day=1)


def unit_groups(t: EnergyType) -> list[list[str]]:
    """The units of a type grouped by what they mean (kg, 千克 and 公斤 are one unit), the
    canonical unit's group first; litres for liquid fuels last."""
    groups: dict[object, list[str]] = {}
    for unit in [t.unit, *(u for u in t.units if u != t.unit)]:
        groups.setdefault(t.units[unit], []).append(unit)
    found = list(groups.values())
    if t.liquid:
        found.append(["L", "升"])
    return found


def unit_choices(t: EnergyType) -> list[tuple[str, str]]:
    """Units a user may pick for a type, each once: "kg（千克、公斤）"."""
    return [(group[0], f"{group[0]}（{'、'.join(group[1:])}）" if len(group) > 1 else group[0])
            for group in unit_groups(t)]


def unit_choice(t: EnergyType, unit: str) -> str:
    """The dropdown's value for a unit as stored (千克 → kg); unknown units unchanged."""
    for group in unit_groups(t):
        if unit in group:
            return group[0]
    return unit


class UnitField(forms.ChoiceField):
    """A unit dropdown offering each unit once, that still accepts any of its synonyms
    (a page saved before, a script posting 吨 for water)."""

    def __init__(self, *, energy_type: EnergyType, **kwargs: Any) -> None:
        super().__init__(choices=unit_choices(energy_type), **kwargs)
        self.accepted = {u for group in unit_groups(energy_type) for u in group}

    def valid_value(self, value: Any) -> bool:
        return str(value) in self.accepted


class MonthForm(forms.Form):
    """One row per energy type: quantity, unit, cost (元), measured calorific value.

    Checking happens in actions.prepare_reading; the form only carries the text typed, so
    the row's error can name the type and the value exactly as the user wrote it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for t in ENERGY_TYPES.values():
            self.fields[f"{t.code}-quantity"] = forms.CharField(
                label=f"{t.label}用量", required=False, max_length=30)
            self.fields[f"{t.code}-unit"] = UnitField(
                energy_type=t, label=f"{t.label}计量单位", initial=t.unit,
                required=False, error_messages={"invalid_choice": f"{t.label}的计量单位无法识别"})
            self.fields[f"{t.code}-cost"] = forms.CharField(
                label=f"{t.label}费用（元）", required=False, max_length=30)
            if t.energy and t.code != "other":
                self.fields[f"{t.code}-ncv"] = forms.CharField(
                    label=f"{t.label}实测低位发热量", required=False, max_length=30)

    confirm_unusual = forms.BooleanField(
        label="数据无误，确认保存", required=False,
        help_text="用量远高于本单位去年同月或近 12 个月中位数时须勾选")

    def row(self, code: str) -> dict[str, str]:
        data = self.cleaned_data
        return {k: str(data.get(f"{code}-{k}") or "").strip()
                for k in ("quantity", "unit", "cost", "ncv")}


class MonthPickForm(forms.Form):
    """The month chooser of the institution picker (GET)."""

    month = forms.CharField(label="填报月份", required=False, max_length=20)
    q = forms.CharField(label="单位名称或统一社会信用代码", required=False, max_length=100)

    def clean_month(self) -> dt.date | None:
        text = (self.cleaned_data.get("month") or "").strip()
        if not text:
            return None
        try:
            return rules.parse_month(text)
        except RuleError as exc:
            raise forms.ValidationError(str(exc)) from None


class ProfileForm(forms.Form):
    """An institution's yearly profile (公共机构基本信息)."""

    type_code = forms.ChoiceField(label="单位性质", choices=AGENCY_TYPE_CHOICES,
                                  error_messages={"required": "请选择单位性质",
                                                  "invalid_choice": "单位性质无法识别"})
    on_register = forms.BooleanField(label="列入公共机构名录库", required=False)
    building_area = forms.DecimalField(
        label="建筑面积（m²）", min_value=0, max_value=Decimal("9999999999"), decimal_places=2,
        help_text="仅办公区建筑面积，不含住宅和宿舍",
        error_messages={"required": "请填写建筑面积", "invalid": "建筑面积应为数字",
                        "min_value": "建筑面积不能为负数", "max_value": "建筑面积过大，请核对",
                        "max_decimal_places": "建筑面积最多两位小数"})
    energy_headcount = forms.IntegerField(
        label="用能人数", min_value=0, max_value=1_000_000, help_text="含编外人员",
        error_messages={"required": "请填写用能人数", "invalid": "用能人数应为整数",
                        "min_value": "用能人数不能为负数", "max_value": "用能人数过大，请核对"})
    authorized_headcount = forms.IntegerField(
        label="编制人数", min_value=0, max_value=1_000_000, required=False,
        error_messages={"invalid": "编制人数应为整数", "min_value": "编制人数不能为负数",
                        "max_value": "编制人数过大，请核对"})

    def clean_authorized_headcount(self) -> int:
        return self.cleaned_data.get("authorized_headcount") or 0


_TEXT = {"class": "form-control form-control-sm"}
_SELECT = {"class": "form-select form-select-sm"}
OUT_OF_SCOPE_REGION = "所选区划不存在或不在您的权限范围内"


class ReadingFilterForm(forms.Form):
    """Filters of the readings list, its Excel export and GET /api/v1/energy/readings/."""

    q = forms.CharField(label="单位名称或信用代码", required=False, max_length=100,
                        widget=forms.TextInput(attrs=_TEXT))
    region = forms.ModelChoiceField(label="区划（含下级）", queryset=Region.objects.none(),
                                    required=False, widget=forms.Select(attrs=_SELECT))
    month_from = forms.CharField(label="起始月份", required=False, max_length=20,
                                 widget=forms.TextInput(attrs={**_TEXT, "type": "month"}))
    month_to = forms.CharField(label="截止月份", required=False, max_length=20,
                               widget=forms.TextInput(attrs={**_TEXT, "type": "month"}))
    energy_type = forms.ChoiceField(label="能源品种", required=False,
                                    choices=[("", "全部"), *rules.ENERGY_TYPE_CHOICES],
                                    widget=forms.Select(attrs=_SELECT),
                                    error_messages={"invalid_choice": "能源品种无法识别"})
    source = forms.ChoiceField(label="来源", required=False,
                               choices=[("", "全部"), *Source.choices],
                               widget=forms.Select(attrs=_SELECT),
                               error_messages={"invalid_choice": "来源无法识别"})

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].error_messages["invalid_choice"] = OUT_OF_SCOPE_REGION

    def _month(self, name: str) -> dt.date | None:
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            return None
        try:
            return rules.parse_month(text)
        except RuleError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_month_from(self) -> dt.date | None:
        return self._month("month_from")

    def clean_month_to(self) -> dt.date | None:
        return self._month("month_to")


def readings_for(user: Any, params: Any) -> tuple[Any, ReadingFilterForm]:
    """The readings the user sees, filtered; an invalid filter shows nothing (and says why)
    rather than everything."""
    form = ReadingFilterForm(params or None,
                             regions=Region.objects.visible_to(user, Perm.VIEW_ENERGY))
    qs = Reading.objects.visible_to(user, Perm.VIEW_ENERGY).select_related("agency__region")
    if form.is_valid():
        d = form.cleaned_data
        text = (d.get("q") or "").strip()
        if text:
            qs = qs.filter(Q(agency__name__icontains=text) | Q(agency__credit_code__iexact=text))
        if d.get("region"):
            qs = qs.filter(agency__region__path__startswith=d["region"].path)
        if d.get("month_from"):
            qs = qs.filter(month__gte=d["month_from"])
        if d.get("month_to"):
            qs = qs.filter(month__lte=d["month_to"])
        for name in ("energy_type", "source"):
            if d.get(name):
                qs = qs.filter(**{name: d[name]})
    elif form.is_bound:
        qs = qs.none()
    return qs, form
