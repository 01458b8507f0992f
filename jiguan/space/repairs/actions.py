"""Every write of 维修改造, each in one transaction with its audit row. Each status change
closes the repair's open to-dos and raises the one its new status waits on (the bureau's for
待审批 / 追加预算待审批 / 待验收, the agency's for 已退回 / 已批准待实施 / 实施中)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jiguan.access.roles import Perm, Role
from jiguan.access.scope import can_at
from jiguan.audit.record import record
from jiguan.space.register.models import Occupancy
from jiguan.space.repairs import rules
from jiguan.space.repairs.models import (
    AGENCY_WAITS,
    BUREAU_WAITS,
    Repair,
    RepairKind,
    RepairStatus,
)
from jiguan.space.repairs.queries import repair_url
from jiguan.todo.actions import task_create, tasks_close_for_subject

FIELDS = ("kind", "title", "reason", "items", "extension_area", "checklist")

_BUREAU_TITLES: dict[str, str] = {
    RepairStatus.SUBMITTED: "审批维修申请",
    RepairStatus.BUDGET_REVIEW: "审批追加维修预算",
    RepairStatus.ACCEPTANCE: "维修项目验收",
}
_AGENCY_TITLES: dict[str, str] = {
    RepairStatus.RETURNED: "维修申请被退回：请修改后重新提交",
    RepairStatus.APPROVED: "维修已批准：请组织实施并登记开工",
    RepairStatus.IN_PROGRESS: "维修实施中：请登记进度，完工后报决算申请验收",
}


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _wait(repair: Repair, actor: Any, note: str) -> None:
    for kind in (rules.TASK_BUREAU, rules.TASK_AGENCY):
        tasks_close_for_subject(subject=repair, kind=kind, actor=actor, note=note)
    label = f"{repair.building.name}{repair.get_kind_display()}：{repair.title}"
    if repair.status in BUREAU_WAITS:
        task_create(kind=rules.TASK_BUREAU, title=f"{_BUREAU_TITLES[repair.status]}：{label}",
                    detail=f"{repair.agency.name}，预算 {rules.wan(repair.budget)}",
                    assignee_role=Role.BUREAU_STAFF, region=repair.agency.region,
                    subject=repair, subject_url=repair_url(repair), actor=actor)
    elif repair.status in AGENCY_WAITS:
        task_create(kind=rules.TASK_AGENCY, title=f"{_AGENCY_TITLES[repair.status]}：{label}",
                    detail=repair.return_reason, assignee_role=Role.AGENCY_REPORTER,
                    region=repair.agency.region, agency=repair.agency, subject=repair,
                    subject_url=repair_url(repair), actor=actor)


def _locked(repair: Repair) -> Repair:
    return Repair.objects.select_for_update().select_related(
        "agency", "agency__region", "building").get(pk=repair.pk)


def _expect(repair: Repair, *statuses: str, doing: str) -> None:
    if repair.status not in statuses:
        raise ValidationError(f"该维修项目当前为“{repair.get_status_display()}”，不能{doing}")


def _move(repair: Repair, to: str, *, event: str, actor: Any, note: str,
          changes: dict[str, Any] | None = None) -> Repair:
    before = repair.get_status_display()
    repair.status = to
    repair.updated_by = _user(actor)
    repair.full_clean()
    repair.save()
    _wait(repair, actor, note)
    record(actor=actor, event=event, target=repair,
           changes={"status": [before, repair.get_status_display()], **(changes or {})})
    return repair


def check_application(data: dict[str, Any], actor: Any) -> None:
    agency, building = data["agency"], data["building"]
    errors: dict[str, str] = {}
    if _user(actor) and not can_at(
            actor, Perm.APPLY_SPACE, region_path=agency.region.path,
            agency_id=agency.pk):
        errors["agency"] = "所选单位不在您的权限范围内"
    elif agency.status != "active":
        errors["agency"] = f"{agency.name}{agency.get_status_display()}，不能申请"
    elif not Occupancy.objects.filter(room__building=building, agency=agency,
                                      end_date__isnull=True).exists():
        errors["building"] = f"{agency.name}未在{building.name}使用办公用房，不能为其申请维修"
    refusal = rules.extension_refusal(data["kind"], data.get("extension_area") or Decimal(0),
                                      building.building_area)
    if refusal:
        errors["extension_area"] = refusal
    refusal = rules.checklist_refusal(data.get("checklist") or ())
    if refusal:
        errors["checklist"] = refusal
    if not data.get("items"):
        errors["items"] = "请至少填写一个维修项目（每行一项：名称，金额）"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def repair_submit(*, data: dict[str, Any], actor: Any) -> Repair:
    """Apply for a 中修 / 大修 (待审批), or record a 日常维修 (the agency's own: 实施中)."""
    check_application(data, actor)
    daily = data["kind"] == RepairKind.DAILY
    budget = rules.items_total(data["items"])
    repair = Repair(agency=data["agency"], building=data["building"],
                    **{f: data.get(f) for f in FIELDS}, budget=budget,
                    status=RepairStatus.IN_PROGRESS if daily else RepairStatus.SUBMITTED,
                    approved_budget=budget if daily else None,
                    started_on=timezone.localdate() if daily else None,
                    created_by=_user(actor), updated_by=_user(actor))
    repair.extension_area = repair.extension_area or Decimal(0)
    repair.full_clean()
    repair.save()
    _wait(repair, actor, "")
    record(actor=actor, event="space.repair.submitted", target=repair,
           changes={"status": [None, repair.get_status_display()],
                    "kind": [None, repair.get_kind_display()], "budget": [None, budget],
                    "items": [None, len(repair.items)]})
    return repair


@transaction.atomic
def repair_resubmit(*, repair: Repair, data: dict[str, Any], actor: Any) -> Repair:
    repair = _locked(repair)
    _expect(repair, RepairStatus.RETURNED, doing="重新提交")
    data = {**data, "agency": repair.agency, "building": repair.building}
    check_application(data, actor)
    if data["kind"] == RepairKind.DAILY:
        raise ValidationError({"kind": "已退回的中修、大修申请不能改为日常维修；"
                                       "日常维修请另行登记"})
    changes: dict[str, Any] = {}
    for f in FIELDS:
        if getattr(repair, f) != data.get(f):
            changes[f] = [getattr(repair, f), data.get(f)]
            setattr(repair, f, data.get(f))
    budget = rules.items_total(data["items"])
    if budget != repair.budget:
        changes["budget"] = [repair.budget, budget]
        repair.budget = budget
    return _move(repair, RepairStatus.SUBMITTED, event="space.repair.resubmitted", actor=actor,
                 note="已修改并重新提交", changes=changes)


@transaction.atomic
def repair_return(*, repair: Repair, reason: str, actor: Any) -> Repair:
    repair = _locked(repair)
    _expect(repair, RepairStatus.SUBMITTED, doing="退回")
    if not reason.strip():
        raise ValidationError({"reason": "请填写退回原因"})
    repair.return_reason = reason.strip()[:300]
    return _move(repair, RepairStatus.RETURNED, event="space.repair.returned", actor=actor,
                 note="已退回", changes={"return_reason": [None, repair.return_reason]})


def _check_approval(amount: Decimal, level: str, doc_no: str) -> None:
    errors: dict[str, str] = {}
    refusal = rules.level_refusal(amount, level)
    if refusal:
        errors["approval_level"] = refusal
    if not doc_no.strip():
        errors["approval_doc_no"] = "请填写批复文号"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def repair_approve(*, repair: Repair, level: str, doc_no: str, actor: Any) -> Repair:
    repair = _locked(repair)
    _expect(repair, RepairStatus.SUBMITTED, doing="批准")
    _check_approval(repair.budget, level, doc_no)
    repair.approved_budget = repair.budget
    repair.approval_level = level
    repair.approval_doc_no = doc_no.strip()
    repair.approved_at = timezone.now()
    repair.approved_by = _user(actor)
    repair.return_reason = ""
    changes = {"approved_budget": [None, repair.budget],
               "approval_level": [None, repair.get_approval_level_display()],
               "approval_doc_no": [None, repair.approval_doc_no]}
    return _move(repair, RepairStatus.APPROVED, event="space.repair.approved", actor=actor,
                 note="已批准", changes=changes)


@transaction.atomic
def repair_start(*, repair: Repair, started_on: dt.date, actor: Any) -> Repair:
    repair = _locked(repair)
    _expect(repair, RepairStatus.APPROVED, doing="登记开工")
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": "开工日期不能晚于今天"})
    repair.started_on = started_on
    return _move(repair, RepairStatus.IN_PROGRESS, event="space.repair.started", actor=actor,
                 note="已开工", changes={"started_on": [None, started_on]})


@transaction.atomic
def repair_progress(*, repair: Repair, progress: int, note: str, actor: Any) -> Repair:
    repair = _locked(repair)
    _expect(repair, RepairStatus.IN_PROGRESS, doing="登记进度")
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": "进度应在 0 至 100 之间"})
    changes = {"progress": [repair.progress, progress],
               "progress_note": [repair.progress_note, note.strip()[:300]]}
    repair.progress = progress
    repair.progress_note = note.strip()[:300]
    repair.updated_by = _user(actor)
    repair.save(update_fields=["progress", "progress_note", "updated_by", "updated_at"])
    record(actor=actor, event="space.repair.progressed", target=repair, changes=changes)
    return repair


@transaction.atomic
def repair_request_increase(*, repair: Repair, new_budget: Decimal, reason: str,
                            actor: Any) -> Repair:
    """A cost over the approved budget needs a new approval: 追加预算待审批 (a 日常维修's
    own budget is raised by the agency itself, recorded)."""
    repair = _locked(repair)
    _expect(repair, RepairStatus.IN_PROGRESS, doing="申请追加预算")
    approved = repair.approved_budget or repair.budget
    if new_budget <= approved:
        raise ValidationError({"new_budget": f"追加后的预算应高于现批准预算 {rules.wan(approved)}"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写追加理由"})
    repair.requested_budget = new_budget
    repair.increase_reason = reason.strip()[:300]
    if repair.kind == RepairKind.DAILY:
        repair.approved_budget = new_budget
        repair.budget_rounds += 1
        repair.updated_by = _user(actor)
        repair.save()
        record(actor=actor, event="space.repair.budget_raised", target=repair,
               changes={"approved_budget": [approved, new_budget],
                        "increase_reason": [None, repair.increase_reason]})
        return repair
    return _move(repair, RepairStatus.BUDGET_REVIEW, event="space.repair.increase_requested",
                 actor=actor, note="已申请追加预算",
                 changes={"requested_budget": [None, new_budget],
                          "increase_reason": [None, repair.increase_reason]})


@transaction.atomic
def repair_approve_increase(*, repair: Repair, level: str, doc_no: str, actor: Any) -> Repair:
    repair = _locked(repair)
    _expect(repair, RepairStatus.BUDGET_REVIEW, doing="批准追加预算")
    new_budget = repair.requested_budget or repair.budget
    _check_approval(new_budget, level, doc_no)
    before = repair.approved_budget
    repair.approved_budget = new_budget
    repair.approval_level = level
    repair.approval_doc_no = doc_no.strip()
    repair.approved_at = timezone.now()
    repair.approved_by = _user(actor)
    repair.budget_rounds += 1
    repair.requested_budget = None
    return _move(repair, RepairStatus.IN_PROGRESS, event="space.repair.increase_approved",
                 actor=actor, note="已批准追加预算",
                 changes={"approved_budget": [before, new_budget],
                          "approval_doc_no": [None, repair.approval_doc_no]})


@transaction.atomic
def repair_reject_increase(*, repair: Repair, reason: str, actor: Any) -> Repair:
    repair = _locked(repair)
    _expect(repair, RepairStatus.BUDGET_REVIEW, doing="不同意追加预算")
    if not reason.strip():
        raise ValidationError({"reason": "请填写不同意的原因"})
    repair.requested_budget = None
    repair.return_reason = reason.strip()[:300]
    return _move(repair, RepairStatus.IN_PROGRESS, event="space.repair.increase_rejected",
                 actor=actor, note="不同意追加预算",
                 changes={"return_reason": [None, repair.return_reason]})


@transaction.atomic
def repair_finish(*, repair: Repair, final_cost: Decimal, finished_on: dt.date,
                  actor: Any) -> Repair:
    """The agency reports completion and the final cost: 待验收 (a 日常维修: 已验收 by the
    agency itself). A final cost over the approved budget is refused."""
    repair = _locked(repair)
    _expect(repair, RepairStatus.IN_PROGRESS, doing="申请验收")
    errors: dict[str, str] = {}
    refusal = rules.over_budget_refusal(final_cost, repair.approved_budget or repair.budget)
    if refusal:
        errors["final_cost"] = refusal
    if finished_on > timezone.localdate():
        errors["finished_on"] = "完工日期不能晚于今天"
    elif repair.started_on and finished_on < repair.started_on:
        errors["finished_on"] = f"完工日期不能早于开工日期（{repair.started_on:%Y-%m-%d}）"
    if errors:
        raise ValidationError(errors)
    repair.final_cost = final_cost
    repair.finished_on = finished_on
    repair.progress = 100
    changes = {"final_cost": [None, final_cost], "finished_on": [None, finished_on]}
    if repair.kind == RepairKind.DAILY:
        repair.accepted_at = timezone.now()
        repair.accepted_by = _user(actor)
        repair.acceptance_note = "日常维修由使用单位自行验收"
        return _move(repair, RepairStatus.ACCEPTED, event="space.repair.finished", actor=actor,
                     note="已完工", changes=changes)
    return _move(repair, RepairStatus.ACCEPTANCE, event="space.repair.finished", actor=actor,
                 note="已申请验收", changes=changes)


@transaction.atomic
def repair_accept(*, repair: Repair, note: str, actor: Any) -> Repair:
    repair = _locked(repair)
    _expect(repair, RepairStatus.ACCEPTANCE, doing="验收")
    repair.accepted_at = timezone.now()
    repair.accepted_by = _user(actor)
    repair.acceptance_note = note.strip()[:300] or "验收合格"
    return _move(repair, RepairStatus.ACCEPTED, event="space.repair.accepted", actor=actor,
                 note="验收合格", changes={"acceptance_note": [None, repair.acceptance_note]})


@transaction.atomic
def repair_reject_acceptance(*, repair: Repair, reason: str, actor: Any) -> Repair:
    repair = _locked(repair)
    _expect(repair, RepairStatus.ACCEPTANCE, doing="退回整改")
    if not reason.strip():
        raise ValidationError({"reason": "请填写验收不合格的原因"})
    repair.return_reason = reason.strip()[:300]
    repair.final_cost = None
    repair.finished_on = None
    return _move(repair, RepairStatus.IN_PROGRESS, event="space.repair.acceptance_rejected",
                 actor=actor, note="验收不合格",
                 changes={"return_reason": [None, repair.return_reason]})
