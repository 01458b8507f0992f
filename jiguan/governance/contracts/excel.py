"""The contract register's export columns (every list exports with its filters, no cap)
and its importer (core.imports pipeline: preview, row-numbered Chinese errors, the mapping
step, one atomic confirm; every row through contracts.actions, as on the page)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from typing import Any

from django.core.exceptions import ValidationError

from jiguan.access.roles import Perm
from jiguan.core.excel import Record, cell_date, cell_decimal, cell_str
from jiguan.core.excel.columns import Column, ExportColumn
from jiguan.core.imports.pipeline import Cleaned, Importer, Progress, RowError, register
from jiguan.governance.contracts import actions, rules
from jiguan.governance.contracts.models import Contract, ContractKind, ContractStatus
from jiguan.governance.contracts.queries import decisions_for
from jiguan.orgs.models import Agency
from jiguan.orgs.rules import credit_code_problem, normalize_credit_code


def _filing(c: Contract) -> str:
    if c.filed_on is None:
        if c.filing_due and c.filing_due < dt.date.today() and c.signed_on:
            return "逾期未备案"
        return "未备案"
    return "逾期备案" if c.filed_late else "按期备案"


CONTRACT_EXPORT_COLUMNS = [
    ExportColumn("合同名称", lambda c: c.title, 36),
    ExportColumn("原合同", lambda c: c.parent.title if c.parent_id else "", 24),
    ExportColumn("合同编号", lambda c: c.number, 16),
    ExportColumn("签约单位", lambda c: c.agency.name, 24),
    ExportColumn("区划", lambda c: c.agency.region.name, 12),
    ExportColumn("相对方名称", lambda c: c.counterparty, 28),
    ExportColumn("相对方统一社会信用代码", lambda c: c.counterparty_code, 22),
    ExportColumn("合同类别", lambda c: c.get_kind_display(), 10),
    ExportColumn("合同金额", lambda c: c.amount, 16, kind="money"),
    ExportColumn("履行期限自", lambda c: c.starts_on, 12),
    ExportColumn("履行期限至", lambda c: c.ends_on, 12),
    ExportColumn("所依据的重大决策",
                 lambda c: c.decision.title if c.decision_id else c.decision_ref, 24),
    ExportColumn("须经合法性审查", lambda c: "是" if c.review_required else "否", 8),
    ExportColumn("状态", lambda c: c.get_status_display(), 8),
    ExportColumn("签订日期", lambda c: c.signed_on, 12),
    ExportColumn("备案期限", lambda c: c.filing_due, 12),
    ExportColumn("备案日期", lambda c: c.filed_on, 12),
    ExportColumn("备案情况", _filing, 10),
    ExportColumn("备案机关", lambda c: c.filing_region.name if c.filing_region_id else "", 12),
    ExportColumn("备案号", lambda c: c.filing_number, 16),
    ExportColumn("终结日期", lambda c: c.closed_on, 12),
]


# --- import ----------------------------------------------------------------------------------
# Reads what the export writes (the same headers; the export's status, filing and review
# columns are the register's record of steps taken on the pages and are not imported).

CONTRACT_COLUMNS = [
    Column("title", "合同名称", required=True, example="市级机关办公楼维修改造工程施工合同"),
    Column("parent", "原合同", help="补充协议请在原合同页面登记；此列仅用于识别导出的行"),
    Column("number", "合同编号", example="HT-2026-01"),
    Column("agency", "签约单位", required=True, example="杭州市机关事务管理局"),
    Column("region", "区划", help="签约单位同名时用于区分", example="杭州市"),
    Column("counterparty", "相对方名称", required=True, example="浙江某建设有限公司"),
    Column("counterparty_code", "相对方统一社会信用代码", required=True,
           example="91330100MA2XXXXXXX"),
    Column("kind", "合同类别", required=True, choices=tuple(ContractKind.labels),
           example="建设工程"),
    Column("amount", "合同金额", aliases=("合同金额（元）",), required=True, example="5000000"),
    Column("starts_on", "履行期限自", required=True, example="2026-09-01"),
    Column("ends_on", "履行期限至", required=True, example="2027-08-31"),
    Column("decision", "所依据的重大决策", example="",
           help="决策名称：与本区划或上级已同意的决策唯一同名时自动关联，否则按文字保存"),
    Column("status", "状态", example="拟签订"),
    Column("signed_on", "签订日期", example=""),
]


def _key(agency_id: int, number: str, title: str) -> tuple[int, str]:
    return (agency_id, f"no:{number}" if number else f"title:{title}")


@register
class ContractImporter(Importer):
    """The contract register (重大合同登记表): new rows are registered (拟签订) through
    contracts.actions.contract_create, as on the page; a row that names a contract
    already registered (same agency and number, or title when there is no number) is
    left as it is when unchanged, changed through contract_update while it is unsigned,
    and refused once signed (a change is a supplementary agreement)."""

    kind = "governance.contract"
    label = "重大合同登记表"
    columns = CONTRACT_COLUMNS
    template_example = {c.field: c.example for c in CONTRACT_COLUMNS}
    perms = (Perm.IMPORT_DATA, Perm.MANAGE_CONTRACTS)
    key_label = "签约单位+合同编号（无编号时为合同名称）"
    depends_on = ("governance.Contract", "governance.Decision", "orgs.Agency", "access.Grant")
    instructions = (
        "新合同登记为“拟签订”；送审、签订、备案请在合同页面办理（须经合法性审查的合同先通过审查再签订）。",
        "已登记的合同（同一签约单位的同一合同编号，无编号时为同名）未签订的按表修改，已签订的不能在此修改。",
        "本表可直接导入从合同登记表导出的 Excel；状态、备案等列只用于核对。",
        "任何一行有错整批不导入。",
    )

    def prepare(self, records: Sequence[Record]) -> None:
        names = {cell_str(r.values.get("agency")) for r in records}
        self.agencies: dict[str, list[Agency]] = {}
        for a in Agency.objects.visible_to(self.user, Perm.MANAGE_CONTRACTS) \
                .filter(name__in=names).select_related("region"):
            self.agencies.setdefault(a.name, []).append(a)
        self.kinds = {label: value for value, label in ContractKind.choices}
        self.existing: dict[tuple[int, str], Contract] = {}
        agency_ids = [a.pk for group in self.agencies.values() for a in group]
        for c in Contract.objects.filter(agency_id__in=agency_ids).select_related("decision"):
            self.existing.setdefault(_key(c.agency_id, c.number, c.title), c)
        self.decisions: dict[str, list[Any]] = {}
        for d in decisions_for(self.user).select_related("agency__region"):
            self.decisions.setdefault(d.title.strip(), []).append(d)

    def _agency(self, record: Record, errors: list[RowError]) -> Agency | None:
        name = cell_str(record.values.get("agency"))
        found = self.agencies.get(name, [])
        region = cell_str(record.values.get("region"))
        if len(found) > 1 and region:
            found = [a for a in found if region in (a.region.name, a.region.code)]
        if not name:
            errors.append(self.error(record, "agency", "不能为空"))
        elif not found:
            errors.append(self.error(record, "agency",
                                     f"“{name}”不是您可登记合同的单位"))
        elif len(found) > 1:
            errors.append(self.error(record, "region",
                                     f"有多个名为“{name}”的单位，请填写区划"))
        else:
            return found[0]
        return None

    def _decision(self, title: str, agency: Agency) -> Any:
        """The one adopted decision of this title of the agency's region or above."""
        found = [d for d in self.decisions.get(title, ())
                 if agency.region.path.startswith(d.agency.region.path)]
        return found[0] if len(found) == 1 else None

    def clean_row(self, record: Record) -> tuple[Cleaned | None, list[RowError]]:
        errors: list[RowError] = []
        v = record.values
        data: dict[str, Any] = {}
        for name, limit in (("title", 200), ("number", 60), ("counterparty", 200),
                            ("counterparty_code", 40)):
            data[name] = cell_str(v.get(name))
            if not data[name] and name != "number":
                errors.append(self.error(record, name, "不能为空"))
            elif len(data[name]) > limit:
                errors.append(self.error(record, name, f"不能超过 {limit} 个字"))
        code = normalize_credit_code(data["counterparty_code"])
        if code and (problem := credit_code_problem(code)):
            errors.append(self.error(record, "counterparty_code",
                                     f"相对方统一社会信用代码有误：{problem}"))
        agency = self._agency(record, errors)
        data["agency"] = agency
        kind_text = cell_str(v.get("kind"))
        data["kind"] = self.kinds.get(kind_text) or (kind_text if kind_text in self.kinds.values()
                                                     else None)
        if data["kind"] is None:
            errors.append(self.error(record, "kind", f"应为：{'、'.join(self.kinds)}"))
        try:
            data["amount"] = cell_decimal(v.get("amount"))
        except ValueError as exc:
            errors.append(self.error(record, "amount", str(exc)))
            data["amount"] = None
        else:
            if data["amount"] is None:
                errors.append(self.error(record, "amount", "不能为空"))
            elif data["amount"] <= 0:
                errors.append(self.error(record, "amount", "合同金额应大于零"))
        for name in ("starts_on", "ends_on", "signed_on"):
            try:
                data[name] = cell_date(v.get(name))
            except ValueError as exc:
                errors.append(self.error(record, name, str(exc)))
                data[name] = None
            else:
                if data[name] is None and name != "signed_on":
                    errors.append(self.error(record, name, "不能为空"))
        if data["starts_on"] and data["ends_on"] and \
                (problem := rules.term_problem(data["starts_on"], data["ends_on"])):
            errors.append(self.error(record, "ends_on", problem))
        ref = cell_str(v.get("decision"))
        if len(ref) > 200:
            errors.append(self.error(record, "decision", "不能超过 200 个字"))
        signed_on = data.pop("signed_on")
        status = cell_str(v.get("status"))
        existing = (self.existing.get(_key(agency.pk, data["number"], data["title"]))
                    if agency is not None else None)
        if existing is None:
            if cell_str(v.get("parent")):
                errors.append(self.error(record, "parent",
                                         "补充协议请在原合同页面登记，不能从 Excel 新增"))
            if signed_on or status not in ("", ContractStatus.DRAFT.label):
                errors.append(self.error(
                    record, "status" if status else "signed_on",
                    "新登记的合同状态应为“拟签订”：签订须在合同页面办理，"
                    "须经合法性审查的合同应先通过审查"))
        if errors:
            return None, errors
        decision = self._decision(ref, agency) if ref and agency is not None else None
        data["decision"] = decision
        data["decision_ref"] = "" if decision is not None else ref
        if existing is not None and existing.decision_id and existing.decision is not None \
                and existing.decision.title.strip() == ref:
            # the export writes the linked decision's title: unchanged
            data["decision"], data["decision_ref"] = existing.decision, existing.decision_ref
        if existing is not None and existing.status != ContractStatus.DRAFT \
                and not _same(existing, data):
            return None, [self.error(record, "title",
                                     "合同已签订，不能在此修改；变更请在合同页面登记补充协议")]
        return {"row": record.row_number, "data": data,
                "existing": existing.pk if existing is not None else None}, []

    def key(self, cleaned: Cleaned) -> Hashable:
        data = cleaned["data"]
        return _key(data["agency"].pk, data["number"], data["title"])

    def apply(self, rows: list[Cleaned], actor: Any, progress: Progress) -> dict[str, int]:
        created = updated = unchanged = 0
        for row in rows:
            if row["row"] in self.skip_rows:
                continue
            data = row["data"]
            try:
                if row["existing"] is None:
                    actions.contract_create(data=data, actor=actor)
                    created += 1
                else:
                    contract = Contract.objects.get(pk=row["existing"])
                    if _same(contract, data):
                        unchanged += 1
                    else:
                        actions.contract_update(contract=contract, data=data, actor=actor)
                        updated += 1
            except ValidationError as exc:
                raise self.rejected(row["row"], exc, {"parent": "title"}) from exc
            progress(created + updated + unchanged)
        return {"created": created, "updated": updated, "unchanged": unchanged}


def _same(contract: Contract, data: dict[str, Any]) -> bool:
    """The row says what the contract holds (the export of the same contract)."""
    for name in ("title", "number", "counterparty", "kind", "starts_on", "ends_on",
                 "decision_ref"):
        if getattr(contract, name) != data[name]:
            return False
    decision = data["decision"]
    return (contract.amount == data["amount"]
            and normalize_credit_code(contract.counterparty_code)
            == normalize_credit_code(data["counterparty_code"])
            and contract.decision_id == (decision.pk if decision is not None else None))
