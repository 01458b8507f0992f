"""Every write of the purchases, each in one transaction with its audit row: register a
purchase (:func:`purchase_create`), then its steps planned → procured → contracted → in
service → evaluated → closed, the contract's publication, and the expiry reminders
(:func:`contract_remind`). The rules refuse here, whatever the interface: no budget, an item
outside the buyer's catalogue or on the negative list, an ineligible buyer or supplier, a
term over the limit without its reason, a contract over its budget."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jiguan.access.roles import Perm, Role
from jiguan.access.scope import can_at
from jiguan.audit.record import record
from jiguan.core.numbers import format_quantity
from jiguan.orgs.rules import credit_code_problem
from jiguan.services.catalogue import rules as catalogue_rules
from jiguan.services.catalogue.actions import check_not_negative
from jiguan.services.catalogue.models import Supplier
from jiguan.services.purchases import rules
from jiguan.services.purchases.models import (
    Contract,
    Purchase,
    PurchaseLine,
    PurchaseStatus,
)
from jiguan.services.purchases.queries import (
    catalogue_in_force,
    contracts_to_remind,
    purchase_url,
)
from jiguan.todo.actions import task_create, tasks_close_for_subject

CONTRACT_FIELDS = ("contract_no", "price", "signed_on", "start_date", "end_date",
                   "long_term_reason", "published_on", "settlement", "pay_excellent",
                   "pay_good", "pay_pass", "pay_fail")


def _is_user(actor: Any) -> bool:
    return getattr(actor, "is_authenticated", False)


def check_buyer(agency: Any, actor: Any) -> None:
    """The buyer: in the actor's scope, active, and a 国家机关 (第五、六、八条)."""
    if _is_user(actor) and not can_at(actor, Perm.BUY_SERVICES, region_path=agency.region.path,
                                      agency_id=agency.pk):
        raise ValidationError({"agency": "所选单位不在您的权限范围内"})
    if agency.status != "active":
        raise ValidationError(
            {"agency": f"{agency.name}{agency.get_status_display()}，不能购买服务"})
    buyer_class = catalogue_rules.default_buyer_class(agency.type_code)
    refusal = catalogue_rules.buyer_refusal(buyer_class)
    if refusal:
        raise ValidationError({"agency": rules.buyer_refusal_text(
            agency.name, agency.get_type_code_display(), catalogue_rules.BUYER_RULE)})


def check_supplier(supplier: Supplier) -> None:
    """The supplier: an eligible kind (第八条: not 公益一类) and a valid credit code."""
    refusal = catalogue_rules.supplier_refusal(supplier.kind)
    if refusal:
        raise ValidationError({"supplier": f"{supplier.name}：{refusal}"})
    problem = credit_code_problem(supplier.credit_code)
    if problem:
        raise ValidationError({"supplier": f"{supplier.name}的统一社会信用代码有误：{problem}"})


def _check_lines(agency: Any, year: int, lines: Sequence[Mapping[str, Any]]) -> None:
    if not lines:
        raise ValidationError({"item_1": "请至少选择一个服务事项"})
    codes = [line["item"].code for line in lines]
    if len(set(codes)) != len(codes):
        raise ValidationError({"item_1": "同一项目中服务事项不能重复"})
    catalogue = catalogue_in_force(agency.region, year)
    if catalogue is None:
        raise ValidationError({"year": (f"{agency.region.name}及其上级尚未发布{year}年度"
                                        f"指导性目录，不能购买：{rules.BUDGET_RULE}")})
    allowed = set(catalogue.items.values_list("pk", flat=True))
    for n, line in enumerate(lines, start=1):
        item = line["item"]
        check_not_negative(item.name, field=f"item_{n}")
        if item.pk not in allowed:
            raise ValidationError({f"item_{n}": (
                f"“{item.name}”不在{catalogue.title}内（{catalogue.region.name}已删减或未列入），"
                f"不得购买：{rules.BUDGET_RULE}")})
        if line.get("quantity") is None or line["quantity"] <= 0:
            raise ValidationError({f"quantity_{n}": f"请填写服务事项 {n} 的数量"})


