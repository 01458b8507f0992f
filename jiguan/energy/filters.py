"""Filter fields the energy topics share: a year, a region of the user's scope, and a form
whose region choices are the user's regions."""

from __future__ import annotations

from typing import Any

from django import forms

from jiguan.access.models import Region

SELECT = {"class": "form-select"}
INPUT = {"class": "form-control"}
OUT_OF_SCOPE = "所选区划不存在或不在您的权限范围内"
MIN_YEAR, MAX_YEAR = 2000, 2100


def year_field(label: str = "年度", *, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=required, min_value=MIN_YEAR, max_value=MAX_YEAR,
        widget=forms.NumberInput(attrs=INPUT),
        error_messages={"invalid": f"{label}应为 4 位数字，如 2025",
                        "min_value": f"{label}不能早于 {MIN_YEAR} 年",
                        "max_value": f"{label}不能晚于 {MAX_YEAR} 年",
                        "required": f"请填写{label}"})


def region_field(label: str = "区划（含下级）", *,
                 required: bool = False) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(label=label, queryset=Region.objects.none(),
                                   required=required, to_field_name="code",
                                   widget=forms.Select(attrs=SELECT))
    field.error_messages["invalid_choice"] = OUT_OF_SCOPE
    field.error_messages["required"] = f"请选择{label}"
    return field


class RegionFilterForm(forms.Form):
    """A filter form whose ``region`` field offers the regions the user sees."""

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
