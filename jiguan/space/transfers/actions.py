"""Every write of asset transfer: one transaction, one audit row, and the to-dos of the
waiting steps (rules.TASK_KIND): the agency confirms its list, the finance department books
it. Booking writes each building's book value and asset card in the register through the
register's own action."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jiguan.access.roles import Perm, Role
from jiguan.access.scope import can_at
from jiguan.audit.record import record
from jiguan.orgs.models import Agency
from jiguan.space.register import actions as register
from jiguan.space.register.models import Building
from jiguan.space.transfers import rules
from jiguan.space.transfers.models import TransferBatch, TransferItem, TransferStatus
from jiguan.space.transfers.queries import batch_url
from jiguan.todo.actions import task_create, tasks_close_for_subject


def _lock(batch: TransferBatch) -> TransferBatch:
    locked: TransferBatch = TransferBatch.objects.select_for_update().select_related(
        "region", "agency", "agency__region").get(pk=batch.pk)
    return locked


def _need(batch: TransferBatch, *states: str, what: str) -> None:
    if batch.status not in states:
        raise ValidationError(f"批次当前为“{batch.get_status_display()}”，不能{what}")


def can_agency_confirm(actor: Any, batch: TransferBatch) -> bool:
    """The agency's own confirmation: a grant at the agency (its reporter), not the bureau."""
    return bool(can_at(actor, Perm.CHANGE_OCCUPANTS, region_path=None,
                                   agency_id=batch.agency_id))


def can_finance_confirm(actor: Any, batch: TransferBatch) -> bool:
    return bool(can_at(actor, Perm.CONFIRM_TRANSFER, region_path=batch.region.path,
                                   agency_id=None))


def _task(batch: TransferBatch, *, role: str, title: str, detail: str, actor: Any) -> None:
    agency = batch.agency if role == Role.AGENCY_REPORTER else None
    region = batch.agency.region if agency is not None else batch.region
    task_create(kind=rules.TASK_KIND, title=title, detail=detail, assignee_role=role,
                region=region, agency=agency, subject=batch, subject_url=batch_url(batch),
                actor=actor)


@transaction.atomic
def batch_create(*, data: Mapping[str, Any], actor: Any) -> TransferBatch:
    region = data["region"]
    if not can_at(actor, Perm.CHANGE_SPACE, region_path=region.path, agency_id=None):
        raise ValidationError({"region": "所选区划不在您的权限范围内"})
    agency = (Agency.objects.visible_to(actor, Perm.VIEW_SPACE).select_related("region")
              .filter(credit_code=data["agency"]).first())
    if agency is None:
        raise ValidationError({"agency": f"统一社会信用代码为 {data['agency']} 的单位不存在"
                                         "或不在您的权限范围内"})
    if not agency.region.path.startswith(region.path):
        raise ValidationError({"agency": f"{agency.name}不在接收区划（{region.name}）内"})
    if TransferBatch.objects.filter(number=data["number"]).exists():
        raise ValidationError({"number": f"批次号 {data['number']} 已被使用"})
    if data["transfer_date"] > timezone.localdate():
        raise ValidationError({"transfer_date": "移交基准日不能晚于今天"})
    batch = TransferBatch(number=data["number"], region=region, agency=agency,
                          transfer_date=data["transfer_date"], note=data.get("note", ""),
                          created_by=actor, updated_by=actor)
    batch.full_clean()
    batch.save()
    record(actor=actor, event="space.transfer.created", target=batch,
           changes={"number": [None, batch.number], "agency": [None, agency.name],
                    "transfer_date": [None, batch.transfer_date]})
    return batch


@transaction.atomic
def item_add(*, batch: TransferBatch, data: Mapping[str, Any], actor: Any) -> TransferItem:
    batch = _lock(batch)
    _need(batch, TransferStatus.DRAFT, TransferStatus.RETURNED, what="增加房产")
    code = data["building_code"].strip()
    building = (Building.objects.select_related("region")
                .filter(code=code, region__path__startswith=batch.region.path).first())
    if building is None:
        raise ValidationError({"building_code": f"房产编号 {code} 不存在或不在接收区划"
                                                f"（{batch.region.name}）内"})
    if TransferItem.objects.filter(batch=batch, building=building).exists():
        raise ValidationError({"building_code": f"{building.name}已在本批次中"})
    other = (TransferItem.objects.filter(building=building).exclude(batch=batch)
             .select_related("batch").first())
    if other is not None:
        word = "已移交调账" if other.batch.status == TransferStatus.CONFIRMED else "正在移交"
        raise ValidationError({"building_code": f"{building.name}{word}（批次 "
                                                f"{other.batch.number}），不能重复移交"})
    try:
        net = rules.net_value(data["original_value"], data.get("depreciation") or Decimal(0))
    except ValueError as exc:
        raise ValidationError({"depreciation": str(exc)}) from None
    item = TransferItem(batch=batch, building=building, original_value=data["original_value"],
                        depreciation=data.get("depreciation") or 0, book_value=net,
                        from_card_no=data.get("from_card_no", ""),
                        new_card_no=data.get("new_card_no", ""))
    item.full_clean()
    item.save()
    record(actor=actor, event="space.transfer.item_added", target=batch,
           changes={"building": [None, f"{building.code} {building.name}"],
                    "original_value": [None, item.original_value],
                    "depreciation": [None, item.depreciation], "book_value": [None, net]})
    return item


@transaction.atomic
def item_remove(*, batch: TransferBatch, item_id: int, actor: Any) -> None:
    batch = _lock(batch)
    _need(batch, TransferStatus.DRAFT, TransferStatus.RETURNED, what="移除房产")
    item = TransferItem.objects.filter(batch=batch, pk=item_id).select_related("building").first()
    if item is None:
        raise ValidationError({"item": "该房产不在本批次中"})
    label = f"{item.building.code} {item.building.name}"
    item.delete()
    record(actor=actor, event="space.transfer.item_removed", target=batch,
           changes={"building": [label, None]})


