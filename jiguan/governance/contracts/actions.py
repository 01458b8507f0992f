"""Every write of the major contracts: one transaction and one audit row each; the rules
refuse here (forms, API and importer may check too, for a better message).

The pre-signing legality review is the shared tool (governance.reviews): a contract is
submitted as SubjectKind.CONTRACT, and signing asks `reviews.latest` whether it passed and
when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Perm, Role
from jiguan.access.scope import can_at
from jiguan.audit.record import diff, record, snapshot
from jiguan.core.files import FileKind, store_upload
from jiguan.governance.contracts import rules
from jiguan.governance.contracts.models import (
    Contract,
    ContractAttachment,
    ContractStatus,
    Dispute,
    DisputeKind,
    Milestone,
    Payment,
)
from jiguan.governance.decisions.models import Decision, DecisionResult
from jiguan.governance.reviews import actions as reviews
from jiguan.governance.reviews.models import ReviewStatus, SubjectKind
from jiguan.orgs.models import Agency
from jiguan.orgs.rules import credit_code_problem, normalize_credit_code
from jiguan.todo.actions import task_create, tasks_close_for_subject
from jiguan.todo.models import Task

FIELDS = ("agency", "title", "number", "counterparty", "counterparty_code", "kind", "amount",
          "starts_on", "ends_on", "decision", "decision_ref")
AUDIT_FIELDS = (*FIELDS, "review_required", "status")
TASK_FILING = "governance.contract.filing"
TASK_ENDING = "governance.contract.ending"


def current_amount(contract: Contract) -> Decimal:
    """The contract's amount as changed by its latest signed supplementary agreement."""
    change = contract.changes.exclude(status=ContractStatus.DRAFT) \
        .order_by("-signed_on", "-pk").first()
    return change.amount if change is not None else contract.amount


def paid(contract: Contract) -> Decimal:
    return contract.payments.aggregate(s=Sum("amount"))["s"] or Decimal(0)


def _check_decision(contract: Contract, actor: Any) -> None:
    """The decision a contract follows from: one the actor can see, adopted, of the
    contract's region or above (rules.decision_problem)."""
    if contract.decision_id is None:
        return
    decision = Decision.objects.visible_to(actor).select_related("agency__region") \
        .filter(pk=contract.decision_id).first()
    if decision is None:
        raise ValidationError({"decision": "所依据的决策不存在或不在您的查看范围内"})
    agency = Agency.objects.select_related("region").get(pk=contract.agency_id)
    problem = rules.decision_problem(
        decision_region_path=decision.agency.region.path,
        contract_region_path=agency.region.path,
        adopted=decision.result == DecisionResult.ADOPT)
    if problem:
        raise ValidationError({"decision": problem})


def _check(contract: Contract) -> None:
    errors: dict[str, str] = {}
    code = normalize_credit_code(contract.counterparty_code or "")
    contract.counterparty_code = code
    if not code:
        errors["counterparty_code"] = "请填写相对方统一社会信用代码"
    elif problem := credit_code_problem(code):
        errors["counterparty_code"] = f"相对方统一社会信用代码有误：{problem}"
    if contract.amount is None or Decimal(contract.amount) <= 0:
        errors["amount"] = "合同金额应大于零"
    if problem := rules.term_problem(contract.starts_on, contract.ends_on):
        errors["ends_on"] = problem
    parent = contract.parent
    if parent is not None:
        if parent.parent_id is not None:
            errors["parent"] = "补充协议应针对原合同签订"
        elif parent.status != ContractStatus.SIGNED:
            errors["parent"] = "原合同签订后、终结前方可签订补充协议"
        contract.agency_id, contract.kind = parent.agency_id, parent.kind
    if errors:
        raise ValidationError(errors)
    contract.review_required = rules.needs_review(contract.kind, Decimal(contract.amount)) or (
        parent is not None and parent.review_required)


