"""Every write of the units' state assets: cards, configuration standards, and the
disposal / renting-out / lending-out matters with their approvals. One transaction and one
audit row each; the rules refuse here (forms, API and Excel all come through these).

A building's card is the register's building (one card per building, its card number and
book value written to the register through the register's own action); disposing of a
building goes through the office-space register's actions too (the unit's allocations in
it ended, the new holder as 权利人), after the office-space rules: never rented or lent out
(机关事务管理条例第二十三条), never disposed of by the unit alone (办公用房管理办法第五条),
not while people still have their offices in it, not while the register is transferring it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.access.roles import Perm, Role
from jiguan.access.scope import can_at
from jiguan.assets.cards import rules
from jiguan.assets.cards.models import (
    OPEN_STATUSES,
    Approval,
    AssetCard,
    CardStatus,
    ConfigStandard,
    Decision,
    Level,
    Matter,
    MatterItem,
    MatterKind,
    MatterStatus,
)
from jiguan.audit.record import diff, record, snapshot
from jiguan.space.register.actions import building_update, occupancy_end
from jiguan.space.register.models import BuildingUse, Occupancy, Occupant
from jiguan.space.transfers.models import TransferItem, TransferStatus
from jiguan.todo.actions import task_create, tasks_close_for_subject

CARD_FIELDS = ("card_no", "asset_class", "name", "quantity", "value", "acquired_on", "agency",
               "building", "room", "location_note", "over_standard_reason")
STANDARD_FIELDS = ("per_person", "max_unit_price", "min_years", "source", "unverified", "note")
# What a disposal does to the building's title on the register (权利人); None: unchanged.
NEW_OWNER = {MatterKind.TRANSFER, MatterKind.SALE, MatterKind.SWAP, MatterKind.DONATION}


def card_url(card: AssetCard) -> str:
    return reverse("assets:card_detail", args=[card.pk])


def matter_url(matter: Matter) -> str:
    return reverse("assets:disposal_detail", args=[matter.pk])


# -- cards ---------------------------------------------------------------------------------


def standard_problems(card: AssetCard, *, exclude_pk: int | None = None) -> list[str]:
    """Why the card goes beyond its class's configuration standard ([] if it does not)."""
    std = ConfigStandard.objects.filter(asset_class_id=card.asset_class_id).first()
    if std is None or card.agency_id is None:
        return []
    held = (AssetCard.objects.filter(agency_id=card.agency_id, asset_class_id=card.asset_class_id)
            .exclude(status=CardStatus.DISPOSED).exclude(pk=exclude_pk or 0)
            .aggregate(n=Sum("quantity"))["n"] or 0)
    unit_price = card.value / card.quantity if card.quantity else None
    return rules.over_standard(held=held, adding=card.quantity, per_person=std.per_person,
                               headcount=card.agency.actual_headcount or 0,
                               unit_price=unit_price, max_price=std.max_unit_price)


def _check_card(card: AssetCard, *, check_standard: bool) -> None:
    errors: dict[str, str] = {}
    if card.acquired_on and card.acquired_on > timezone.localdate():
        errors["acquired_on"] = "取得日期不能晚于今天"
    room = card.room if card.room_id is not None else None
    if room is not None:
        if card.building_id is None:
            card.building = room.building
        elif room.building_id != card.building_id:
            errors["room"] = f"房间 {room.number} 不在所选房产中"
    is_building = rules.is_building_class(card.asset_class.code)
    if is_building:
        if card.building_id is None:
            errors["building"] = "房屋类资产须关联办公用房台账中的房产（填写房产编号），不重复录入"
        elif card.room_id is not None:
            errors["room"] = "房屋类资产关联整栋房产，不填房间"
        else:
            other = (AssetCard.objects.filter(building_id=card.building_id,
                                              asset_class__code__startswith=rules.BUILDING_CODE)
                     .exclude(pk=card.pk or 0).exclude(status=CardStatus.DISPOSED).first())
            if other is not None:
                errors["building"] = (f"该房产已有资产卡片 {other.card_no}（{other.agency.name}），"
                                      "一栋房产只建一张卡片")
    if check_standard and not card.over_standard_reason.strip():
        why = standard_problems(card)
        if why:
            errors["over_standard_reason"] = "超出配置标准，须填写超标准配置理由：" + "；".join(
                why)
    if errors:
        raise ValidationError(errors)


