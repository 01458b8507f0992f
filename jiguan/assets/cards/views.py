"""Pages of the units' state assets: cards (list, export, import, detail, forms), the class
tree with the configuration standards, the disposal and lease matters with their approval
steps, and the yearly report. Scoped fetch, permission, form, action, redirect."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can, require, sees_whole_region
from jiguan.assets.cards import actions, queries, rules
from jiguan.assets.cards.excel import CARD_EXPORT_COLUMNS, report_workbook
from jiguan.assets.cards.forms import (
    CardForm,
    DecisionForm,
    ExecuteForm,
    MatterForm,
    ReportForm,
    StandardForm,
    TakeBackForm,
)
from jiguan.assets.cards.models import (
    AssetCard,
    AssetClass,
    CardStatus,
    ConfigStandard,
    Matter,
    MatterStatus,
)
from jiguan.audit.models import AuditEvent
from jiguan.core.exports.jobs import list_export
from jiguan.core.htmx import paginate, querystring
from jiguan.core.scoping import visible_or_404
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.orgs.filters import describe
from jiguan.orgs.models import Agency
from jiguan.space.register.models import Building


def card_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ASSETS)
    cards, form = queries.cards_for(request.user, request.GET)
    keep = can(request.user, Perm.KEEP_ASSET_CARDS)
    return render(request, "assets/card_list.html", {
        "form": form, "qs": querystring(request), "can_keep": keep,
        "can_import": keep and can(request.user, Perm.IMPORT_DATA),
        **paginate(request, cards.order_by("agency__region__path", "agency_id", "card_no"))})


card_export = list_export(
    "assets.card", perm=Perm.VIEW_ASSETS, rows_for=queries.cards_for,
    columns=CARD_EXPORT_COLUMNS, title="资产卡片台账", describe=describe,
    prepare=lambda cs: cs.order_by("agency__region__path", "agency_id", "card_no"))


def _card_form(request: AuthedRequest, **kwargs: Any) -> CardForm:
    return CardForm(request.POST or None,
                    agencies=Agency.objects.visible_to(request.user, Perm.KEEP_ASSET_CARDS),
                    buildings=Building.objects.visible_to(request.user, Perm.VIEW_SPACE),
                    **kwargs)


def card_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.KEEP_ASSET_CARDS)
    form = _card_form(request)
    return form_action(
        request, form, act=lambda d: actions.card_create(data=form.card_data(),
                                                         actor=request.user),
        done=lambda c: reverse("assets:card_detail", args=[c.pk]),
        message=lambda c: f"已登记资产卡片：{c.card_no} {c.name}", template="assets/form.html",
        context={"title": "登记资产卡片（新增配置）", "back": reverse("assets:card_list")})


def card_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    card = visible_or_404(AssetCard.objects.select_related(
        "asset_class", "agency", "agency__region", "building", "room__building"),
        request.user, pk=pk)
    return render(request, "assets/card_detail.html", {
        "card": card, "can_keep": can(request.user, Perm.KEEP_ASSET_CARDS, card),
        "standard": ConfigStandard.objects.filter(asset_class_id=card.asset_class_id).first(),
        "matters": Matter.objects.filter(items__card=card).order_by("-pk"),
        "history": AuditEvent.objects.for_target(card)[:30]})


def card_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    card = visible_or_404(AssetCard.objects.select_related("asset_class", "building", "room"),
                          request.user, pk=pk)
    require(request.user, Perm.KEEP_ASSET_CARDS, card)
    initial = {"class_code": card.asset_class.code, "card_no": card.card_no, "name": card.name,
               "quantity": card.quantity, "value": card.value, "acquired_on": card.acquired_on,
               "building_code": card.building.code if card.building_id else "",
               "room_number": card.room.number if card.room_id else "",
               "location_note": card.location_note,
               "over_standard_reason": card.over_standard_reason}
    form = _card_form(request, initial=initial, editing=True)
    return form_action(
        request, form, act=lambda d: actions.card_update(card=card, data=form.card_data(),
                                                         actor=request.user),
        done=reverse("assets:card_detail", args=[card.pk]), message="已保存。",
        template="assets/form.html",
        context={"title": f"修改资产卡片 {card.card_no}",
                 "back": reverse("assets:card_detail", args=[card.pk])})


def _province() -> Region:
    return Region.objects.get(code=settings.JIGUAN_PROVINCE)


def class_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ASSETS)
    classes = AssetClass.objects.select_related("standard").order_by("code")
    return render(request, "assets/class_list.html", {
        "classes": classes,
        "limits": {"处置": rules.limits("sale"), "出租、出借": rules.limits("rent")},
        "can_edit": sees_whole_region(request.user, Perm.MANAGE_ASSETS, _province())})


def standard_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.VIEW_ASSETS)
    asset_class = get_object_or_404(AssetClass, pk=pk)
    if not sees_whole_region(request.user, Perm.MANAGE_ASSETS, _province()):
        raise PermissionDenied("配置标准由省机关事务管理局维护")
    std = ConfigStandard.objects.filter(asset_class=asset_class).first()
    initial = ({f: getattr(std, f) for f in actions.STANDARD_FIELDS} if std
               else {"unverified": True})
    form = StandardForm(request.POST or None, initial=initial)
    return form_action(
        request, form,
        act=lambda d: actions.standard_save(asset_class=asset_class, data=d, actor=request.user),
        done=reverse("assets:class_list"), message=f"已保存{asset_class.name}的配置标准",
        template="assets/form.html",
        context={"title": f"配置标准：{asset_class}", "back": reverse("assets:class_list")})


# -- matters -------------------------------------------------------------------------------


def matter_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ASSETS)
    matters, form = queries.matters_for(request.user, request.GET)
    return render(request, "assets/disposal_list.html", {
        "form": form, "can_keep": can(request.user, Perm.KEEP_ASSET_CARDS),
        **paginate(request, matters)})


def matter_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.KEEP_ASSET_CARDS)
    cards = (AssetCard.objects.visible_to(request.user, Perm.KEEP_ASSET_CARDS)
             .filter(status__in=(CardStatus.IN_USE, CardStatus.IDLE))
             .select_related("agency").order_by("agency_id", "card_no"))
    initial = {"cards": [request.GET["card"]]} if request.GET.get("card", "").isdigit() else {}
    form = MatterForm(request.POST or None, cards=cards, initial=initial)
    return form_action(
        request, form,
        act=lambda d: actions.matter_submit(
            agency=d["cards"][0].agency, kind=d["kind"], cards=d["cards"], reason=d["reason"],
            counterparty=d.get("counterparty") or "", start_date=d.get("start_date"),
            end_date=d.get("end_date"), income=d.get("income"), actor=request.user),
        done=lambda m: reverse("assets:disposal_detail", args=[m.pk]),
        message=lambda m: (f"已提交：{m}，须经{m.approvals.count()}级审批" if m.approvals.exists()
                           else f"已登记：{m}，未达审批限额，由单位自行决定后执行"),
        template="assets/form.html",
        context={"title": "资产处置、出租出借申请", "back": reverse("assets:disposal_list")})


def _matter(request: AuthedRequest, pk: int) -> Matter:
    matter: Matter = visible_or_404(Matter.objects.select_related("agency", "agency__region"),
                                    request.user, pk=pk)
    return matter


def _render_matter(request: AuthedRequest, matter: Matter, *, decision: DecisionForm | None = None,
                   execute: ExecuteForm | None = None, status: int = 200) -> HttpResponse:
    matter = Matter.objects.select_related("agency", "agency__region").get(pk=matter.pk)
    approver = actions.can_approve(request.user, matter)
    keep = can(request.user, Perm.KEEP_ASSET_CARDS, matter)
    return render(request, "assets/disposal_detail.html", {
        "matter": matter, "items": matter.items.select_related("card", "card__asset_class"),
        "approvals": matter.approvals.select_related("region", "decided_by"),
        "decision_form": (decision or DecisionForm()) if approver else None,
        "execute_form": (execute or ExecuteForm(initial={"done_on": dt.date.today()}))
        if keep and matter.status in (MatterStatus.APPROVED, MatterStatus.APPROVING) else None,
        "can_take_back": keep and matter.is_lease and matter.status == MatterStatus.DONE,
        "history": AuditEvent.objects.for_target(matter)[:30]}, status=status)


def matter_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render_matter(request, _matter(request, pk))


def _approver(request: AuthedRequest, matter: Matter) -> None:
    if not actions.can_approve(request.user, matter):
        raise PermissionDenied("您不是该事项当前层级的审批机关")


def matter_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    matter = _matter(request, pk)
    _approver(request, matter)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    return form_action(
        request, form,
        act=lambda d: actions.matter_approve(matter=matter, note=d.get("note") or "",
                                             actor=request.user),
        done=reverse("assets:disposal_detail", args=[matter.pk]), message="已同意。",
        page=lambda f: _render_matter(request, matter, decision=f, status=422))


def matter_reject(request: AuthedRequest, pk: int) -> HttpResponse:
    matter = _matter(request, pk)
    _approver(request, matter)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    return form_action(
        request, form,
        act=lambda d: actions.matter_reject(matter=matter, note=d.get("note") or "",
                                            actor=request.user),
        done=reverse("assets:disposal_detail", args=[matter.pk]), message="已退回（不同意）。",
        page=lambda f: _render_matter(request, matter, decision=f, status=422))


def matter_execute(request: AuthedRequest, pk: int) -> HttpResponse:
    matter = _matter(request, pk)
    require(request.user, Perm.KEEP_ASSET_CARDS, matter)
    form = ExecuteForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.matter_execute(matter=matter, done_on=d["done_on"],
                                             document=d.get("document") or "",
                                             income=d.get("income"), actor=request.user),
        done=reverse("assets:disposal_detail", args=[matter.pk]), message="已执行。",
        page=lambda f: _render_matter(request, matter, execute=f, status=422))


def matter_take_back(request: AuthedRequest, pk: int) -> HttpResponse:
    matter = _matter(request, pk)
    require(request.user, Perm.KEEP_ASSET_CARDS, matter)
    form = TakeBackForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.matter_take_back(matter=matter, on=d["on"], actor=request.user),
        done=reverse("assets:disposal_detail", args=[matter.pk]), message="已收回。",
        template="assets/form.html",
        context={"title": f"收回：{matter}", "back": reverse("assets:disposal_detail",
                                                           args=[matter.pk])})


# -- the yearly report ---------------------------------------------------------------------


def report(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ASSETS)
    form = ReportForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else dt.date.today().year - 1
    return render(request, "assets/report.html", {
        "form": form, "year": year, "report": queries.yearly_report(request.user, year)},
        status=422 if form.is_bound and not form.is_valid() else 200)


def report_download(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ASSETS)
    form = ReportForm(request.GET or None)
    if not form.is_valid():
        return report(request)
    year = form.cleaned_data["year"]
    data = report_workbook(queries.yearly_report(request.user, year))
    response = HttpResponse(data, content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''assets-report-{year}.xlsx"
    return response
