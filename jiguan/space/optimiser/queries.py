"""Reads the optimiser's pages, API and exports share."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.core.scoping import visible_or_404
from jiguan.space.optimiser.models import Plan, PlanMove, RoomPin
from jiguan.space.optimiser.rules import PLAN_LEVELS
from jiguan.space.register.models import Room


def plan_regions(user: Any) -> QuerySet[Region]:
    """The cities and counties the user may plan (change_space over them)."""
    return Region.objects.visible_to(user, Perm.CHANGE_SPACE).filter(
        level__in=PLAN_LEVELS).order_by("code")


def plans_for(user: Any) -> QuerySet[Plan]:
    return Plan.objects.visible_to(user).select_related("region", "created_by", "accepted_by")


def plan_or_404(user: Any, pk: int) -> Plan:
    plan: Plan = visible_or_404(Plan.objects.select_related("region", "created_by"), user,
                                pk=pk)
    return plan


def plan_moves(plan: Plan) -> QuerySet[PlanMove]:
    return plan.moves.select_related("agency", "from_room", "from_room__building",
                                     "to_room", "to_room__building").order_by("kind", "id")


def pins_for(user: Any) -> QuerySet[RoomPin]:
    return RoomPin.objects.visible_to(user).select_related("room", "room__building",
                                                           "created_by")


def pin_or_404(user: Any, pk: int) -> RoomPin:
    pin: RoomPin = visible_or_404(RoomPin.objects.select_related("room__building__region"),
                                  user, pk=pk)
    return pin


def room_by_code(user: Any, building_code: str, number: str) -> Room | None:
    """A room the user sees, by building code and room number (None: none such)."""
    room: Room | None = (Room.objects.visible_to(user).select_related("building__region")
                         .filter(building__code=building_code.strip(),
                                 number=number.strip()).first())
    return room


#: The figures of a plan, in the order the page and the workbook show them.
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("over_area", "超标准使用面积", "area"),
    ("over_rooms", "超标办公室", "count"),
    ("shortage_area", "缺额面积（无办公室人员标准合计）", "area"),
    ("unseated_people", "无办公室人员", "count"),
    ("against_class_area", "改变使用功能面积", "area"),
    ("against_class_rooms", "改变使用功能房间", "count"),
    ("vacant_rooms", "空置办公室", "count"),
    ("vacant_area", "空置办公室面积", "area"),
    ("moves", "调整次数", "count"),
    ("new_buildings", "单位新进入楼栋", "count"),
)
