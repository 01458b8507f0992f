"""A campaign of the yearly inventory (see jiguan.space.inventory): opening it, the progress
board, closing it and the snapshot."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.audit.record import record
from jiguan.space.inventory_common import (
    TASK_KIND,
    _agency_task,
    _current_occupants,
    participants,
)
from jiguan.space.inventory_models import (
    Campaign,
    CampaignAgency,
    CampaignStatus,
    SnapshotRoom,
    SubmissionStatus,
)
from jiguan.space.models import Occupancy, Room
from jiguan.todo.actions import tasks_close_for_subject

# ---------------------------------------------------------------- opening a campaign

@transaction.atomic
def campaign_open(*, year: int, region: Region, deadline: dt.date, note: str = "",
                  actor: Any) -> Campaign:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if not actor.scope.covers(Perm.CHANGE_SPACE, region_path=region.path, agency_id=None):
        errors["region"] = "所选清查范围不在您的权限范围内"
    if not (2000 <= year <= today.year + 1):
        errors["year"] = f"清查年度应在 2000 至 {today.year + 1} 之间"
    if deadline < today:
        errors["deadline"] = f"填报截止日期（{deadline:%Y-%m-%d}）不能早于今天"
    if "region" not in errors and Campaign.objects.filter(
            year=year, region=region, status=CampaignStatus.OPEN).exists():
        errors["year"] = f"{year}年度{region.name}已有进行中的清查，请先关闭后再发起"
    if errors:
        raise ValidationError(errors)
    campaign = Campaign(year=year, region=region, deadline=deadline, note=note,
                        created_by=actor, updated_by=actor)
    campaign.full_clean()
    campaign.save()
    agencies = list(participants(region))
    for agency in agencies:
        ca = CampaignAgency.objects.create(campaign=campaign, agency=agency, created_by=actor,
                                           updated_by=actor)
        _agency_task(ca, title=f"{year}年度办公用房清查：请核对并上传本单位填报表",
                     detail=f"请在{deadline:%Y-%m-%d}前下载预填的填报表，按实际使用情况核对修改后上传。",
                     actor=actor)
    record(actor=actor, event="space.inventory.opened", target=campaign,
           changes={"year": [None, year], "region": [None, region.name],
                    "deadline": [None, deadline], "agencies": [None, len(agencies)]})
    return campaign


@transaction.atomic
def campaign_add_agency(*, campaign: Campaign, agency: Any, actor: Any) -> CampaignAgency:
    """Add an agency to an open campaign (one set up after the campaign opened, or one that
    uses rooms the register does not show yet); it gets the same to-do as the others."""
    campaign = Campaign.objects.select_for_update().select_related("region").get(
        pk=campaign.pk)
    if not campaign.is_open:
        raise ValidationError({"agency": "本次清查已关闭，不能再增加单位"})
    if not agency.region.path.startswith(campaign.region.path):
        raise ValidationError({"agency": f"{agency.name}不在本次清查范围"
                                         f"（{campaign.region.name}）内"})
    if agency.status != "active":
        raise ValidationError({"agency": f"{agency.name}已{agency.get_status_display()}，"
                                         "不能参加清查"})
    if CampaignAgency.objects.filter(campaign=campaign, agency=agency).exists():
        raise ValidationError({"agency": f"{agency.name}已在本次清查中"})
    ca = CampaignAgency.objects.create(campaign=campaign, agency=agency, created_by=actor,
                                       updated_by=actor)
    _agency_task(ca, title=f"{campaign.year}年度办公用房清查：请核对并上传本单位填报表",
                 detail=f"请在{campaign.deadline:%Y-%m-%d}前下载预填的填报表，按实际使用情况"
                        "核对修改后上传。", actor=actor)
    record(actor=actor, event="space.inventory.agency_added", target=ca,
           changes={"agency": [None, agency.name]})
    return ca


# ---------------------------------------------------------------- the progress board

@dataclass
class BoardRow:
    code: str
    name: str
    drill: bool
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    @property
    def pending(self) -> int:
        return self.count(SubmissionStatus.PENDING)

    @property
    def submitted(self) -> int:
        return self.count(SubmissionStatus.SUBMITTED)

    @property
    def returned(self) -> int:
        return self.count(SubmissionStatus.RETURNED)

    @property
    def confirmed(self) -> int:
        return self.count(SubmissionStatus.CONFIRMED)


def board(rows: Iterable[CampaignAgency], region: Region) -> tuple[list[BoardRow], BoardRow]:
    """Counts per status for each child region of ``region`` that has agencies (plus 本级 for
    agencies of ``region`` itself), and the total. ``rows`` need ``agency__region``."""
    depth = len(region.path.strip("/").split("/"))
    children = {r.code: r for r in Region.objects.filter(parent=region)}
    per: dict[str, BoardRow] = {}
    total = BoardRow(code="", name="合计", drill=False, counts=defaultdict(int))
    for ca in rows:
        parts = ca.agency.region.path.strip("/").split("/")
        if not ca.agency.region.path.startswith(region.path):
            continue
        if len(parts) > depth and parts[depth] in children:
            child = children[parts[depth]]
            row = per.setdefault(child.code, BoardRow(child.code, child.name, True,
                                                      defaultdict(int)))
        else:
            row = per.setdefault("", BoardRow("", f"{region.name}（本级）", False,
                                              defaultdict(int)))
        row.counts[ca.status] += 1
        total.counts[ca.status] += 1
    return sorted(per.values(), key=lambda r: (r.code != "", r.code)), total


# ---------------------------------------------------------------- closing and the snapshot

def snapshot_rows(campaign: Campaign) -> list[SnapshotRoom]:
    """The register of the campaign's region as plain values (every room, allocated or not)."""
    rooms = (Room.objects.filter(building__region__path__startswith=campaign.region.path)
             .select_related("building", "building__region", "floor")
             .prefetch_related(_current_occupants(),
                               Prefetch("occupancies", to_attr="current_allocation",
                                        queryset=Occupancy.objects.filter(end_date__isnull=True)
                                        .select_related("agency")))
             .order_by("building__region__code", "building__code", "floor__number", "number"))
    out: list[SnapshotRoom] = []
    for r in rooms:
        allocation = r.current_allocation  # type: ignore[attr-defined]
        agency = allocation[0].agency if allocation else None
        out.append(SnapshotRoom(
            campaign=campaign, region_code=r.building.region.code,
            region_name=r.building.region.name, building_code=r.building.code,
            building_name=r.building.name, floor=r.floor.number, room_number=r.number,
            use_class=r.use_class, use_class_label=r.get_use_class_display(),
            usable_area=r.usable_area,
            agency_credit_code=agency.credit_code if agency else "",
            agency_name=agency.name if agency else "",
            occupant_count=len(r.current_occupants),  # type: ignore[attr-defined]
        ))
    return out


