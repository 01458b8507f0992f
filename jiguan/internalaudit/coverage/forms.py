"""The coverage page's filters (also the export's and the API's)."""

from __future__ import annotations

from typing import Any

from django import forms

from jiguan.access.models import Region
from jiguan.internalaudit.projects.models import AuditCategory


class CoverageFilterForm(forms.Form):
    region = forms.ModelChoiceField(label="区划", queryset=Region.objects.none(), required=False,
                                    empty_label="全部",
                                    error_messages={"invalid_choice": "请选择有效的区划"})
    years = forms.IntegerField(label="覆盖周期（年）", required=False, min_value=1, max_value=10,
                               error_messages={"invalid": "覆盖周期须为整数",
                                               "min_value": "覆盖周期应为 1 至 10 年",
                                               "max_value": "覆盖周期应为 1 至 10 年"})
    as_of = forms.DateField(label="截至日期", required=False,
                            error_messages={"invalid": "截至日期格式应为 YYYY-MM-DD"})
    category = forms.ChoiceField(label="审计类别", required=False,
                                 choices=[("", "任一类别"), *AuditCategory.choices])
    state = forms.ChoiceField(label="覆盖情况", required=False, choices=[
        ("", "全部"), ("never", "从未审计"), ("uncovered", "周期内未覆盖"),
        ("covered", "周期内已覆盖")])
    q = forms.CharField(label="单位名称", required=False, max_length=50)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