@transaction.atomic
def contract_create(*, data: Mapping[str, Any], actor: Any,
                    parent: Contract | None = None) -> Contract:
    """Register a contract (拟签订), or a supplementary agreement to a signed `parent`."""
    if parent is not None:
        parent = Contract.objects.select_for_update().select_related("agency") \
            .get(pk=parent.pk)
    contract = Contract(created_by=actor, updated_by=actor, parent=parent)
    for k in FIELDS:
        if k in data and data[k] is not None:
            setattr(contract, k, data[k])
    if parent is not None:
        contract.agency = parent.agency
        contract.decision_id = parent.decision_id
    _check(contract)
    _check_decision(contract, actor)
    contract.full_clean()
    contract.save()
    record(actor=actor, event="governance.contract.created", target=contract,
           changes={k: [None, v] for k, v in snapshot(contract, AUDIT_FIELDS).items()},
           extra={"parent": parent.pk} if parent else None)
    return contract


@transaction.atomic
def contract_update(*, contract: Contract, data: Mapping[str, Any], actor: Any) -> Contract:
    """Change a contract before it is signed (the agency and the parent stay)."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.status != ContractStatus.DRAFT:
        raise ValidationError({"title": "合同已签订，变更请登记补充协议"})
    before = snapshot(contract, AUDIT_FIELDS)
    before_decision = contract.decision_id
    for k in FIELDS:
        if k in data and k != "agency":
            setattr(contract, k, data[k])
    contract.updated_by = actor
    _check(contract)
    if contract.decision_id != before_decision:
        _check_decision(contract, actor)
    contract.full_clean()
    contract.save()
    record(actor=actor, event="governance.contract.updated", target=contract,
           changes=diff(before, snapshot(contract, AUDIT_FIELDS)))
    return contract


def _url(contract: Contract) -> str:
    return reverse("governance:contract_detail", args=[contract.pk])


@transaction.atomic
def contract_submit_review(*, contract: Contract, materials: Sequence[tuple[str, Any]],
                           note: str = "", actor: Any, today: dt.date | None = None) -> Any:
    """Send a contract (or a supplementary agreement) to the legal-affairs office for its
    legality review before signing (the shared review tool)."""
    if contract.status != ContractStatus.DRAFT:
        raise ValidationError({"materials": "合同已签订，不能再送审"})
    label = "补充协议" if contract.is_change else "合同"
    return reviews.review_submit(
        kind=SubjectKind.CONTRACT, subject=contract,
        title=f"{label}：{contract.title}（{contract.counterparty}）", url=_url(contract),
        region=contract.agency.region, agency=contract.agency, materials=materials,
        note=note, actor=actor, today=today)


def review_state(contract: Contract) -> Any:
    """The newest legality review of the contract, or None."""
    return reviews.latest(SubjectKind.CONTRACT, contract.pk)


@transaction.atomic
def contract_sign(*, contract: Contract, signed_on: dt.date, actor: Any,
                  today: dt.date | None = None) -> Contract:
    """Record the signing. A contract above its kind's threshold is refused unless its
    legality review passed on or before the signing date; the filing deadline starts."""
    today = today or dt.date.today()
    contract = Contract.objects.select_for_update().select_related("agency__region") \
        .get(pk=contract.pk)
    if contract.status != ContractStatus.DRAFT:
        raise ValidationError({"signed_on": "该合同已签订"})
    if signed_on > today:
        raise ValidationError({"signed_on": "签订日期不能晚于今天"})
    if contract.parent is not None and contract.parent.status != ContractStatus.SIGNED:
        raise ValidationError({"signed_on": "原合同已终结，不能再签订补充协议"})
    if contract.parent is not None and contract.parent.signed_on \
            and signed_on < contract.parent.signed_on:
        raise ValidationError({"signed_on": "补充协议的签订日期不能早于原合同"})
    if contract.review_required:
        review = review_state(contract)
        if review is None or review.status == ReviewStatus.PENDING:
            state = "尚未送审" if review is None else "正在审查中"
            raise ValidationError({"signed_on": f"该合同{state}，合法性审查通过前不能签订"
                                                f"（{rules.SIGN_RULE}）"})
        if review.status != ReviewStatus.PASSED:
            raise ValidationError({"signed_on": "该合同合法性审查未通过，修改后重新送审并通过"
                                                f"方可签订（{rules.SIGN_RULE}）"})
        if review.concluded_on and signed_on < review.concluded_on:
            raise ValidationError({"signed_on": f"签订日期早于合法性审查通过日期"
                                                f"（{review.concluded_on}），"
                                                f"审查通过前不能签订"})
    contract.status, contract.signed_on = ContractStatus.SIGNED, signed_on
    contract.filing_due = rules.filing_due(signed_on)
    contract.updated_by = actor
    contract.save(update_fields=["status", "signed_on", "filing_due", "updated_by",
                                 "updated_at"])
    record(actor=actor, event="governance.contract.signed", target=contract,
           changes={"status": [ContractStatus.DRAFT, ContractStatus.SIGNED],
                    "signed_on": [None, signed_on], "filing_due": [None, contract.filing_due]})
    return contract


def filing_regions(contract: Contract) -> list[int]:
    """The regions a contract may be filed with: its agency's region and those above."""
    path = contract.agency.region.path
    return list(Region.objects.filter(path__in=[
        "/" + "/".join(path.strip("/").split("/")[:i]) + "/"
        for i in range(1, len(path.strip("/").split("/")) + 1)]).values_list("pk", flat=True))


