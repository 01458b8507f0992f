"""Pages of the catalogue: the catalogues (publish, narrow), the negative list, reference
prices and the supplier register. Scoped fetch, permission, form, action, redirect."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can, holds, require
from jiguan.audit.models import AuditEvent
from jiguan.core.exports.jobs import list_export
from jiguan.core.htmx import paginate, querystring
from jiguan.core.scoping import visible_or_404
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.services.catalogue import actions, queries
from jiguan.services.catalogue.excel import PRICE_EXPORT_COLUMNS, SUPPLIER_EXPORT_COLUMNS
from jiguan.services.catalogue.forms import (
    CatalogueCreateForm,
    NarrowForm,
    PriceForm,
    PublishForm,
    SupplierForm,
)
from jiguan.services.catalogue.models import Catalogue, NegativeEntry, ServiceItem


def _regions(request: AuthedRequest) -> object:
    return Region.objects.visible_to(request.user, Perm.MANAGE_SERVICES).order_by("path")


def catalogue_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SERVICES)
    rows, form = queries.catalogues_for(request.user, request.GET)
    return render(request, "services/catalogue_list.html", {
        "form": form, "qs": querystring(request),
        "can_change": holds(request.user, Perm.MANAGE_SERVICES), **paginate(request, rows)})


def catalogue_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_SERVICES)
    form = CatalogueCreateForm(request.POST or None, regions=_regions(request))
    return form_action(
        request, form,
        act=lambda d: actions.catalogue_create(region=d["region"], year=d["year"],
                                               title=d["title"], doc_no=d["doc_no"],
                                               actor=request.user),
        done=lambda c: reverse("services:catalogue_detail", args=[c.pk]),
        message=lambda c: f"已编制目录：{c.title}（草稿）", template="services/form.html",
        context={"title": "编制指导性目录",
                 "hint": ("省级目录收录全部服务事项；市、县目录从上级已发布的同年度目录删减而来，"
                          "只能删减不能增加。"),
                 "back": reverse("services:catalogue_list")})


def _detail(request: AuthedRequest, catalogue: Catalogue, narrow: NarrowForm | None = None,
            publish: PublishForm | None = None, status: int = 200) -> HttpResponse:
    allowed = (catalogue.parent.items.all() if catalogue.parent
               else ServiceItem.objects.all())
    editable = can(request.user, Perm.MANAGE_SERVICES, catalogue) and not catalogue.is_published
    return render(request, "services/catalogue_detail.html", {
        "catalogue": catalogue, "tree": queries.catalogue_tree(catalogue),
        "removed": queries.removed_items(catalogue),
        "choices": queries.tree(allowed.select_related("category")),
        "kept": set(catalogue.items.values_list("pk", flat=True)),
        "editable": editable,
        "narrow_form": narrow or NarrowForm(allowed=allowed),
        "publish_form": publish or PublishForm(initial={"doc_no": catalogue.doc_no}),
        "history": AuditEvent.objects.for_target(catalogue)[:20]}, status=status)


def catalogue_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    catalogue = visible_or_404(Catalogue.objects.select_related("region", "parent"),
                               request.user, pk=pk)
    return _detail(request, catalogue)


def catalogue_narrow(request: AuthedRequest, pk: int) -> HttpResponse:
    catalogue = visible_or_404(Catalogue.objects.select_related("region", "parent"),
                               request.user, pk=pk)
    require(request.user, Perm.MANAGE_SERVICES, catalogue)
    allowed = (catalogue.parent.items.all() if catalogue.parent
               else ServiceItem.objects.all())
    form = NarrowForm(request.POST or None, allowed=allowed)
    return form_action(
        request, form,
        act=lambda d: actions.catalogue_narrow(catalogue=catalogue, items=d["items"],
                                               actor=request.user),
        done=reverse("services:catalogue_detail", args=[catalogue.pk]),
        message=lambda r: f"已保存：保留 {len(r['kept'])} 项，删减 {len(r['removed'])} 项",
        page=lambda f: _detail(request, catalogue, narrow=f, status=422))


def catalogue_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    catalogue = visible_or_404(Catalogue.objects.select_related("region", "parent"),
                               request.user, pk=pk)
    require(request.user, Perm.MANAGE_SERVICES, catalogue)
    form = PublishForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.catalogue_publish(catalogue=catalogue, on=d.get("on"),
                                                doc_no=d.get("doc_no") or None,
                                                actor=request.user),
        done=reverse("services:catalogue_detail", args=[catalogue.pk]),
        message="目录已发布。",
        page=lambda f: _detail(request, catalogue, publish=f, status=422))


def negative_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SERVICES)
    return render(request, "services/negative_list.html",
                  {"entries": NegativeEntry.objects.all()})


def price_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SERVICES)
    rows, form = queries.prices_for(request.user, request.GET)
    return render(request, "services/price_list.html", {
        "form": form, "qs": querystring(request),
        "can_change": holds(request.user, Perm.MANAGE_SERVICES),
        "can_import": holds(request.user, Perm.MANAGE_SERVICES)
        and holds(request.user, Perm.IMPORT_DATA), **paginate(request, rows)})


price_export = list_export(
    "services.price", perm=Perm.VIEW_SERVICES, rows_for=queries.prices_for,
    columns=PRICE_EXPORT_COLUMNS, title="服务参考价格", describe=queries.describe)


def price_set(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_SERVICES)
    form = PriceForm(request.POST or None, regions=_regions(request))
    return form_action(
        request, form,
        act=lambda d: actions.price_set(region=d["region"], item=d["item"], year=d["year"],
                                        low=d["low"], high=d["high"], note=d["note"],
                                        actor=request.user),
        done=reverse("services:price_list"), message=lambda p: f"已设定参考价：{p}",
        template="services/form.html",
        context={"title": "设定参考价格区间", "back": reverse("services:price_list")})


def supplier_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SERVICES)
    rows, form = queries.suppliers_for(request.user, request.GET)
    return render(request, "services/supplier_list.html", {
        "form": form, "qs": querystring(request),
        "can_change": holds(request.user, Perm.MANAGE_SERVICES),
        "can_import": holds(request.user, Perm.MANAGE_SERVICES)
        and holds(request.user, Perm.IMPORT_DATA), **paginate(request, rows)})


supplier_export = list_export(
    "services.supplier", perm=Perm.VIEW_SERVICES, rows_for=queries.suppliers_for,
    columns=SUPPLIER_EXPORT_COLUMNS, title="服务供应商", describe=queries.describe)


def supplier_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_SERVICES)
    form = SupplierForm(request.POST or None, regions=_regions(request))
    return form_action(
        request, form,
        act=lambda d: actions.supplier_register(
            data={k: d[k] for k in ("name", "credit_code", "kind", "contact", "phone")},
            region=d["region"], actor=request.user),
        done=reverse("services:supplier_list"), message=lambda s: f"已登记供应商：{s.name}",
        template="services/form.html",
        context={"title": "登记服务供应商",
                 "hint": ("统一社会信用代码按 GB 32100 校验；公益一类事业单位和财政拨款保障的"
                          "群团组织不得承接（财政部令第102号第八条）。"),
                 "back": reverse("services:supplier_list")})
