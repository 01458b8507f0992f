"""Every write of targets and quotas: five-year target plans, yearly quotas (能耗定额,
《公共机构节能条例》第十六、十七条) and their breaches.

An institution over its quota explains in writing to the bureau: the breach opens a to-do
for the institution's reporter; the reporter's explanation goes to the bureau, which
accepts it or sends it back. A breach clears itself when corrected readings bring the
institution back under its quota, and reopens when it goes over again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from jiguan.access.roles import Role
from jiguan.audit.record import diff, record, snapshot
from jiguan.energy.models import AgencyYear, BreachStatus, Quota, QuotaBreach, TargetPlan
from jiguan.orgs.models import Agency
from jiguan.todo.actions import task_create, tasks_close_for_subject

TASK_KIND = "energy.quota_breach"
# Days the institution has to explain a breach ([R]: the regulation names no period).
EXPLAIN_DAYS = 30
QUOTA_FIELDS = ("kgce_quota", "water_quota")
PLAN_FIELDS = ("name", "baseline_year", "end_year", "per_capita_pct", "per_area_pct",
               "water_per_capita_pct")


def _open_task(breach: QuotaBreach, actor: Any) -> None:
    label = breach.get_kind_display()
    unit = "kgce" if breach.kind == "kgce" else "m³"
    task_create(
        kind=TASK_KIND, assignee_role=Role.AGENCY_REPORTER,
        title=f"说明{breach.year}年{label}超定额原因",
        detail=f"{breach.year}年{label} {breach.actual:,} {unit}，"
               f"超过定额 {breach.quota:,} {unit}。"
               "依据《公共机构节能条例》第十七条，超过能源消耗定额的，应向机关事务管理机构"
               "作出说明。",
        region=breach.agency.region, agency=breach.agency, subject=breach,
        subject_url=reverse("energy:breach_detail", args=[breach.pk]),
        due_date=timezone.localdate() + dt.timedelta(days=EXPLAIN_DAYS), actor=actor)


def any_for_years(years: Iterable[int]) -> bool:
    """Whether any institution has a quota in one of the years (or a breach to clear)."""
    years = set(years)
    return bool(years) and (Quota.objects.filter(year__in=years).exists()
                            or QuotaBreach.objects.filter(year__in=years).exists())


def sync_breaches(agency_years: Iterable[tuple[int, int]], *, actor: Any) -> dict[str, int]:
    """Open, update or clear the breaches of the (agency, year) pairs whose totals changed.
    Runs in the writing transaction (after the summaries were rebuilt)."""
    keys = set(agency_years)
    counts = {"opened": 0, "cleared": 0}
    if not keys:
        return counts
    years = {y for _, y in keys}
    agency_ids = {a for a, _ in keys}
    quotas = {(q.agency_id, q.year): q for q in Quota.objects.filter(
        year__in=years, agency_id__in=agency_ids)}
    if not quotas:
        return counts
    totals = {(a.agency_id, a.year): a for a in AgencyYear.objects.filter(
        year__in=years, agency_id__in={a for a, _ in quotas})}
    breaches = {(b.agency_id, b.year, b.kind): b for b in QuotaBreach.objects.filter(
        year__in=years, agency_id__in={a for a, _ in quotas}).select_related("agency__region")}
    for key, quota in quotas.items():
        if key not in keys:
            continue
        total = totals.get(key)
        checks: list[tuple[str, Decimal | None, Decimal]] = [
            ("kgce", quota.kgce_quota, total.kgce if total else Decimal(0)),
            ("water", quota.water_quota, total.water if total else Decimal(0))]
        for kind, limit, actual in checks:
            breach = breaches.get((key[0], key[1], kind))
            over = limit is not None and actual > limit
            if over and limit is not None:
                counts["opened"] += _open_or_update(breach, quota, kind, limit, actual, actor)
            elif breach is not None and breach.status != BreachStatus.CLEARED:
                breach.status = BreachStatus.CLEARED
                breach.actual = Decimal(actual).quantize(Decimal("0.01"))
                breach.save(update_fields=["status", "actual", "updated_at"])
                tasks_close_for_subject(subject=breach, kind=TASK_KIND, actor=actor,
                                        note="数据更正后已不超定额")
                record(actor=actor, event="energy.breach.cleared", target=breach,
                       changes={"status": ["超定额", "已消除"]})
                counts["cleared"] += 1
    return counts


def _open_or_update(breach: QuotaBreach | None, quota: Quota, kind: str, limit: Decimal,
                    actual: Decimal, actor: Any) -> int:
    actual = Decimal(actual).quantize(Decimal("0.01"))
    if breach is None:
        breach = QuotaBreach.objects.create(agency=quota.agency, year=quota.year, kind=kind,
                                            quota=limit, actual=actual)
        record(actor=actor, event="energy.breach.opened", target=breach,
               changes={"actual": [None, actual], "quota": [None, limit]})
        _open_task(breach, actor)
        return 1
    reopened = breach.status == BreachStatus.CLEARED
    if breach.actual == actual and breach.quota == limit and not reopened:
        return 0
    before = snapshot(breach, ("status", "actual", "quota"))
    breach.actual, breach.quota = actual, limit
    if reopened:
        breach.status = BreachStatus.OPEN
    breach.save(update_fields=["actual", "quota", "status", "updated_at"])
    record(actor=actor, event="energy.breach.updated", target=breach,
           changes=diff(before, snapshot(breach, ("status", "actual", "quota"))))
    if reopened:
        _open_task(breach, actor)
        return 1
    return 0


@transaction.atomic
def quota_set(*, agency: Agency, year: int, data: Mapping[str, Any], actor: Any) -> Quota:
    """Set an institution's quota for a year; the breach check runs at once."""
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise ValidationError({"year": f"年度应在 2000 至 {timezone.localdate().year + 1} 之间"})
    quota = Quota.objects.filter(agency=agency, year=year).first()
    before = snapshot(quota, QUOTA_FIELDS) if quota else {}
    if quota is None:
        quota = Quota(agency=agency, year=year, created_by=actor)
    for k in QUOTA_FIELDS:
        if k in data:
            setattr(quota, k, data[k])
    quota.updated_by = actor
    quota.full_clean()
    quota.save()
    record(actor=actor, event="energy.quota.set", target=quota,
           changes=diff(before, snapshot(quota, QUOTA_FIELDS)))
    sync_breaches({(agency.pk, year)}, actor=actor)
    return quota


