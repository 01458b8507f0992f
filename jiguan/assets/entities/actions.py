"""Every write of the transfer: entities, programmes, batches, placing an entity on its
route, completing a step. One transaction and one audit row each; the rules refuse here.

The step "房产移交" moves the entity's buildings on the office-space register through the
register's own actions (the new holder as 权利人, the former agency's allocations ended);
closing a route makes the entity the group's holding (or dissolved, merged, handed over)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from jiguan.access.roles import Role
from jiguan.assets.entities import rules
from jiguan.assets.entities.models import Batch, Entity, EntityStatus, Programme, Step, StepKind
from jiguan.audit.record import diff, record, snapshot
from jiguan.orgs.rules import credit_code_problem
from jiguan.space.register.actions import building_update, occupancy_end
from jiguan.space.register.models import Building, Occupancy
from jiguan.todo.actions import task_create, tasks_close_for_subject

ENTITY_FIELDS = ("name", "credit_code", "kind", "agency", "region", "book_value", "staff_count",
                 "revenue_last_year")
STEP_TASK = "assets.transfer_step"


def _check_entity(e: Entity) -> None:
    errors: dict[str, str] = {}
    problem = credit_code_problem(e.credit_code or "")
    if problem:
        errors["credit_code"] = problem
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def entity_create(*, data: Mapping[str, Any], buildings: Iterable[Building] = (),
                  actor: Any) -> Entity:
    e = Entity(created_by=actor, updated_by=actor)
    for k in ENTITY_FIELDS:
        if k in data:
            setattr(e, k, data[k])
    if not e.region_id and e.agency_id:
        e.region = e.agency.region
    _check_entity(e)
    e.full_clean()
    e.save()
    e.buildings.set(list(buildings))
    record(actor=actor, event="assets.entity.created", target=e,
           changes={**{k: [None, v] for k, v in snapshot(e, ENTITY_FIELDS).items()},
                    "buildings": [None, [b.code for b in e.buildings.all()]]})
    return e


@transaction.atomic
def entity_update(*, entity: Entity, data: Mapping[str, Any],
                  buildings: Iterable[Building] | None = None, actor: Any) -> dict[str, Any]:
    if entity.is_done:
        raise ValidationError("该单位已办结划转，不能再修改基本信息")
    before = snapshot(entity, ENTITY_FIELDS)
    old_codes = sorted(b.code for b in entity.buildings.all())
    for k in ENTITY_FIELDS:
        if k in data:
            setattr(entity, k, data[k])
    _check_entity(entity)
    entity.full_clean()
    changes = diff(before, snapshot(entity, ENTITY_FIELDS))
    if buildings is not None:
        entity.buildings.set(list(buildings))
        new_codes = sorted(b.code for b in entity.buildings.all())
        if new_codes != old_codes:
            changes["buildings"] = [old_codes, new_codes]
    if changes:
        entity.updated_by = actor
        entity.save()
        record(actor=actor, event="assets.entity.updated", target=entity, changes=changes)
    return changes


@transaction.atomic
def programme_create(*, region: Any, name: str, doc_no: str = "", receiver: str = "浙勤集团",
                     started_on: dt.date, actor: Any) -> Programme:
    p = Programme(region=region, name=name, doc_no=doc_no, receiver=receiver,
                  started_on=started_on, created_by=actor, updated_by=actor)
    p.full_clean()
    p.save()
    record(actor=actor, event="assets.programme.created", target=p,
           changes={k: [None, v] for k, v in snapshot(
               p, ("region", "name", "doc_no", "receiver", "started_on")).items()})
    return p


@transaction.atomic
def batch_create(*, programme: Programme, number: int, name: str, start_date: dt.date,
                 deadline: dt.date, actor: Any) -> Batch:
    if deadline < start_date:
        raise ValidationError({"deadline": "完成期限不能早于开始日期"})
    if start_date < programme.started_on:
        raise ValidationError(
            {"start_date": f"开始日期不能早于方案启动日期（{programme.started_on}）"})
    b = Batch(programme=programme, number=number, name=name, start_date=start_date,
              deadline=deadline, created_by=actor, updated_by=actor)
    b.full_clean()
    b.save()
    record(actor=actor, event="assets.batch.created", target=b,
           changes={k: [None, v] for k, v in snapshot(
               b, ("number", "name", "start_date", "deadline")).items()})
    return b


def _url(entity: Entity) -> str:
    return reverse("assets:entity_detail", args=[entity.pk])


def _open_task(step: Step, actor: Any) -> None:
    entity = step.entity
    task_create(kind=STEP_TASK, title=f"划转环节：{entity.name} {step.get_kind_display()}",
                assignee_role=Role.ASSETS_STAFF, region=entity.region, subject=step,
                subject_url=_url(entity), due_date=step.due_date,
                detail=f"{entity.batch}，路径：{entity.get_route_display()}", actor=actor)


@transaction.atomic
def entity_assign(*, entity: Entity, batch: Batch, route: str, receiver: str = "",
                  actor: Any) -> Entity:
    """Put an entity on a route in a batch: its steps with their planned dates, and the
    first step's to-do."""
    entity = Entity.objects.select_for_update().get(pk=entity.pk)
    if route not in rules.ROUTE_STEPS:
        raise ValidationError({"route": "请选择处置路径"})
    if entity.steps.filter(done_on__isnull=False).exists():
        raise ValidationError({"batch": "该单位已有环节办理完成，不能重新安排批次和路径"})
    receiver = receiver.strip()
    if route in rules.NEEDS_RECEIVER and not receiver:
        raise ValidationError({"receiver": "合并、移交须填写接收方"})
    for step in entity.steps.all():
        tasks_close_for_subject(subject=step, kind=STEP_TASK, actor=actor, note="重新安排路径")
    entity.steps.all().delete()
    before = {"batch": str(entity.batch) if entity.batch_id else None,
              "route": entity.route or None}
    kinds = rules.steps_of(route)
    dates = rules.planned_dates(batch.start_date, batch.deadline, len(kinds))
    steps = [Step.objects.create(entity=entity, kind=k, order=i + 1, due_date=d,
                                 created_by=actor, updated_by=actor)
             for i, (k, d) in enumerate(zip(kinds, dates, strict=True))]
    entity.batch = batch
    entity.route = route
    entity.receiver = receiver if route in rules.NEEDS_RECEIVER else ""
    entity.status = EntityStatus.IN_PROGRESS
    entity.current_step = kinds[0]
    entity.updated_by = actor
    entity.save()
    _open_task(steps[0], actor)
    record(actor=actor, event="assets.entity.assigned", target=entity,
           changes=diff(before, {"batch": str(batch), "route": entity.get_route_display()}))
    return entity


