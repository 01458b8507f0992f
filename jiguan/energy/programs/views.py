"""Pages of the energy programmes: coefficient sets (折标系数), water-saving units
(节水型单位), energy performance contracts (合同能源管理) and garbage sorting (垃圾分类)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiguan.access.models import Region, prime_ancestors
from jiguan.access.roles import Perm
from jiguan.access.scope import can, require, sees_whole_region
from jiguan.audit.models import AuditEvent
from jiguan.core.excel import ExportColumn
from jiguan.core.exports.jobs import list_export
from jiguan.core.exports.responses import export_response
from jiguan.core.htmx import paginate, querystring
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.energy.models import (
    CoefficientSet,
    EnergyContract,
    GarbageSortingSite,
    WaterSavingUnit,
)
from jiguan.energy.programs import actions, queries, shares
from jiguan.energy.programs.forms import (
    CoefficientSetForm,
    ContractForm,
    EndForm,
    SortingSiteForm,
    WaterAcceptForm,
    WaterChecklistForm,
    WaterRevokeForm,
    _accepted,
    contracts_for,
    institutions_for,
    share_rollup,
    sorting_flag,
    sorting_sites_for,
    water_saving_target,
)
from jiguan.energy.readings import actions as readings_actions
from jiguan.energy.rules import ENERGY_TYPES
from jiguan.orgs.filters import describe
from jiguan.orgs.models import Agency

# ---------------------------------------------------------------- coefficient sets


def may_add_coefficient_sets(user: Any) -> bool:
    """A coefficient set is province-wide (a default set re-converts every reading), so only
    a holder of 管理 at the province's root region may add one, not a city or county bureau."""
    return any(sees_whole_region(user, Perm.MANAGE_ENERGY, root)
               for root in Region.objects.filter(parent__isnull=True))


def coefficient_rows(cs: CoefficientSet) -> list[dict[str, Any]]:
    values = cs.decimals()
    return [{"code": code, "label": t.label, "unit": f"kgce/{t.unit}",
             "value": values.get(code), "energy": t.energy}
            for code, t in ENERGY_TYPES.items()]


def coefficient_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ENERGY)
    sets = list(CoefficientSet.objects.all())
    return render(request, "energy/programs_coefficients.html", {
        "sets": [(cs, coefficient_rows(cs)) for cs in sets],
        "types": list(ENERGY_TYPES.values()),
        "can_add": may_add_coefficient_sets(request.user)})


def coefficient_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.VIEW_ENERGY)
    cs = get_object_or_404(CoefficientSet, pk=pk)
    return render(request, "energy/programs_coefficient_detail.html", {
        "cs": cs, "rows": coefficient_rows(cs),
        "history": AuditEvent.objects.for_target(cs)[:20]})


def coefficient_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_ENERGY)
    if not may_add_coefficient_sets(request.user):
        raise PermissionDenied("只有省级管理员可以新增折标系数")
    form = CoefficientSetForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda _: readings_actions.coefficient_set_create(data=form.action_data(),
                                                              actor=request.user),
        done=lambda cs: reverse("energy:coefficient_detail", args=[cs.pk]),
        message=lambda cs: (f"已新增折标系数：{cs.name}"
                            f"{'，已按新默认系数重新折算读数' if cs.is_default else ''}。"),
        template="energy/programs_coefficient_form.html")


# ---------------------------------------------------------------- water-saving units

def _u(agency: Agency, attr: str) -> Any:
    """An attribute of the institution's water-saving record; None when it has none."""
    unit: WaterSavingUnit | None = getattr(agency, "water_saving", None)
    return getattr(unit, attr) if unit is not None else None


def _yes(agency: Agency, code: str) -> str:
    value = _u(agency, code)
    return "" if value is None else ("是" if value else "否")


WATER_COLUMNS = [
    ExportColumn("单位名称", lambda a: a.name, 30),
    ExportColumn("统一社会信用代码", lambda a: a.credit_code, 22),
    ExportColumn("所在区划", lambda a: a.region.full_name, 24),
    ExportColumn("单位层级", lambda a: a.get_level_display(), 10),
    ExportColumn("状态", lambda a: (_u(a, "get_status_display") or (lambda: "未创建"))(), 10),
    *[ExportColumn(label, partial(_yes, code=code), 14)
      for code, label in actions.CRITERIA_LABELS.items() if code != "named_manager"],
    ExportColumn("用水管理责任人", lambda a: _u(a, "named_manager") or "", 14),
    ExportColumn("水平衡测试日期", lambda a: _u(a, "balance_test_date")),
    ExportColumn("认定日期", lambda a: _u(a, "accepted_on")),
    ExportColumn("认定文号", lambda a: _u(a, "accepted_doc") or "", 20),
]


