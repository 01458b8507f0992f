"""The building importer (房产登记): see jiguan.space.register.excel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import models

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import sees_whole_region
from jiguan.core.excel import Record, cell_str
from jiguan.core.imports.pipeline import Cleaned, Progress, RowError, register
from jiguan.space.register import actions
from jiguan.space.register.excel.common import (
    BUILDING_COLUMNS,
    EARLIEST_CERT_YEAR,
    MAX_FLOORS_ABOVE,
    MAX_FLOORS_BELOW,
    SpaceImporter,
    chunks,
    m2,
)
from jiguan.space.register.models import (
    Building,
    BuildingType,
    BuildingUse,
    RegistrationStatus,
    Room,
    Structure,
)


class _RoomStats(NamedTuple):
    total: Decimal
    lowest: int
    highest: int


@register
class BuildingImporter(SpaceImporter):
    kind = "space.building"
    label = "房产登记"
    columns = BUILDING_COLUMNS
    template_example = {c.field: c.example for c in BUILDING_COLUMNS}
    perms = (Perm.IMPORT_DATA, Perm.CHANGE_SPACE)
    key_label = "房产编号"
    instructions = (
        "按房产编号识别房产：已登记的房产更新，未登记的新增；内容相同的行不做修改。",
        "只能导入您权限范围内区划的房产；空白单元格表示不修改该项。",
    )
    field_map = {"region": "region_code"}

    def prepare(self, records: Sequence[Record]) -> None:
        codes = {cell_str(r.values.get("code")) for r in records}
        self.regions = {r.code: r for r in Region.objects.all()}
        self.existing: dict[str, Building] = {}
        for chunk in chunks(codes):
            qs = Building.objects.filter(code__in=chunk).select_related("region")
            self.existing.update({b.code: b for b in qs})
        self.stats: dict[int, _RoomStats] = {}
        ids = [b.pk for b in self.existing.values()]
        for chunk in chunks(ids):
            rows = (Room.objects.filter(building_id__in=chunk).order_by().values("building_id")
                    .annotate(total=models.Sum("usable_area"), lowest=models.Min("floor__number"),
                              highest=models.Max("floor__number"))
                    .values_list("building_id", "total", "lowest", "highest"))
            self.stats.update({pk: _RoomStats(total, low, high) for pk, total, low, high in rows})
        self.today = dt.date.today()

    def _covers(self, region: Region) -> bool:
        return sees_whole_region(self.user, Perm.CHANGE_SPACE, region)

    def clean_row(self, record: Record) -> tuple[Cleaned | None, list[RowError]]:
        errors: list[RowError] = []
        err = self.error
        values = record.values
        code = self._text(record, "code", 30, errors, required=True)
        existing = self.existing.get(code) if code else None
        if existing is not None and not self._covers(existing.region):
            errors.append(err(record, "code", "该房产编号已登记在您权限范围外的房产"))
        data: dict[str, Any] = {"code": code}
        name = self._text(record, "name", 100, errors, required=True)
        data["name"] = name
        region_code = cell_str(values.get("region_code"))
        region = self.regions.get(region_code)
        if not region_code:
            errors.append(err(record, "region_code", "行政区划代码不能为空"))
        elif region is None:
            errors.append(err(record, "region_code", f"行政区划代码“{region_code}”不存在"))
        elif not self._covers(region):
            errors.append(err(record, "region_code",
                              f"区划“{region.name}（{region_code}）”不在您的权限范围内"))
        data["region"] = region
        for field_name, limit in (("address", 200), ("property_cert_no", 60),
                                  ("land_cert_no", 60), ("owner", 100), ("filing_reason", 200),
                                  ("asset_card_no", 60)):
            text = self._text(record, field_name, limit, errors)
            if text:
                data[field_name] = text
        issued = self._date(record, "cert_issued_on", errors)
        if issued is not None:
            if issued > self.today:
                errors.append(err(record, "cert_issued_on", "发证日期不能晚于今天"))
            elif issued.year < EARLIEST_CERT_YEAR:
                errors.append(err(record, "cert_issued_on",
                                  f"发证日期不能早于 {EARLIEST_CERT_YEAR} 年"))
            data["cert_issued_on"] = issued
        for field_name, choices in (("registration_status", RegistrationStatus),
                                    ("structure", Structure), ("building_type", BuildingType),
                                    ("use", BuildingUse)):
            choice = self._choice(record, field_name, choices, errors)
            if choice is not None:
                data[field_name] = choice
        if data.get("registration_status") == RegistrationStatus.FILED and not (
                data.get("filing_reason") or (existing and existing.filing_reason)):
            errors.append(err(record, "filing_reason", "登记状态为“权属备案”时须填写备案原因"))
        for field_name, digits, positive in (("land_area", 12, False),
                                             ("building_area", 12, True),
                                             ("cert_building_area", 12, True),
                                             ("book_value", 14, False)):
            number = self._decimal(record, field_name, errors, max_digits=digits,
                                   positive=positive, required=field_name == "building_area")
            if number is not None:
                data[field_name] = number
        for field_name, low, high in (("floors_above", 1, MAX_FLOORS_ABOVE),
                                      ("floors_below", 0, MAX_FLOORS_BELOW),
                                      ("year_built", 1900, self.today.year + 5)):
            whole = self._int(record, field_name, errors, low=low, high=high)
            if whole is not None:
                data[field_name] = whole
        if not errors:
            errors.extend(self._cross_checks(record, data, existing))
        if errors:
            return None, errors
        return {"row": record.row_number, "code": code, "existing": existing, "data": data}, []

    def _cross_checks(self, record: Record, data: dict[str, Any],
                      existing: Building | None) -> list[RowError]:
        """What the actions check across fields, on the values the row will leave."""
        errors: list[RowError] = []

        def final(name: str) -> Any:
            return data[name] if name in data else getattr(existing, name, None)

        issued, built = final("cert_issued_on"), final("year_built")
        if issued and built and issued.year < built - 5:
            errors.append(self.error(record, "cert_issued_on",
                                     f"发证日期（{issued.year}年）早于建成年份（{built}年）过多，"
                                     "请核对"))
        stats = self.stats.get(existing.pk) if existing is not None else None
        if stats is not None:
            if stats.total and final("building_area") < stats.total:
                errors.append(self.error(record, "building_area", "建筑面积不能小于各房间"
                                         f"使用面积之和（{m2(stats.total)} m²）"))
            above, below = final("floors_above") or 1, final("floors_below") or 0
            if stats.highest is not None and stats.highest > above:
                errors.append(self.error(record, "floors_above",
                                         f"已有房间位于 {stats.highest} 层，地上层数不能少于 "
                                         f"{stats.highest}"))
            if stats.lowest is not None and stats.lowest < 0 and -stats.lowest > below:
                errors.append(self.error(record, "floors_below",
                                         f"已有房间位于地下 {-stats.lowest} 层，地下层数不能少于 "
                                         f"{-stats.lowest}"))
        return errors

    def key(self, cleaned: Cleaned) -> Hashable:
        return str(cleaned["code"])

    def apply(self, rows: list[Cleaned], actor: Any, progress: Progress) -> dict[str, int]:
        summary = {"created": 0, "updated": 0, "unchanged": 0}
        for done, row in enumerate(rows, start=1):
            try:
                existing: Building | None = row["existing"]
                if existing is None:
                    actions.building_create(data=row["data"], actor=actor)
                    summary["created"] += 1
                elif actions.building_update(building=existing, data=row["data"], actor=actor):
                    summary["updated"] += 1
                else:
                    summary["unchanged"] += 1
            except ValidationError as exc:
                raise self.rejected(row["row"], exc, self.field_map) from exc
            progress(done)
        return summary