@transaction.atomic
def purchase_create(*, data: Mapping[str, Any], actor: Any) -> Purchase:
    """Register a planned purchase: the buyer, the items (in the buyer's catalogue, off the
    negative list), the budget line and amount (先有预算后购买) and the method."""
    agency = data["agency"]
    check_buyer(agency, actor)
    budget_line = str(data.get("budget_line") or "").strip()
    amount = data.get("budget_amount")
    if not budget_line:
        raise ValidationError(
            {"budget_line": f"请填写预算项目，未安排预算不得购买：{rules.BUDGET_RULE}"})
    if amount is None or amount <= 0:
        raise ValidationError(
            {"budget_amount": f"请填写预算金额，未安排预算不得购买：{rules.BUDGET_RULE}"})
    title = str(data.get("title") or "").strip()
    check_not_negative(title, field="title")
    lines = list(data.get("lines") or [])
    _check_lines(agency, int(data["year"]), lines)
    estimate = sum((line["quantity"] * line["unit_price"] for line in lines
                    if line.get("unit_price") is not None), Decimal(0))
    if estimate > amount:
        raise ValidationError({"budget_amount": (
            f"数量×单价合计 {format_quantity(estimate, 'money')} 超过预算金额 "
            f"{format_quantity(amount, 'money')}：{rules.BUDGET_RULE}")})
    p = Purchase(agency=agency, year=data["year"], title=title,
                 category=lines[0]["item"].category, budget_line=budget_line,
                 budget_amount=amount, method=data["method"], note=data.get("note") or "",
                 created_by=actor if _is_user(actor) else None,
                 updated_by=actor if _is_user(actor) else None)
    p.full_clean()
    p.save()
    for line in lines:
        pl = PurchaseLine(purchase=p, item=line["item"], quantity=line["quantity"],
                          unit_price=line.get("unit_price"))
        pl.full_clean(exclude=["purchase"])
        pl.save()
    record(actor=actor, event="services.purchase.created", target=p, changes={
        "title": [None, title], "agency": [None, agency.name], "year": [None, p.year],
        "budget_line": [None, budget_line], "budget_amount": [None, amount],
        "method": [None, p.get_method_display()],
        "items": [None, [f"{line['item'].code}×{line['quantity']}" for line in lines]]})
    return p


def _locked(purchase: Purchase) -> Purchase:
    return (Purchase.objects.select_for_update(of=("self",))
            .select_related("agency", "agency__region", "supplier").get(pk=purchase.pk))


def _expect(purchase: Purchase, status: str, doing: str) -> None:
    if purchase.status != status:
        raise ValidationError({"status": (f"项目当前为“{purchase.get_status_display()}”，"
                                          f"不能{doing}")})


def _move(purchase: Purchase, to: str, actor: Any, event: str,
          changes: dict[str, Any]) -> Purchase:
    before = purchase.get_status_display()
    purchase.status = to
    purchase.updated_by = actor if _is_user(actor) else None
    purchase.save()
    record(actor=actor, event=event, target=purchase,
           changes={"status": [before, purchase.get_status_display()], **changes})
    return purchase


@transaction.atomic
def purchase_procure(*, purchase: Purchase, supplier: Supplier, procured_on: dt.date,
                     actor: Any) -> Purchase:
    """planned → procured: the supplier chosen by the method (eligible, credit code valid)."""
    purchase = _locked(purchase)
    _expect(purchase, PurchaseStatus.PLANNED, "登记采购结果")
    check_supplier(supplier)
    purchase.supplier = supplier
    purchase.procured_on = procured_on
    return _move(purchase, PurchaseStatus.PROCURED, actor, "services.purchase.procured",
                 {"supplier": [None, f"{supplier.name}（{supplier.credit_code}）"],
                  "procured_on": [None, procured_on]})


def contract_errors(purchase: Purchase, data: Mapping[str, Any]) -> dict[str, str]:
    errors = rules.term_errors(start=data.get("start_date"), end=data.get("end_date"),
                               reason=str(data.get("long_term_reason") or ""))
    price = data.get("price")
    if price is not None and price > purchase.budget_amount:
        errors["price"] = (f"合同金额 {format_quantity(price, 'money')} 超过预算金额 "
                           f"{format_quantity(purchase.budget_amount, 'money')}："
                           f"{rules.BUDGET_RULE}")
    published, signed = data.get("published_on"), data.get("signed_on")
    if published and signed and published < signed:
        errors["published_on"] = "合同公告日期不能早于签订日期"
    errors.update(rules.pay_rule_errors({k: data.get(k) for k in (
        "pay_excellent", "pay_good", "pay_pass", "pay_fail")}))
    return errors


