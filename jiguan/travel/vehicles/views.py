"""Pages of one standard: the vehicle ledger, its detail and forms, the establishment and
the standards. Scoped fetch, permission, form, action, redirect."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from jiguan.access.models import Region, RegionLevel
from jiguan.access.roles import Perm
from jiguan.access.scope import can, require, scope_root, sees_regions, sees_whole_region
from jiguan.audit.models import AuditEvent
from jiguan.core.exports.jobs import list_export
from jiguan.core.htmx import paginate, querystring
from jiguan.core.scoping import visible_or_404
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.orgs.filters import describe
from jiguan.orgs.models import Agency
from jiguan.travel.vehicles import actions, queries
from jiguan.travel.vehicles.excel import VEHICLE_EXPORT_COLUMNS
from jiguan.travel.vehicles.forms import (
    DisposeForm,
    EstablishmentForm,
    PlatformForm,
    StandardForm,
    VehicleForm,
)
from jiguan.travel.vehicles.models import Platform, Vehicle, VehicleStandard


def _choices(request: AuthedRequest) -> dict[str, object]:
    return {"platforms": Platform.objects.visible_to(request.user, Perm.MANAGE_VEHICLES),
            "agencies": Agency.objects.visible_to(request.user, Perm.MANAGE_VEHICLES).active()}


def vehicle_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_TRAVEL)
    vehicles, form = queries.vehicles_for(request.user, request.GET)
    return render(request, "travel/vehicle_list.html", {
        "form": form, "qs": querystring(request),
        "can_change": can(request.user, Perm.MANAGE_VEHICLES),
        "can_import": can(request.user, Perm.MANAGE_VEHICLES) and can(request.user,
                                                                      Perm.IMPORT_DATA),
        **paginate(request, vehicles.order_by("region__path", "plate"))})


vehicle_export = list_export(
    "travel.vehicle", perm=Perm.VIEW_TRAVEL, rows_for=queries.vehicles_for,
    columns=VEHICLE_EXPORT_COLUMNS, title="公务用车台账", describe=describe,
    prepare=lambda vs: vs.order_by("region__path", "plate"))


def vehicle_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    vehicle = visible_or_404(Vehicle.objects.select_related("region", "platform", "agency"),
                             request.user, pk=pk)
    standards = queries.service_lives()
    due = queries.replacement_date(vehicle, standards)
    return render(request, "travel/vehicle_detail.html", {
        "vehicle": vehicle, "standard": actions.standard_for(vehicle), "due": due,
        "is_due": due <= dt.date.today(),
        "can_change": can(request.user, Perm.MANAGE_VEHICLES, vehicle),
        "history": AuditEvent.objects.for_target(vehicle)[:30]})


def vehicle_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_VEHICLES)
    form = VehicleForm(request.POST or None, **_choices(request))
    return form_action(
        request, form, act=lambda data: actions.vehicle_create(data=data, actor=request.user),
        done=lambda v: reverse("travel:vehicle_detail", args=[v.pk]),
        message=lambda v: f"已登记车辆：{v.plate}", template="travel/form.html",
        context={"title": "登记公务用车", "back": reverse("travel:vehicle_list")})


def vehicle_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    vehicle = visible_or_404(Vehicle.objects, request.user, pk=pk)
    require(request.user, Perm.MANAGE_VEHICLES, vehicle)
    initial = {f: getattr(vehicle, f) for f in actions.VEHICLE_FIELDS}
    form = VehicleForm(request.POST or None, initial=initial, **_choices(request))
    return form_action(
        request, form,
        act=lambda data: actions.vehicle_update(vehicle=vehicle, data=data, actor=request.user),
        done=reverse("travel:vehicle_detail", args=[vehicle.pk]), message="已保存。",
        template="travel/form.html",
        context={"title": f"修改车辆 {vehicle.plate}",
                 "back": reverse("travel:vehicle_detail", args=[vehicle.pk])})


def vehicle_dispose(request: AuthedRequest, pk: int) -> HttpResponse:
    vehicle = visible_or_404(Vehicle.objects, request.user, pk=pk)
    require(request.user, Perm.MANAGE_VEHICLES, vehicle)
    form = DisposeForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda data: actions.vehicle_dispose(vehicle=vehicle, reason=data["reason"],
                                                 on=data["on"], actor=request.user),
        done=reverse("travel:vehicle_detail", args=[vehicle.pk]),
        message=f"已处置车辆 {vehicle.plate}", template="travel/form.html",
        context={"title": f"处置（更新）车辆 {vehicle.plate}",
                 "back": reverse("travel:vehicle_detail", args=[vehicle.pk])})


def establishment_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_TRAVEL)
    return render(request, "travel/establishment_list.html", {
        "rows": queries.establishment_rows(request.user),
        "can_change": can(request.user, Perm.MANAGE_VEHICLES)})


def establishment_set(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_VEHICLES)
    form = EstablishmentForm(request.POST or None, **_choices(request))
    return form_action(
        request, form,
        act=lambda d: actions.establishment_set(
            platform=d.get("platform"), agency=d.get("agency"), category=d["category"],
            quota=d["quota"], approval_doc=d.get("approval_doc", ""), actor=request.user),
        done=reverse("travel:establishment_list"), message="已核定编制。",
        template="travel/form.html",
        context={"title": "核定车辆编制", "back": reverse("travel:establishment_list")})


def standard_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_TRAVEL)
    return render(request, "travel/standard_list.html", {
        "standards": VehicleStandard.objects.all(),
        "can_change": _is_province(request)})


def _is_province(request: AuthedRequest) -> bool:
    """The standards are the province's: MANAGE_VEHICLE_STANDARDS (the province admin's)
    held at the province root, over the whole province."""
    perm = Perm.MANAGE_VEHICLE_STANDARDS
    if not (can(request.user, perm) and sees_regions(request.user, perm)):
        return False
    root = scope_root(request.user, perm)
    return root.parent_id is None and sees_whole_region(request.user, perm, root)


def standard_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_VEHICLE_STANDARDS)
    if not _is_province(request):
        raise PermissionDenied("配备标准由省级机关事务管理部门发布")
    form = StandardForm(request.POST or None)
    return form_action(
        request, form, act=lambda d: actions.standard_create(data=d, actor=request.user),
        done=reverse("travel:standard_list"), message="已发布新版本配备标准。",
        template="travel/form.html",
        context={"title": "新增配备标准版本", "back": reverse("travel:standard_list")})


def platform_create(request: AuthedRequest) -> HttpResponse:
    """Open a bureau's platform (用车平台) for a province, city or county in the user's
    region grants that has none yet."""
    require(request.user, Perm.MANAGE_VEHICLES)
    if not sees_regions(request.user, Perm.MANAGE_VEHICLES):
        raise PermissionDenied("用车平台由机关事务管理部门开通")
    regions = (Region.objects.under_region_grants(request.user, Perm.MANAGE_VEHICLES)
               .filter(level__in=[RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY],
                       travel_platform__isnull=True).order_by("path"))
    form = PlatformForm(request.POST or None, regions=regions)
    return form_action(
        request, form,
        act=lambda d: actions.platform_create(region=d["region"], name=d["name"],
                                              actor=request.user),
        done=reverse("travel:network"), message=lambda p: f"已开通用车平台：{p.name}",
        template="travel/form.html",
        context={"title": "开通用车平台", "back": reverse("travel:network")})
