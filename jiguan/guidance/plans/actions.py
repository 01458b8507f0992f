"""Every write of the five-year plan: one transaction with its audit row. A target's
progress check opens a to-do for the plan's owner region for each target off track and
closes it when the target is back on track."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from jiguan.access.models import Region, RegionLevel
from jiguan.access.roles import Role
from jiguan.assessment import measures
from jiguan.audit.record import diff, record, snapshot
from jiguan.guidance.plans import queries, rules
from jiguan.guidance.plans.models import (
    Direction,
    Plan,
    Review,
    ReviewItem,
    SourceKind,
    Target,
    TargetValue,
)

PLAN_FIELDS = ("name", "title", "start_year", "end_year", "baseline_year", "note")
TARGET_FIELDS = ("indicator", "unit", "baseline_year", "baseline_value", "target_value",
                 "direction", "division", "source", "measure", "order", "note")
OFF_TRACK_TASK = "guidance.target_off_track"


def _fill(obj: Any, fields: tuple[str, ...], data: Mapping[str, Any]) -> None:
    for name in fields:
        if name in data:
            value = data[name]
            if value is None and name in ("unit", "division", "measure", "note", "title"):
                value = ""
            if value is None and name == "order":
                value = 0
            setattr(obj, name, value)


def default_title(plan: Plan) -> str:
    return f"{plan.region.name}机关事务工作“{plan.name}”发展规划"


@transaction.atomic
def plan_create(*, region: Region, data: Mapping[str, Any], actor: Any) -> Plan:
    if region.level not in (RegionLevel.PROVINCE, RegionLevel.CITY):
        raise ValidationError("发展规划由省、市机关事务管理部门制定")
    plan = Plan(region=region, created_by=actor, updated_by=actor)
    _fill(plan, PLAN_FIELDS, data)
    if plan.baseline_year is None and plan.start_year:
        plan.baseline_year = plan.start_year - 1
    errors = rules.period_problem(plan.start_year, plan.end_year, plan.baseline_year)
    if errors:
        raise ValidationError(errors)
    if Plan.objects.filter(region=region, start_year=plan.start_year).exists():
        raise ValidationError({"start_year": f"{region.name}{plan.start_year} 年起的规划已存在"})
    plan.title = plan.title or default_title(plan)
    plan.full_clean()
    plan.save()
    record(actor=actor, event="guidance.plan.created", target=plan, region=region,
           changes={k: [None, v] for k, v in snapshot(plan, PLAN_FIELDS).items()})
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, data: Mapping[str, Any], actor: Any) -> Plan:
    plan = Plan.objects.select_for_update().select_related("region").get(pk=plan.pk)
    before = snapshot(plan, PLAN_FIELDS)
    _fill(plan, PLAN_FIELDS, data)
    if plan.baseline_year is None and plan.start_year:
        plan.baseline_year = plan.start_year - 1
    errors = rules.period_problem(plan.start_year, plan.end_year, plan.baseline_year)
    if errors:
        raise ValidationError(errors)
    if Plan.objects.filter(region=plan.region, start_year=plan.start_year).exclude(
            pk=plan.pk).exists():
        raise ValidationError(
            {"start_year": f"{plan.region.name}{plan.start_year} 年起的规划已存在"})
    plan.title = plan.title or default_title(plan)
    plan.updated_by = actor
    plan.full_clean()
    plan.save()
    record(actor=actor, event="guidance.plan.updated", target=plan, region=plan.region,
           changes=diff(before, snapshot(plan, PLAN_FIELDS)))
    return plan


def _check_target(target: Target) -> None:
    """The target's own rules (raises a ValidationError naming the field)."""
    plan = target.plan
    errors: dict[str, str] = {}
    if not (target.indicator or "").strip():
        errors["indicator"] = "请填写指标名称"
    if target.baseline_year is None:
        target.baseline_year = plan.baseline_year
    if not (2000 <= target.baseline_year <= plan.end_year - 1):
        errors["baseline_year"] = f"基准年度应早于规划终止年度（{plan.end_year} 年）"
    if target.source == SourceKind.COMPUTED:
        measure = measures.get(target.measure)
        if measure is None:
            errors["measure"] = "平台数据计算的指标须选择平台数据指标"
        else:
            target.direction = Direction.HIGHER if measure.higher_is_better else Direction.LOWER
            target.unit = target.unit or measure.unit
            if target.target_value is None:
                target.target_value = queries.energy_target(plan.region, target.measure,
                                                            plan.end_year)
            if target.baseline_value is None and not errors:
                reading = measure.compute(plan.region, target.baseline_year)
                if reading.value is None:
                    errors["baseline_value"] = (f"平台无 {target.baseline_year} 年数据"
                                                f"（{reading.missing}），请填写基准值")
                target.baseline_value = reading.value
    elif target.measure:
        errors["measure"] = "逐年填报的指标不选择平台数据指标"
    if target.baseline_value is None and "baseline_value" not in errors:
        errors["baseline_value"] = "请填写基准值"
    if target.target_value is None:
        errors["target_value"] = "请填写目标值"
    problem = rules.target_problem(target.baseline_value, target.target_value,
                                   target.direction)
    if problem and not errors:
        errors["target_value"] = problem
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def target_add(*, plan: Plan, data: Mapping[str, Any], actor: Any) -> Target:
    target = Target(plan=plan, created_by=actor, updated_by=actor)
    _fill(target, TARGET_FIELDS, data)
    target.indicator = (target.indicator or "").strip()
    _check_target(target)
    if plan.targets.filter(indicator=target.indicator).exists():
        raise ValidationError({"indicator": f"规划中已有指标“{target.indicator}”"})
    target.full_clean()
    target.save()
    record(actor=actor, event="guidance.target.created", target=target, region=plan.region,
           changes={k: [None, v] for k, v in snapshot(target, TARGET_FIELDS).items()})
    return target