@transaction.atomic
def breach_explain(*, breach: QuotaBreach, explanation: str, actor: Any) -> QuotaBreach:
    text = explanation.strip()
    if len(text) < 10:
        raise ValidationError({"explanation": "请填写超定额原因（至少 10 个字）"})
    if breach.status == BreachStatus.CLEARED:
        raise ValidationError({"explanation": "该超定额已消除，无需说明"})
    before = snapshot(breach, ("status", "explanation"))
    breach.explanation, breach.status = text, BreachStatus.EXPLAINED
    breach.explained_at = timezone.now()
    breach.updated_by = actor
    breach.save()
    tasks_close_for_subject(subject=breach, kind=TASK_KIND, actor=actor, note="已提交说明")
    record(actor=actor, event="energy.breach.explained", target=breach,
           changes=diff(before, snapshot(breach, ("status", "explanation"))))
    return breach


@transaction.atomic
def breach_review(*, breach: QuotaBreach, accept: bool, note: str, actor: Any) -> QuotaBreach:
    """The bureau accepts the explanation, or sends it back (a new to-do)."""
    if breach.status != BreachStatus.EXPLAINED:
        raise ValidationError({"status": "只能审核已说明的超定额"})
    if not accept and not note.strip():
        raise ValidationError({"reviewed_note": "退回时请填写意见"})
    before = snapshot(breach, ("status", "reviewed_note"))
    breach.status = BreachStatus.ACCEPTED if accept else BreachStatus.OPEN
    breach.reviewed_note = note.strip()[:300]
    breach.updated_by = actor
    breach.save()
    record(actor=actor, event="energy.breach.reviewed", target=breach,
           changes=diff(before, snapshot(breach, ("status", "reviewed_note"))))
    if not accept:
        _open_task(breach, actor)
    return breach


@transaction.atomic
def target_save(*, plan: TargetPlan, data: Mapping[str, Any], actor: Any) -> TargetPlan:
    """Create or edit a plan (for a region or an institution, one per end year)."""
    before = snapshot(plan, PLAN_FIELDS) if plan.pk else {}
    for k in PLAN_FIELDS:
        if k in data:
            setattr(plan, k, data[k])
    if plan.end_year <= plan.baseline_year:
        raise ValidationError({"end_year": "目标年应晚于基准年"})
    if not plan.pk:
        plan.created_by = actor
    plan.updated_by = actor
    plan.full_clean(validate_constraints=False)
    owner: dict[str, Any] = ({"agency": plan.agency} if plan.agency_id
                             else {"region": plan.region})
    if TargetPlan.objects.filter(end_year=plan.end_year, **owner).exclude(pk=plan.pk).exists():
        raise ValidationError({"end_year": f"该{'单位' if plan.agency_id else '区划'}已有"
                                           f"目标年为 {plan.end_year} 的节能目标"})
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:  # a concurrent save of the same plan
        raise ValidationError({"end_year": "该目标年的节能目标已存在"}) from None
    record(actor=actor, event="energy.target.saved", target=plan,
           changes=diff(before, snapshot(plan, PLAN_FIELDS)))
    return plan
