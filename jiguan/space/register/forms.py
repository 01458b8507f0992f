"""Forms of the office-space register. Forms check the shape of the input and the user's
scope; the register's own rules (floors, areas, dates) are checked once, in actions.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from jiguan.orgs import rules as org_rules
from jiguan.orgs.models import Agency, ConcurrentPost, Person, PersonStatus
from jiguan.space.register.models import SUBTYPES, Building, Room, UseClass

_DATE = {"class": "form-control", "type": "date"}


OUT_OF_SCOPE_REGION = "所选区划不存在或不在您的权限范围内"


OUT_OF_SCOPE_PERSON = "该人员不在您的权限范围内"


SUBTYPE_LIST_ID = "space-subtypes"


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        else:
            widget.attrs.setdefault("class", "form-control")


def _positive(form: forms.BaseForm, *names: str) -> None:
    """min="0.01" in the browser and the model's Chinese message on the server."""
    for name in names:
        form.fields[name].widget.attrs.update({"min": "0.01", "step": "0.01"})


def _quantize(form: forms.BaseForm, data: dict[str, Any]) -> None:
    """Decimals at the model's scale: "2000" is stored and read back as 2000.00, and the
    audit diff compares text, so an unchanged area must not read as a change."""
    for name, field in form.fields.items():
        value = data.get(name)
        places = getattr(field, "decimal_places", None)
        if isinstance(value, Decimal) and places is not None and value.is_finite():
            data[name] = value.quantize(Decimal(1).scaleb(-places))


class BuildingForm(forms.ModelForm):
    class Meta:
        model = Building
        fields = ["code", "name", "address", "region", "latitude", "longitude",
                  "property_cert_no", "land_cert_no", "cert_issued_on", "owner",
                  "registration_status", "filing_reason", "land_area", "building_area",
                  "cert_building_area", "floors_above", "floors_below", "year_built",
                  "structure", "building_type", "book_value", "asset_card_no", "use"]
        widgets = {"cert_issued_on": forms.DateInput(attrs=_DATE, format="%Y-%m-%d")}
        help_texts = {"owner": "应为本级机关事务管理部门（《党政机关办公用房管理办法》第五条）"}

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].error_messages["invalid_choice"] = OUT_OF_SCOPE_REGION
        self.fields["floors_above"].min_value = 1  # type: ignore[attr-defined]
        self.fields["floors_above"].error_messages["min_value"] = "地上层数至少为 1"
        _positive(self, "building_area", "cert_building_area")
        _style(self)

    def clean_code(self) -> str:
        code: str = (self.cleaned_data.get("code") or "").strip()
        if Building.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("该房产编号已登记")
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _quantize(self, data)
        if data.get("registration_status") == "filed" and not data.get("filing_reason"):
            self.add_error("filing_reason", "权属备案须填写原因")
        return data

    def validate_unique(self) -> None:
        # The code's uniqueness is checked in clean_code with a clearer message.
        return None


class RoomForm(forms.ModelForm):
    # Named like the action's error key, so "楼层 9 不存在" lands on this field.
    floor = forms.IntegerField(label="楼层", help_text="地上为正数，地下为负数（-1 为地下一层）")

    class Meta:
        model = Room
        fields = ["number", "use_class", "subtype", "usable_area", "building_area"]

    def __init__(self, *args: Any, building: Building, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.building = building
        self.order_fields(["floor", "number", "use_class", "subtype", "usable_area",
                           "building_area"])
        if self.instance.pk:
            self.fields["floor"].initial = self.instance.floor.number
        self.fields["subtype"].widget.attrs["list"] = SUBTYPE_LIST_ID
        self.fields["subtype"].help_text = "服务、设备、附属、技术业务用房须从建议项中选择"
        _positive(self, "usable_area", "building_area")
        _style(self)

    def clean_number(self) -> str:
        number: str = (self.cleaned_data.get("number") or "").strip()
        clash = Room.objects.filter(building=self.building, number=number)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("同一房产内房间号不能重复")
        return number

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _quantize(self, data)
        use_class, subtype = data.get("use_class"), (data.get("subtype") or "").strip()
        allowed = SUBTYPES.get(use_class or "", ())
        if subtype and allowed and subtype not in allowed:
            label = UseClass(str(use_class)).label
            self.add_error("subtype", f"“{subtype}”不是{label}的具体用途，可选："
                                      f"{'、'.join(allowed)}")
        data["subtype"] = subtype
        return data

    def validate_unique(self) -> None:
        return None

    def action_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "floor"}


