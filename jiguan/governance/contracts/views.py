"""Pages of the major contracts: the register (filters, export, counts), a contract's page
and the forms of each step (review, signing, filing, performance, closure)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.audit.models import AuditEvent
from jiguan.core.exports.jobs import list_export
from jiguan.core.files import file_response
from jiguan.core.htmx import paginate, querystring
from jiguan.core.scoping import visible_or_404
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.governance.contracts import actions, queries, rules
from jiguan.governance.contracts.excel import CONTRACT_EXPORT_COLUMNS
from jiguan.governance.contracts.forms import (
    AttachmentForm,
    ChangeForm,
    CloseForm,
    ContractForm,
    DisputeForm,
    DisputeResolveForm,
    FilingForm,
    MilestoneDoneForm,
    MilestoneForm,
    PaymentForm,
    ReviewForm,
    SignForm,
)
from jiguan.governance.contracts.models import (
    Contract,
    ContractAttachment,
    ContractStatus,
    Dispute,
    Milestone,
)
from jiguan.orgs.filters import describe
from jiguan.orgs.models import Agency

FORM = "governance/form.html"


def _contract(request: AuthedRequest, pk: int, perm: str | None = None) -> Contract:
    """The contract in the user's scope (404 outside it); with `perm`, 403 without it."""
    contract = visible_or_404(Contract.objects.select_related(
        "agency", "agency__region", "decision", "parent"), request.user, pk=pk)
    if perm is not None:
        require(request.user, perm, contract)
    return contract


def _back(contract: Contract) -> str:
    return reverse("governance:contract_detail", args=[contract.pk])


def _agencies(request: AuthedRequest) -> Any:
    return Agency.objects.visible_to(request.user, Perm.MANAGE_CONTRACTS).active() \
        .select_related("region").order_by("region__path", "name")


def contract_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_CONTRACTS)
    today = dt.date.today()
    found, form = queries.contracts_for(request.user, request.GET, today)
    ctx = paginate(request, found.order_by("-signed_on", "-pk"))
    rows = [(c, queries.filing_state(c, today)) for c in ctx["page_obj"]]
    return render(request, "governance/contract_list.html", {
        "form": form, "qs": querystring(request), "rows": rows,
        "can_change": can(request.user, Perm.MANAGE_CONTRACTS),
        "can_import": can(request.user, Perm.MANAGE_CONTRACTS) and can(request.user,
                                                                       Perm.IMPORT_DATA),
        **ctx})


contract_export = list_export(
    "governance.contract", perm=Perm.VIEW_CONTRACTS, rows_for=queries.contracts_for,
    columns=CONTRACT_EXPORT_COLUMNS, title="重大合同登记表", describe=describe,
    prepare=lambda cs: cs.select_related("agency", "agency__region", "parent",
                                         "filing_region", "decision")
    .order_by("agency__region__path", "-signed_on", "pk"))


def contract_counts(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_CONTRACTS)
    return render(request, "governance/contract_counts.html", {
        **queries.counts(request.user, request.GET), "qs": querystring(request)})


def contract_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_CONTRACTS)
    form = ContractForm(request.POST or None, agencies=_agencies(request),
                        decisions=queries.decisions_for(request.user))
    return form_action(
        request, form, act=lambda d: actions.contract_create(data=d, actor=request.user),
        done=_back, message=lambda c: f"已登记：{c.title}", template=FORM,
        context={"title": "登记重大合同", "back": reverse("governance:contract_list"),
                 "help": f"须经合法性审查的金额：{rules.THRESHOLD_SOURCE}"})


def contract_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    today = dt.date.today()
    review = actions.review_state(contract)
    manage = can(request.user, Perm.MANAGE_CONTRACTS, contract)
    return render(request, "governance/contract_detail.html", {
        "contract": contract, "review": review, "manage": manage,
        "can_file": can(request.user, Perm.FILE_CONTRACTS, contract),
        "draft": contract.status == ContractStatus.DRAFT,
        "signed": contract.status == ContractStatus.SIGNED,
        "filing_state": queries.filing_state(contract, today),
        "decision": queries.decision_of(request.user, contract),
        "filing_period": rules.filing_period_text(),
        "current_amount": actions.current_amount(contract),
        "paid": actions.paid(contract),
        "changes": contract.changes.order_by("pk"),
        "milestones": contract.milestones.all(), "payments": contract.payments.all(),
        "disputes": contract.disputes.all(),
        "attachments": contract.attachments.select_related("file"),
        "history": AuditEvent.objects.for_target(contract)[:30]})


def contract_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk, Perm.MANAGE_CONTRACTS)
    initial = {f: getattr(contract, f) for f in actions.FIELDS}
    if contract.is_change:
        form: Any = ChangeForm(request.POST or None, initial=initial)
    else:
        form = ContractForm(request.POST or None, initial=initial, agencies=_agencies(request),
                            decisions=queries.decisions_for(request.user))
        form.fields["agency"].disabled = True
    return form_action(
        request, form,
        act=lambda d: actions.contract_update(contract=contract, data=d, actor=request.user),
        done=_back(contract), message="已保存。", template=FORM,
        context={"title": f"修改：{contract.title}", "back": _back(contract)})


def contract_change(request: AuthedRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk, Perm.MANAGE_CONTRACTS)
    form = ChangeForm(request.POST or None, initial={
        "counterparty": contract.counterparty, "counterparty_code": contract.counterparty_code,
        "amount": actions.current_amount(contract), "starts_on": contract.starts_on,
        "ends_on": contract.ends_on, "title": f"{contract.title}补充协议"})
    return form_action(
        request, form,
        act=lambda d: actions.contract_create(data=d, parent=contract, actor=request.user),
        done=_back, message=lambda c: f"已登记补充协议：{c.title}", template=FORM,
        context={"title": f"登记补充协议：{contract.title}", "back": _back(contract),
                 "help": ("补充协议与原合同一样须经合法性审查、签订和备案；"
                          "金额填写变更后的合同总金额。")})


