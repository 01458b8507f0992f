"""Reads of the supervision shared by the pages, the API and the exports: the holdings with
their latest statement, the filtered statement, matter and issue lists, and a holding's
statements over time for its chart."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import OuterRef, Q, Subquery

from jiguan.access.models import Region
from jiguan.assets.entities.models import Entity, EntityStatus
from jiguan.assets.supervision.forms import IssueFilterForm, MatterFilterForm, StatementFilterForm
from jiguan.assets.supervision.models import (
    BoardIssue,
    IssueStatus,
    MajorMatter,
    MatterStatus,
    Period,
    Statement,
    SupervisoryBoard,
)


def holdings(user: Any, perm: str | None = None) -> Any:
    """The group's holdings the user sees."""
    return Entity.objects.visible_to(user, perm).filter(status=EntityStatus.HOLDING)


def holdings_with_latest(user: Any, params: Any) -> tuple[Any, StatementFilterForm]:
    """The holdings, each with its latest annual statement's indicators (annotated)."""
    form = StatementFilterForm(params or None, regions=Region.objects.visible_to(user))
    latest = Statement.objects.filter(entity=OuterRef("pk"), period=Period.ANNUAL).order_by(
        "-year")
    qs = holdings(user).select_related("region").annotate(
        latest_year=Subquery(latest.values("year")[:1]),
        latest_equity=Subquery(latest.values("equity")[:1]),
        latest_ratio=Subquery(latest.values("maintenance_ratio")[:1]),
        latest_debt=Subquery(latest.values("debt_ratio")[:1]),
        latest_margin=Subquery(latest.values("profit_margin")[:1]))
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(name__icontains=d["q"])
        if d.get("region"):
            qs = qs.filter(region__path__startswith=d["region"].path)
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("region__path", "name"), form


def statements_for(user: Any, params: Any) -> tuple[Any, StatementFilterForm]:
    form = StatementFilterForm(params or None, regions=Region.objects.visible_to(user))
    qs = Statement.objects.visible_to(user).select_related("entity", "entity__region")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(entity__name__icontains=d["q"])
        if d.get("year"):
            qs = qs.filter(year=d["year"])
        if d.get("period"):
            qs = qs.filter(period=d["period"])
        if d.get("region"):
            qs = qs.filter(entity__region__path__startswith=d["region"].path)
        warning = d.get("warning")
        if warning in ("yes", "open"):
            qs = qs.filter(warning_count__gt=0)
        if warning == "open":
            qs = qs.filter(reviewed_on__isnull=True)
        if warning == "no":
            qs = qs.filter(warning_count=0)
    elif form.is_bound:
        qs = qs.none()
    job = str((params or {}).get("job") or "")
    if job.isdigit():
        qs = qs.filter(import_job_id=int(job))
    return qs.order_by("-period_end", "entity__name"), form


def matters_for(user: Any, params: Any) -> tuple[Any, MatterFilterForm]:
    form = MatterFilterForm(params or None)
    qs = MajorMatter.objects.visible_to(user).select_related("entity", "acknowledged_by")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(Q(entity__name__icontains=d["q"]) | Q(title__icontains=d["q"]))
        for name in ("kind", "status"):
            if d.get(name):
                qs = qs.filter(**{name: d[name]})
        if d.get("date_from"):
            qs = qs.filter(reported_on__gte=d["date_from"])
        if d.get("date_to"):
            qs = qs.filter(reported_on__lte=d["date_to"])
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("-reported_on", "-pk"), form


def issues_for(user: Any, params: Any) -> tuple[Any, IssueFilterForm]:
    form = IssueFilterForm(params or None, boards=SupervisoryBoard.objects.visible_to(user))
    qs = BoardIssue.objects.visible_to(user).select_related("board", "company")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(Q(company__name__icontains=d["q"])
                           | Q(description__icontains=d["q"]))
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("board"):
            qs = qs.filter(board=d["board"])
        if d.get("overdue"):
            qs = qs.filter(status=IssueStatus.OPEN, due_date__lt=dt.date.today())
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("status", "due_date", "pk"), form


def pending_counts(user: Any) -> dict[str, int]:
    """What waits for the bureau: unreviewed warnings, matters to acknowledge, open issues."""
    return {
        "warnings": Statement.objects.visible_to(user).filter(
            warning_count__gt=0, reviewed_on__isnull=True).count(),
        "matters": MajorMatter.objects.visible_to(user)
        .filter(status=MatterStatus.PENDING).count(),
        "issues": BoardIssue.objects.visible_to(user).filter(status=IssueStatus.OPEN).count(),
    }


def chart(statements: list[Statement]) -> dict[str, Any]:
    """The holding's statements over time for its ECharts chart (the annual ones; a holding
    with quarterly figures only is drawn from those)."""
    rows = [s for s in statements if s.period == Period.ANNUAL] or statements

    def num(v: Any) -> float | None:
        return None if v is None else float(v)

    def wan(v: Any) -> float:
        return round(float(v) / 10_000, 2)

    return {
        "title": "主要财务指标",
        "labels": [s.label for s in rows],
        "money": [
            {"name": "营业收入（万元）", "data": [wan(s.revenue) for s in rows]},
            {"name": "利润总额（万元）", "data": [wan(s.profit) for s in rows]},
            {"name": "所有者权益（万元）", "data": [wan(s.equity) for s in rows]},
        ],
        "ratios": [
            {"name": "保值增值率（%）", "data": [num(s.maintenance_ratio) for s in rows]},
            {"name": "资产负债率（%）", "data": [num(s.debt_ratio) for s in rows]},
        ],
    }