def subtype_options() -> list[str]:
    """Every subtype of the 2014 standard, for the subtype field's <datalist>."""
    return [s for subtypes in SUBTYPES.values() for s in subtypes]


class OccupancyForm(forms.Form):
    """Allocate the room to an agency (登记使用单位)."""

    agency_credit_code = forms.CharField(label="使用单位信用代码", max_length=20)
    start_date = forms.DateField(label="起始日期", widget=forms.DateInput(attrs=_DATE))

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = agencies
        _style(self)

    def clean_agency_credit_code(self) -> Agency:
        code = org_rules.normalize_credit_code(self.cleaned_data.get("agency_credit_code") or "")
        agency: Agency | None = self.agencies.filter(credit_code=code).first() if code else None
        if agency is None:
            raise forms.ValidationError("未找到该信用代码的单位（或不在您的权限范围内）")
        if agency.is_archived:
            raise forms.ValidationError(f"{agency.name}{agency.get_status_display()}，"
                                        f"不能分配用房")
        return agency


class EndDateForm(forms.Form):
    """The end of an allocation or a seat (结束使用 / 腾退)."""

    end_date = forms.DateField(label="结束日期", widget=forms.DateInput(attrs=_DATE))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"end_date": dt.date.today()})
        super().__init__(*args, **kwargs)
        _style(self)


class OccupantForm(forms.Form):
    """Seat a person of the room's agency (安排人员办公)."""

    person = forms.IntegerField(label="人员", widget=forms.Select)
    start_date = forms.DateField(label="起始日期", widget=forms.DateInput(attrs=_DATE))
    concurrent_post = forms.IntegerField(
        label="因兼职配备", required=False, widget=forms.Select,
        help_text="仅当该人员因经批准的兼职在此另配办公室时选择")

    def __init__(self, *args: Any, people: Any, choices: Any, **kwargs: Any) -> None:
        """`people`: everyone the user may seat (validation); `choices`: the serving people
        of the room's agency (the select)."""
        super().__init__(*args, **kwargs)
        self.people = people
        self.choices = choices
        self.fields["person"].widget.choices = [
            ("", "请选择"), *[(p.pk, f"{p.name}（{p.post or '—'}，{p.rank_label}）")
                            for p in choices]]
        posts = ConcurrentPost.objects.filter(person__in=choices, end_date__isnull=True
                                              ).select_related("person", "agency")
        self.fields["concurrent_post"].widget.choices = [
            ("", "不是（本职办公室）"),
            *[(cp.pk, f"{cp.person.name}：{cp.agency} {cp.post}"
                      f"{'（已批准）' if cp.approved else '（未批准）'}") for cp in posts]]
        _style(self)

    def clean_person(self) -> Person:
        pk = self.cleaned_data.get("person")
        person: Person | None = self.people.filter(pk=pk).select_related("agency").first()
        if person is None:
            raise forms.ValidationError(OUT_OF_SCOPE_PERSON)
        if not self.choices.filter(pk=person.pk).exists():
            if person.status != PersonStatus.SERVING:
                raise forms.ValidationError(f"{person.name}已{person.get_status_display()}，"
                                            f"不能安排办公室")
            raise forms.ValidationError(f"{person.name}不属于本房间的使用单位")
        return person

    def clean_concurrent_post(self) -> ConcurrentPost | None:
        pk = self.cleaned_data.get("concurrent_post")
        if pk is None:
            return None
        post: ConcurrentPost | None = ConcurrentPost.objects.filter(
            pk=pk, person__in=self.people).first()
        if post is None:
            raise forms.ValidationError("所选兼职不存在或不在您的权限范围内")
        return post