def contract_review(request: AuthedRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk, Perm.MANAGE_CONTRACTS)
    form = ReviewForm(request.POST or None, request.FILES or None)

    def act(d: dict[str, Any]) -> Any:
        names = [line.strip() for line in str(d["materials"]).splitlines() if line.strip()]
        upload = d.get("file")
        materials: list[tuple[str, Any]] = [(n, None) for n in names]
        if upload is not None:
            materials.insert(0, ("合同文本", upload))
            if "合同文本" in names:
                materials.remove(("合同文本", None))
        return actions.contract_submit_review(contract=contract, materials=materials,
                                              note=d.get("note", ""), actor=request.user)

    return form_action(
        request, form, act=act, done=_back(contract), message="已送法规审查。", template=FORM,
        context={"title": f"送合法性审查：{contract.title}", "back": _back(contract),
                 "multipart": True})


def _step(request: AuthedRequest, contract: Contract, form: Any, act: Any, title: str,
          message: str) -> HttpResponse:
    return form_action(request, form, act=act, done=_back(contract), message=message,
                       template=FORM, context={"title": f"{title}：{contract.title}",
                                               "back": _back(contract)})


def contract_sign(request: AuthedRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk, Perm.MANAGE_CONTRACTS)
    form = SignForm(request.POST or None, initial={"signed_on": dt.date.today()})
    return _step(request, contract, form, lambda d: actions.contract_sign(
        contract=contract, signed_on=d["signed_on"], actor=request.user),
        "登记签订", "已登记签订。")


def filing_regions(request: AuthedRequest) -> Any:
    return Region.objects.visible_to(request.user, Perm.FILE_CONTRACTS).order_by("path")


def contract_file(request: AuthedRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk, Perm.FILE_CONTRACTS)
    form = FilingForm(request.POST or None, regions=filing_regions(request),
                      initial={"filed_on": dt.date.today(),
                               "region": contract.agency.region_id})
    return _step(request, contract, form, lambda d: actions.contract_file(
        contract=contract, region=d["region"], filed_on=d["filed_on"],
        number=d.get("number", ""), actor=request.user), "登记备案", "已登记备案。")


def milestone_add(request: AuthedRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk, Perm.MANAGE_CONTRACTS)
    form = MilestoneForm(request.POST or None)
    return _step(request, contract, form, lambda d: actions.milestone_add(
        contract=contract, actor=request.user, **d), "登记履行节点", "已登记履行节点。")


def milestone_done(request: AuthedRequest, pk: int, item: int) -> HttpResponse:
    contract = _contract(request, pk, Perm.MANAGE_CONTRACTS)
    milestone = Milestone.objects.filter(contract=contract, pk=item).first()
    if milestone is None:
        raise Http404
    form = MilestoneDoneForm(request.POST or None, initial={"done_on": dt.date.today()})
    return _step(request, contract, form, lambda d: actions.milestone_done(
        milestone=milestone, done_on=d["done_on"], actor=request.user),
        f"完成履行节点“{milestone.title}”", "已记录完成。")


def payment_add(request: AuthedRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk, Perm.MANAGE_CONTRACTS)
    form = PaymentForm(request.POST or None, initial={"paid_on": dt.date.today()})
    return _step(request, contract, form, lambda d: actions.payment_add(
        contract=contract, actor=request.user, **d), "登记支付", "已登记支付。")


def dispute_add(request: AuthedRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk, Perm.MANAGE_CONTRACTS)
    form = DisputeForm(request.POST or None, initial={"raised_on": dt.date.today()})
    return _step(request, contract, form, lambda d: actions.dispute_add(
        contract=contract, actor=request.user, **d), "登记合同纠纷", "已登记合同纠纷。")


def dispute_resolve(request: AuthedRequest, pk: int, item: int) -> HttpResponse:
    contract = _contract(request, pk, Perm.MANAGE_CONTRACTS)
    dispute = Dispute.objects.filter(contract=contract, pk=item).first()
    if dispute is None:
        raise Http404
    form = DisputeResolveForm(request.POST or None, initial={"resolved_on": dt.date.today()})
    return _step(request, contract, form, lambda d: actions.dispute_resolve(
        dispute=dispute, actor=request.user, **d), "纠纷处理结果", "已记录处理结果。")


def contract_close(request: AuthedRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk, Perm.MANAGE_CONTRACTS)
    form = CloseForm(request.POST or None, initial={"closed_on": dt.date.today()})
    return _step(request, contract, form, lambda d: actions.contract_close(
        contract=contract, closed_on=d["closed_on"], note=d["note"], actor=request.user),
        "合同终结", "合同已终结。")


def attachment_add(request: AuthedRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk, Perm.MANAGE_CONTRACTS)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    return form_action(
        request, form,
        act=lambda d: actions.attachment_add(contract=contract, upload=d["file"],
                                             caption=d.get("caption", ""),
                                             actor=request.user),
        done=_back(contract), message="已上传附件。", template=FORM,
        context={"title": f"上传附件：{contract.title}", "back": _back(contract),
                 "multipart": True})


def attachment_download(request: AuthedRequest, pk: int, att: int) -> HttpResponse:
    contract = _contract(request, pk)
    found = ContractAttachment.objects.filter(contract=contract, pk=att) \
        .select_related("file").first()
    if found is None:
        raise Http404
    return file_response(found.file)
