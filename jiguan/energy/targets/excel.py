"""The Excel import of yearly quotas (能耗定额), kind ``energy.quota``: one row per
institution and year (credit code, year, 综合能耗定额 kgce, 用水定额 m³). Each row goes
through actions.quota_set, so the breach check runs for every institution imported, in the
import's single transaction; a re-imported file changes nothing."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from jiguan.access.roles import Perm
from jiguan.core.excel import Column, Record, cell_decimal, cell_int, cell_str
from jiguan.core.imports.pipeline import Importer, Progress, RowError, register
from jiguan.energy.models import Quota
from jiguan.energy.targets import actions
from jiguan.orgs.models import Agency
from jiguan.orgs.rules import normalize_credit_code

MAX_QUOTA = Decimal("99999999999999")


@dataclass(frozen=True)
class QuotaRow:
    row: int
    agency_id: int
    year: int
    kgce_quota: Decimal
    water_quota: Decimal | None


@register
class QuotaImporter(Importer):
    kind = "energy.quota"
    label = "能耗定额"
    perms = (Perm.IMPORT_DATA, Perm.MANAGE_ENERGY)
    key_label = "统一社会信用代码、年度"
    depends_on = ("access.Grant", "orgs.Agency", "energy.Quota")
    instructions = (
        "每行一家单位一个年度的定额；同一单位同一年度再次导入时更新定额。",
        "综合能耗定额单位为千克标准煤（kgce），用水定额单位为立方米（m³），可不填。",
        "导入后立即按已报送数据核对是否超定额，超定额单位将收到说明待办。",
    )
    columns = [
        Column("credit_code", "统一社会信用代码", aliases=("信用代码",), required=True,
               example="11330000002482008X", width=22),
        Column("year", "年度", required=True, example=2026, width=8),
        Column("kgce_quota", "综合能耗定额", aliases=("综合能耗定额（kgce）",),
               required=True, example=120000, width=16, help="千克标准煤"),
        Column("water_quota", "用水定额", aliases=("用水定额（m³）",), example=5000,
               width=14, help="立方米，可不填"),
    ]

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        self.agencies: dict[str, int] = {}

    def prepare(self, records: Sequence[Record]) -> None:
        codes = {normalize_credit_code(cell_str(r.values.get("credit_code")))
                 for r in records} - {""}
        self.agencies = dict(Agency.objects.visible_to(self.user, Perm.MANAGE_ENERGY)
                             .filter(credit_code__in=codes).values_list("credit_code", "pk"))

    def _amount(self, record: Record, name: str, label: str, errors: list[RowError],
                required: bool) -> Decimal | None:
        try:
            value = cell_decimal(record.values.get(name))
        except ValueError:
            errors.append(self.error(record, name, f"{label}应为数字"))
            return None
        if value is None:
            if required:
                errors.append(self.error(record, name, f"请填写{label}"))
            return None
        if value <= 0:
            errors.append(self.error(record, name, f"{label}必须大于 0"))
        elif value > MAX_QUOTA:
            errors.append(self.error(record, name, f"{label}过大，请核对单位"))
        return value.quantize(Decimal("0.01"))

    def clean_row(self, record: Record) -> tuple[QuotaRow | None, list[RowError]]:
        errors: list[RowError] = []
        code = normalize_credit_code(cell_str(record.values.get("credit_code")))
        agency_id = self.agencies.get(code)
        if not code:
            errors.append(self.error(record, "credit_code", "请填写统一社会信用代码"))
        elif agency_id is None:
            errors.append(self.error(record, "credit_code",
                                     f"单位“{code}”不存在或不在您的管理范围内"))
        last = timezone.localdate().year + 1
        try:
            year = cell_int(record.values.get("year"))
        except ValueError:
            year = None
        if year is None or not 2000 <= year <= last:
            errors.append(self.error(record, "year", f"年度应在 2000 至 {last} 之间"))
        kgce = self._amount(record, "kgce_quota", "综合能耗定额", errors, required=True)
        water = self._amount(record, "water_quota", "用水定额", errors, required=False)
        if errors or agency_id is None or year is None or kgce is None:
            return None, errors
        return QuotaRow(record.row_number, agency_id, year, kgce, water), []

    def key(self, cleaned: QuotaRow) -> Hashable:
        return (cleaned.agency_id, cleaned.year)

    def apply(self, rows: list[QuotaRow], actor: Any, progress: Progress) -> dict[str, int]:
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        existing = {(q.agency_id, q.year): q for q in Quota.objects.filter(
            agency_id__in={r.agency_id for r in rows})}
        agencies = Agency.objects.in_bulk({r.agency_id for r in rows})
        for done, row in enumerate(rows, start=1):
            old = existing.get((row.agency_id, row.year))
            if old is not None and (old.kgce_quota, old.water_quota) == (row.kgce_quota,
                                                                         row.water_quota):
                counts["unchanged"] += 1
                continue
            try:
                actions.quota_set(agency=agencies[row.agency_id], year=row.year, actor=actor,
                                 data={"kgce_quota": row.kgce_quota,
                                       "water_quota": row.water_quota})
            except ValidationError as exc:
                raise self.rejected(row.row, exc, {}) from None
            counts["updated" if old is not None else "created"] += 1
            if done % 500 == 0:
                progress(done)
        return counts