@transaction.atomic
def contract_file(*, contract: Contract, region: Region, filed_on: dt.date, actor: Any,
                  number: str = "", today: dt.date | None = None) -> Contract:
    """The bureau records the filing (备案) of a signed contract; the bureau's region must be
    in the actor's scope and be the agency's region or one above it. A filing after the
    deadline is kept and flagged 逾期备案; the overdue to-do closes. `actor` None is the
    platform itself (the demo loader), never a request."""
    today = today or dt.date.today()
    contract = Contract.objects.select_for_update().select_related("agency__region") \
        .get(pk=contract.pk)
    if actor is not None and not can_at(actor, Perm.FILE_CONTRACTS, region_path=region.path,
                                        agency_id=None):
        raise ValidationError({"region": f"备案机关（{region.name}）不在您的管辖范围内"})
    if region.pk not in filing_regions(contract):
        raise ValidationError({"region": f"应向{contract.agency.region.name}或其上级机关事务"
                                         "管理局备案"})
    if contract.status == ContractStatus.DRAFT:
        raise ValidationError({"filed_on": "合同签订后方可备案"})
    if contract.filed_on is not None:
        raise ValidationError({"filed_on": f"该合同已于 {contract.filed_on} 备案"})
    if filed_on > today:
        raise ValidationError({"filed_on": "备案日期不能晚于今天"})
    if contract.signed_on and filed_on < contract.signed_on:
        raise ValidationError({"filed_on": "备案日期不能早于签订日期"})
    number = number.strip()
    if not number:
        seq = Contract.objects.filter(filing_region=region, filed_on__year=filed_on.year) \
            .count() + 1
        number = f"{region.code}-{filed_on.year}-{seq:04d}"
    contract.filed_on, contract.filing_region = filed_on, region
    contract.filing_number, contract.updated_by = number[:40], actor
    contract.save(update_fields=["filed_on", "filing_region", "filing_number", "updated_by",
                                 "updated_at"])
    record(actor=actor, event="governance.contract.filed", target=contract,
           changes={"filed_on": [None, filed_on], "filing_number": [None, number]},
           extra={"late": contract.filed_late, "filing_due": str(contract.filing_due)})
    tasks_close_for_subject(subject=contract, kind=TASK_FILING, actor=actor,
                            note="已备案（逾期）" if contract.filed_late else "已备案")
    return contract


ATTACHMENT_EXTENSIONS = (".docx", ".pdf")


@transaction.atomic
def attachment_add(*, contract: Contract, upload: Any, caption: str = "",
                   actor: Any) -> ContractAttachment:
    """Keep a document with the contract: only Word (.docx) and PDF, checked by core.files
    (extension and content)."""
    name = str(getattr(upload, "name", ""))
    if not name.lower().endswith(ATTACHMENT_EXTENSIONS):
        raise ValidationError({"file": f"“{name}”不是 Word（.docx）或 PDF 文件"})
    stored = store_upload(upload, kinds=(FileKind.DOCUMENT,), actor=actor)
    att = ContractAttachment(contract=contract, file=stored, caption=caption.strip()[:100],
                             created_by=actor, updated_by=actor)
    att.save()
    record(actor=actor, event="governance.contract.attachment", target=contract,
           changes={"attachment": [None, stored.name]}, extra={"sha256": stored.sha256})
    return att


