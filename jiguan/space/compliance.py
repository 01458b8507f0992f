"""统一规范使用: findings computed from the register, their 整改 workflow and the roll-ups.

Rules (domain-rules.md §1–2, confidence marks there):

* 超标准使用: an office's usable area above the sum of its occupants' limits
  (《党政机关办公用房建设标准》, :func:`jiguan.space.rules.check_office_room`).
* 第二处 / 三处以上办公室, 调离退休 1 个月未腾退, 兼职结束 2 个月未腾退
  (《党政机关办公用房管理办法》第十九条).
* 改变使用功能: people seated in a room that is not an office (第十九条).
* 单位超核定面积: the usable area of the agency's basic office rooms (办公室、服务用房、
  设备用房) above A + B + 9 % (A + B) of the 2014 formula, with A from its serving people's
  limits and B from the configured service area per person.
* 闲置: an office room nobody sits in (第三条 "避免闲置浪费").
* 权属未登记在机关事务管理部门: the owner is not the bureau of the building's level
  (第五条); a building under 权属备案 is exempt.

:func:`compute` reads the register with a handful of set-based queries (tuples, no model
instances, no query per room) and returns the findings keyed by a natural key;
:func:`sync` writes the difference with bulk statements in one transaction.

This module is the public facade: the work lives in ``compliance_common`` (constants,
rule texts, limits, the approved-area formula), ``compliance_compute`` (the set-based
compute), ``compliance_sync`` (sync and the to-dos) and ``compliance_report`` (roll-ups
and an agency's report); every name is re-exported here. The 整改 steps people take
(:func:`finding_start`, :func:`finding_verify`) stay here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jiguan.audit.record import record
from jiguan.space.compliance_common import (
    AUTO_CLOSE_NOTE,
    BASIC_CLASSES,
    CENT,
    CHUNK,
    DEFAULT_RECTIFICATION_DAYS,
    RULE_ART3,
    RULE_ART5,
    RULE_ART19,
    RULE_STANDARD,
    RULE_TEXT,
    SUBJECT_TYPE,
    SYSTEM_ACTOR,
    TASK_KIND,
    ZERO,
    AgencyApproval,
    agency_approval,
    rectification_days,
    region_codes,
    service_headcount,
)
from jiguan.space.compliance_compute import (
    LIMIT_SCALE,
    FindingData,
    _rows,
    compute,
    limit_case_sql,
)
from jiguan.space.compliance_report import (
    AgencyReport,
    AgencyRoom,
    Rollup,
    RollupRow,
    agency_report,
    rollup,
)
from jiguan.space.compliance_sync import (
    SyncResult,
    county_path,
    refresh_after_change,
    sync,
)
from jiguan.space.models import ACTIVE_FINDING_STATUSES, Finding, FindingStatus

__all__ = [
    "AUTO_CLOSE_NOTE",
    "BASIC_CLASSES",
    "CENT",
    "CHUNK",
    "DEFAULT_RECTIFICATION_DAYS",
    "LIMIT_SCALE",
    "RULE_ART3",
    "RULE_ART5",
    "RULE_ART19",
    "RULE_STANDARD",
    "RULE_TEXT",
    "SUBJECT_TYPE",
    "SYSTEM_ACTOR",
    "TASK_KIND",
    "ZERO",
    "AgencyApproval",
    "AgencyReport",
    "AgencyRoom",
    "FindingData",
    "Rollup",
    "RollupRow",
    "SyncResult",
    "_rows",
    "agency_approval",
    "agency_report",
    "compute",
    "county_path",
    "finding_start",
    "finding_verify",
    "limit_case_sql",
    "rectification_days",
    "refresh_after_change",
    "region_codes",
    "rollup",
    "service_headcount",
    "sync",
]

# ---------------------------------------------------------------------------------------------
# 整改 by people
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def finding_start(*, finding: Finding, note: str, actor: Any) -> Finding:
    """The agency starts (or updates) its rectification: 待整改 / 整改中 → 整改中."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)  # vs a concurrent sync
    note = note.strip()
    if not note:
        raise ValidationError({"note": "请填写整改措施"})
    if finding.status not in ACTIVE_FINDING_STATUSES:
        raise ValidationError({"note": f"该问题{finding.get_status_display()}，不能再登记整改"})
    before = (finding.get_status_display(), finding.note)
    finding.status = FindingStatus.IN_PROGRESS
    finding.note = note
    finding.updated_by = actor
    finding.save(update_fields=["status", "note", "updated_by", "updated_at"])
    record(actor=actor, event="space.finding.started", target=finding,
           changes={"status": [before[0], finding.get_status_display()],
                    "note": [before[1], note]})
    return finding


@transaction.atomic
def finding_verify(*, finding: Finding, actor: Any) -> Finding:
    """The bureau confirms a rectification the data shows: 已整改 → 已核验. The row is
    locked and its status read again, so a finding a concurrent sync reopened is not
    verified."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.status != FindingStatus.FIXED:
        raise ValidationError(f"只有“已整改”的问题才能核验，该问题当前为“"
                              f"{finding.get_status_display()}”")
    finding.status = FindingStatus.VERIFIED
    finding.verified_at = timezone.now()
    finding.verified_by = actor
    finding.updated_by = actor
    finding.save(update_fields=["status", "verified_at", "verified_by", "updated_by",
                                "updated_at"])
    record(actor=actor, event="space.finding.verified", target=finding,
           changes={"status": [FindingStatus.FIXED.label, FindingStatus.VERIFIED.label]})
    return finding
