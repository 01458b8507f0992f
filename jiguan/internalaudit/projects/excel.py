"""Exports of the projects and findings lists (the list's filters, no row cap)."""

from __future__ import annotations

from jiguan.core.excel.columns import ExportColumn

PROJECT_COLUMNS = [
    ExportColumn("项目编号", lambda p: p.code, 14),
    ExportColumn("年度", lambda p: p.plan.year, 8),
    ExportColumn("项目名称", lambda p: p.name, 36),
    ExportColumn("审计类型", lambda p: p.get_kind_display(), 16),
    ExportColumn("被审计单位", lambda p: p.unit.name, 28),
    ExportColumn("区划", lambda p: p.unit.region.name, 12),
    ExportColumn("被审计领导干部",
                 lambda p: (f"{p.leader_term.person.name}（{p.leader_term.post}）"
                            if p.leader_term else ""), 20),
    ExportColumn("审计期间起", lambda p: p.period_start, 12),
    ExportColumn("审计期间止", lambda p: p.period_end, 12),
    ExportColumn("审计组长", lambda p: p.team_leader, 10),
    ExportColumn("审计资金额", lambda p: p.funds_amount, 16, kind="money"),
    ExportColumn("阶段", lambda p: p.get_stage_display(), 10),
    ExportColumn("报告文号", lambda p: p.report_no, 18),
    ExportColumn("报告日期", lambda p: p.report_date, 12),
    ExportColumn("问题数", lambda p: p.n_findings, 8, kind="count"),
    ExportColumn("未销号问题数", lambda p: p.n_open, 10, kind="count"),
    ExportColumn("问题金额", lambda p: p.findings_amount or 0, 16, kind="money"),
]

FINDING_COLUMNS = [
    ExportColumn("项目编号", lambda f: f.project.code, 14),
    ExportColumn("被审计单位", lambda f: f.project.unit.name, 28),
    ExportColumn("序号", lambda f: f.seq, 6, kind="count"),
    ExportColumn("问题类型", lambda f: f.get_kind_display(), 14),
    ExportColumn("问题", lambda f: f.title, 40),
    ExportColumn("涉及金额", lambda f: f.amount, 16, kind="money"),
    ExportColumn("整改期限", lambda f: f.due_date, 12),
    ExportColumn("整改状态", lambda f: f.get_status_display(), 10),
    ExportColumn("整改措施", lambda f: f.measures, 30),
    ExportColumn("佐证材料", lambda f: f.evidence, 30),
    ExportColumn("销号日期", lambda f: f.closed_on, 12),
]
