"""Reads of the major contracts shared by the pages, the API and the export: the filtered
register (filing state derived from today's date), the counts and amounts by kind and year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum

from jiguan.access.models import Region
from jiguan.core.scoping import visible_or_404
from jiguan.core.search import search
from jiguan.governance.contracts.forms import LATE, ContractFilterForm
from jiguan.governance.contracts.models import (
    Contract,
    ContractKind,
    ContractStatus,
    FilingState,
)
from jiguan.governance.decisions.models import Decision, DecisionResult


def filing_q(state: str, today: dt.date) -> Q:
    """The contracts in a filing state (FilingState, or LATE: overdue or filed late)."""
    signed = ~Q(status=ContractStatus.DRAFT)
    unfiled = signed & Q(filed_on__isnull=True)
    if state == FilingState.NOT_DUE:
        return Q(status=ContractStatus.DRAFT)
    if state == FilingState.PENDING:
        return unfiled & Q(filing_due__gte=today)
    if state == FilingState.OVERDUE:
        return unfiled & Q(filing_due__lt=today)
    if state == FilingState.FILED:
        return Q(filed_on__isnull=False, filed_on__lte=F("filing_due"))
    if state == FilingState.FILED_LATE:
        return Q(filed_on__isnull=False, filed_on__gt=F("filing_due"))
    if state == LATE:
        return (unfiled & Q(filing_due__lt=today)) | Q(filed_on__isnull=False,
                                                       filed_on__gt=F("filing_due"))
    return Q()


def filing_state(contract: Contract, today: dt.date) -> str:
    if contract.status == ContractStatus.DRAFT:
        return FilingState.NOT_DUE
    if contract.filed_on is None:
        return (FilingState.OVERDUE if contract.filing_due and contract.filing_due < today
                else FilingState.PENDING)
    return FilingState.FILED_LATE if contract.filed_late else FilingState.FILED


def contracts_for(user: Any, params: Any,
                  today: dt.date | None = None) -> tuple[Any, ContractFilterForm]:
    """The contracts the user sees, filtered by region, kind, status, filing state and
    signing year, and searched by title, number and counterparty (name or credit code)."""
    today = today or dt.date.today()
    form = ContractFilterForm(params or None, regions=Region.objects.visible_to(user)
                              .order_by("path"))
    qs = Contract.objects.visible_to(user).select_related("agency", "agency__region",
                                                          "parent")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("region"):
            qs = qs.filter(agency__region__path__startswith=d["region"].path)
        for name in ("kind", "status"):
            if d.get(name):
                qs = qs.filter(**{name: d[name]})
        if d.get("filing"):
            qs = qs.filter(filing_q(d["filing"], today))
        if d.get("year"):
            qs = qs.filter(signed_on__year=d["year"])
        if d.get("q"):
            qs = search(qs, d["q"])
    elif form.is_bound:
        qs = qs.none()
    return qs, form


def counts(user: Any, params: Any = None, today: dt.date | None = None) -> dict[str, Any]:
    """Counts and amounts of the contracts (supplementary agreements not counted twice) by
    kind and signing year, within the register's filters, and the filing figures."""
    today = today or dt.date.today()
    qs, form = contracts_for(user, params, today)
    qs = qs.filter(parent__isnull=True)
    labels = dict(ContractKind.choices)
    by_kind = [{"kind": row["kind"], "label": labels.get(row["kind"], row["kind"]),
                "total": row["total"], "amount": row["amount"] or Decimal(0)}
               for row in qs.values("kind").annotate(total=Count("pk"), amount=Sum("amount"))
               .order_by("kind")]
    by_year = list(qs.exclude(signed_on__isnull=True).values("signed_on__year", "kind")
                   .annotate(total=Count("pk"), amount=Sum("amount"))
                   .order_by("-signed_on__year", "kind"))
    for row in by_year:
        row["year"] = row.pop("signed_on__year")
        row["label"] = labels.get(row["kind"], row["kind"])
    figures = qs.aggregate(
        total=Count("pk"), amount=Sum("amount"),
        overdue=Count("pk", filter=filing_q(FilingState.OVERDUE, today)),
        filed_late=Count("pk", filter=filing_q(FilingState.FILED_LATE, today)),
        pending=Count("pk", filter=filing_q(FilingState.PENDING, today)))
    figures["amount"] = figures["amount"] or Decimal(0)
    return {"form": form, "by_kind": by_kind, "by_year": by_year, **figures}


def contract_or_404(user: Any, pk: int) -> Contract:
    """The contract in the user's scope, or 404 (outside the scope answers as missing)."""
    return visible_or_404(Contract.objects.select_related("agency", "agency__region",
                                                          "parent", "filing_region"),
                          user, pk=pk)


def decisions_for(user: Any) -> Any:
    """The decisions a contract of `user` may follow from (the form's choices): adopted
    decisions the user sees; the action checks the region against the contract's agency."""
    return Decision.objects.visible_to(user).filter(result=DecisionResult.ADOPT) \
        .select_related("agency").order_by("-decided_on", "-pk")


def decision_of(user: Any, contract: Contract) -> Any:
    """The decision the contract follows from, when the user may open it (else None: the
    page then names it without a link)."""
    if contract.decision_id is None:
        return None
    return Decision.objects.visible_to(user).filter(pk=contract.decision_id).first()