def _sync_register(card: AssetCard, actor: Any) -> None:
    """A building's card number and book value live on the card; the register shows them."""
    if card.building is not None and rules.is_building_class(card.asset_class.code):
        building_update(building=card.building,
                        data={"asset_card_no": card.card_no, "book_value": card.value},
                        actor=actor)


@transaction.atomic
def card_create(*, data: Mapping[str, Any], actor: Any, check_standard: bool = True
                ) -> AssetCard:
    """A new card. `check_standard`: a new configuration (配置) beyond the class's standard
    needs its reason; the import of an existing register asks the user to confirm instead."""
    card = AssetCard(created_by=actor, updated_by=actor)
    for k in CARD_FIELDS:
        if k in data and data[k] is not None:
            setattr(card, k, data[k])
    if card.asset_class_id is None:
        raise ValidationError({"asset_class": "资产分类不存在"})
    if not card.name and card.building is not None:
        card.name = card.building.name
    _check_card(card, check_standard=check_standard)
    if not card.name.strip():
        raise ValidationError({"name": "资产名称不能为空（房屋类可取台账房产名称）"})
    card.full_clean()
    card.save()
    _sync_register(card, actor)
    record(actor=actor, event="assets.card.created", target=card,
           changes={k: [None, v] for k, v in snapshot(card, CARD_FIELDS).items()
                    if v not in (None, "")})
    return card


@transaction.atomic
def card_update(*, card: AssetCard, data: Mapping[str, Any], actor: Any) -> dict[str, Any]:
    card = AssetCard.objects.select_for_update(of=("self",)).select_related(
        "agency", "asset_class").get(
        pk=card.pk)
    if card.status == CardStatus.DISPOSED:
        raise ValidationError("该资产已处置，卡片不能再修改")
    before = snapshot(card, CARD_FIELDS)
    for k in CARD_FIELDS:
        if k in data and k != "agency":
            setattr(card, k, data[k])
    _check_card(card, check_standard=False)
    card.full_clean()
    changes = diff(before, snapshot(card, CARD_FIELDS))
    if changes:
        card.updated_by = actor
        card.save()
        _sync_register(card, actor)
        record(actor=actor, event="assets.card.updated", target=card, changes=changes)
    return changes


@transaction.atomic
def standard_save(*, asset_class: Any, data: Mapping[str, Any], actor: Any) -> ConfigStandard:
    std = ConfigStandard.objects.filter(asset_class=asset_class).first()
    created = std is None
    if std is None:
        std = ConfigStandard(asset_class=asset_class, created_by=actor)
    before = {} if created else snapshot(std, STANDARD_FIELDS)
    for k in STANDARD_FIELDS:
        if k in data:
            setattr(std, k, data[k])
    if std.per_person is None and std.max_unit_price is None and std.min_years is None:
        raise ValidationError("每人配置数量上限、单价上限、最低使用年限至少填写一项")
    std.updated_by = actor
    std.full_clean()
    std.save()
    changes = diff(before, snapshot(std, STANDARD_FIELDS))
    record(actor=actor, event="assets.standard.saved", target=std,
           region=Region.objects.filter(code=settings.JIGUAN_PROVINCE).first(),
           changes={"asset_class": [None, str(asset_class)], **changes})
    return std


# -- matters: disposal, renting and lending out ---------------------------------------------


def _province() -> Region:
    return Region.objects.get(code=settings.JIGUAN_PROVINCE)


def _approver_regions(agency: Any, levels: Sequence[str]) -> list[tuple[str, Region]]:
    """Each level's approving bureau; a provincial unit's own bureau is the province's, so
    its two levels are one."""
    out: list[tuple[str, Region]] = []
    for level in levels:
        region = agency.region if level == Level.BUREAU else _province()
        if out and out[-1][1].pk == region.pk:
            out[-1] = (level, region)
            continue
        out.append((level, region))
    return out


