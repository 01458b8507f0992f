"""The Excel export of readings (能源资源消费明细): the import columns first under the same
headers, so an exported file imports back unchanged, then what the system derived."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db import models

from jiguan.core.excel import ExportColumn
from jiguan.energy.models import Reading
from jiguan.energy.rules import ENERGY_TYPES


def _number(value: Decimal | None) -> object:
    """A stored decimal without trailing zeros (1200.000 → 1200), as a number cell."""
    if value is None:
        return None
    normal = value.normalize()
    return int(normal) if normal == normal.to_integral_value() else float(normal)


def reading_export_rows(readings: models.QuerySet[Reading]) -> Iterator[Reading]:
    """The readings as READING_EXPORT_COLUMNS read them, streamed 2,000 at a time."""
    return readings.select_related("agency__region").iterator(chunk_size=2000)


def _label(r: Any) -> str:
    return ENERGY_TYPES[r.energy_type].label


def reading_export_columns() -> list[ExportColumn]:
    """The columns of one export. Region names are looked up once per region, not per row
    (Region.full_name queries its ancestors each time)."""
    names: dict[int, str] = {}

    def region(r: Any) -> str:
        region_id = r.agency.region_id
        if region_id not in names:
            names[region_id] = r.agency.region.full_name
        return names[region_id]

    return [*READING_EXPORT_COLUMNS[:8], ExportColumn("所在区划", region, 24),
            *READING_EXPORT_COLUMNS[8:]]


READING_EXPORT_COLUMNS = [
    ExportColumn("统一社会信用代码", lambda r: r.agency.credit_code, 22),
    ExportColumn("单位名称", lambda r: r.agency.name, 28),
    ExportColumn("月份", lambda r: f"{r.month:%Y-%m}", 10),
    ExportColumn("能源品种", _label, 12),
    ExportColumn("用量", lambda r: _number(r.entered_quantity), 14),
    ExportColumn("计量单位", lambda r: r.entered_unit, 10),
    ExportColumn("费用（元）", lambda r: _number(r.cost), 14),
    ExportColumn("实测低位发热量", lambda r: _number(r.ncv), 14),
    ExportColumn("折算用量", lambda r: _number(r.quantity), 14),
    ExportColumn("折算单位", lambda r: ENERGY_TYPES[r.energy_type].unit, 10),
    ExportColumn("折标准煤（kgce）", lambda r: _number(r.kgce), 16),
    ExportColumn("来源", lambda r: r.get_source_display(), 12),
    ExportColumn("修改次数", lambda r: r.revisions, 10),
    ExportColumn("更新时间", lambda r: r.updated_at.strftime("%Y-%m-%d %H:%M"), 18),
]
