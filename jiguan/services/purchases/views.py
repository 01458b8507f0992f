"""Pages of the purchases: the list (filters, export), register a purchase, its detail page
with one form per step, and the year's figures. Scoped fetch, permission, form, action,
redirect."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from jiguan.access.roles import Perm
from jiguan.access.scope import can, holds, require
from jiguan.audit.models import AuditEvent
from jiguan.core.exports.jobs import list_export
from jiguan.core.htmx import paginate, querystring
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.services.catalogue.actions import reference_price
from jiguan.services.catalogue.rules import PRICE_POSITION_LABELS, price_position
from jiguan.services.purchases import actions, queries, rules
from jiguan.services.purchases.excel import PURCHASE_EXPORT_COLUMNS
from jiguan.services.purchases.forms import (
    LINE_SLOTS,
    ContractForm,
    FiguresForm,
    NoteForm,
    ProcureForm,
    PublishContractForm,
    PurchaseForm,
    StartForm,
)
from jiguan.services.purchases.models import Grade, Purchase, PurchaseStatus


def purchase_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SERVICES)
    rows, form = queries.purchases_for(request.user, request.GET)
    return render(request, "services/purchase_list.html", {
        "form": form, "qs": querystring(request),
        "can_buy": holds(request.user, Perm.BUY_SERVICES), **paginate(request, rows)})


purchase_export = list_export(
    "services.purchase", perm=Perm.VIEW_SERVICES, rows_for=queries.purchases_for,
    columns=PURCHASE_EXPORT_COLUMNS, title="购买服务项目", describe=queries.describe)


def purchase_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.BUY_SERVICES)
    form = PurchaseForm(request.POST or None, agencies=queries.buyer_agencies(request.user))
    return form_action(
        request, form,
        act=lambda d: actions.purchase_create(data=d, actor=request.user),
        done=lambda p: reverse("services:purchase_detail", args=[p.pk]),
        message=lambda p: f"已登记购买项目：{p.title}（计划）",
        template="services/purchase_form.html",
        context={"title": "登记购买服务项目", "slots": range(1, LINE_SLOTS + 1),
                 "hint": ("先有预算后购买：须填写预算项目和预算金额；服务事项须在本地区已发布的"
                          "指导性目录内，负面清单（第十条）事项不得购买。"),
                 "back": reverse("services:purchase_list")})


def _lines(purchase: Purchase) -> list[dict[str, Any]]:
    out = []
    for line in purchase.lines.select_related("item", "item__category"):
        ref = reference_price(purchase.agency.region, line.item, purchase.year)
        position = (price_position(line.unit_price, ref.low, ref.high)
                    if ref is not None and line.unit_price is not None else None)
        out.append({"line": line, "ref": ref,
                    "position": PRICE_POSITION_LABELS.get(position or "", ""),
                    "above": position == "above"})
    return out


def _detail(request: AuthedRequest, purchase: Purchase, status: int = 200,
            **forms: Any) -> HttpResponse:
    contract = getattr(purchase, "contract", None)
    may = can(request.user, Perm.BUY_SERVICES, purchase)
    pay_rules = []
    if contract is not None:
        for grade in Grade:
            share = contract.pay_share(grade)
            pay_rules.append({"grade": grade.label, "share": share,
                              "label": rules.pay_label(share)})
    today = timezone.localdate()
    return render(request, "services/purchase_detail.html", {
        "purchase": purchase, "contract": contract, "lines": _lines(purchase),
        "pay_rules": pay_rules, "may": may, "S": PurchaseStatus,
        "procure_form": forms.get("procure") or ProcureForm(
            suppliers=queries.supplier_choices(request.user),
            initial={"procured_on": today}),
        "contract_form": forms.get("contract") or ContractForm(
            initial={"price": purchase.budget_amount, "signed_on": today}),
        "publish_form": forms.get("publish") or PublishContractForm(
            initial={"published_on": today}),
        "start_form": forms.get("start") or StartForm(initial={"started_on": today}),
        "evaluate_form": forms.get("evaluate") or NoteForm(),
        "close_form": forms.get("close") or NoteForm(),
        "history": AuditEvent.objects.for_target(purchase)[:30]}, status=status)


def purchase_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _detail(request, queries.purchase_or_404(request.user, pk))


def _step(request: AuthedRequest, pk: int, name: str, form: Any, act: Any,
          message: str) -> HttpResponse:
    purchase = queries.purchase_or_404(request.user, pk)
    require(request.user, Perm.BUY_SERVICES, purchase)
    bound = form(purchase)
    return form_action(
        request, bound, act=lambda d: act(purchase, d),
        done=reverse("services:purchase_detail", args=[purchase.pk]), message=message,
        page=lambda f: _detail(request, queries.purchase_or_404(request.user, pk),
                               status=422, **{name: f}))


def purchase_procure(request: AuthedRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "procure",
                 lambda p: ProcureForm(request.POST or None,
                                       suppliers=queries.supplier_choices(request.user)),
                 lambda p, d: actions.purchase_procure(purchase=p, supplier=d["supplier"],
                                                       procured_on=d["procured_on"],
                                                       actor=request.user),
                 "已登记采购结果。")


def purchase_contract(request: AuthedRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "contract", lambda p: ContractForm(request.POST or None),
                 lambda p, d: actions.purchase_contract(purchase=p, data=d, actor=request.user),
                 "已登记合同。")


def contract_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "publish", lambda p: PublishContractForm(request.POST or None),
                 lambda p, d: actions.contract_publish(purchase=p,
                                                       published_on=d["published_on"],
                                                       actor=request.user),
                 "已登记合同公告。")


def purchase_start(request: AuthedRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "start", lambda p: StartForm(request.POST or None),
                 lambda p, d: actions.purchase_start(purchase=p, started_on=d["started_on"],
                                                     actor=request.user),
                 "服务已开始。")


def purchase_evaluate(request: AuthedRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "evaluate", lambda p: NoteForm(request.POST or None),
                 lambda p, d: actions.purchase_evaluate(purchase=p, note=d["note"],
                                                        actor=request.user),
                 "已登记评价完成。")


def purchase_close(request: AuthedRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "close", lambda p: NoteForm(request.POST or None),
                 lambda p, d: actions.purchase_close(purchase=p, note=d["note"],
                                                     actor=request.user),
                 "项目已关闭。")


def purchase_figures(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SERVICES)
    form = FiguresForm(request.GET or None)
    year = timezone.localdate().year
    if form.is_valid() and form.cleaned_data.get("year"):
        year = form.cleaned_data["year"]
    return render(request, "services/purchase_figures.html", {
        "form": form, "f": queries.figures(request.user, year)})
