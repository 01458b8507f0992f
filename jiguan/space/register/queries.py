"""List filters shared by the register's pages, Excel exports and the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from jiguan.access.models import Region
from jiguan.core.web.forms import id_field
from jiguan.space.register.models import (
    Building,
    BuildingQuerySet,
    BuildingUse,
    Occupant,
    RegistrationStatus,
    Room,
    RoomQuerySet,
    UseClass,
)

_TEXT = {"class": "form-control"}


_SELECT = {"class": "form-select"}


OUT_OF_SCOPE = "所选区划不存在或不在您的权限范围内"


class BuildingFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100,
                        widget=forms.TextInput(attrs={**_TEXT, "placeholder": "名称、编号或地址"}))
    region = forms.ModelChoiceField(label="区划（含下级）", queryset=Region.objects.none(),
                                    required=False, widget=forms.Select(attrs=_SELECT))
    registration_status = forms.ChoiceField(
        label="登记状态", required=False, choices=[("", "全部"), *RegistrationStatus.choices],
        widget=forms.Select(attrs=_SELECT))
    use = forms.ChoiceField(label="用途", required=False,
                            choices=[("", "全部"), *BuildingUse.choices],
                            widget=forms.Select(attrs=_SELECT))

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].error_messages["invalid_choice"] = OUT_OF_SCOPE


class RoomFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100,
                        widget=forms.TextInput(attrs={**_TEXT, "placeholder": "房间号或房产名称"}))
    building = id_field("房产编号")
    agency = id_field("使用单位")
    region = forms.ModelChoiceField(label="区划（含下级）", queryset=Region.objects.none(),
                                    required=False, widget=forms.Select(attrs=_SELECT))
    use_class = forms.ChoiceField(label="用途分类", required=False,
                                  choices=[("", "全部"), *UseClass.choices],
                                  widget=forms.Select(attrs=_SELECT))

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].error_messages["invalid_choice"] = OUT_OF_SCOPE


def buildings_for(user: Any, params: Any) -> tuple[BuildingQuerySet, BuildingFilterForm]:
    form = BuildingFilterForm(params or None, regions=Region.objects.visible_to(user))
    qs = Building.objects.visible_to(user).select_related("region")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(Q(name__icontains=d["q"]) | Q(code__iexact=d["q"])
                           | Q(address__icontains=d["q"]))
        if d.get("region"):
            qs = qs.filter(region__path__startswith=d["region"].path)
        for name in ("registration_status", "use"):
            if d.get(name):
                qs = qs.filter(**{name: d[name]})
    elif form.is_bound:
        qs = qs.none()
    return with_room_totals(qs).order_by("region__code", "code"), form


def with_room_totals(qs: BuildingQuerySet) -> BuildingQuerySet:
    """Each building's room count and rooms' usable area, as correlated subqueries rather
    than a join with GROUP BY: the grouped form aggregated every room of every building in
    scope before the page was cut (710 ms for the province's first page of 16,373 buildings
    and 979,381 rooms, bench/README.md); the subqueries are computed for the page's rows
    only (22 ms)."""
    rooms = Room.objects.filter(building=OuterRef("pk")).order_by().values("building")
    count = rooms.annotate(n=Count("id")).values("n")
    area = rooms.annotate(a=Sum("usable_area")).values("a")
    return qs.annotate(
        room_count=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)),
        rooms_area=Subquery(area, output_field=DecimalField(max_digits=14, decimal_places=2)))


def rooms_for(user: Any, params: Any) -> tuple[RoomQuerySet, RoomFilterForm]:
    form = RoomFilterForm(params or None, regions=Region.objects.visible_to(user))
    qs = Room.objects.visible_to(user).select_related("building", "building__region", "floor")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(Q(number__iexact=d["q"]) | Q(building__name__icontains=d["q"]))
        if d.get("building"):
            qs = qs.filter(building_id=d["building"])
        if d.get("agency"):
            qs = qs.filter(occupancies__agency_id=d["agency"], occupancies__end_date__isnull=True)
        if d.get("region"):
            qs = qs.filter(building__region__path__startswith=d["region"].path)
        if d.get("use_class"):
            qs = qs.filter(use_class=d["use_class"])
    elif form.is_bound:
        qs = qs.none()
    if not (form.is_valid() and form.cleaned_data.get("building")):
        # Across buildings, rooms are listed by building and room number, the order of the
        # (building, number) unique index: a page is read from the index, not sorted from
        # every room in scope. One building's rooms keep the floor order (Meta.ordering).
        qs = qs.order_by("building_id", "number")
    return qs, form


def person_offices(user: Any, person: Any) -> dict[str, Any] | None:
    """The person page's panel: the offices the person occupies now (rooms the user may
    see), with their usable area (the panel says 未登记办公室 when there is none)."""
    rooms = Room.objects.visible_to(user)
    offices = list(Occupant.objects.filter(person=person, end_date__isnull=True,
                                           room__in=rooms)
                   .select_related("room", "room__building", "room__floor",
                                   "concurrent_post__agency")
                   .order_by("start_date"))
    return {"offices": offices, "person": person}
