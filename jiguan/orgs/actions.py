"""Every write to bureaus, agencies and people: one transaction with its audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from jiguan.access.roles import Role
from jiguan.audit.record import diff, record, snapshot
from jiguan.orgs import rules
from jiguan.orgs.models import Agency, AgencyStatus, ConcurrentPost, Person, PersonStatus
from jiguan.orgs.signals import org_changed

AGENCY_FIELDS = ("name", "region", "level", "parent", "type_code", "credit_code",
                 "authorized_headcount", "actual_headcount", "energy_headcount", "note")
PERSON_FIELDS = ("name", "agency", "staff_no", "post", "rank")

# 《党政机关办公用房管理办法》第十九条: a transferred or retired person's office is taken back
# within one month of the paperwork; the agency gets a to-do with that deadline.
OFFICE_RETURN_DAYS = 30


def _check_agency(agency: Agency) -> None:
    errors: dict[str, str] = {}
    problem = rules.credit_code_problem(agency.credit_code or "")
    if problem:
        errors["credit_code"] = problem
    if agency.parent_id and agency.parent_id == agency.pk:
        errors["parent"] = "上级单位不能是本单位"
    if agency.region_id and agency.region.level == "township" and agency.level != "township":
        errors["level"] = "乡级区划下的单位只能是乡级"
    if errors:
        raise ValidationError(errors)


def _apply(obj: Any, data: Mapping[str, Any], fields: tuple[str, ...]) -> None:
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])


@transaction.atomic
def agency_create(*, data: Mapping[str, Any], actor: Any) -> Agency:
    agency = Agency(created_by=actor, updated_by=actor)
    _apply(agency, data, AGENCY_FIELDS)
    agency.credit_code = rules.normalize_credit_code(agency.credit_code or "")
    _check_agency(agency)
    agency.full_clean()
    agency.save()
    record(actor=actor, event="orgs.agency.created", target=agency,
           changes={k: [None, v] for k, v in snapshot(agency, AGENCY_FIELDS).items()})
    return agency


@transaction.atomic
def agency_update(*, agency: Agency, data: Mapping[str, Any], actor: Any) -> dict[str, Any]:
    """Apply `data`; returns the changes ({} when nothing changed, and then writes nothing)."""
    before = snapshot(agency, AGENCY_FIELDS)
    _apply(agency, data, AGENCY_FIELDS)
    agency.credit_code = rules.normalize_credit_code(agency.credit_code or "")
    _check_agency(agency)
    agency.full_clean()
    changes = diff(before, snapshot(agency, AGENCY_FIELDS))
    if changes:
        agency.updated_by = actor
        agency.save()
        record(actor=actor, event="orgs.agency.updated", target=agency, changes=changes)
        org_changed.send(sender=Agency, region_path=agency.region.path, actor=actor)
    return changes


@transaction.atomic
def agency_set_status(*, agency: Agency, status: str, date: dt.date | None,
                      merged_into: Agency | None = None, actor: Any) -> Agency:
    """Archive (merged / abolished, with a date) or restore an agency. Never deletes."""
    if status not in AgencyStatus.values:
        raise ValidationError({"status": "未知状态"})
    if status != AgencyStatus.ACTIVE and date is None:
        raise ValidationError({"status_date": "撤并须填写日期"})
    if status == AgencyStatus.MERGED:
        if merged_into is None:
            raise ValidationError({"merged_into": "合并须指定并入单位"})
        if merged_into.pk == agency.pk:
            raise ValidationError({"merged_into": "不能并入本单位"})
    before = snapshot(agency, ("status", "status_date", "merged_into"))
    agency.status = status
    agency.status_date = date if status != AgencyStatus.ACTIVE else None
    agency.merged_into = merged_into if status == AgencyStatus.MERGED else None
    agency.updated_by = actor
    agency.full_clean()
    agency.save()
    record(actor=actor, event="orgs.agency.status_changed", target=agency,
           changes=diff(before, snapshot(agency, ("status", "status_date", "merged_into"))))
    org_changed.send(sender=Agency, region_path=agency.region.path, actor=actor)
    return agency


def _check_person(person: Person) -> None:
    errors: dict[str, str] = {}
    if person.agency_id:
        problem = rules.rank_problem(person.agency.level, person.rank or "")
        if problem:
            errors["rank"] = problem
        if person.agency.is_archived and person.status == PersonStatus.SERVING:
            errors["agency"] = f"单位“{person.agency}”已撤并，不能新增在职人员"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def person_create(*, data: Mapping[str, Any], actor: Any) -> Person:
    person = Person(created_by=actor, updated_by=actor)
    _apply(person, data, PERSON_FIELDS)
    _check_person(person)
    person.full_clean()
    person.save()
    record(actor=actor, event="orgs.person.created", target=person,
           changes={k: [None, v] for k, v in snapshot(person, PERSON_FIELDS).items()})
    return person


@transaction.atomic
def person_update(*, person: Person, data: Mapping[str, Any], actor: Any) -> dict[str, Any]:
    before = snapshot(person, PERSON_FIELDS)
    _apply(person, data, PERSON_FIELDS)
    _check_person(person)
    person.full_clean()
    changes = diff(before, snapshot(person, PERSON_FIELDS))
    if changes:
        person.updated_by = actor
        person.save()
        record(actor=actor, event="orgs.person.updated", target=person, changes=changes)
        org_changed.send(sender=Person, region_path=person.agency.region.path, actor=actor)
    return changes


@transaction.atomic
def person_set_status(*, person: Person, status: str, date: dt.date | None,
                      actor: Any) -> Person:
    """在职 / 调离 / 退休. Leaving opens a to-do for the agency to take back the office."""
    from jiguan.todo.actions import task_create, tasks_close_for_subject

    if status not in PersonStatus.values:
        raise ValidationError({"status": "未知状态"})
    if status != PersonStatus.SERVING and date is None:
        raise ValidationError({"status_date": "调离或退休须填写日期"})
    if date and date > dt.date.today() + dt.timedelta(days=366):
        raise ValidationError({"status_date": "日期不能晚于一年以后"})
    before = snapshot(person, ("status", "status_date"))
    person.status = status
    person.status_date = date if status != PersonStatus.SERVING else None
    person.updated_by = actor
    person.full_clean()
    person.save()
    changes = diff(before, snapshot(person, ("status", "status_date")))
    record(actor=actor, event="orgs.person.status_changed", target=person, changes=changes)
    org_changed.send(sender=Person, region_path=person.agency.region.path, actor=actor)
    if status != PersonStatus.SERVING and date is not None and changes:
        task_create(
            kind="orgs.office_return", assignee_role=Role.AGENCY_REPORTER,
            title=f"收回{person.name}（{person.get_status_display()}）的办公用房",
            detail="依据《党政机关办公用房管理办法》第十九条，工作人员调离或退休的，"
                   "应在办理手续后 1 个月内腾退办公用房。",
            region=person.agency.region, agency=person.agency, subject=person,
            subject_url=reverse("orgs:person_detail", args=[person.pk]),
            due_date=date + dt.timedelta(days=OFFICE_RETURN_DAYS), actor=actor)
    elif status == PersonStatus.SERVING:
        tasks_close_for_subject(subject=person, kind="orgs.office_return", actor=actor,
                                note="人员恢复在职")
    return person


@transaction.atomic
def concurrent_post_create(*, person: Person, agency: Agency, post: str, start_date: dt.date,
                           end_date: dt.date | None = None, approved: bool = False,
                           approval_doc: str = "", actor: Any) -> ConcurrentPost:
    if agency.pk == person.agency_id:
        raise ValidationError({"agency": "兼职单位不能是本人所在单位"})
    for name, value in (("start_date", start_date), ("end_date", end_date)):
        if value is not None and not (dt.date(1949, 10, 1) <= value <= dt.date(2100, 12, 31)):
            raise ValidationError({name: "日期应在 1949 年至 2100 年之间"})
    if approved and not approval_doc.strip():
        raise ValidationError({"approval_doc": "已批准另配办公室的，须填写批准文号"})
    cp = ConcurrentPost(person=person, agency=agency, post=post, start_date=start_date,
                        end_date=end_date, approved=approved, approval_doc=approval_doc,
                        created_by=actor, updated_by=actor)
    cp.full_clean()
    cp.save()
    record(actor=actor, event="orgs.concurrent_post.created", target=cp,
           changes={k: [None, v] for k, v in snapshot(cp).items()})
    org_changed.send(sender=ConcurrentPost, region_path=person.agency.region.path, actor=actor)
    return cp
