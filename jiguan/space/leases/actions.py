"""Every write of the lease register, each in one transaction with its audit row: apply
(:func:`lease_submit`), correct and resubmit, return, register (:func:`lease_approve`), end,
and raise the expiry reminders (:func:`lease_remind`). The rules refuse here, whatever the
interface: a lease without the same-level government's approval, and letting or lending."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jiguan.access.roles import Perm, Role
from jiguan.access.scope import can_at
from jiguan.audit.record import record
from jiguan.core.numbers import format_quantity
from jiguan.space.leases import rules
from jiguan.space.leases.models import Lease, LeaseStatus
from jiguan.space.leases.queries import lease_url, leases_to_remind
from jiguan.todo.actions import task_create, tasks_close_for_subject

FIELDS = ("lessor", "premises", "area", "annual_rent", "start_date", "end_date", "purpose",
          "contract_no", "approval_doc_no", "approval_date", "approval_body")


def _is_user(actor: Any) -> bool:
    return getattr(actor, "is_authenticated", False)


def check_application(data: dict[str, Any], *, today: dt.date | None = None) -> None:
    """Refuse letting or lending, a lease without the recorded approval of the government of
    the same level, and impossible terms: every message on its field."""
    refusal = rules.direction_refusal(data.get("direction") or rules.Direction.RENT_IN)
    if refusal:
        raise ValidationError({"direction": refusal})
    agency = data["agency"]
    errors = rules.term_errors(area=data.get("area"), annual_rent=data.get("annual_rent"),
                               start_date=data.get("start_date"),
                               end_date=data.get("end_date"))
    errors.update(rules.approval_errors(
        doc_no=data.get("approval_doc_no") or "", date=data.get("approval_date"),
        body=data.get("approval_body") or "", region_name=agency.region.name,
        start_date=data.get("start_date"), today=today or timezone.localdate()))
    if errors:
        raise ValidationError(errors)


def _check_agency(agency: Any, actor: Any) -> None:
    if _is_user(actor) and not can_at(
            actor, Perm.APPLY_SPACE, region_path=agency.region.path,
            agency_id=agency.pk):
        raise ValidationError({"agency": "所选单位不在您的权限范围内"})
    if agency.status != "active":
        raise ValidationError({"agency": f"{agency.name}{agency.get_status_display()}，不能申请"})


def _review_task(lease: Lease, actor: Any) -> None:
    task_create(kind=rules.TASK_REVIEW, title=f"审核租用办公用房：{lease.agency.name}",
                detail=f"{lease.premises}，{format_quantity(lease.area, 'area')}，"
                       f"批准文号 {lease.approval_doc_no}",
                assignee_role=Role.BUREAU_STAFF, region=lease.agency.region, subject=lease,
                subject_url=lease_url(lease), actor=actor)


@transaction.atomic
def lease_submit(*, data: dict[str, Any], actor: Any) -> Lease:
    agency = data["agency"]
    _check_agency(agency, actor)
    check_application(data)
    lease = Lease(agency=agency, status=LeaseStatus.SUBMITTED,
                  **{f: data.get(f) if data.get(f) is not None else "" for f in FIELDS},
                  created_by=actor if _is_user(actor) else None,
                  updated_by=actor if _is_user(actor) else None)
    lease.full_clean()
    lease.save()
    _review_task(lease, actor)
    record(actor=actor, event="space.lease.submitted", target=lease,
           changes={"status": [None, lease.get_status_display()],
                    "premises": [None, lease.premises], "area": [None, lease.area],
                    "approval_doc_no": [None, lease.approval_doc_no]})
    return lease


def _locked(lease: Lease) -> Lease:
    return Lease.objects.select_for_update().select_related("agency", "agency__region").get(
        pk=lease.pk)


def _expect(lease: Lease, *statuses: str, doing: str) -> None:
    if lease.status not in statuses:
        raise ValidationError(f"该租用登记当前为“{lease.get_status_display()}”，不能{doing}")


@transaction.atomic
def lease_resubmit(*, lease: Lease, data: dict[str, Any], actor: Any) -> Lease:
    lease = _locked(lease)
    _expect(lease, LeaseStatus.RETURNED, doing="重新提交")
    data = {**data, "agency": lease.agency}
    check_application(data)
    changes: dict[str, list[Any]] = {}
    for f in FIELDS:
        new = data.get(f) if data.get(f) is not None else ""
        if getattr(lease, f) != new:
            changes[f] = [getattr(lease, f), new]
            setattr(lease, f, new)
    changes["status"] = [lease.get_status_display(), LeaseStatus.SUBMITTED.label]
    lease.status = LeaseStatus.SUBMITTED
    lease.updated_by = actor
    lease.full_clean()
    lease.save()
    tasks_close_for_subject(subject=lease, kind=rules.TASK_RETURNED, actor=actor,
                            note="已修改并重新提交")
    _review_task(lease, actor)
    record(actor=actor, event="space.lease.resubmitted", target=lease, changes=changes)
    return lease


@transaction.atomic
def lease_return(*, lease: Lease, reason: str, actor: Any) -> Lease:
    lease = _locked(lease)
    _expect(lease, LeaseStatus.SUBMITTED, doing="退回")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写退回原因"})
    lease.status = LeaseStatus.RETURNED
    lease.return_reason = reason[:300]
    lease.updated_by = actor
    lease.save()
    tasks_close_for_subject(subject=lease, kind=rules.TASK_REVIEW, actor=actor, note="已退回")
    task_create(kind=rules.TASK_RETURNED, title=f"租用申请被退回：{lease.premises}",
                detail=reason, assignee_role=Role.AGENCY_REPORTER, region=lease.agency.region,
                agency=lease.agency, subject=lease, subject_url=lease_url(lease), actor=actor)
    record(actor=actor, event="space.lease.returned", target=lease,
           changes={"status": ["待审核", "已退回"], "return_reason": [None, reason]})
    return lease


@transaction.atomic
def lease_approve(*, lease: Lease, actor: Any, today: dt.date | None = None) -> Lease:
    """The bureau registers the lease (租赁合同备案): 在租."""
    lease = _locked(lease)
    _expect(lease, LeaseStatus.SUBMITTED, doing="登记")
    check_application({**{f: getattr(lease, f) for f in FIELDS}, "agency": lease.agency},
                      today=today)
    lease.status = LeaseStatus.ACTIVE
    lease.reviewed_at = timezone.now()
    lease.reviewed_by = actor if _is_user(actor) else None
    lease.return_reason = ""
    lease.updated_by = lease.reviewed_by
    lease.save()
    tasks_close_for_subject(subject=lease, kind=rules.TASK_REVIEW, actor=actor, note="已登记")
    record(actor=actor, event="space.lease.approved", target=lease,
           changes={"status": ["待审核", "在租"]})
    today = today or timezone.localdate()
    if rules.reminder_due(lease.end_date, today, rules.reminder_days()):
        _remind(lease, actor)
    return lease


@transaction.atomic
def lease_end(*, lease: Lease, ended_on: dt.date, reason: str, actor: Any) -> Lease:
    lease = _locked(lease)
    _expect(lease, LeaseStatus.ACTIVE, doing="终止")
    if ended_on < lease.start_date:
        raise ValidationError({"ended_on": f"终止日期（{ended_on:%Y-%m-%d}）不能早于租期开始"
                                           f"（{lease.start_date:%Y-%m-%d}）"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写终止原因"})
    lease.status = LeaseStatus.ENDED
    lease.ended_on = ended_on
    lease.end_reason = reason.strip()[:300]
    lease.updated_by = actor if _is_user(actor) else None
    lease.save()
    tasks_close_for_subject(subject=lease, kind=rules.TASK_EXPIRY, actor=actor, note="租赁已终止")
    record(actor=actor, event="space.lease.ended", target=lease,
           changes={"status": ["在租", "已终止"], "ended_on": [None, ended_on],
                    "end_reason": [None, lease.end_reason]})
    return lease


def _remind(lease: Lease, actor: Any) -> None:
    task_create(kind=rules.TASK_EXPIRY,
                title=f"租赁将于{lease.end_date:%Y-%m-%d}到期：{lease.premises}",
                detail="请及时办理续租报批（须经本级人民政府批准）或腾退交还。",
                assignee_role=Role.AGENCY_REPORTER, region=lease.agency.region,
                agency=lease.agency, subject=lease, subject_url=lease_url(lease),
                due_date=lease.end_date, actor=actor)
    Lease.objects.filter(pk=lease.pk).update(reminded_for=lease.end_date)
    record(actor=actor, event="space.lease.reminded", target=lease,
           changes={"reminded_for": [None, lease.end_date]})


@transaction.atomic
def lease_remind(*, today: dt.date | None = None, actor: Any = None) -> int:
    """Raise the expiry to-do of every active lease entering its reminder window (once per
    end date). Run daily (``manage.py space_lease_reminders``)."""
    count = 0
    for lease in leases_to_remind(today or timezone.localdate()).select_for_update(of=("self",)):
        _remind(lease, actor)
        count += 1
    return count
