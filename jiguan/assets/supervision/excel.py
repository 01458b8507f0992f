"""The statement importer (core.imports pipeline: preview with the indicators each row will
get, row-numbered Chinese errors — a balance sheet that does not balance names its row —,
one atomic confirm; every row goes through supervision.actions.statement_save) and the
export columns of the statement, matter and issue lists."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse

from jiguan.access.roles import Perm
from jiguan.assets.entities.models import Entity, EntityStatus
from jiguan.assets.supervision import actions, rules
from jiguan.assets.supervision.models import Period, Statement
from jiguan.core.excel import Record, cell_str
from jiguan.core.excel.columns import Column, ExportColumn
from jiguan.core.imports.pipeline import (
    Cleaned,
    Importer,
    ImportPlan,
    PlannedRow,
    Progress,
    RowError,
    register,
)

STATEMENT_EXPORT_COLUMNS = [
    ExportColumn("企业", lambda s: s.entity.name, 28),
    ExportColumn("统一社会信用代码", lambda s: s.entity.credit_code, 22),
    ExportColumn("区划", lambda s: s.entity.region.name, 12),
    ExportColumn("年度", lambda s: s.year, 8),
    ExportColumn("报告期", lambda s: s.get_period_display(), 8),
    ExportColumn("营业收入", lambda s: s.revenue, 16, kind="money"),
    ExportColumn("利润总额", lambda s: s.profit, 16, kind="money"),
    ExportColumn("资产总额", lambda s: s.total_assets, 16, kind="money"),
    ExportColumn("负债总额", lambda s: s.liabilities, 16, kind="money"),
    ExportColumn("期末所有者权益", lambda s: s.equity, 16, kind="money"),
    ExportColumn("期初所有者权益", lambda s: s.equity_start, 16, kind="money"),
    ExportColumn("客观增加因素", lambda s: s.capital_injected, 16, kind="money"),
    ExportColumn("客观减少因素", lambda s: s.capital_withdrawn, 16, kind="money"),
    ExportColumn("国有资本保值增值率", lambda s: s.maintenance_ratio, 12, kind="percent"),
    ExportColumn("资产负债率", lambda s: s.debt_ratio, 12, kind="percent"),
    ExportColumn("营业利润率", lambda s: s.profit_margin, 12, kind="percent"),
    ExportColumn("预警", lambda s: "；".join(s.warnings), 40),
    ExportColumn("核实日期", lambda s: s.reviewed_on, 12),
    ExportColumn("核实意见", lambda s: s.review_note, 24),
]

MATTER_EXPORT_COLUMNS = [
    ExportColumn("企业", lambda m: m.entity.name, 28),
    ExportColumn("事项类型", lambda m: m.get_kind_display(), 12),
    ExportColumn("事项名称", lambda m: m.title, 30),
    ExportColumn("金额", lambda m: m.amount, 16, kind="money"),
    ExportColumn("报告日期", lambda m: m.reported_on, 12),
    ExportColumn("状态", lambda m: m.get_status_display(), 10),
    ExportColumn("确认日期", lambda m: m.acknowledged_on, 12),
    ExportColumn("确认意见", lambda m: m.ack_note, 24),
]

ISSUE_EXPORT_COLUMNS = [
    ExportColumn("监事会", lambda i: i.board.name, 24),
    ExportColumn("企业", lambda i: i.company.name, 28),
    ExportColumn("提出日期", lambda i: i.raised_on, 12),
    ExportColumn("问题", lambda i: i.description, 40),
    ExportColumn("反馈期限", lambda i: i.due_date, 12),
    ExportColumn("状态", lambda i: i.get_status_display(), 10),
    ExportColumn("反馈日期", lambda i: i.answered_on, 12),
    ExportColumn("整改反馈", lambda i: i.answer, 40),
]

STATEMENT_COLUMNS = [
    Column("credit_code", "统一社会信用代码", aliases=("企业信用代码", "信用代码"), required=True,
           example="91330000A00000010X"),
    Column("name", "企业名称", help="仅供核对，不导入", example="省机关第一宾馆"),
    Column("year", "年度", required=True, example="2025"),
    Column("period", "报告期", required=True, choices=tuple(Period.labels), example="年度"),
    Column("revenue", "营业收入", required=True, example="8300000"),
    Column("profit", "利润总额", required=True, help="亏损填负数", example="420000"),
    Column("total_assets", "资产总额", required=True, example="26000000"),
    Column("liabilities", "负债总额", required=True, example="9000000"),
    Column("equity", "所有者权益", aliases=("期末所有者权益",), required=True,
           example="17000000"),
    Column("equity_start", "期初所有者权益", aliases=("年初所有者权益",),
           help="空白取上年年度报表的期末所有者权益", example="16500000"),
    Column("capital_injected", "客观增加因素", aliases=("本期国家增资",),
           help="本期国家增资、无偿划入等，空白为零", example=""),
    Column("capital_withdrawn", "客观减少因素", aliases=("本期减资",),
           help="本期减资、无偿划出、上缴收益等，空白为零", example=""),
]
FIGURES = ("revenue", "profit", "total_assets", "liabilities", "equity", "equity_start",
           "capital_injected", "capital_withdrawn")
OPTIONAL = ("equity_start", "capital_injected", "capital_withdrawn")
PERIOD_ORDER = {p: i for i, p in enumerate(Period.values)}
LIMIT = Decimal("1e14")


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


@register
class StatementImporter(Importer):
    kind = "assets.statement"
    label = "持有企业财务报表"
    columns = STATEMENT_COLUMNS
    template_example = {c.field: c.example for c in STATEMENT_COLUMNS}
    perms = (Perm.IMPORT_DATA, Perm.MANAGE_ASSETS)
    key_label = "统一社会信用代码、年度和报告期"
    depends_on = ("assets.Entity", "assets.Statement", "access.Grant")
    instructions = (
        "每行一家集团持有企业一个报告期的报表（金额单位：元）；同一企业同一报告期已导入的，按本次数据更正。",
        "资产总额须等于负债总额与所有者权益之和（允许四舍五入误差），否则该行报错。",
        "导入后自动计算国有资本保值增值率、资产负债率和营业利润率，超过阈值的形成预警待办。",
        "任何一行不合格整批不导入。",
    )

    def prepare(self, records: Sequence[Record]) -> None:
        codes = [cell_str(r.values.get("credit_code")).upper() for r in records]
        self.entities = {e.credit_code: e for e in Entity.objects.visible_to(
            self.user, Perm.MANAGE_ASSETS).filter(credit_code__in=codes).select_related(
            "region")}
        self.periods = {label: value for value, label in Period.choices}
        self.existing = {(e, y, p): pk for pk, e, y, p in Statement.objects.filter(
            entity__in=list(self.entities.values())).values_list("pk", "entity_id", "year",
                                                                 "period")}

    def _number(self, record: Record, name: str, errors: list[RowError]) -> Decimal | None:
        text = cell_str(record.values.get(name)).replace(",", "").replace("，", "")
        if not text:
            if name not in OPTIONAL:
                errors.append(self.error(record, name, "不能为空"))
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            errors.append(self.error(record, name, f"“{text}”不是数字"))
            return None
        if not value.is_finite() or abs(value) >= LIMIT:
            errors.append(self.error(record, name, f"“{text}”超出范围"))
            return None
        return value.quantize(Decimal("0.01"))

    def clean_row(self, record: Record) -> tuple[Cleaned | None, list[RowError]]:
        errors: list[RowError] = []
        v = record.values
        code = cell_str(v.get("credit_code")).upper()
        entity = self.entities.get(code)
        if entity is None:
            errors.append(self.error(record, "credit_code",
                                     f"企业“{code}”不存在或不在您的权限范围内"))
        elif entity.status != EntityStatus.HOLDING:
            errors.append(self.error(record, "credit_code",
                                     f"“{entity.name}”不是集团持有企业"
                                     f"（状态：{entity.get_status_display()}）"))
        year_text = cell_str(v.get("year")).removesuffix("年")
        year = int(year_text) if year_text.isdigit() else None
        if year is None or not 1990 <= year <= 2100:
            errors.append(self.error(record, "year", f"年度“{year_text}”应为四位年份"))
        period = self.periods.get(cell_str(v.get("period")))
        if period is None:
            errors.append(self.error(record, "period", f"报告期应为：{'、'.join(Period.labels)}"))
        data = {name: self._number(record, name, errors) for name in FIGURES}
        if errors:
            return None, errors
        problems = actions.statement_errors(data)
        for name, message in problems.items():
            errors.append(self.error(record, name, message))
        if errors:
            return None, errors
        assert entity is not None and year is not None and period is not None
        return {"row": record.row_number, "entity": entity.pk, "year": year, "period": period,
                "data": data}, []

    def key(self, cleaned: Cleaned) -> Hashable:
        return (cleaned["entity"], cleaned["year"], cleaned["period"])

    def plan(self, rows: Any) -> ImportPlan:
        plan = ImportPlan()
        by_pk = {e.pk: e for e in self.entities.values()}
        for row in rows:
            entity = by_pk[row["entity"]]
            d = row["data"]
            ratio = rules.maintenance_ratio(d["equity"], d["equity_start"],
                                            d["capital_injected"] or Decimal(0),
                                            d["capital_withdrawn"] or Decimal(0))
            existing = self.existing.get((row["entity"], row["year"], row["period"]))
            if existing:
                plan.updated += 1
            else:
                plan.created += 1
            changes = [("资产负债率", "", _pct(rules.debt_ratio(d["total_assets"],
                                                              d["liabilities"])))]
            if d["equity_start"] is not None:
                changes.insert(0, ("国有资本保值增值率", "", _pct(ratio)))
            plan.rows.append(PlannedRow(
                row=row["row"], action="update" if existing else "create",
                title=f"{entity.name} {row['year']}年{Period(row['period']).label}",
                changes=changes,
                url=reverse("assets:holding_detail", args=[entity.pk]) if existing else ""))
        return plan

    def touched_url(self, job: Any) -> str:
        return reverse("assets:statement_list") + f"?job={job.pk}"

    def apply(self, rows: list[Cleaned], actor: Any, progress: Progress) -> dict[str, int]:
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        by_pk = {e.pk: e for e in self.entities.values()}
        # Earlier periods first: a year's opening equity may come from the row before it.
        ordered = sorted(rows, key=lambda r: (r["year"], PERIOD_ORDER[r["period"]]))
        for n, row in enumerate(ordered, start=1):
            try:
                _, outcome = actions.statement_save(
                    entity=by_pk[row["entity"]], year=row["year"], period=row["period"],
                    data=row["data"], actor=actor, job_id=self.job_id)
            except ValidationError as exc:
                raise self.rejected(row["row"], exc, {}) from exc
            counts[outcome] += 1
            progress(n)
        return counts