@transaction.atomic
def entities_assign(*, entities: Iterable[Entity], batch: Batch, route: str, actor: Any
                    ) -> int:
    """Put several entities on one route in a batch (all or none: the first refusal names
    the entity and nothing is written)."""
    count = 0
    for entity in entities:
        try:
            entity_assign(entity=entity, batch=batch, route=route, actor=actor)
        except ValidationError as exc:
            raise ValidationError(f"{entity.name}：{'；'.join(exc.messages)}") from exc
        count += 1
    return count


def _move_buildings(entity: Entity, new_owner: str, on: dt.date, actor: Any) -> list[str]:
    """The entity's buildings to the new holder on the register, through its actions."""
    moved = []
    for building in entity.buildings.select_related("region").order_by("code"):
        building_update(building=building, data={"owner": new_owner}, actor=actor)
        held = Occupancy.objects.filter(room__building=building, agency_id=entity.agency_id,
                                        end_date__isnull=True).select_related("room__building")
        for occ in held:
            occupancy_end(occupancy=occ, end_date=max(on, occ.start_date), actor=actor)
        moved.append(building.code)
    return moved


def new_holder(entity: Entity) -> str:
    """Who holds the entity's assets once its route is closed: the programme's group for a
    transfer or a dissolution (the group takes over what is left), else the receiver."""
    if entity.receiver:
        return entity.receiver
    assert entity.batch is not None
    return entity.batch.programme.receiver


@transaction.atomic
def step_complete(*, step: Step, done_on: dt.date, documents: str = "", note: str = "",
                  appraised_value: Decimal | None = None, placed: int | None = None,
                  retired: int | None = None, other: int | None = None,
                  actor: Any) -> Step:
    entity = Entity.objects.select_for_update(of=("self",)).select_related(
        "batch__programme", "region").get(pk=step.entity_id)
    steps = list(entity.steps.order_by("order"))
    index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    step = steps[index]
    problem = rules.order_error([s.kind for s in steps], [s.is_done for s in steps], index)
    if problem:
        raise ValidationError(problem)
    errors: dict[str, str] = {}
    if done_on > dt.date.today():
        errors["done_on"] = "完成日期不能晚于今天"
    elif index > 0 and (prev := steps[index - 1].done_on) is not None and done_on < prev:
        errors["done_on"] = (f"完成日期不能早于上一环节“{steps[index - 1].get_kind_display()}”"
                             f"的完成日期（{prev}）")
    if step.kind == StepKind.APPRAISAL:
        msg = rules.appraisal_error(appraised_value)
        if msg:
            errors["appraised_value"] = msg
    if step.kind == StepKind.PLACEMENT:
        msg = rules.placement_error(placed, retired, other, entity.staff_count)
        if msg:
            errors["placed"] = msg
    if step.kind in (StepKind.AGREEMENT, StepKind.REGISTRATION) and not documents.strip():
        errors["documents"] = f"“{step.get_kind_display()}”须填写文件（协议编号或登记文号）"
    if errors:
        raise ValidationError(errors)
    step.done_on = done_on
    step.documents = documents.strip()
    step.note = note.strip()
    if step.kind == StepKind.APPRAISAL:
        step.appraised_value = appraised_value
    if step.kind == StepKind.PLACEMENT:
        step.placed, step.retired, step.other = placed, retired, other
    step.updated_by = actor
    step.full_clean()
    step.save()
    changes: dict[str, Any] = {"done_on": [None, done_on]}
    if step.documents:
        changes["documents"] = [None, step.documents]
    if step.kind == StepKind.APPRAISAL:
        changes["appraised_value"] = [None, appraised_value]
    if step.kind == StepKind.PLACEMENT:
        changes["placement"] = [None, {"placed": placed, "retired": retired, "other": other}]
    if step.kind == StepKind.BUILDINGS:
        changes["buildings"] = [None, _move_buildings(entity, new_holder(entity), done_on,
                                                      actor)]
    tasks_close_for_subject(subject=step, kind=STEP_TASK, actor=actor, note="环节已完成")
    following = steps[index + 1] if index + 1 < len(steps) else None
    if following is None:
        entity.status = rules.FINAL_STATUS[entity.route]
        entity.current_step = ""
        entity.holder = new_holder(entity)
        entity.closed_on = done_on
        changes["status"] = [EntityStatus.IN_PROGRESS.label, entity.get_status_display()]
    else:
        entity.current_step = following.kind
        following.entity = entity
        _open_task(following, actor)
    entity.updated_by = actor
    entity.save()
    record(actor=actor, event="assets.step.completed", target=step, changes=changes)
    return step
