"""The trip list's export columns."""

from __future__ import annotations

from django.utils import timezone

from jiguan.core.excel.columns import ExportColumn

TRIP_EXPORT_COLUMNS = [
    ExportColumn("派车单号", lambda t: t.slip_no or "", 18),
    ExportColumn("用车单位", lambda t: t.agency.name, 24),
    ExportColumn("事由", lambda t: t.purpose, 24),
    ExportColumn("用车开始", lambda t: timezone.localtime(t.start_at).replace(tzinfo=None), 18),
    ExportColumn("用车结束", lambda t: timezone.localtime(t.end_at).replace(tzinfo=None), 18),
    ExportColumn("目的地", lambda t: t.destinations, 20),
    ExportColumn("乘车人数", lambda t: t.passengers, 8, kind="people"),
    ExportColumn("承办平台", lambda t: t.platform.name, 20),
    ExportColumn("车辆", lambda t: t.vehicle.plate if t.vehicle else "", 12),
    ExportColumn("驾驶员", lambda t: t.driver.name if t.driver else "", 10),
    ExportColumn("里程（km）", lambda t: t.distance_km, 10),
    ExportColumn("油（电）费", lambda t: t.energy_cost, 12, kind="money"),
    ExportColumn("通行费", lambda t: t.tolls, 12, kind="money"),
    ExportColumn("停车费", lambda t: t.parking, 12, kind="money"),
    ExportColumn("状态", lambda t: t.get_status_display(), 10),
    ExportColumn("评价", lambda t: t.rating, 6),
]