def _rollup(request: AuthedRequest, region: Region | None, kind: str,
            flagged: QuerySet[Any]) -> list[dict[str, Any]]:
    """The share panel of `kind`: under a region the user sees whole (a bureau's own
    region), every active agency there, with no scope condition to join on, the same for
    every such user and kept in the cache (energy.programs.shares); otherwise those of the
    user's scope."""
    if region is not None and sees_whole_region(request.user, Perm.VIEW_ENERGY, region):
        return shares.region_shares(
            kind, region, lambda: share_rollup(Agency.objects.active(), region, flagged))
    return share_rollup(Agency.objects.visible_to(request.user, Perm.VIEW_ENERGY).active(),
                        region, flagged)


def water_saving_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ENERGY)
    agencies, form, region = institutions_for(request.user, request.GET)
    page = paginate(request, agencies)
    prime_ancestors([region, *(a.region for a in page["page_obj"])])
    return render(request, "energy/programs_water_list.html", {
        "form": form, "qs": querystring(request), "region": region,
        "rollup": _rollup(request, region, "water", _accepted()),
        "target": water_saving_target() * 100, **page})


water_saving_export = list_export(
    "energy.water_saving", perm=Perm.VIEW_ENERGY, rows_for=institutions_for,
    columns=WATER_COLUMNS, title="节水型单位", describe=describe)


def _water_agency(request: AuthedRequest, agency_pk: int) -> Agency:
    agency: Agency = get_object_or_404(
        Agency.objects.visible_to(request.user, Perm.VIEW_ENERGY).select_related("region"),
        pk=agency_pk)
    return agency


def _render_water(request: AuthedRequest, agency: Agency, *, checklist: Any = None,
                  accept: Any = None, revoke: Any = None, status: int = 200) -> HttpResponse:
    unit = WaterSavingUnit.objects.filter(agency=agency).first()
    shown = unit or WaterSavingUnit(agency=agency)
    today = timezone.localdate()
    return render(request, "energy/programs_water_detail.html", {
        "agency": agency, "unit": unit, "criteria": shown.criteria(),
        "unmet": actions.unmet_criteria(shown),
        "checklist": checklist or WaterChecklistForm(instance=unit),
        "accept": accept or WaterAcceptForm(initial={"accepted_on": today}),
        "revoke": revoke or WaterRevokeForm(initial={"revoked_on": today}),
        "can_edit": can(request.user, Perm.REPORT_ENERGY, agency),
        "can_manage": can(request.user, Perm.MANAGE_ENERGY, agency),
        "history": AuditEvent.objects.for_target(unit)[:30] if unit else [],
    }, status=status)


def water_saving_detail(request: AuthedRequest, agency_pk: int) -> HttpResponse:
    return _render_water(request, _water_agency(request, agency_pk))


@require_POST
def water_saving_edit(request: AuthedRequest, agency_pk: int) -> HttpResponse:
    agency = _water_agency(request, agency_pk)
    require(request.user, Perm.REPORT_ENERGY, agency)
    unit = WaterSavingUnit.objects.filter(agency=agency).first()
    form = WaterChecklistForm(request.POST, instance=unit or WaterSavingUnit(agency=agency))
    return form_action(
        request, form,
        act=lambda d: actions.water_saving_save(
            agency=agency, data={k: d[k] for k in actions.CHECKLIST_FIELDS},
            actor=request.user),
        done=reverse("energy:water_saving_detail", kwargs={"agency_pk": agency.pk}),
        message="已保存节水型单位创建清单。",
        page=lambda form: _render_water(request, agency, checklist=form))


@require_POST
def water_saving_accept(request: AuthedRequest, agency_pk: int) -> HttpResponse:
    agency = _water_agency(request, agency_pk)
    require(request.user, Perm.MANAGE_ENERGY, agency)
    form = WaterAcceptForm(request.POST)
    return form_action(
        request, form,
        act=lambda d: actions.water_saving_accept(agency=agency, actor=request.user, **d),
        done=reverse("energy:water_saving_detail", kwargs={"agency_pk": agency.pk}),
        message=f"已认定{agency.name}为节水型单位。",
        page=lambda form: _render_water(request, agency, accept=form))


@require_POST
def water_saving_revoke(request: AuthedRequest, agency_pk: int) -> HttpResponse:
    agency = _water_agency(request, agency_pk)
    require(request.user, Perm.MANAGE_ENERGY, agency)
    form = WaterRevokeForm(request.POST)
    return form_action(
        request, form,
        act=lambda d: actions.water_saving_revoke(agency=agency, actor=request.user, **d),
        done=reverse("energy:water_saving_detail", kwargs={"agency_pk": agency.pk}),
        message=f"已撤销{agency.name}的节水型单位认定。",
        page=lambda form: _render_water(request, agency, revoke=form))