def _approval_task(approval: Approval, actor: Any) -> None:
    m = approval.matter
    task_create(kind=rules.TASK_APPROVE, assignee_role=Role.ASSETS_STAFF, region=approval.region,
                title=f"资产{m.get_kind_display()}审批：{m.agency.name}",
                detail=(f"原值合计 {m.total_value:,.2f} 元，"
                        f"审批层级：{approval.get_level_display()}"),
                subject=m, subject_url=matter_url(m), actor=actor)


def _execute_task(matter: Matter, actor: Any) -> None:
    task_create(kind=rules.TASK_EXECUTE, assignee_role=Role.AGENCY_REPORTER,
                region=matter.agency.region, agency=matter.agency,
                title=f"资产{matter.get_kind_display()}已批准，待执行：{matter.agency.name}",
                subject=matter, subject_url=matter_url(matter), actor=actor)


def _building_cards(cards: Sequence[AssetCard]) -> list[AssetCard]:
    return [c for c in cards if c.building_id and rules.is_building_class(c.asset_class.code)]


@transaction.atomic
def matter_submit(*, agency: Any, kind: str, cards: Sequence[AssetCard], reason: str,
                  counterparty: str = "", start_date: dt.date | None = None,
                  end_date: dt.date | None = None, income: Decimal | None = None,
                  actor: Any) -> Matter:
    """A unit applies to dispose of, rent out or lend out cards; the levels its value needs
    are set now (each a to-do); below every limit the unit decides itself."""
    errors: dict[str, str] = {}
    if kind not in MatterKind.values:
        errors["kind"] = "请选择事项类型"
    if not reason.strip():
        errors["reason"] = "请填写理由"
    locked = list(AssetCard.objects.select_for_update(of=("self",))
                  .filter(pk__in=[c.pk for c in cards])
                  .select_related("asset_class", "building", "agency"))
    if not locked:
        errors["cards"] = "请选择资产"
    for card in locked:
        if card.agency_id != agency.pk:
            errors["cards"] = f"资产 {card.card_no} 不属于{agency.name}"
        elif card.status not in (CardStatus.IN_USE, CardStatus.IDLE):
            errors["cards"] = f"资产 {card.card_no} 当前为“{card.get_status_display()}”，不能办理"
        elif MatterItem.objects.filter(card=card, matter__status__in=OPEN_STATUSES).exists():
            errors["cards"] = f"资产 {card.card_no} 已在办理中的事项中"
    lease = kind in (MatterKind.RENT, MatterKind.LEND)
    buildings = _building_cards(locked)
    if lease:
        if start_date is None or end_date is None:
            errors["start_date"] = "出租、出借须填写起止日期"
        elif end_date < start_date:
            errors["end_date"] = "截止日不能早于起始日"
        office = [c for c in buildings if c.building and c.building.use == BuildingUse.OFFICE]
        if office:
            errors["cards"] = (f"{office[0].name}是办公用房：政府各部门不得出租、出借办公用房"
                               "（《机关事务管理条例》第二十三条）")
    if kind in (MatterKind.TRANSFER, MatterKind.SALE, MatterKind.SWAP, MatterKind.DONATION,
                MatterKind.RENT, MatterKind.LEND) and not counterparty.strip():
        errors["counterparty"] = "请填写接收方（承租方、借用方）"
    if errors:
        raise ValidationError(errors)
    total = sum((c.value for c in locked), Decimal(0))
    matter = Matter(agency=agency, kind=kind, reason=reason.strip(),
                    counterparty=counterparty.strip(), total_value=total,
                    start_date=start_date if lease else None,
                    end_date=end_date if lease else None, income=income,
                    created_by=actor, updated_by=actor)
    levels = rules.levels_for(kind, total, has_building=bool(buildings))
    matter.status = MatterStatus.APPROVING if levels else MatterStatus.APPROVED
    matter.full_clean()
    matter.save()
    MatterItem.objects.bulk_create([MatterItem(matter=matter, card=c, value=c.value)
                                    for c in locked])
    approvals = [Approval.objects.create(matter=matter, order=i + 1, level=level, region=region)
                 for i, (level, region) in enumerate(_approver_regions(agency, levels))]
    if approvals:
        _approval_task(approvals[0], actor)
    else:
        _execute_task(matter, actor)
    record(actor=actor, event="assets.matter.submitted", target=matter, changes={
        "kind": [None, matter.get_kind_display()], "total_value": [None, total],
        "cards": [None, [c.card_no for c in locked]],
        "levels": [None, [a.get_level_display() for a in approvals] or ["单位自行决定"]]})
    return matter


