"""Every write of the optimiser, each in one transaction with its audit row: start a plan,
store the solver's answer, accept a plan (which creates the allocation and return items),
pin and unpin rooms."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can_at
from jiguan.audit.record import record
from jiguan.space.allocation.actions import allocation_propose
from jiguan.space.optimiser import compute, rules
from jiguan.space.optimiser.models import MoveKind, Plan, PlanMove, PlanStatus, RoomPin
from jiguan.space.register.models import Occupancy, Occupant, Room
from jiguan.space.returns.actions import return_for_occupancy
from jiguan.space.returns.models import ReturnReason

logger = logging.getLogger(__name__)
#: Minutes after which a queued or running plan no longer blocks a new one for its region.
STALE_MINUTES = 30
#: Seconds between two progress writes of a running plan.
PROGRESS_SECONDS = 1.0


def _covers(actor: Any, region_path: str) -> bool:
    return bool(can_at(actor, Perm.CHANGE_SPACE, region_path=region_path, agency_id=None))


@transaction.atomic
def plan_start(*, region: Region, actor: Any) -> Plan:
    """File a plan for ``region`` (a city or county); the task worker solves it."""
    if region.level not in rules.PLAN_LEVELS:
        raise ValidationError({"region": rules.MSG_LEVEL})
    if not _covers(actor, region.path):
        raise ValidationError({"region": rules.MSG_SCOPE})
    # A plan queued or running for longer than STALE_MINUTES lost its worker: no block.
    since = timezone.now() - dt.timedelta(minutes=STALE_MINUTES)
    if Plan.objects.select_for_update().filter(
            region=region, status__in=(PlanStatus.QUEUED, PlanStatus.RUNNING),
            updated_at__gte=since).exists():
        raise ValidationError({"region": rules.MSG_RUNNING})
    plan = Plan.objects.create(region=region, stage="排队等待求解", created_by=actor,
                               updated_by=actor)
    record(actor=actor, event="space.optimiser.started", target=plan,
           changes={"region": [None, region.name]})
    return plan


def plan_solve(plan_id: int) -> Plan:
    """Solve a queued plan (task worker): progress is written as the stages go; the lines
    and figures are stored in one transaction; a failure leaves the plan ``failed``."""
    if not Plan.objects.filter(pk=plan_id, status=PlanStatus.QUEUED).update(
            status=PlanStatus.RUNNING, stage="读取台账", percent=5, updated_at=timezone.now()):
        return Plan.objects.get(pk=plan_id)
    plan = Plan.objects.select_related("region", "created_by").get(pk=plan_id)
    reported = [0.0]

    def progress(fraction: float, label: str) -> None:
        now = time.monotonic()
        if now - reported[0] < PROGRESS_SECONDS:
            return
        reported[0] = now
        Plan.objects.filter(pk=plan_id).update(stage=f"求解：{label}", updated_at=timezone.now(),
                                               percent=10 + int(85 * fraction))

    try:
        problem, result = compute.run(plan.region.path, progress)
        _store(plan, problem, result)
    except Exception:
        logger.exception("optimiser plan %s failed", plan_id)
        Plan.objects.filter(pk=plan_id).update(status=PlanStatus.FAILED, stage="",
                                               message=rules.MSG_FAILED)
    plan.refresh_from_db()
    return plan


def _solve_note(result: compute.solver.Result) -> str:
    if not result.optimal:
        return "求解达到时限，方案可行但未证明最优（超标面积与缺额或调整次数）"
    if not result.spread_optimal:
        return "超标面积与缺额、调整次数已证明最优；单位分散楼栋为限时求解所得的最好结果"
    return ""


@transaction.atomic
def _store(plan: Plan, problem: compute.Problem, result: compute.solver.Result) -> None:
    lines = compute.lines(problem, result.choice)
    PlanMove.objects.bulk_create([
        PlanMove(plan=plan, kind=ln.kind, agency_id=ln.agency_id, people=ln.people[:300],
                 person_ids=ln.person_ids, from_room_id=ln.from_room_id,
                 to_room_id=ln.to_room_id, limit_total=compute.m2(ln.limit_c),
                 over_before=compute.m2(ln.before_c), over_after=compute.m2(ln.after_c))
        for ln in lines])
    before = compute.figures(problem, None)
    after = compute.figures(problem, result.choice)
    before.update(moves=0, new_buildings=0)
    after.update(moves=result.after["moves"], new_buildings=result.after["spread"])
    Plan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.DONE, stage="", percent=100, before=before, after=after,
        optimal=result.optimal, seconds=result.seconds, variables=result.variables,
        message=_solve_note(result))
    record(actor=plan.created_by, event="space.optimiser.solved", target=plan,
           changes={"moves": [None, after["moves"]], "over_area": [before["over_area"],
                                                                   after["over_area"]]},
           extra={"seconds": result.seconds, "variables": result.variables,
                  "optimal": result.optimal})


def _stale(plan: Plan) -> str | None:
    """What changed in the register since the plan was solved, or None."""
    moves = list(plan.moves.select_related("from_room", "to_room"))
    leaving: set[int] = set()
    for mv in moves:
        if mv.kind == MoveKind.RETURN:
            continue
        if mv.from_room_id is not None:
            leaving.add(mv.from_room_id)
            now = set(Occupant.objects.filter(room_id=mv.from_room_id, end_date__isnull=True)
                      .values_list("person_id", flat=True))
            if now != set(mv.person_ids):
                return f"{mv.from_room} 的使用人已变化"
        else:
            if Occupant.objects.filter(person_id__in=mv.person_ids,
                                       end_date__isnull=True).exists():
                return f"{mv.people} 已有办公室"
    for mv in moves:
        if mv.to_room_id is None:
            continue
        if mv.to_room_id not in leaving and Occupant.objects.filter(
                room_id=mv.to_room_id, end_date__isnull=True).exists():
            return f"{mv.to_room} 已有人使用"
    return None


def create_items(plan: Plan, actor: Any) -> dict[int, str]:
    """Turn an accepted plan's lines into work for the other workflows; returns each line's
    item reference. The one place where a plan becomes cases:

    * each ``return`` line: a return case (腾退, reason 统一调剂) for the agency's occupancy
      of the room (``returns.actions.return_for_occupancy``);
    * the ``allocate`` lines of one agency: one allocation case for their rooms, already
      reviewed (待审批; 调剂 when the rooms are vacant, else 置换 — a room another agency
      still holds is approved once its return case is accepted)
      (``allocation.actions.allocation_propose``);
    * a ``move`` line stays inside the agency's own rooms: no case (the agency seats its
      people through the register).

    Called inside :func:`plan_accept`'s transaction: a refusal rolls the whole plan back."""
    refs: dict[int, str] = {}
    plan_ref = f"调剂方案#{plan.pk}"
    moves = list(plan.moves.select_related("agency", "from_room__building",
                                           "to_room__building").order_by("id"))
    for mv in moves:
        if mv.kind != MoveKind.RETURN or mv.from_room is None:
            continue
        occupancy = Occupancy.objects.filter(room=mv.from_room, agency=mv.agency,
                                             end_date__isnull=True).first()
        if occupancy is None:
            raise ValidationError({"plan": rules.MSG_STALE.format(
                what=f"{mv.from_room} 已不由{mv.agency.name}使用")})
        back = return_for_occupancy(
            occupancy=occupancy, reason=ReturnReason.REALLOCATION, plan_ref=plan_ref,
            detail=f"{plan_ref}：{mv.from_room}交回统一调剂", actor=actor)
        refs[mv.pk] = f"腾退移交 #{back.pk}"
    by_agency: dict[int, list[PlanMove]] = defaultdict(list)
    for mv in moves:
        if mv.kind == MoveKind.ALLOCATE and mv.to_room is not None:
            by_agency[mv.agency_id].append(mv)
    for agency_id in sorted(by_agency):
        lines = by_agency[agency_id]
        people = "；".join(f"{mv.people or '—'}调入{mv.to_room}" for mv in lines)
        case = allocation_propose(agency=lines[0].agency, rooms=[mv.to_room for mv in lines
                                                                  if mv.to_room is not None],
                                  reason=f"{plan_ref}：{people}"[:500], plan_ref=plan_ref,
                                  actor=actor)
        for mv in lines:
            refs[mv.pk] = f"调配申请 #{case.pk}"
    return refs