def _performing(contract: Contract, field: str) -> None:
    if contract.status != ContractStatus.SIGNED:
        raise ValidationError({field: "合同签订后、终结前方可登记履行情况"})


@transaction.atomic
def milestone_add(*, contract: Contract, title: str, due_on: dt.date, note: str = "",
                  actor: Any) -> Milestone:
    _performing(contract, "title")
    if not title.strip():
        raise ValidationError({"title": "请填写履行节点"})
    m = Milestone(contract=contract, title=title.strip()[:200], due_on=due_on,
                  note=note[:300], created_by=actor, updated_by=actor)
    m.save()
    record(actor=actor, event="governance.contract.milestone", target=contract,
           changes={"milestone": [None, f"{m.title}（{due_on}）"]})
    return m


@transaction.atomic
def milestone_done(*, milestone: Milestone, done_on: dt.date, actor: Any,
                   today: dt.date | None = None) -> Milestone:
    today = today or dt.date.today()
    _performing(milestone.contract, "done_on")
    if milestone.done_on is not None:
        raise ValidationError({"done_on": "该履行节点已完成"})
    if done_on > today:
        raise ValidationError({"done_on": "完成日期不能晚于今天"})
    milestone.done_on, milestone.updated_by = done_on, actor
    milestone.save(update_fields=["done_on", "updated_by", "updated_at"])
    record(actor=actor, event="governance.contract.milestone_done", target=milestone.contract,
           changes={"milestone": [milestone.title, f"{milestone.title}（{done_on} 完成）"]})
    return milestone