def _lock(matter: Matter) -> Matter:
    locked: Matter = Matter.objects.select_for_update(of=("self",)).select_related(
        "agency", "agency__region").get(pk=matter.pk)
    return locked


def pending_approval(matter: Matter) -> Approval | None:
    return matter.approvals.filter(decision=Decision.PENDING).select_related("region").first()


def can_approve(actor: Any, matter: Matter) -> bool:
    """Only the bureau at the pending level's region approves (its grant covers that
    region, not merely the unit)."""
    approval = pending_approval(matter) if matter.status == MatterStatus.APPROVING else None
    return approval is not None and can_at(actor, Perm.APPROVE_ASSET_MATTERS,
                                           region_path=approval.region.path, agency_id=None)


def _decide(matter: Matter, *, decision: str, note: str, actor: Any) -> Approval:
    if matter.status != MatterStatus.APPROVING:
        raise ValidationError(f"事项当前为“{matter.get_status_display()}”，不在审批中")
    approval = pending_approval(matter)
    assert approval is not None
    if not can_at(actor, Perm.APPROVE_ASSET_MATTERS, region_path=approval.region.path,
                  agency_id=None):
        raise ValidationError(f"本级审批须由{approval.region.name}{approval.get_level_display()}"
                              "作出")
    if decision == Decision.REJECTED and not note.strip():
        raise ValidationError({"note": "不同意时须说明理由"})
    approval.decision = decision
    approval.note = note.strip()
    approval.decided_by = actor
    approval.decided_at = timezone.now()
    approval.save()
    tasks_close_for_subject(subject=matter, kind=rules.TASK_APPROVE, actor=actor,
                            note=approval.get_decision_display())
    return approval


@transaction.atomic
def matter_approve(*, matter: Matter, note: str = "", actor: Any) -> Matter:
    matter = _lock(matter)
    approval = _decide(matter, decision=Decision.APPROVED, note=note, actor=actor)
    following = pending_approval(matter)
    if following is not None:
        _approval_task(following, actor)
    else:
        matter.status = MatterStatus.APPROVED
        matter.updated_by = actor
        matter.save()
        _execute_task(matter, actor)
    record(actor=actor, event="assets.matter.approved", target=matter, changes={
        "approval": [None, f"{approval.get_level_display()}（{approval.region.name}）同意"],
        "status": [MatterStatus.APPROVING.label, matter.get_status_display()]})
    return matter


@transaction.atomic
def matter_reject(*, matter: Matter, note: str, actor: Any) -> Matter:
    matter = _lock(matter)
    approval = _decide(matter, decision=Decision.REJECTED, note=note, actor=actor)
    matter.status = MatterStatus.REJECTED
    matter.updated_by = actor
    matter.save()
    record(actor=actor, event="assets.matter.rejected", target=matter, changes={
        "approval": [None, f"{approval.get_level_display()}不同意：{approval.note}"],
        "status": [MatterStatus.APPROVING.label, matter.get_status_display()]})
    return matter


def _dispose_building(card: AssetCard, matter: Matter, on: dt.date, actor: Any) -> str:
    """The office-space rules and the register's actions for one building card."""
    building = card.building
    assert building is not None
    if Occupant.objects.filter(room__building=building, end_date__isnull=True).exists():
        raise ValidationError({"cards": f"{building.name}仍有人员使用办公室，须先腾退后再处置"})
    moving = (TransferItem.objects.filter(building=building)
              .exclude(batch__status=TransferStatus.CONFIRMED).select_related("batch").first())
    if moving is not None:
        raise ValidationError({"cards": f"{building.name}正在办理资产移交（批次 "
                                        f"{moving.batch.number}），不能处置"})
    for occ in Occupancy.objects.filter(room__building=building, end_date__isnull=True,
                                        agency_id=matter.agency_id).select_related("room"):
        occupancy_end(occupancy=occ, end_date=max(on, occ.start_date), actor=actor)
    data: dict[str, Any] = {"asset_card_no": ""}
    if matter.kind in NEW_OWNER:
        data["owner"] = matter.counterparty
    building_update(building=building, data=data, actor=actor)
    return building.code