@transaction.atomic
def plan_accept(*, plan: Plan, actor: Any) -> Plan:
    """Accept a solved plan: check it still fits the register, create its items, audit."""
    plan = Plan.objects.select_for_update().select_related("region").get(pk=plan.pk)
    if not _covers(actor, plan.region.path):
        raise ValidationError({"plan": rules.MSG_SCOPE})
    if plan.status != PlanStatus.DONE:
        raise ValidationError({"plan": rules.MSG_NOT_READY})
    what = _stale(plan)
    if what:
        raise ValidationError({"plan": rules.MSG_STALE.format(what=what)})
    refs = create_items(plan, actor)
    for move_id, ref in refs.items():
        PlanMove.objects.filter(pk=move_id, plan=plan).update(item_ref=ref[:60])
    plan.status = PlanStatus.ACCEPTED
    plan.accepted_at = timezone.now()
    plan.accepted_by = actor
    plan.updated_by = actor
    plan.save(update_fields=["status", "accepted_at", "accepted_by", "updated_by",
                             "updated_at"])
    record(actor=actor, event="space.optimiser.accepted", target=plan,
           changes={"status": [PlanStatus.DONE.value, PlanStatus.ACCEPTED.value]},
           extra={"lines": plan.moves.count(), "items": len(set(refs.values()))})
    return plan


@transaction.atomic
def pin_set(*, room: Room, note: str = "", actor: Any) -> RoomPin:
    """Pin a room: the optimiser leaves it (and its people) as it is."""
    if not _covers(actor, room.building.region.path):
        raise ValidationError({"room": rules.MSG_SCOPE})
    pin, created = RoomPin.objects.get_or_create(
        room=room, defaults={"note": note, "created_by": actor, "updated_by": actor})
    if not created:
        raise ValidationError({"room": f"房间 {room} 已固定"})
    record(actor=actor, event="space.optimiser.pinned", target=pin,
           changes={"room": [None, str(room)], "note": [None, note]})
    return pin


@transaction.atomic
def pin_clear(*, pin: RoomPin, actor: Any) -> None:
    room = pin.room
    if not _covers(actor, room.building.region.path):
        raise ValidationError({"room": rules.MSG_SCOPE})
    record(actor=actor, event="space.optimiser.unpinned", target=pin,
           changes={"room": [str(room), None]})
    pin.delete()