@transaction.atomic
def payment_add(*, contract: Contract, paid_on: dt.date, amount: Decimal, note: str = "",
                actor: Any) -> Payment:
    """A payment; refused at or below zero and when the total paid would exceed the
    contract's amount (as changed by its supplementary agreements)."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    _performing(contract, "amount")
    if amount is None or amount <= 0:
        raise ValidationError({"amount": "支付金额应大于零"})
    if contract.signed_on and paid_on < contract.signed_on:
        raise ValidationError({"paid_on": "支付日期不能早于签订日期"})
    so_far = paid(contract)
    total = current_amount(contract)
    if so_far + amount > total:
        raise ValidationError({"amount": f"累计支付 {so_far + amount:,.2f} 元，超过合同金额 "
                                         f"{total:,.2f} 元；金额变更请先签订补充协议"})
    p = Payment(contract=contract, paid_on=paid_on, amount=amount, note=note[:300],
                created_by=actor, updated_by=actor)
    p.save()
    record(actor=actor, event="governance.contract.payment", target=contract,
           changes={"payment": [None, f"{paid_on} {amount:,.2f} 元"]})
    return p


@transaction.atomic
def dispute_add(*, contract: Contract, raised_on: dt.date, kind: str, summary: str,
                actor: Any) -> Dispute:
    _performing(contract, "summary")
    if kind not in DisputeKind.values:
        raise ValidationError({"kind": "解决方式无效"})
    if not summary.strip():
        raise ValidationError({"summary": "请填写纠纷情况"})
    d = Dispute(contract=contract, raised_on=raised_on, kind=kind, summary=summary.strip(),
                created_by=actor, updated_by=actor)
    d.save()
    record(actor=actor, event="governance.contract.dispute", target=contract,
           changes={"dispute": [None, f"{d.get_kind_display()}：{d.summary[:60]}"]})
    return d


@transaction.atomic
def dispute_resolve(*, dispute: Dispute, resolved_on: dt.date, outcome: str,
                    actor: Any) -> Dispute:
    if dispute.resolved_on is not None:
        raise ValidationError({"resolved_on": "该纠纷已处理完毕"})
    if resolved_on < dispute.raised_on:
        raise ValidationError({"resolved_on": "解决日期不能早于纠纷发生日期"})
    if not outcome.strip():
        raise ValidationError({"outcome": "请填写处理结果"})
    dispute.resolved_on, dispute.outcome = resolved_on, outcome.strip()[:300]
    dispute.updated_by = actor
    dispute.save(update_fields=["resolved_on", "outcome", "updated_by", "updated_at"])
    record(actor=actor, event="governance.contract.dispute_resolved", target=dispute.contract,
           changes={"dispute": [dispute.summary[:60], dispute.outcome]})
    return dispute


@transaction.atomic
def contract_close(*, contract: Contract, closed_on: dt.date, note: str, actor: Any,
                   today: dt.date | None = None) -> Contract:
    """Close a performed contract (履行完毕 / 解除 / 终止): refused before signing, while a
    dispute is open or a supplementary agreement awaits signing; closes its to-dos."""
    today = today or dt.date.today()
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.parent_id is not None:
        raise ValidationError({"closed_on": "补充协议随原合同终结"})
    if contract.status != ContractStatus.SIGNED:
        raise ValidationError({"closed_on": "只有履行中的合同可以终结"})
    if closed_on > today:
        raise ValidationError({"closed_on": "终结日期不能晚于今天"})
    if contract.signed_on and closed_on < contract.signed_on:
        raise ValidationError({"closed_on": "终结日期不能早于签订日期"})
    if not note.strip():
        raise ValidationError({"note": "请填写终结说明（履行完毕、协议解除或终止等）"})
    if open_disputes := contract.disputes.filter(resolved_on__isnull=True).count():
        raise ValidationError({"closed_on": f"还有 {open_disputes} 起纠纷未处理完毕"})
    if contract.changes.filter(status=ContractStatus.DRAFT).exists():
        raise ValidationError({"closed_on": "还有未签订的补充协议"})
    contract.status, contract.closed_on = ContractStatus.CLOSED, closed_on
    contract.closing_note, contract.updated_by = note.strip()[:300], actor
    contract.save(update_fields=["status", "closed_on", "closing_note", "updated_by",
                                 "updated_at"])
    record(actor=actor, event="governance.contract.closed", target=contract,
           changes={"status": [ContractStatus.SIGNED, ContractStatus.CLOSED],
                    "closed_on": [None, closed_on]})
    tasks_close_for_subject(subject=contract, kind=TASK_ENDING, actor=actor, note="合同已终结")
    return contract


# --- the daily scan ------------------------------------------------------------------------

def _open_task(contract: Contract, kind: str) -> bool:
    return Task.objects.open().filter(kind=kind, subject_type=contract._meta.label_lower,
                                      subject_id=str(contract.pk)).exists()


@transaction.atomic
def contract_scan(*, today: dt.date, actor: Any) -> dict[str, int]:
    """One open to-do per contract: for the bureau, each signed contract not filed by its
    deadline (逾期未备案); for the agency, each contract in performance ending within
    JIGUAN_GOVERNANCE_CONTRACT_ENDING_DAYS. Idempotent."""
    made = {"filing": 0, "ending": 0}
    overdue = Contract.objects.exclude(status=ContractStatus.DRAFT) \
        .filter(filed_on__isnull=True, filing_due__lt=today) \
        .select_related("agency__region")
    for c in overdue:
        if _open_task(c, TASK_FILING):
            continue
        task_create(kind=TASK_FILING, title=f"重大合同逾期未备案：{c.title}",
                    assignee_role=Role.BUREAU_STAFF, region=c.agency.region, subject=c,
                    subject_url=_url(c), due_date=c.filing_due,
                    detail=f"{c.agency.name}于 {c.signed_on} 签订，备案期限 {c.filing_due}"
                           f"（{rules.filing_period_text()}）。", actor=actor)
        made["filing"] += 1
    ending = Contract.objects.filter(status=ContractStatus.SIGNED, parent__isnull=True,
                                     ends_on__gte=today,
                                     ends_on__lte=today + dt.timedelta(days=rules.ending_days())) \
        .select_related("agency__region")
    for c in ending:
        if _open_task(c, TASK_ENDING):
            continue
        task_create(kind=TASK_ENDING, title=f"重大合同即将到期：{c.title}",
                    assignee_role=Role.AGENCY_REPORTER, region=c.agency.region,
                    agency=c.agency, subject=c, subject_url=_url(c), due_date=c.ends_on,
                    detail=f"履行期限至 {c.ends_on}；请办理续签、验收结算或终结。", actor=actor)
        made["ending"] += 1
    return made

