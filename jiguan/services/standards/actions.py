"""Every write of the standards: a new version, an item's change (only before the version
takes effect), the pilot units. One transaction and one audit row each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from jiguan.audit.record import diff, record, snapshot
from jiguan.services.standards import rules
from jiguan.services.standards.models import PilotUnit, ServiceStandard, StandardItem

ITEM_FIELDS = ("aspect", "requirement", "method", "frequency", "weight", "deduction",
               "source", "ours")


@transaction.atomic
def standard_new_version(*, standard: ServiceStandard, version: str,
                         effective_from: dt.date, title: str = "", source: str = "",
                         actor: Any) -> ServiceStandard:
    """A new version: a new row with copies of the items. The old version and everything
    scored on it stay as they are."""
    latest = (ServiceStandard.objects.select_for_update().filter(code=standard.code)
              .order_by("-effective_from").first())
    assert latest is not None
    problem = rules.version_problem(latest.effective_from, effective_from)
    if problem:
        raise ValidationError({"effective_from": problem})
    if ServiceStandard.objects.filter(code=standard.code, version=version).exists():
        raise ValidationError({"version": f"{standard.code} 已有 {version} 版"})
    new = ServiceStandard(code=standard.code, title=title or latest.title, version=version,
                          effective_from=effective_from, category=latest.category,
                          source=source or latest.source, previous=latest,
                          created_by=actor, updated_by=actor)
    new.full_clean()
    new.save()
    StandardItem.objects.bulk_create(
        StandardItem(standard=new, no=i.no, created_by=actor, updated_by=actor,
                     **{k: getattr(i, k) for k in ITEM_FIELDS})
        for i in latest.items.all())
    record(actor=actor, event="services.standard.versioned", target=new,
           changes={"version": [latest.version, version],
                    "effective_from": [latest.effective_from, effective_from]})
    return new


@transaction.atomic
def standard_item_update(*, item: StandardItem, data: Mapping[str, Any], actor: Any,
                         today: dt.date | None = None) -> dict[str, Any]:
    """Change an item of a version not yet in force; the weights must still add up to 100."""
    standard = ServiceStandard.objects.select_for_update().get(pk=item.standard_id)
    if rules.frozen(standard.effective_from, today or dt.date.today()):
        raise ValidationError({"requirement": rules.FROZEN_RULE})
    before = snapshot(item, ITEM_FIELDS)
    for k in ITEM_FIELDS:
        if k in data:
            setattr(item, k, data[k])
    problem = rules.deduction_problem(item.weight, item.deduction)
    if problem:
        raise ValidationError({"deduction": problem})
    others = [i.weight for i in standard.items.exclude(pk=item.pk)]
    problem = rules.weight_problem([*others, item.weight])
    if problem:
        raise ValidationError({"weight": problem})
    item.updated_by = actor
    item.full_clean()
    changes = diff(before, snapshot(item, ITEM_FIELDS))
    if changes:
        item.save()
        record(actor=actor, event="services.standard.item_changed", target=standard,
               changes={f"{item.no}.{k}": v for k, v in changes.items()})
    return changes


@transaction.atomic
def pilot_add(*, standard: ServiceStandard, agency: Any, since: dt.date, note: str = "",
              actor: Any) -> PilotUnit:
    if PilotUnit.objects.filter(standard_code=standard.code, agency=agency).exists():
        raise ValidationError({"agency": f"{agency.name}已是 {standard.code} 的试点单位"})
    if since > dt.date.today():
        raise ValidationError({"since": "试点起始日期不能晚于今天"})
    p = PilotUnit(standard_code=standard.code, agency=agency, since=since, note=note,
                  created_by=actor, updated_by=actor)
    p.full_clean()
    p.save()
    record(actor=actor, event="services.pilot.added", target=p,
           changes={"standard": [None, standard.code], "agency": [None, agency.name],
                    "since": [None, since]})
    return p
