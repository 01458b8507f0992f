"""Demo repairs (``manage.py space_demo``): one of each kind and stage, through the real
actions (audit rows and to-dos included), on buildings whose agencies use them, so the repair
list, the bureau's to-dos and the building pages' repair history have something to show."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from jiguan.space.register.models import Occupancy
from jiguan.space.repairs import actions, rules
from jiguan.space.repairs.models import Repair

ALL = [key for key, _ in rules.CHECKLIST]

# (kind, title, items, the stage it is left at)
PLANS: tuple[tuple[str, str, tuple[tuple[str, int], ...], str], ...] = (
    ("daily", "更换走廊灯具", (("LED 灯具", 6800), ("人工", 1200)), "accepted"),
    ("medium", "屋面防水及外墙修缮", (("屋面防水", 280000), ("外墙修缮", 150000)), "submitted"),
    ("major", "办公楼整体修缮", (("结构加固", 1200000), ("给排水改造", 600000),
                                ("消防改造", 400000)), "in_progress"),
    ("medium", "会议室声学改造", (("吸音墙面", 90000), ("音响设备", 60000)), "accepted"),
    ("medium", "电梯更新", (("电梯设备", 380000), ("安装", 40000)), "budget_review"),
    ("daily", "卫生间水管维修", (("管件", 1500),), "in_progress"),
)


def _pairs(n: int) -> list[Any]:
    """(agency, building) pairs: the first allocations of the register, one per building."""
    seen: set[int] = set()
    out = []
    for occ in (Occupancy.objects.filter(end_date__isnull=True, agency__status="active")
                .select_related("agency", "agency__region", "room__building")
                .order_by("room__building__region__code", "room__building__code", "pk")):
        if occ.room.building_id in seen:
            continue
        seen.add(occ.room.building_id)
        out.append((occ.agency, occ.room.building))
        if len(out) == n:
            break
    return out


@transaction.atomic
def load() -> int:
    if Repair.objects.exists():
        return 0
    today = timezone.localdate()
    made = 0
    for (agency, building), (kind, title, items, stage) in zip(_pairs(len(PLANS)), PLANS,
                                                               strict=False):
        data = {"agency": agency, "building": building, "kind": kind, "title": title,
                "reason": "设施老化，影响正常办公", "extension_area": Decimal(0),
                "items": [{"name": n, "amount": f"{a}.00"} for n, a in items],
                "checklist": ALL}
        if kind == "major":
            data["extension_area"] = (building.building_area * Decimal("0.05")).quantize(
                Decimal("0.01"))
        repair = actions.repair_submit(data=data, actor=None)
        made += 1
        if kind == "daily":
            if stage == "accepted":
                actions.repair_finish(repair=repair, final_cost=repair.budget - 300,
                                      finished_on=today, actor=None)
            continue
        if stage == "submitted":
            continue
        level = rules.required_level(repair.budget)
        actions.repair_approve(repair=repair, level=level,
                               doc_no=f"机事维〔{today.year}〕{repair.pk}号", actor=None)
        actions.repair_start(repair=repair, started_on=today - dt.timedelta(days=30),
                             actor=None)
        actions.repair_progress(repair=repair, progress=45, note="主体施工中", actor=None)
        if stage == "budget_review":
            actions.repair_request_increase(repair=repair, new_budget=repair.budget + 35000,
                                            reason="井道改造量超出预估", actor=None)
        elif stage == "accepted":
            actions.repair_finish(repair=repair, final_cost=repair.budget - 5000,
                                  finished_on=today, actor=None)
            actions.repair_accept(repair=repair, note="验收合格", actor=None)
    return made