@transaction.atomic
def batch_submit(*, batch: TransferBatch, actor: Any) -> TransferBatch:
    """The bureau sends the list to the agency for confirmation."""
    batch = _lock(batch)
    _need(batch, TransferStatus.DRAFT, TransferStatus.RETURNED, what="提交单位确认")
    count = batch.items.count()
    if not count:
        raise ValidationError({"items": "请先增加移交房产"})
    before = batch.get_status_display()
    batch.status = TransferStatus.AGENCY
    batch.return_reason = ""
    batch.updated_by = actor
    batch.save()
    tasks_close_for_subject(subject=batch, kind=rules.TASK_KIND, actor=actor, note="已提交")
    _task(batch, role=Role.AGENCY_REPORTER, title=f"确认资产移交清单：{batch.number}",
          detail=f"机关事务管理部门拟将本单位 {count} 处房产移交至其账上，请核对账面价值后确认。",
          actor=actor)
    record(actor=actor, event="space.transfer.submitted", target=batch,
           changes={"status": [before, batch.get_status_display()], "items": [None, count]})
    return batch


@transaction.atomic
def agency_confirm(*, batch: TransferBatch, actor: Any) -> TransferBatch:
    batch = _lock(batch)
    _need(batch, TransferStatus.AGENCY, what="单位确认")
    if not can_agency_confirm(actor, batch):
        raise ValidationError(f"只有{batch.agency.name}的填报员可以确认移交清单")
    batch.status = TransferStatus.FINANCE
    batch.agency_confirmed_at = timezone.now()
    batch.agency_confirmed_by = actor
    batch.updated_by = actor
    batch.save()
    tasks_close_for_subject(subject=batch, kind=rules.TASK_KIND, actor=actor, note="单位已确认")
    _task(batch, role=Role.FINANCE_STAFF, title=f"资产移交调账待财务确认：{batch.number}",
          detail=f"{batch.agency.name}已确认移交清单，请核对后调账并填写记账凭证号。", actor=actor)
    record(actor=actor, event="space.transfer.agency_confirmed", target=batch,
           changes={"status": ["待单位确认", batch.get_status_display()]})
    return batch


@transaction.atomic
def batch_return(*, batch: TransferBatch, reason: str, actor: Any) -> TransferBatch:
    """The agency (while it confirms) or the finance department (while it books) sends the
    batch back to the bureau with a reason."""
    batch = _lock(batch)
    _need(batch, TransferStatus.AGENCY, TransferStatus.FINANCE, what="退回")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写退回原因"})
    if batch.status == TransferStatus.AGENCY and not can_agency_confirm(actor, batch):
        raise ValidationError(f"只有{batch.agency.name}的填报员可以退回移交清单")
    if batch.status == TransferStatus.FINANCE and not can_finance_confirm(actor, batch):
        raise ValidationError("只有接收区划的财务部门可以退回调账")
    before = batch.get_status_display()
    who = "移交单位" if batch.status == TransferStatus.AGENCY else "财务部门"
    batch.status = TransferStatus.RETURNED
    batch.return_reason = f"{who}：{reason}"[:300]
    batch.updated_by = actor
    batch.save()
    tasks_close_for_subject(subject=batch, kind=rules.TASK_KIND, actor=actor, note="已退回")
    _task(batch, role=Role.BUREAU_STAFF, title=f"资产移交批次被退回，请修改：{batch.number}",
          detail=f"退回原因：{batch.return_reason}", actor=actor)
    record(actor=actor, event="space.transfer.returned", target=batch,
           changes={"status": [before, batch.get_status_display()],
                    "return_reason": [None, batch.return_reason]})
    return batch


@transaction.atomic
def finance_confirm(*, batch: TransferBatch, voucher_no: str, booked_on: dt.date,
                    actor: Any) -> TransferBatch:
    """The finance department books the batch: each building's book value and the bureau's
    asset card are written in the register (register.actions.building_update)."""
    batch = _lock(batch)
    _need(batch, TransferStatus.FINANCE, what="财务确认")
    if not can_finance_confirm(actor, batch):
        raise ValidationError("只有接收区划的财务部门可以确认调账")
    voucher_no = (voucher_no or "").strip()
    if not voucher_no:
        raise ValidationError({"voucher_no": "请填写记账凭证号"})
    if booked_on > timezone.localdate():
        raise ValidationError({"booked_on": "调账日期不能晚于今天"})
    if booked_on < batch.transfer_date:
        raise ValidationError({"booked_on": f"调账日期不能早于移交基准日（{batch.transfer_date}）"})
    items = list(batch.items.select_related("building", "building__region"))
    for item in items:
        data: dict[str, Any] = {"book_value": item.book_value}
        if item.new_card_no:
            data["asset_card_no"] = item.new_card_no
        register.building_update(building=item.building, data=data, actor=actor)
    batch.status = TransferStatus.CONFIRMED
    batch.voucher_no = voucher_no
    batch.booked_on = booked_on
    batch.finance_confirmed_at = timezone.now()
    batch.finance_confirmed_by = actor
    batch.updated_by = actor
    batch.save()
    tasks_close_for_subject(subject=batch, kind=rules.TASK_KIND, actor=actor, note="已调账")
    record(actor=actor, event="space.transfer.booked", target=batch,
           changes={"status": ["待财务确认", batch.get_status_display()],
                    "voucher_no": [None, voucher_no], "booked_on": [None, booked_on],
                    "items": [None, len(items)]})
    return batch
