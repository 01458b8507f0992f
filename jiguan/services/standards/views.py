"""Pages of the standards: the list, one version with its items and pilot units, a new
version, an item's change, a pilot unit."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from jiguan.access.roles import Perm
from jiguan.access.scope import holds, require
from jiguan.audit.models import AuditEvent
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.orgs.models import Agency
from jiguan.services.catalogue import queries as catalogue_queries
from jiguan.services.catalogue.models import NegativeEntry
from jiguan.services.standards import actions, queries, rules
from jiguan.services.standards.forms import ItemForm, PilotForm, VersionForm
from jiguan.services.standards.models import ServiceStandard, StandardItem


def _standard(pk: int) -> ServiceStandard:
    try:
        return queries.standards().get(pk=pk)
    except ServiceStandard.DoesNotExist:
        raise Http404 from None


def standard_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SERVICES)
    return render(request, "services/standard_list.html", {"standards": queries.standards()})


def standard_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.VIEW_SERVICES)
    standard = _standard(pk)
    return render(request, "services/standard_detail.html", {
        "standard": standard, "items": standard.items.all(),
        "versions": queries.versions(standard), "pilots": queries.pilots(request.user, standard),
        "frozen": rules.frozen(standard.effective_from, dt.date.today()),
        "can_change": holds(request.user, Perm.MANAGE_SERVICES),
        "history": AuditEvent.objects.for_target(standard)[:20]})


def standard_version(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_SERVICES)
    standard = _standard(pk)
    form = VersionForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.standard_new_version(
            standard=standard, version=d["version"], effective_from=d["effective_from"],
            title=d["title"], source=d["source"], actor=request.user),
        done=lambda s: reverse("services:standard_detail", args=[s.pk]),
        message=lambda s: f"已发布新版本：{s}", template="services/form.html",
        context={"title": f"发布 {standard.code} 新版本",
                 "hint": "新版本复制当前条款；旧版本及按旧版本评分的检查保持不变。",
                 "back": reverse("services:standard_detail", args=[standard.pk])})


def standard_item_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_SERVICES)
    try:
        item = StandardItem.objects.select_related("standard").get(pk=pk)
    except StandardItem.DoesNotExist:
        raise Http404 from None
    initial = {f: getattr(item, f) for f in actions.ITEM_FIELDS}
    form = ItemForm(request.POST or None, initial=initial)
    back = reverse("services:standard_detail", args=[item.standard_id])
    return form_action(
        request, form,
        act=lambda d: actions.standard_item_update(item=item, data=d, actor=request.user),
        done=back, message="已保存。", template="services/form.html",
        context={"title": f"修改条款 {item}", "back": back})


def pilot_add(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.MANAGE_SERVICES)
    standard = _standard(pk)
    agencies = Agency.objects.visible_to(request.user, Perm.MANAGE_SERVICES).active()
    form = PilotForm(request.POST or None, agencies=agencies)
    back = reverse("services:standard_detail", args=[standard.pk])
    return form_action(
        request, form,
        act=lambda d: actions.pilot_add(standard=standard, agency=d["agency"], since=d["since"],
                                        note=d["note"], actor=request.user),
        done=back, message=lambda p: f"已登记试点单位：{p.agency}",
        template="services/form.html",
        context={"title": f"登记 {standard.code} 试点单位", "back": back})


def home(request: AuthedRequest) -> HttpResponse:
    """The services overview: the catalogues in force, the standards, the register."""
    require(request.user, Perm.VIEW_SERVICES)
    catalogues, _ = catalogue_queries.catalogues_for(request.user, {})
    suppliers, _ = catalogue_queries.suppliers_for(request.user, {})
    return render(request, "services/home.html", {
        "catalogues": catalogues[:8], "standards": queries.standards(),
        "supplier_count": suppliers.count(),
        "negative_count": NegativeEntry.objects.count()})
