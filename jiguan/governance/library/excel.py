"""The register's export columns and its importer (core.imports pipeline: preview,
row-numbered Chinese errors, one atomic confirm; every row goes through library.actions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from typing import Any

from django.core.exceptions import ValidationError

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can_at
from jiguan.core.excel import Record, cell_str
from jiguan.core.excel.columns import Column, ExportColumn
from jiguan.core.imports.pipeline import Cleaned, Importer, Progress, RowError, register
from jiguan.governance.library import actions, rules
from jiguan.governance.library.models import Rule, RuleKind, RuleStatus, RuleSubject

RULE_EXPORT_COLUMNS = [
    ExportColumn("标题", lambda r: r.title, 40),
    ExportColumn("发文机关", lambda r: r.issuer, 24),
    ExportColumn("文号", lambda r: r.number, 22),
    ExportColumn("类别", lambda r: r.kind.name, 14),
    ExportColumn("主题", lambda r: r.subject.name, 12),
    ExportColumn("所属区划", lambda r: r.region.name, 12),
    ExportColumn("区划代码", lambda r: r.region.code, 10),
    ExportColumn("发布日期", lambda r: r.issued_on, 12),
    ExportColumn("施行日期", lambda r: r.effective_on, 12),
    ExportColumn("有效期至", lambda r: r.valid_until, 12),
    ExportColumn("状态", lambda r: r.get_status_display(), 10),
    ExportColumn("状态变更日期", lambda r: r.status_on, 12),
    ExportColumn("变更依据文件", lambda r: r.status_doc, 22),
    ExportColumn("正文说明", lambda r: r.text_note, 14),
]

RULE_COLUMNS = [
    Column("title", "标题", required=True, example="杭州市市级机关办公用房管理实施细则"),
    Column("issuer", "发文机关", required=True, example="杭州市机关事务管理局"),
    Column("number", "文号", example="杭机管发〔2019〕8号"),
    Column("kind", "类别", required=True, example="行政规范性文件"),
    Column("subject", "主题", required=True, example="办公用房"),
    Column("region", "区划代码", aliases=("所属区划",), required=True, example="330100"),
    Column("issued_on", "发布日期", example="2019-05-10"),
    Column("effective_on", "施行日期", example="2019-06-01"),
    Column("valid_until", "有效期至", example=""),
    Column("status", "状态", choices=tuple(RuleStatus.labels), example="现行有效"),
    Column("text", "正文", help="可选：每条以“第一条”开头", example=""),
]


def _date(value: Any) -> dt.date | str | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_str(value)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.replace("/", "-").replace(".", "-"))
    except ValueError:
        return text


@register
class RuleImporter(Importer):
    kind = "governance.rule"
    label = "制度库登记表"
    columns = RULE_COLUMNS
    template_example = {c.field: c.example for c in RULE_COLUMNS}
    perms = (Perm.IMPORT_DATA, Perm.MANAGE_RULES)
    key_label = "区划代码+文号"
    depends_on = ("governance.Rule", "governance.RuleKind", "governance.RuleSubject",
                  "access.Grant")
    instructions = (
        "按区划代码和文号新增制度；同一区划已登记的文号报错（修改请在制度页面进行）。",
        "类别和主题须为省局维护的名称；无文号的内部制度文号可留空。",
        "任何一行有错整批不导入。",
    )

    def prepare(self, records: Sequence[Record]) -> None:
        codes = {cell_str(r.values.get("region")) for r in records}
        self.regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
        self.regions.update({r.name: r for r in Region.objects.filter(name__in=codes)})
        self.kinds = {k.name: k for k in RuleKind.objects.all()}
        self.subjects = {s.name: s for s in RuleSubject.objects.all()}
        self.existing = set(Rule.objects.filter(region__in=self.regions.values())
                            .exclude(number="").values_list("region_id", "number"))
        self.statuses = {label: value for value, label in RuleStatus.choices}

    def clean_row(self, record: Record) -> tuple[Cleaned | None, list[RowError]]:
        errors: list[RowError] = []
        v = record.values
        data: dict[str, Any] = {}
        for name, limit in (("title", 200), ("issuer", 200)):
            data[name] = cell_str(v.get(name))
            if not data[name]:
                errors.append(self.error(record, name, "不能为空"))
            elif len(data[name]) > limit:
                errors.append(self.error(record, name, f"不能超过 {limit} 个字"))
        region = self.regions.get(cell_str(v.get("region")))
        if region is None:
            code = cell_str(v.get("region"))
            errors.append(self.error(record, "region", f"“{code}”不是区划代码"))
        elif not can_at(self.user, Perm.MANAGE_RULES, region_path=region.path,
                            agency_id=None):
            errors.append(self.error(record, "region", f"“{region.name}”不在您的管理范围内"))
        data["region"] = region
        number = cell_str(v.get("number"))
        if number:
            parsed = rules.parse_number(number)
            if parsed is None:
                errors.append(self.error(record, "number", rules.NUMBER_HELP))
            else:
                number = parsed.number
                if region is not None and (region.pk, number) in self.existing:
                    errors.append(self.error(record, "number", f"本区划已登记文号“{number}”"))
        data["number"] = number
        for name, table in (("kind", self.kinds), ("subject", self.subjects)):
            value = table.get(cell_str(v.get(name)))
            if value is None:
                errors.append(self.error(record, name, f"应为：{'、'.join(table)}"))
            data[name] = value
        for name in ("issued_on", "effective_on", "valid_until"):
            day = _date(v.get(name))
            if isinstance(day, str):
                errors.append(self.error(record, name, "应为日期，格式如 2019-05-10"))
                day = None
            data[name] = day
        if data["issued_on"] and data["effective_on"] and data["effective_on"] < data["issued_on"]:
            errors.append(self.error(record, "effective_on", "施行日期不能早于发布日期"))
        status_text = cell_str(v.get("status")) or RuleStatus.IN_FORCE.label
        status = self.statuses.get(status_text)
        if status is None:
            errors.append(self.error(record, "status", f"状态应为：{'、'.join(self.statuses)}"))
        text = cell_str(v.get("text"))
        if text:
            try:
                rules.split_text(text)
            except rules.ArticleError as exc:
                errors.append(self.error(record, "text", str(exc)))
        if errors:
            return None, errors
        data["status"] = status
        return {"row": record.row_number, "data": data, "text": text}, []

    def key(self, cleaned: Cleaned) -> Hashable:
        data = cleaned["data"]
        # Rules without a number never collide with each other.
        return (data["region"].pk, data["number"] or f"row{cleaned['row']}")

    def apply(self, rows: list[Cleaned], actor: Any, progress: Progress) -> dict[str, int]:
        created = 0
        for row in rows:
            if row["row"] in self.skip_rows:
                continue
            try:
                actions.rule_create(data=row["data"], text=row["text"], actor=actor)
            except ValidationError as exc:
                raise self.rejected(row["row"], exc, {}) from exc
            created += 1
            progress(created)
        return {"created": created, "updated": 0, "unchanged": 0}
