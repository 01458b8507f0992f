"""The forms of the transfer: the entity, the list filter, a programme, a batch, placing an
entity on its route, completing a step. Field labels and messages in Chinese."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms

from jiguan.assets.entities.models import EntityKind, EntityStatus, Route, StepKind
from jiguan.orgs.fields import AgencyChoiceField

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
DATE = {"class": "form-control", "type": "date"}
OUT_OF_SCOPE = "所选项不存在或不在您的权限范围内"
MAX_MONEY = Decimal("99999999999999")


def _scoped(field: Any) -> Any:
    field.error_messages["invalid_choice"] = OUT_OF_SCOPE
    return field


def money_field(label: str, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=Decimal(0), max_value=MAX_MONEY,
                              max_digits=16, decimal_places=2, required=required,
                              widget=forms.NumberInput(attrs={**TEXT, "step": "0.01"}))


class EntityFilterForm(forms.Form):
    q = forms.CharField(label="名称或信用代码", required=False, max_length=60,
                        widget=forms.TextInput(attrs=TEXT))
    kind = forms.ChoiceField(label="类型", required=False,
                             choices=[("", "全部"), *EntityKind.choices],
                             widget=forms.Select(attrs=SELECT))
    route = forms.ChoiceField(label="路径", required=False, choices=[("", "全部"), *Route.choices],
                              widget=forms.Select(attrs=SELECT))
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), *EntityStatus.choices],
                               widget=forms.Select(attrs=SELECT))
    step = forms.ChoiceField(label="当前环节", required=False,
                             choices=[("", "全部"), *StepKind.choices],
                             widget=forms.Select(attrs=SELECT))
    batch: Any = forms.ModelChoiceField(label="批次", required=False, queryset=None,
                                   widget=forms.Select(attrs=SELECT))
    region: Any = forms.ModelChoiceField(label="区划", required=False, queryset=None,
                                    widget=forms.Select(attrs=SELECT))

    def __init__(self, *args: Any, batches: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = batches  # type: ignore[attr-defined]
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        _scoped(self.fields["batch"])
        _scoped(self.fields["region"])


def parse_codes(text: str) -> list[str]:
    return [c for c in re.split(r"[\s,，;；、]+", text.strip()) if c]


class EntityForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100, widget=forms.TextInput(attrs=TEXT))
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18,
                                  widget=forms.TextInput(attrs=TEXT))
    kind = forms.ChoiceField(label="类型", choices=EntityKind.choices,
                             widget=forms.Select(attrs=SELECT))
    agency: Any = AgencyChoiceField(label="原主管单位")
    region: Any = forms.ModelChoiceField(label="所在区划", queryset=None, required=False,
                                    help_text="空白取原主管单位所在区划",
                                    widget=forms.Select(attrs=SELECT))
    building_codes = forms.CharField(label="房产编号", required=False, max_length=1000,
                                     help_text="办公用房台账中的房产编号，多个以逗号分隔",
                                     widget=forms.TextInput(attrs=TEXT))
    book_value = money_field("资产账面价值（元）")
    staff_count = forms.IntegerField(label="职工人数", min_value=0, max_value=100_000,
                                     widget=forms.NumberInput(attrs=TEXT))
    revenue_last_year = money_field("上年营业收入（元）")

    def __init__(self, *args: Any, agencies: Any, regions: Any, buildings: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        _scoped(self.fields["agency"])
        _scoped(self.fields["region"])
        self.buildings = buildings

    def clean_credit_code(self) -> str:
        return str(self.cleaned_data["credit_code"]).strip().upper()

    def clean_building_codes(self) -> list[Any]:
        codes = parse_codes(self.cleaned_data.get("building_codes") or "")
        found = {b.code: b for b in self.buildings.filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise forms.ValidationError(
                f"房产编号不存在或不在您的权限范围内：{'、'.join(missing)}")
        return [found[c] for c in dict.fromkeys(codes)]


class ProgrammeForm(forms.Form):
    region: Any = forms.ModelChoiceField(label="区划", queryset=None,
                                    widget=forms.Select(attrs=SELECT))
    name = forms.CharField(label="方案名称", max_length=100, widget=forms.TextInput(attrs=TEXT))
    doc_no = forms.CharField(label="方案文号", max_length=60, required=False,
                             widget=forms.TextInput(attrs=TEXT))
    receiver = forms.CharField(label="接收集团", max_length=100, initial="浙勤集团",
                               widget=forms.TextInput(attrs=TEXT))
    started_on = forms.DateField(label="启动日期", widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        _scoped(self.fields["region"])


class BatchForm(forms.Form):
    number = forms.IntegerField(label="批次号", min_value=1, max_value=999,
                                widget=forms.NumberInput(attrs=TEXT))
    name = forms.CharField(label="批次名称", max_length=100, widget=forms.TextInput(attrs=TEXT))
    start_date = forms.DateField(label="开始日期", widget=forms.DateInput(attrs=DATE))
    deadline = forms.DateField(label="完成期限", widget=forms.DateInput(attrs=DATE))


class AssignForm(forms.Form):
    batch: Any = forms.ModelChoiceField(label="批次", queryset=None,
                                        widget=forms.Select(attrs=SELECT))
    route = forms.ChoiceField(label="处置路径", choices=Route.choices,
                              widget=forms.Select(attrs=SELECT))
    receiver = forms.CharField(label="接收方", max_length=100, required=False,
                               help_text="合并的存续主体或移交的接收单位；划转、撤销留空",
                               widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args: Any, batches: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = batches  # type: ignore[attr-defined]
        _scoped(self.fields["batch"])


class BatchAddForm(forms.Form):
    entities: Any = forms.ModelMultipleChoiceField(
        label="单位（未列入批次的）", queryset=None,
        widget=forms.SelectMultiple(attrs={**SELECT, "size": "12"}))
    route = forms.ChoiceField(label="处置路径", help_text="合并、移交须逐家在单位页面填写接收方",
                              choices=[(Route.TRANSFER, Route.TRANSFER.label),
                                       (Route.DISSOLVE, Route.DISSOLVE.label)],
                              widget=forms.Select(attrs=SELECT))

    def __init__(self, *args: Any, entities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entities"].queryset = entities  # type: ignore[attr-defined]
        self.fields["entities"].error_messages["invalid_choice"] = OUT_OF_SCOPE


class StepForm(forms.Form):
    done_on = forms.DateField(label="完成日期", widget=forms.DateInput(attrs=DATE))
    documents = forms.CharField(label="文件（文号或名称）", max_length=300, required=False,
                                widget=forms.TextInput(attrs=TEXT))
    note = forms.CharField(label="说明", max_length=300, required=False,
                           widget=forms.TextInput(attrs=TEXT))
    appraised_value = forms.DecimalField(
        label="评估价值（元）", max_digits=16, decimal_places=2, required=False,
        max_value=MAX_MONEY, widget=forms.NumberInput(attrs={**TEXT, "step": "0.01"}))
    placed = forms.IntegerField(label="安置人数", min_value=0, max_value=100_000, required=False,
                                widget=forms.NumberInput(attrs=TEXT))
    retired = forms.IntegerField(label="退休人数", min_value=0, max_value=100_000,
                                 required=False, widget=forms.NumberInput(attrs=TEXT))
    other = forms.IntegerField(label="其他方式人数", min_value=0, max_value=100_000,
                               required=False, widget=forms.NumberInput(attrs=TEXT))

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind != StepKind.APPRAISAL:
            del self.fields["appraised_value"]
        if kind != StepKind.PLACEMENT:
            for name in ("placed", "retired", "other"):
                del self.fields[name]