@transaction.atomic
def campaign_close(*, campaign: Campaign, actor: Any, force: bool = False,
                   reason: str = "") -> Campaign:
    campaign = Campaign.objects.select_for_update().select_related("region").get(pk=campaign.pk)
    if not campaign.is_open:
        raise ValidationError("本次清查已关闭")
    reason = reason.strip()
    unconfirmed = list(campaign.agencies.exclude(status=SubmissionStatus.CONFIRMED)
                       .select_related("agency").order_by("agency__name"))
    if unconfirmed and not force:
        names = "、".join(ca.agency.name for ca in unconfirmed[:5])
        more = f"等 {len(unconfirmed)} 家" if len(unconfirmed) > 5 else ""
        raise ValidationError(f"尚有单位未确认（{names}{more}），不能关闭；"
                              "如需强制关闭，请勾选“强制关闭”并填写原因")
    if force and not reason:
        raise ValidationError({"reason": "强制关闭须填写原因"})
    rows = snapshot_rows(campaign)
    SnapshotRoom.objects.bulk_create(rows, batch_size=1000)
    for ca in campaign.agencies.all():
        tasks_close_for_subject(subject=ca, kind=TASK_KIND, actor=actor, note="清查已关闭")
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_at = timezone.now()
    campaign.forced = bool(force and unconfirmed)
    campaign.close_reason = reason[:300] if campaign.forced else ""
    campaign.updated_by = actor
    campaign.full_clean()
    campaign.save()
    record(actor=actor, event="space.inventory.closed", target=campaign,
           changes={"status": ["进行中", "已关闭"], "snapshot_rooms": [None, len(rows)],
                    "unconfirmed": [None, len(unconfirmed)]},
           extra={"forced": campaign.forced, "reason": campaign.close_reason})
    return campaign
