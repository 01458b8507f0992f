"""The forms of the units' state assets: a card, the card list filter, a configuration
standard, a disposal or lease matter and its steps, the yearly report. Labels in Chinese."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from jiguan.assets.cards.models import AssetClass, CardStatus, MatterKind, MatterStatus
from jiguan.orgs.fields import AgencyChoiceField

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
DATE = {"class": "form-control", "type": "date"}
OUT_OF_SCOPE = "所选项不存在或不在您的权限范围内"
MAX_MONEY = Decimal("99999999999999")


def _money(label: str, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=Decimal(0), max_value=MAX_MONEY,
                              max_digits=16, decimal_places=2, required=required,
                              widget=forms.NumberInput(attrs={**TEXT, "step": "0.01"}))


def class_by_code(code: str) -> AssetClass:
    found = AssetClass.objects.filter(code=code.strip()).first()
    if found is None:
        raise forms.ValidationError(f"资产分类代码“{code.strip()}”不存在（见资产分类页）")
    return found


class CardForm(forms.Form):
    class_code = forms.CharField(label="资产分类代码", max_length=12,
                                 help_text="GB/T 14885 分类代码，如 2010104（台式计算机）",
                                 widget=forms.TextInput(attrs=TEXT))
    card_no = forms.CharField(label="资产卡片号", max_length=40, widget=forms.TextInput(attrs=TEXT))
    name = forms.CharField(label="资产名称", max_length=100, required=False,
                           help_text="房屋类可空白，取台账房产名称",
                           widget=forms.TextInput(attrs=TEXT))
    quantity = forms.IntegerField(label="数量", min_value=1, max_value=1_000_000, initial=1,
                                  widget=forms.NumberInput(attrs=TEXT))
    value = _money("原值（元）")
    acquired_on = forms.DateField(label="取得日期", widget=forms.DateInput(attrs=DATE))
    agency: Any = AgencyChoiceField(label="使用单位")
    building_code = forms.CharField(label="存放房产编号", max_length=30, required=False,
                                    help_text="办公用房台账的房产编号；房屋类资产必填",
                                    widget=forms.TextInput(attrs=TEXT))
    room_number = forms.CharField(label="房间号", max_length=20, required=False,
                                  widget=forms.TextInput(attrs=TEXT))
    location_note = forms.CharField(label="存放地点（台账外）", max_length=100, required=False,
                                    widget=forms.TextInput(attrs=TEXT))
    over_standard_reason = forms.CharField(label="超标准配置理由", max_length=300, required=False,
                                           help_text="超出配置标准时必填",
                                           widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args: Any, agencies: Any, buildings: Any, editing: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["agency"].error_messages["invalid_choice"] = OUT_OF_SCOPE
        self.buildings = buildings
        if editing:
            del self.fields["agency"]

    def clean_class_code(self) -> AssetClass:
        return class_by_code(self.cleaned_data["class_code"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = (data.get("building_code") or "").strip()
        number = (data.get("room_number") or "").strip()
        data["building"] = data["room"] = None
        if code:
            building = self.buildings.filter(code=code).first()
            if building is None:
                self.add_error("building_code", f"房产编号“{code}”不存在或不在您的权限范围内")
                return data
            data["building"] = building
            if number:
                room = building.rooms.filter(number=number).first()
                if room is None:
                    self.add_error("room_number", f"{building.name}没有房间“{number}”")
                data["room"] = room
        elif number:
            self.add_error("building_code", "填写房间号时须填写房产编号")
        return data

    def card_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        out = {k: d.get(k) for k in ("card_no", "name", "quantity", "value", "acquired_on",
                                     "building", "room", "location_note",
                                     "over_standard_reason")}
        out["asset_class"] = d["class_code"]
        out["name"] = out["name"] or ""
        out["location_note"] = out["location_note"] or ""
        out["over_standard_reason"] = out["over_standard_reason"] or ""
        if "agency" in d:
            out["agency"] = d["agency"]
        return out


class CardFilterForm(forms.Form):
    q = forms.CharField(label="卡片号或名称", required=False, max_length=60,
                        widget=forms.TextInput(attrs=TEXT))
    asset_class = forms.ChoiceField(label="资产分类", required=False,
                                    widget=forms.Select(attrs=SELECT))
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), *CardStatus.choices],
                               widget=forms.Select(attrs=SELECT))
    # Text, not a select: at the province's scope a select of every agency was 40,000
    # options on every page of the list (2.6 MB, 12-76 s; bench/README.md session 8).
    agency = forms.CharField(label="使用单位（名称或统一社会信用代码）", required=False,
                             max_length=60, widget=forms.TextInput(attrs=TEXT))
    region: Any = forms.ModelChoiceField(label="区划", queryset=None, required=False,
                                         to_field_name="code", widget=forms.Select(attrs=SELECT))
    building = forms.CharField(label="房产编号", required=False, max_length=30,
                               widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["asset_class"].choices = [("", "全部"), *(  # type: ignore[attr-defined]
            (c.code, f"{c.code} {c.name}")
            for c in AssetClass.objects.order_by("code"))]
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].error_messages["invalid_choice"] = OUT_OF_SCOPE


class StandardForm(forms.Form):
    per_person = forms.DecimalField(label="每人配置数量上限", required=False, min_value=Decimal(0),
                                    max_digits=6, decimal_places=2,
                                    widget=forms.NumberInput(attrs={**TEXT, "step": "0.01"}))
    max_unit_price = _money("单价上限（元）", required=False)
    min_years = forms.IntegerField(label="最低使用年限（年）", required=False, min_value=1,
                                   max_value=100, widget=forms.NumberInput(attrs=TEXT))
    source = forms.CharField(label="依据", max_length=200, widget=forms.TextInput(attrs=TEXT))
    unverified = forms.BooleanField(label="待核实 [R]（未见依据原文）", required=False)
    note = forms.CharField(label="说明", max_length=200, required=False,
                           widget=forms.TextInput(attrs=TEXT))


class MatterForm(forms.Form):
    kind = forms.ChoiceField(label="事项", choices=MatterKind.choices,
                             widget=forms.Select(attrs=SELECT))
    cards: Any = forms.ModelMultipleChoiceField(
        label="资产（同一单位在用或闲置的）", queryset=None,
        widget=forms.SelectMultiple(attrs={**SELECT, "size": "8"}))
    reason = forms.CharField(label="理由", max_length=300, widget=forms.TextInput(attrs=TEXT))
    counterparty = forms.CharField(label="接收方（承租方、借用方）", max_length=100,
                                   required=False, widget=forms.TextInput(attrs=TEXT))
    start_date = forms.DateField(label="出租出借起始日", required=False,
                                 widget=forms.DateInput(attrs=DATE))
    end_date = forms.DateField(label="出租出借截止日", required=False,
                               widget=forms.DateInput(attrs=DATE))
    income = _money("预计租金或处置收入（元）", required=False)

    def __init__(self, *args: Any, cards: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cards"].queryset = cards  # type: ignore[attr-defined]
        self.fields["cards"].error_messages["invalid_choice"] = OUT_OF_SCOPE
        self.fields["cards"].label_from_instance = (  # type: ignore[attr-defined]
            lambda c: f"{c.card_no} {c.name}（{c.agency.name}，原值 {c.value:,.2f} 元）")

    def clean_cards(self) -> list[Any]:
        cards = list(self.cleaned_data["cards"])
        if len({c.agency_id for c in cards}) > 1:
            raise forms.ValidationError("一个事项只能包含同一单位的资产")
        return cards


class DecisionForm(forms.Form):
    note = forms.CharField(label="意见说明", max_length=300, required=False,
                           widget=forms.TextInput(attrs=TEXT))


class ExecuteForm(forms.Form):
    done_on = forms.DateField(label="执行日期", widget=forms.DateInput(attrs=DATE))
    document = forms.CharField(label="批复文号或合同编号", max_length=100, required=False,
                               widget=forms.TextInput(attrs=TEXT))
    income = _money("实际收入（元）", required=False)


class TakeBackForm(forms.Form):
    on = forms.DateField(label="收回日期", widget=forms.DateInput(attrs=DATE))


class MatterFilterForm(forms.Form):
    kind = forms.ChoiceField(label="事项", required=False,
                             choices=[("", "全部"), *MatterKind.choices],
                             widget=forms.Select(attrs=SELECT))
    status = forms.ChoiceField(label="状态", required=False,
                               choices=[("", "全部"), *MatterStatus.choices],
                               widget=forms.Select(attrs=SELECT))


class ReportForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100,
                              widget=forms.NumberInput(attrs=TEXT))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = dt.date.today().year - 1