@transaction.atomic
def target_update(*, target: Target, data: Mapping[str, Any], actor: Any) -> Target:
    target = Target.objects.select_for_update().select_related("plan", "plan__region").get(
        pk=target.pk)
    before = snapshot(target, TARGET_FIELDS)
    _fill(target, TARGET_FIELDS, data)
    target.indicator = (target.indicator or "").strip()
    _check_target(target)
    if target.plan.targets.filter(indicator=target.indicator).exclude(pk=target.pk).exists():
        raise ValidationError({"indicator": f"规划中已有指标“{target.indicator}”"})
    if target.is_computed:
        target.values.all().delete()
    target.updated_by = actor
    target.full_clean()
    target.save()
    record(actor=actor, event="guidance.target.updated", target=target,
           region=target.plan.region, changes=diff(before, snapshot(target, TARGET_FIELDS)))
    return target


@transaction.atomic
def target_report(*, target: Target, year: int, value: Decimal, note: str = "",
                  actor: Any) -> TargetValue:
    """Enter (or correct) a reported target's value for ``year``."""
    plan = target.plan
    if target.is_computed:
        raise ValidationError("该指标由平台数据计算，不需要填报")
    if year is None or not (plan.baseline_year < year <= plan.end_year):
        raise ValidationError({"year": f"年度应在 {plan.baseline_year + 1} 年至 "
                                       f"{plan.end_year} 年之间"})
    if value is None:
        raise ValidationError({"value": "请填写完成值"})
    row = TargetValue.objects.select_for_update().filter(target=target, year=year).first()
    old = None if row is None else row.value
    if row is None:
        row = TargetValue(target=target, year=year, created_by=actor)
    row.value, row.note, row.updated_by = value, (note or "").strip(), actor
    row.full_clean()
    row.save()
    record(actor=actor, event="guidance.target.reported", target=target, region=plan.region,
           changes={f"{year} 年完成值": [old, value]}, extra={"note": row.note})
    return row


@transaction.atomic
def review_save(*, plan: Plan, reviewed_on: dt.date, text: str,
                conclusions: Mapping[int, tuple[str, str]], actor: Any) -> Review:
    """The mid-term review: its date, its text and a conclusion per target (saved again,
    it replaces the earlier one)."""
    if not (text or "").strip():
        raise ValidationError({"text": "请填写评估意见"})
    if reviewed_on is None:
        raise ValidationError({"reviewed_on": "请填写评估日期"})
    if not (plan.start_year <= reviewed_on.year <= plan.end_year + 1):
        raise ValidationError({"reviewed_on": "评估日期应在规划期内"})
    targets = {t.pk: t for t in plan.targets.all()}
    unknown = [pk for pk in conclusions if pk not in targets]
    if unknown:
        raise ValidationError("评估结论所列指标不属于该规划")
    review = Review.objects.filter(plan=plan).first()
    before = None if review is None else snapshot(review, ("reviewed_on", "text"))
    if review is None:
        review = Review(plan=plan, created_by=actor)
    review.reviewed_on, review.text, review.updated_by = reviewed_on, text.strip(), actor
    review.full_clean()
    review.save()
    review.items.all().delete()
    for pk, (conclusion, note) in conclusions.items():
        if not conclusion:
            continue
        item = ReviewItem(review=review, target=targets[pk], conclusion=conclusion,
                          note=(note or "").strip(), created_by=actor, updated_by=actor)
        item.full_clean()
        item.save()
    after = snapshot(review, ("reviewed_on", "text"))
    record(actor=actor, event="guidance.plan.reviewed", target=plan, region=plan.region,
           changes=diff(before, after) if before else {k: [None, v] for k, v in after.items()},
           extra={"conclusions": {targets[pk].indicator: c for pk, (c, _n) in
                                  conclusions.items() if c}})
    return review


def owner_role(region: Region) -> str:
    return Role.PROVINCE_ADMIN if region.level == RegionLevel.PROVINCE else Role.BUREAU_STAFF


@transaction.atomic
def plan_check(*, plan: Plan, actor: Any, today: dt.date | None = None) -> dict[str, int]:
    """Compare every target's latest progress with the elapsed time: a to-do for the plan's
    owner region for each target newly off track, and its to-do closed once back on track."""
    from jiguan.todo.actions import task_create, tasks_close_for_subject
    from jiguan.todo.models import Task

    opened = closed = 0
    for progress in queries.plan_progress(plan, today):
        target = progress.target
        has_task = Task.objects.open().filter(
            kind=OFF_TRACK_TASK, subject_type=target._meta.label_lower,
            subject_id=str(target.pk)).exists()
        latest = progress.latest
        if progress.off_track and latest is not None and not has_task:
            task_create(kind=OFF_TRACK_TASK, title=f"规划指标进度滞后：{target.indicator}",
                        assignee_role=owner_role(plan.region), region=plan.region,
                        subject=target,
                        subject_url=reverse("guidance:target_detail", args=[target.pk]),
                        detail=(f"{plan.title}：{latest.year} 年完成进度 {latest.share}%，"
                                f"按时序应达 {latest.expected}%，请分析原因并提出措施"),
                        actor=actor)
            opened += 1
        elif not progress.off_track and has_task:
            closed += tasks_close_for_subject(subject=target, kind=OFF_TRACK_TASK,
                                              actor=actor, note="指标进度已恢复正常")
    record(actor=actor, event="guidance.plan.checked", target=plan, region=plan.region,
           changes={}, extra={"opened": opened, "closed": closed})
    return {"opened": opened, "closed": closed}
