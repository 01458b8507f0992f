"""Pages of 统一规范使用: roll-up, findings, 整改 actions and an agency's report."""

from __future__ import annotations

from typing import Any

from django import forms

from jiguan.access.models import Region
from jiguan.core.web.forms import id_field
from jiguan.space.compliance.models import FindingKind, FindingStatus

OUT_OF_SCOPE = "所选区划不存在或不在您的权限范围内"
_SELECT = {"class": "form-select"}


class FindingFilterForm(forms.Form):
    kind = forms.ChoiceField(label="问题类型", required=False,
                             choices=[("", "全部"), *FindingKind.choices],
                             widget=forms.Select(attrs=_SELECT))
    status = forms.ChoiceField(label="整改状态", required=False,
                               choices=[("", "全部"), ("active", "未整改（待整改、整改中）"),
                                        *FindingStatus.choices],
                               widget=forms.Select(attrs=_SELECT))
    region = forms.ModelChoiceField(label="区划（含下级）", queryset=Region.objects.none(),
                                    required=False, to_field_name="code",
                                    widget=forms.Select(attrs=_SELECT))
    agency = id_field("单位")

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].error_messages["invalid_choice"] = OUT_OF_SCOPE


class StartForm(forms.Form):
    note = forms.CharField(label="整改措施", max_length=1000,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}))
