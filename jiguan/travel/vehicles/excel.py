"""The vehicle ledger's export columns and its importer (core.imports pipeline: preview,
row-numbered errors, one atomic confirm; every row goes through vehicles.actions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from jiguan.access.roles import Perm
from jiguan.core.excel import Record, cell_str
from jiguan.core.excel.columns import Column, ExportColumn
from jiguan.core.imports.pipeline import (
    Cleaned,
    Importer,
    Progress,
    RowError,
    register,
)
from jiguan.orgs.models import Agency
from jiguan.travel.vehicles import actions
from jiguan.travel.vehicles.models import Body, Platform, Vehicle, VehicleCategory

VEHICLE_EXPORT_COLUMNS = [
    ExportColumn("车牌号", lambda v: v.plate, 12),
    ExportColumn("车辆类别", lambda v: v.get_category_display(), 14),
    ExportColumn("品牌型号", lambda v: v.make, 18),
    ExportColumn("车身", lambda v: v.get_body_display(), 10),
    ExportColumn("国产", lambda v: "是" if v.domestic else "否", 6),
    ExportColumn("新能源", lambda v: "是" if v.new_energy else "否", 6),
    ExportColumn("购置价格", lambda v: v.price, 14, kind="money"),
    ExportColumn("排气量（升）", lambda v: v.displacement, 10),
    ExportColumn("座位数", lambda v: v.seats, 8),
    ExportColumn("购置日期", lambda v: v.purchase_date, 12),
    ExportColumn("里程（km）", lambda v: v.odometer_km, 12),
    ExportColumn("所属平台或单位", lambda v: str(v.holder), 24),
    ExportColumn("区划", lambda v: v.region.name, 12),
    ExportColumn("定点保险", lambda v: v.insurer, 16),
    ExportColumn("定点维修", lambda v: v.garage, 16),
    ExportColumn("定点加油（充电）", lambda v: v.filling_station, 16),
    ExportColumn("状态", lambda v: v.get_status_display(), 8),
]

_YES = {"是", "y", "yes", "1", "true", "√"}
_NO = {"否", "n", "no", "0", "false", ""}

VEHICLE_COLUMNS = [
    Column("plate", "车牌号", required=True, example="浙A·D12345"),
    Column("category", "车辆类别", required=True, choices=tuple(VehicleCategory.labels),
           example="机要通信用车"),
    Column("body", "车身", choices=tuple(Body.labels), example="轿车"),
    Column("make", "品牌型号", required=True, example="比亚迪 秦PLUS"),
    Column("domestic", "国产", example="是"),
    Column("new_energy", "新能源", example="是"),
    Column("price", "购置价格", aliases=("价格",), required=True, example="115000"),
    Column("displacement", "排气量", example=""),
    Column("battery_kwh", "电池容量", example="48"),
    Column("tank_litres", "油箱容积", example=""),
    Column("seats", "座位数", required=True, example="4"),
    Column("purchase_date", "购置日期", required=True, example="2022-05-01"),
    Column("odometer_km", "里程", example="35000"),
    Column("holder", "所属平台或单位", required=True,
           help="平台名称或单位统一社会信用代码", example="浙江省公务用车平台"),
    Column("insurer", "定点保险", example=""),
    Column("garage", "定点维修", example=""),
    Column("filling_station", "定点加油", example=""),
]


@register
class VehicleImporter(Importer):
    kind = "travel.vehicle"
    label = "公务用车台账"
    columns = VEHICLE_COLUMNS
    template_example = {c.field: c.example for c in VEHICLE_COLUMNS}
    perms = (Perm.IMPORT_DATA, Perm.MANAGE_VEHICLES)
    key_label = "车牌号"
    depends_on = ("travel.Vehicle", "travel.Establishment", "travel.VehicleStandard",
                  "access.Grant")
    instructions = (
        "按车牌号新增车辆；已登记的车牌号报错（修改请在车辆页面进行）。",
        "配备标准、编制和国产车要求逐行检查，任何一行不合格整批不导入。",
    )

    def prepare(self, records: Sequence[Record]) -> None:
        self.platforms = {p.name: p for p in
                          Platform.objects.visible_to(self.user, Perm.MANAGE_VEHICLES)}
        self.agencies = {a.credit_code: a for a in
                         Agency.objects.visible_to(self.user, Perm.MANAGE_VEHICLES)}
        plates = [cell_str(r.values.get("plate")) for r in records]
        self.existing = set(Vehicle.objects.filter(plate__in=plates)
                            .values_list("plate", flat=True))
        self.categories = {label: value for value, label in VehicleCategory.choices}
        self.bodies = {label: value for value, label in Body.choices}

    def _decimal(self, record: Record, name: str, errors: list[RowError],
                 required: bool = False) -> Decimal | None:
        text = cell_str(record.values.get(name))
        if not text:
            if required:
                errors.append(self.error(record, name, "不能为空"))
            return None
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:
            errors.append(self.error(record, name, f"“{text}”不是数字"))
            return None
        if not value.is_finite() or value < 0 or value >= Decimal("1e10"):
            errors.append(self.error(record, name, f"“{text}”超出范围"))
            return None
        return value

    def clean_row(self, record: Record) -> tuple[Cleaned | None, list[RowError]]:
        errors: list[RowError] = []
        v = record.values
        data: dict[str, Any] = {}
        plate = cell_str(v.get("plate"))
        if not plate:
            errors.append(self.error(record, "plate", "车牌号不能为空"))
        elif len(plate) > 12:
            errors.append(self.error(record, "plate", "车牌号过长"))
        elif plate in self.existing:
            errors.append(self.error(record, "plate", f"车牌号“{plate}”已登记"))
        data["plate"] = plate
        category = self.categories.get(cell_str(v.get("category")))
        if category is None:
            errors.append(self.error(record, "category",
                                     f"车辆类别应为：{'、'.join(VehicleCategory.labels)}"))
        data["category"] = category
        body_text = cell_str(v.get("body")) or Body.SALOON.label
        data["body"] = self.bodies.get(body_text)
        if data["body"] is None:
            errors.append(self.error(record, "body", f"车身应为：{'、'.join(Body.labels)}"))
        data["make"] = cell_str(v.get("make"))[:60]
        if not data["make"]:
            errors.append(self.error(record, "make", "品牌型号不能为空"))
        for name, default in (("domestic", True), ("new_energy", False)):
            text = cell_str(v.get(name)).lower()
            if not text:
                data[name] = default
            elif text in _YES or text in _NO:
                data[name] = text in _YES
            else:
                errors.append(self.error(record, name, "应填“是”或“否”"))
        data["price"] = self._decimal(record, "price", errors, required=True)
        for name in ("displacement", "battery_kwh", "tank_litres"):
            data[name] = self._decimal(record, name, errors)
        seats = self._decimal(record, "seats", errors, required=True)
        if seats is not None and not (1 <= seats <= 60 and seats == int(seats)):
            errors.append(self.error(record, "seats", "座位数应为 1 至 60 的整数"))
        data["seats"] = int(seats) if seats is not None else None
        odo = self._decimal(record, "odometer_km", errors)
        data["odometer_km"] = int(odo) if odo is not None else 0
        raw_date = v.get("purchase_date")
        if isinstance(raw_date, dt.datetime):
            data["purchase_date"] = raw_date.date()
        elif isinstance(raw_date, dt.date):
            data["purchase_date"] = raw_date
        else:
            try:
                data["purchase_date"] = dt.date.fromisoformat(cell_str(raw_date))
            except ValueError:
                errors.append(self.error(record, "purchase_date", "应为日期，格式如 2022-05-01"))
        holder = cell_str(v.get("holder"))
        if holder in self.platforms:
            data["platform"] = self.platforms[holder]
        elif holder in self.agencies:
            data["agency"] = self.agencies[holder]
        else:
            errors.append(self.error(record, "holder",
                                     f"“{holder}”不是您权限范围内的平台名称或单位信用代码"))
        for name in ("insurer", "garage", "filling_station"):
            data[name] = cell_str(v.get(name))[:100]
        if errors:
            return None, errors
        return {"row": record.row_number, "data": data}, []

    def key(self, cleaned: Cleaned) -> Hashable:
        return cleaned["data"]["plate"]

    def apply(self, rows: list[Cleaned], actor: Any, progress: Progress) -> dict[str, int]:
        created = 0
        for row in rows:
            if row["row"] in self.skip_rows:
                continue
            try:
                vehicle = actions.vehicle_create(data=row["data"], actor=actor)
            except ValidationError as exc:
                raise self.rejected(row["row"], exc, {"platform": "holder",
                                                      "agency": "holder"}) from exc
            if self.job_id:
                Vehicle.objects.filter(pk=vehicle.pk).update(import_job_id=self.job_id)
            created += 1
            progress(created)
        return {"created": created, "updated": 0, "unchanged": 0}