# ---------------------------------------------------------------- contracts

CONTRACT_COLUMNS = [
    ExportColumn("项目名称", lambda c: c.name, 30),
    ExportColumn("单位", lambda c: c.agency.name, 30),
    ExportColumn("所在区划", lambda c: c.agency.region.full_name, 24),
    ExportColumn("合同类型", lambda c: c.get_contract_type_display(), 14),
    ExportColumn("节能服务公司", lambda c: c.provider, 24),
    ExportColumn("服务公司信用代码", lambda c: c.provider_credit_code, 22),
    ExportColumn("合同起始日期", lambda c: c.start_date),
    ExportColumn("合同终止日期", lambda c: c.end_date),
    ExportColumn("基准期", lambda c: f"{c.baseline_start:%Y-%m} 至 {c.baseline_end:%Y-%m}"),
    ExportColumn("基准期能耗（kgce，空=按读数）", lambda c: c.baseline_kgce),
    ExportColumn("分享比例（%）", lambda c: c.sharing_ratio),
    ExportColumn("保证节能量（kgce/年）", lambda c: c.guaranteed_kgce),
    ExportColumn("合同金额（元）", lambda c: c.contract_amount),
]
SAVINGS_COLUMNS = [
    ExportColumn("期间", lambda r: r.label, 14),
    ExportColumn("起", lambda r: f"{r.start:%Y-%m}"),
    ExportColumn("止", lambda r: f"{r.end:%Y-%m}"),
    ExportColumn("已报送月数", lambda r: f"{r.reported}/{r.months}"),
    ExportColumn("基准能耗（kgce）", lambda r: r.savings.baseline if r.savings else None),
    ExportColumn("实际能耗（kgce）", lambda r: r.savings.actual if r.savings else None),
    ExportColumn("节能量（kgce）", lambda r: r.savings.saved if r.savings else None),
    ExportColumn("节能率（%）", lambda r: r.savings.rate if r.savings else None),
    ExportColumn("服务公司分享（kgce）", lambda r: r.savings.provider_share if r.savings else None),
    ExportColumn("保证节能量（kgce）", lambda r: r.guarantee),
    ExportColumn("是否达到保证", lambda r: {True: "是", False: "否"}.get(r.guarantee_met, "")
                 if r.guarantee_met is not None else ""),
]


def contract_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ENERGY)
    qs, form = contracts_for(request.user, request.GET)
    return render(request, "energy/programs_contract_list.html", {
        "form": form, "qs": querystring(request),
        "can_add": can(request.user, Perm.REPORT_ENERGY), **paginate(request, qs)})


contract_export = list_export(
    "energy.contract", perm=Perm.VIEW_ENERGY, rows_for=contracts_for,
    columns=CONTRACT_COLUMNS, title="合同能源管理项目", describe=describe)


def _contract(request: AuthedRequest, pk: int) -> EnergyContract:
    contract: EnergyContract = get_object_or_404(
        EnergyContract.objects.visible_to(request.user).select_related("agency__region"), pk=pk)
    return contract


def contract_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    return render(request, "energy/programs_contract_detail.html", {
        "contract": contract, "savings": queries.contract_savings(contract),
        "can_edit": can(request.user, Perm.REPORT_ENERGY, contract),
        "history": AuditEvent.objects.for_target(contract)[:30]})


def contract_savings_export(request: AuthedRequest, pk: int) -> FileResponse:
    contract = _contract(request, pk)
    s = queries.contract_savings(contract)
    return export_response(SAVINGS_COLUMNS, [*s.years, *s.months],
                           title=f"{contract.name} 节能量核定",
                           filters_text=f"{contract.agency.name}；{contract.get_contract_type_display()}",
                           filename="节能量核定")


def contract_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.REPORT_ENERGY)
    agencies = Agency.objects.visible_to(request.user, Perm.REPORT_ENERGY).active()
    form = ContractForm(request.POST or None, agencies=agencies)
    return form_action(
        request, form,
        act=lambda d: actions.contract_create(agency=d["agency"], data=form.action_data(),
                                              actor=request.user),
        done=lambda contract: reverse("energy:contract_detail", args=[contract.pk]),
        message=lambda contract: f"已新增合同能源管理项目：{contract.name}",
        template="energy/programs_contract_form.html")


