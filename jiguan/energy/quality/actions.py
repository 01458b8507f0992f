"""Writes of the quality topic: the to-dos that chase late reporters (催报), one per
institution that has not reported a month (see queries.missing_for). A to-do closes itself
when the month's readings arrive (close_answered, called by every readings write).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Role
from jiguan.audit.record import record
from jiguan.energy.models import AgencyYear
from jiguan.energy.quality import queries
from jiguan.energy.summaries import Touched
from jiguan.todo.actions import task_create, task_done
from jiguan.todo.models import Task

# Days a chased institution has to report ([R]: a bureau's own practice).
REPORT_DAYS = 10


@dataclass
class ChaseResult:
    created: int
    already_open: int
    missing: int


@transaction.atomic
def chase_late_reporters(*, region: Region, month: dt.date, actor: Any,
                         due_date: dt.date | None = None) -> ChaseResult:
    """One to-do per institution that has not reported `month`; none twice."""
    kind = queries.task_kind(month)
    missing = list(queries.missing_for(region, month).select_related("region"))
    open_ids = set(Task.objects.open().filter(
        kind=kind, subject_type="orgs.agency",
        subject_id__in=[str(a.pk) for a in missing]).values_list("subject_id", flat=True))
    due = due_date or (dt.date.today() + dt.timedelta(days=REPORT_DAYS))
    created = 0
    for agency in missing:
        if str(agency.pk) in open_ids:
            continue
        task_create(kind=kind, assignee_role=Role.AGENCY_REPORTER,
                    title=f"报送{month.year}年{month.month}月能源资源消费数据",
                    detail="《公共机构节能条例》第十五条：公共机构应当建立能源消费统计台账，"
                           "按时报送能源资源消费数据。",
                    region=agency.region, agency=agency, subject=agency,
                    subject_url=reverse("energy:month_entry",
                                        args=[agency.pk, f"{month:%Y-%m}"]),
                    due_date=due, actor=actor)
        created += 1
    record(actor=actor, event="energy.chase.sent", region=region,
           extra={"month": f"{month:%Y-%m}", "created": created,
                  "already_open": len(open_ids), "missing": len(missing)})
    return ChaseResult(created=created, already_open=len(open_ids), missing=len(missing))


def close_answered(touched: Touched, *, actor: Any) -> int:
    """Close the chase to-dos of institutions whose month now has readings."""
    if not touched.agency_years:
        return 0
    agency_ids = {str(a) for a, _ in touched.agency_years}
    years = {y for _, y in touched.agency_years}
    tasks = list(queries.open_chases(years).filter(subject_id__in=agency_ids))
    if not tasks:
        return 0
    masks = {(a.agency_id, a.year): a.months_mask for a in AgencyYear.objects.filter(
        agency_id__in={int(t.subject_id) for t in tasks}, year__in=years)}
    closed = 0
    for task in tasks:
        year, month = (int(x) for x in task.kind[len(queries.KIND_PREFIX):].split("-"))
        if masks.get((int(task.subject_id), year), 0) & (1 << (month - 1)):
            task_done(task=task, note="已报送", actor=actor)
            closed += 1
    return closed