@transaction.atomic
def purchase_contract(*, purchase: Purchase, data: Mapping[str, Any], actor: Any) -> Contract:
    """procured → contracted: the written contract with price (within the budget), term
    (第二十四条) and the payment rule per evaluation grade."""
    purchase = _locked(purchase)
    _expect(purchase, PurchaseStatus.PROCURED, "签订合同")
    errors = contract_errors(purchase, data)
    if errors:
        raise ValidationError(errors)
    c = Contract(purchase=purchase, created_by=actor if _is_user(actor) else None,
                 updated_by=actor if _is_user(actor) else None)
    for k in CONTRACT_FIELDS:
        if data.get(k) is not None:
            setattr(c, k, data[k])
    if not rules.is_long_term(c.start_date, c.end_date):
        c.long_term_reason = ""
    c.full_clean(exclude=["purchase"])
    c.save()
    _move(purchase, PurchaseStatus.CONTRACTED, actor, "services.purchase.contracted",
          {k: [None, getattr(c, k)] for k in CONTRACT_FIELDS if getattr(c, k) not in ("", None)})
    return c


@transaction.atomic
def contract_publish(*, purchase: Purchase, published_on: dt.date, actor: Any) -> Contract:
    """Record the contract's public announcement (第二十三条)."""
    purchase = _locked(purchase)
    contract = Contract.objects.select_for_update().filter(purchase=purchase).first()
    if contract is None:
        raise ValidationError({"published_on": "项目尚未签订合同"})
    if published_on < contract.signed_on:
        raise ValidationError({"published_on": "合同公告日期不能早于签订日期"})
    before = contract.published_on
    contract.published_on = published_on
    contract.updated_by = actor if _is_user(actor) else None
    contract.save()
    record(actor=actor, event="services.contract.published", target=purchase,
           changes={"published_on": [before, published_on]})
    return contract


@transaction.atomic
def purchase_start(*, purchase: Purchase, started_on: dt.date, actor: Any) -> Purchase:
    """contracted → in service: only once the contract is announced (第二十三条)."""
    purchase = _locked(purchase)
    _expect(purchase, PurchaseStatus.CONTRACTED, "开始服务")
    contract = Contract.objects.get(purchase=purchase)
    if contract.published_on is None:
        raise ValidationError({"started_on": f"合同尚未公告，不能开始服务：{rules.PUBLISH_RULE}"})
    purchase.service_started_on = started_on
    return _move(purchase, PurchaseStatus.IN_SERVICE, actor, "services.purchase.started",
                 {"service_started_on": [None, started_on]})


@transaction.atomic
def purchase_evaluate(*, purchase: Purchase, note: str = "", actor: Any) -> Purchase:
    """in service → evaluated (the evaluations of part 4 are its basis)."""
    purchase = _locked(purchase)
    _expect(purchase, PurchaseStatus.IN_SERVICE, "登记评价完成")
    purchase.evaluated_note = note
    return _move(purchase, PurchaseStatus.EVALUATED, actor, "services.purchase.evaluated",
                 {"evaluated_note": [None, note]})


@transaction.atomic
def purchase_close(*, purchase: Purchase, note: str = "", actor: Any) -> Purchase:
    """evaluated → closed; the contract's expiry to-do is settled."""
    purchase = _locked(purchase)
    _expect(purchase, PurchaseStatus.EVALUATED, "关闭")
    purchase.closed_note = note
    tasks_close_for_subject(subject=purchase, kind=rules.TASK_EXPIRY, actor=actor,
                            note="项目已关闭")
    return _move(purchase, PurchaseStatus.CLOSED, actor, "services.purchase.closed",
                 {"closed_note": [None, note]})


def _remind(contract: Contract, actor: Any) -> None:
    purchase = contract.purchase
    task_create(kind=rules.TASK_EXPIRY,
                title=f"购买服务合同将于{contract.end_date:%Y-%m-%d}到期：{purchase.title}",
                detail=("请及时组织绩效评价，并按“先有预算后购买”安排下一期预算和采购"
                        f"（合同编号 {contract.contract_no}）。"),
                assignee_role=Role.AGENCY_REPORTER, region=purchase.agency.region,
                agency=purchase.agency, subject=purchase, subject_url=purchase_url(purchase),
                due_date=contract.end_date, actor=actor)
    Contract.objects.filter(pk=contract.pk).update(reminded_for=contract.end_date)
    record(actor=actor, event="services.contract.reminded", target=purchase,
           changes={"reminded_for": [None, contract.end_date]})


@transaction.atomic
def contract_remind(*, today: dt.date | None = None, actor: Any = None) -> int:
    """Raise the expiry to-do of every running contract entering its reminder window (once
    per end date). Run daily (``manage.py services_contract_reminders``)."""
    count = 0
    for contract in contracts_to_remind(today or timezone.localdate()).select_for_update(
            of=("self",)):
        _remind(contract, actor)
        count += 1
    return count
