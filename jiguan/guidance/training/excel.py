"""The training's list exports (培训班一览, 各单位领导干部培训情况)."""

from __future__ import annotations

from jiguan.core.excel.columns import ExportColumn

COURSE_COLUMNS = [
    ExportColumn("培训班名称", lambda c: c.title, 36),
    ExportColumn("培训类型", lambda c: c.get_kind_display(), 14),
    ExportColumn("主办单位", lambda c: c.organiser, 24),
    ExportColumn("主办区划", lambda c: c.region.name, 12),
    ExportColumn("开始日期", lambda c: c.starts_on, 12),
    ExportColumn("结束日期", lambda c: c.ends_on, 12),
    ExportColumn("培训学时", lambda c: c.hours, 10),
    ExportColumn("培训地点", lambda c: c.place, 24),
    ExportColumn("结业所需出勤比例", lambda c: c.required_share * 100, 14, kind="percent"),
    ExportColumn("学员数", lambda c: c.trainee_count, 10, kind="people"),
]

LEADER_COLUMNS = [
    ExportColumn("单位（区划）", lambda r: r.region.name, 20),
    ExportColumn("区划代码", lambda r: r.region.code, 12),
    ExportColumn("参训人数", lambda r: r.people_count, 10, kind="people"),
    ExportColumn("其中领导干部", lambda r: r.leaders_count, 12, kind="people"),
    ExportColumn("领导干部结业人数", lambda r: r.leaders_completed_count, 14, kind="people"),
]
