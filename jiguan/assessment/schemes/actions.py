"""Every write of a scheme while it is drafted, and its publication: one transaction with
its audit row. A scheme is checked whole before it is published (weights, rules, data
sources); once published its indicators no longer change."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from jiguan.access.models import Region, RegionLevel
from jiguan.assessment import measures
from jiguan.assessment.schemes import rules
from jiguan.assessment.schemes.models import (
    Group,
    Indicator,
    IndicatorKind,
    Scheme,
    SchemeStatus,
)
from jiguan.audit.record import record, snapshot

HUNDRED = Decimal(100)
SCHEME_FIELDS = ("title", "self_eval_due", "review_due", "appeal_days", "bonus_cap",
                 "penalty_cap", "note")
INDICATOR_FIELDS = ("group", "name", "kind", "weight", "criteria", "measure", "rule", "floor",
                    "target", "steps", "last_share", "order")
TEXT_FIELDS = ("criteria", "measure", "rule", "steps")
SELF_EVAL_TASK = "assessment.self_eval"


def ensure_draft(scheme: Scheme) -> None:
    if scheme.status != SchemeStatus.DRAFT:
        raise ValidationError(f"方案“{scheme}”已发布，指标不能再修改")


@transaction.atomic
def scheme_create(*, region: Region, year: int, data: Mapping[str, Any], actor: Any) -> Scheme:
    if not (2000 <= year <= 2100):
        raise ValidationError({"year": "考核年度应在 2000 年至 2100 年之间"})
    if Scheme.objects.filter(region=region, year=year).exists():
        raise ValidationError({"year": f"{region.name}{year} 年度已有考核方案"})
    scheme = Scheme(region=region, year=year, created_by=actor, updated_by=actor)
    for name in SCHEME_FIELDS:
        if data.get(name) is not None:
            setattr(scheme, name, data[name])
    if not scheme.title:
        scheme.title = f"{year} 年度{region.name}机关事务工作考核方案"
    if scheme.self_eval_due and scheme.review_due and scheme.review_due < scheme.self_eval_due:
        raise ValidationError({"review_due": "审核截止日期不能早于自评截止日期"})
    scheme.full_clean()
    scheme.save()
    record(actor=actor, event="assessment.scheme.created", target=scheme, region=region,
           changes={k: [None, v] for k, v in snapshot(scheme, ("year", *SCHEME_FIELDS)).items()})
    return scheme


@transaction.atomic
def group_add(*, scheme: Scheme, name: str, weight: Decimal, order: int = 0,
              actor: Any) -> Group:
    ensure_draft(scheme)
    if weight is None or not (Decimal(0) < weight <= HUNDRED):
        raise ValidationError({"weight": "指标组权重应大于 0、不超过 100"})
    if scheme.groups.filter(name=name.strip()).exists():
        raise ValidationError({"name": f"方案中已有指标组“{name.strip()}”"})
    group = Group(scheme=scheme, name=name.strip(), weight=weight, order=order,
                  created_by=actor, updated_by=actor)
    group.full_clean()
    group.save()
    record(actor=actor, event="assessment.group.created", target=group, region=scheme.region,
           changes={"name": [None, group.name], "weight": [None, str(weight)]})
    return group


def indicator_problems(ind: Indicator) -> dict[str, str]:
    errors: dict[str, str] = {}
    if ind.weight is None or ind.weight <= 0:
        errors["weight"] = "分值应大于 0"
    elif not ind.is_adjustment and ind.weight > HUNDRED:
        errors["weight"] = "组内分值不能超过 100"
    if ind.is_adjustment:
        if ind.group_id:
            errors["group"] = "加分项、扣分项不属于指标组"
    elif not ind.group_id:
        errors["group"] = "请选择指标组"
    if ind.kind == IndicatorKind.COMPUTED:
        measure = measures.get(ind.measure)
        if measure is None:
            errors["measure"] = "数据计算指标须选择平台数据来源"
        else:
            errors.update(rules.check(ind.rule, higher_is_better=measure.higher_is_better,
                                      floor=ind.floor, target=ind.target, steps=ind.steps,
                                      last_share=ind.last_share))
    elif ind.measure or ind.rule:
        errors["measure"] = "只有数据计算指标填写数据来源和计分规则"
    return errors


@transaction.atomic
def indicator_add(*, scheme: Scheme, data: Mapping[str, Any], actor: Any) -> Indicator:
    ensure_draft(scheme)
    ind = Indicator(scheme=scheme, created_by=actor, updated_by=actor)
    for name in INDICATOR_FIELDS:
        if name in data:
            value = data[name]
            if value is None and name in TEXT_FIELDS:
                value = ""
            elif value is None and name == "order":
                value = 0
            setattr(ind, name, value)
    if ind.group is not None and ind.group.scheme_id != scheme.pk:
        raise ValidationError({"group": "指标组不属于该方案"})
    errors = indicator_problems(ind)
    if errors:
        raise ValidationError(errors)
    ind.full_clean()
    ind.save()
    record(actor=actor, event="assessment.indicator.created", target=ind, region=scheme.region,
           changes={k: [None, v] for k, v in snapshot(ind, INDICATOR_FIELDS).items()})
    return ind


@transaction.atomic
def indicator_delete(*, indicator: Indicator, actor: Any) -> None:
    ensure_draft(indicator.scheme)
    record(actor=actor, event="assessment.indicator.deleted", target=indicator,
           region=indicator.scheme.region,
           changes={k: [v, None] for k, v in snapshot(indicator, ("name", "weight")).items()})
    indicator.delete()


def scheme_problems(scheme: Scheme) -> list[str]:
    """Why the scheme cannot be published yet (empty: it can)."""
    problems = []
    groups = list(scheme.groups.all())
    indicators = list(scheme.indicators.select_related("group"))
    if not groups:
        problems.append("方案尚无指标组")
    total = sum((g.weight for g in groups), Decimal(0))
    if groups and total != HUNDRED:
        problems.append(f"各指标组权重合计应为 100，现为 {total.normalize():f}")
    for group in groups:
        mine = [i for i in indicators if i.group_id == group.pk]
        points = sum((i.weight for i in mine), Decimal(0))
        if not mine:
            problems.append(f"指标组“{group.name}”尚无指标")
        elif points != HUNDRED:
            problems.append(f"指标组“{group.name}”内各指标分值合计应为 100，现为 "
                            f"{points.normalize():f}")
    for ind in indicators:
        for message in indicator_problems(ind).values():
            problems.append(f"指标“{ind.name}”：{message}")
    return problems


def default_regions(scheme: Scheme) -> list[Region]:
    """The bureaus a province assesses by default: its cities (a city: its counties)."""
    level = RegionLevel.CITY if scheme.region.level == RegionLevel.PROVINCE else RegionLevel.COUNTY
    return list(Region.objects.filter(parent=scheme.region, level=level).order_by("code"))