@transaction.atomic
def matter_execute(*, matter: Matter, done_on: dt.date, document: str = "",
                   income: Decimal | None = None, actor: Any) -> Matter:
    """Carry out a matter: the cards leave the books (or are marked rented or lent out).
    Refused unless every approval its value needs has been given."""
    matter = _lock(matter)
    if matter.status == MatterStatus.APPROVING:
        pending = pending_approval(matter)
        label = pending.get_level_display() if pending else ""
        raise ValidationError(
            f"原值合计 {matter.total_value:,.2f} 元，达到须经审批的限额，"
            f"{label}尚未批准，不能{matter.get_kind_display()}")
    if matter.status != MatterStatus.APPROVED:
        raise ValidationError(f"事项当前为“{matter.get_status_display()}”，不能执行")
    # Belt and braces: the levels the value needs now must all have said yes.
    needed = rules.levels_for(matter.kind, matter.total_value)
    given = set(matter.approvals.filter(decision=Decision.APPROVED).values_list("level",
                                                                                flat=True))
    if needed and not given:
        raise ValidationError(f"原值合计 {matter.total_value:,.2f} 元，超过单位自行决定的限额，"
                              "未经审批不能执行")
    errors: dict[str, str] = {}
    if done_on > timezone.localdate():
        errors["done_on"] = "执行日期不能晚于今天"
    if matter.approvals.exists() and not document.strip():
        errors["document"] = "请填写批复文号或合同编号"
    if errors:
        raise ValidationError(errors)
    cards = list(AssetCard.objects.select_for_update(of=("self",)).filter(
        matter_items__matter=matter).select_related("asset_class", "building"))
    moved: list[str] = []
    leased: dict[str, CardStatus] = {MatterKind.RENT: CardStatus.RENTED,
                                     MatterKind.LEND: CardStatus.LENT}
    status = leased.get(matter.kind, CardStatus.DISPOSED)
    for card in cards:
        if status == CardStatus.DISPOSED and card.building_id and rules.is_building_class(
                card.asset_class.code):
            moved.append(_dispose_building(card, matter, done_on, actor))
        card.status = status
        card.disposed_on = done_on if status == CardStatus.DISPOSED else None
        card.updated_by = actor
        card.save(update_fields=["status", "disposed_on", "updated_by", "updated_at"])
    matter.status = MatterStatus.DONE
    matter.done_on = done_on
    matter.document = document.strip()
    if income is not None:
        matter.income = income
    matter.updated_by = actor
    matter.full_clean()
    matter.save()
    tasks_close_for_subject(subject=matter, kind=rules.TASK_EXECUTE, actor=actor, note="已执行")
    changes: dict[str, Any] = {"status": [MatterStatus.APPROVED.label, MatterStatus.DONE.label],
                               "done_on": [None, done_on],
                               "cards": [None, {c.card_no: status.label for c in cards}]}
    if moved:
        changes["buildings"] = [None, moved]
    record(actor=actor, event="assets.matter.executed", target=matter, changes=changes)
    return matter


@transaction.atomic
def matter_take_back(*, matter: Matter, on: dt.date, actor: Any) -> Matter:
    """A rented or lent-out asset comes back into use (收回)."""
    matter = _lock(matter)
    if not matter.is_lease or matter.status != MatterStatus.DONE:
        raise ValidationError("只有已执行的出租、出借事项可以收回")
    if matter.done_on and on < matter.done_on:
        raise ValidationError({"on": f"收回日期不能早于出租出借日期（{matter.done_on}）"})
    for card in AssetCard.objects.select_for_update().filter(matter_items__matter=matter):
        card.status = CardStatus.IN_USE
        card.updated_by = actor
        card.save(update_fields=["status", "updated_by", "updated_at"])
    matter.status = MatterStatus.RETURNED
    matter.updated_by = actor
    matter.save()
    record(actor=actor, event="assets.matter.taken_back", target=matter,
           changes={"status": [MatterStatus.DONE.label, MatterStatus.RETURNED.label],
                    "on": [None, on]})
    return matter