def contract_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    require(request.user, Perm.REPORT_ENERGY, contract)
    form = ContractForm(request.POST or None,
                        instance=EnergyContract.objects.get(pk=contract.pk))
    return form_action(
        request, form,
        act=lambda _: actions.contract_update(contract=contract, data=form.action_data(),
                                              actor=request.user),
        done=reverse("energy:contract_detail", args=[contract.pk]),
        message=lambda changes: "已保存。" if changes else "没有改动。",
        template="energy/programs_contract_form.html", context={"contract": contract})


# ---------------------------------------------------------------- garbage sorting

SORTING_COLUMNS = [
    ExportColumn("名称", lambda s: s.name, 30),
    ExportColumn("类别", lambda s: s.get_kind_display(), 10),
    ExportColumn("单位信用代码", lambda s: s.agency.credit_code if s.agency else "", 22),
    ExportColumn("所在区划", lambda s: s.region.full_name, 24),
    ExportColumn("开始分类日期", lambda s: s.since),
    ExportColumn("停止日期", lambda s: s.ended_on),
    ExportColumn("备注", lambda s: s.note, 24),
]


def sorting_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ENERGY)
    qs, form, region = sorting_sites_for(request.user, request.GET)
    compounds = (qs.filter(kind="compound", ended_on__isnull=True).count())
    page = paginate(request, qs)
    prime_ancestors([region, *(s.region for s in page["page_obj"])])
    return render(request, "energy/programs_sorting_list.html", {
        "form": form, "qs": querystring(request), "region": region,
        "rollup": _rollup(request, region, "sorting", sorting_flag()), "compounds": compounds,
        "can_add": can(request.user, Perm.REPORT_ENERGY), **page})


sorting_export = list_export(
    "energy.sorting", perm=Perm.VIEW_ENERGY, rows_for=sorting_sites_for,
    columns=SORTING_COLUMNS, title="垃圾分类", describe=describe)


def _sorting_form(request: AuthedRequest, data: Any = None, **kwargs: Any) -> SortingSiteForm:
    return SortingSiteForm(
        data, agencies=Agency.objects.visible_to(request.user, Perm.REPORT_ENERGY).active(),
        regions=bureau_regions(request.user, Perm.REPORT_ENERGY), **kwargs)


def bureau_regions(user: Any, perm: str) -> Any:
    """Regions the user holds `perm` in through a region grant. Unlike
    Region.visible_to, an agency reporter's own region is not among them: a compound it
    registered there would be outside its scope the moment it was saved."""
    return Region.objects.under_region_grants(user, perm).order_by("path")


def _site(request: AuthedRequest, pk: int) -> GarbageSortingSite:
    site: GarbageSortingSite = get_object_or_404(
        GarbageSortingSite.objects.visible_to(request.user).select_related("region", "agency"),
        pk=pk)
    return site


def _save_site(request: AuthedRequest, site: GarbageSortingSite | None) -> HttpResponse:
    initial = {}
    if site is not None:
        initial = {"kind": site.kind, "agency": site.agency.credit_code if site.agency else "",
                   "name": site.name, "region": site.region_id, "since": site.since,
                   "note": site.note}
    form = _sorting_form(request, request.POST or None, initial=initial)

    def save(d: dict[str, Any]) -> GarbageSortingSite:
        data = {k: d[k] for k in ("kind", "agency", "name", "region", "since", "note")}
        data["name"] = (data["name"] or "").strip()
        return actions.sorting_site_save(site=site, data=data, actor=request.user)

    return form_action(
        request, form, act=save,
        done=lambda saved: reverse("energy:sorting_detail", args=[saved.pk]),
        message=lambda saved: f"已保存垃圾分类：{saved.name}",
        template="energy/programs_sorting_form.html", context={"site": site})


def sorting_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.REPORT_ENERGY)
    return _save_site(request, None)


def sorting_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    site = _site(request, pk)
    return render(request, "energy/programs_sorting_detail.html", {
        "site": site, "end_form": EndForm(initial={"ended_on": timezone.localdate()}),
        "can_edit": can(request.user, Perm.REPORT_ENERGY, site),
        "history": AuditEvent.objects.for_target(site)[:30]})


def sorting_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    site = _site(request, pk)
    require(request.user, Perm.REPORT_ENERGY, site)
    return _save_site(request, site)


@require_POST
def sorting_end(request: AuthedRequest, pk: int) -> HttpResponse:
    # Not form_action: a one-field form inside the site's page (which carries several); a
    # refusal is a message on that page after the redirect (PRG), not a 422 redraw.
    site = _site(request, pk)
    require(request.user, Perm.REPORT_ENERGY, site)
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            actions.sorting_site_end(site=site, ended_on=form.cleaned_data["ended_on"],
                                actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"{site.name}已停止垃圾分类。")
    else:
        messages.error(request, "请填写有效的停止日期。")
    return redirect("energy:sorting_detail", pk=site.pk)

