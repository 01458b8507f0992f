"""Contracts and decisions linked (a real key, scoped), the data migration that links the old
text references, and the contract register's Excel import through the core importer
(preview, row-numbered Chinese errors, atomic confirm; it reads what the export writes)."""

from __future__ import annotations

import datetime as dt
import importlib
import io
from decimal import Decimal
from typing import Any

import pytest
import xlsxwriter
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.core.imports.pipeline import apply_job, create_job, validate_job
from jiguan.core.models import ImportStatus
from jiguan.governance.contracts import actions, rules
from jiguan.governance.contracts.models import Contract, ContractStatus
from jiguan.governance.decisions.models import (
    Decision,
    DecisionKind,
    DecisionResult,
    DecisionStatus,
)
from jiguan.governance.tests.contract_fixtures import CODE, contract_data, new_contract, signed


def decision(agency: Any, title: str = "市级机关办公楼维修改造项目",
             result: str = DecisionResult.ADOPT) -> Decision:
    """A decided case (the procedure itself is test_decisions.py's)."""
    return Decision.objects.create(
        agency=agency, title=title, kind=DecisionKind.CONSTRUCTION, sponsor="后勤服务处",
        status=DecisionStatus.DECIDED, result=result, decided_on=dt.date(2026, 6, 1),
        decided_by="王局长")


# --- the link --------------------------------------------------------------------------------

def test_a_contract_follows_an_adopted_decision_of_its_region_or_above(cast: Cast) -> None:
    own = decision(cast.xihu_agency, "西湖区机关食堂改造")
    city = decision(cast.hangzhou_agency)
    # a county user sees its own decisions; the city bureau sees both
    for d, actor in ((own, cast.xihu), (own, cast.hangzhou), (city, cast.hangzhou)):
        contract = actions.contract_create(
            data=contract_data(cast.xihu_agency, decision=d, title=f"依据{d.title}",
                               number=f"HT-{Contract.objects.count()}"), actor=actor)
        assert contract.decision == d
    event = AuditEvent.objects.filter(event_type="governance.contract.created") \
        .order_by("pk").last()
    assert event is not None and event.changes["decision"] == [None, city.title]


def test_a_neighbours_a_subordinates_or_an_unadopted_decision_is_refused(cast: Cast) -> None:
    ningbo = decision(cast.ningbo_agency, "宁波项目")
    xihu = decision(cast.xihu_agency, "西湖项目")
    deferred = decision(cast.hangzhou_agency, "暂缓项目", result=DecisionResult.DEFER)
    cases = [(cast.hangzhou_agency, xihu, "本区划或上级区划"),
             (cast.xihu_agency, deferred, "尚未作出同意的决定"),
             (cast.xihu_agency, ningbo, "不在您的查看范围内")]
    for agency, d, message in cases:
        with pytest.raises(ValidationError) as exc:
            actions.contract_create(data=contract_data(agency, decision=d),
                                    actor=cast.hangzhou)
        assert message in exc.value.message_dict["decision"][0]
    assert not Contract.objects.exists()


def test_the_region_rule_is_pure() -> None:
    assert rules.decision_problem(decision_region_path="/330000/", adopted=True,
                                  contract_region_path="/330000/330100/330106/") is None
    assert rules.decision_problem(decision_region_path="/330000/330200/", adopted=True,
                                  contract_region_path="/330000/330100/") is not None


def test_the_link_shows_both_ways(cast: Cast) -> None:
    d = decision(cast.hangzhou_agency)
    contract = actions.contract_create(data=contract_data(cast.xihu_agency, decision=d),
                                       actor=cast.hangzhou)
    c = cast.client("province_admin")
    page = c.get(reverse("governance:contract_detail", args=[contract.pk])).content.decode()
    assert reverse("governance:decision_detail", args=[d.pk]) in page
    page = c.get(reverse("governance:decision_detail", args=[d.pk])).content.decode()
    assert 'data-testid="decision-contracts"' in page
    assert reverse("governance:contract_detail", args=[contract.pk]) in page
    # Ningbo sees neither the decision (404) nor, through it, the contract
    assert cast.client("ningbo_reporter").get(
        reverse("governance:decision_detail", args=[d.pk])).status_code in (403, 404)


def test_the_form_and_the_api_take_the_decision(cast: Cast) -> None:
    d = decision(cast.xihu_agency)
    other = decision(cast.hangzhou_agency, "市级项目（区用户不可见）")
    c = cast.client("xihu")
    payload = {k: str(v) for k, v in contract_data(cast.xihu_agency).items() if k != "agency"}
    payload.update(agency_id=cast.xihu_agency.pk, decision_id=other.pk)
    bad = c.post("/api/v1/governance/contracts", payload, content_type="application/json")
    assert bad.status_code == 422 and "decision" in bad.json()["errors"]
    payload.update(decision_id=d.pk)
    made = c.post("/api/v1/governance/contracts", payload, content_type="application/json")
    assert made.status_code == 201 and made.json()["decision_id"] == d.pk
    form = c.get(reverse("governance:contract_create")).content.decode()
    assert d.title in form and other.title not in form


def test_the_migration_links_an_unambiguous_text_reference(cast: Cast) -> None:
    d = decision(cast.hangzhou_agency)
    decision(cast.ningbo_agency, "宁波同名项目")
    decision(cast.hangzhou_agency, "重名项目")
    decision(cast.province_agency, "重名项目")
    linked = new_contract(cast, decision_ref=f" {d.title} ", title="甲")
    ambiguous = new_contract(cast, decision_ref="重名项目", title="乙")
    neighbour = new_contract(cast, decision_ref="宁波同名项目", title="丙")
    migration = importlib.import_module(
        "jiguan.governance.migrations.0006_rules13_search_decision_link")
    migration.link_decisions(apps, None)
    for contract, expected in ((linked, d.pk), (ambiguous, None), (neighbour, None)):
        contract.refresh_from_db()
        assert contract.decision_id == expected
        assert contract.decision_ref  # the text is kept


# --- the import ------------------------------------------------------------------------------

HEAD = ["合同名称", "合同编号", "签约单位", "相对方名称", "相对方统一社会信用代码", "合同类别",
        "合同金额（元）", "履行期限自", "履行期限至", "所依据的重大决策", "状态", "签订日期"]


def _workbook(rows: list[list[Any]], head: list[str] = HEAD) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, head)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    return buffer.getvalue()


def _row(agency: str, **over: Any) -> list[Any]:
    values = {"合同名称": "办公设备采购合同", "合同编号": "CG-1", "签约单位": agency,
              "相对方名称": "浙江某科技有限公司", "相对方统一社会信用代码": CODE,
              "合同类别": "采购", "合同金额（元）": 800000, "履行期限自": "2026-10-01",
              "履行期限至": "2027-09-30", "所依据的重大决策": "", "状态": "", "签订日期": ""}
    values.update(over)
    return [values[h] for h in HEAD]


def _run(cast: Cast, user: str, data: bytes) -> Any:
    return validate_job(create_job(kind="governance.contract", filename="c.xlsx", data=data,
                                   user=getattr(cast, user)).pk)


def test_import_refuses_bad_rows_with_their_row_and_column(cast: Cast) -> None:
    name = cast.xihu_agency.name
    bad = _workbook([
        _row(name),
        _row(name, **{"合同金额（元）": 0, "合同编号": "CG-2"}),
        _row(name, **{"相对方统一社会信用代码": CODE[:17] + ("0" if CODE[17] != "0" else "1"),
                      "合同编号": "CG-3"}),
        _row(cast.ningbo_agency.name, **{"合同编号": "CG-4"}),
        _row(name, **{"合同类别": "赠与", "履行期限至": "2026-01-01", "合同编号": "CG-5"}),
        _row(name, **{"状态": "履行中", "签订日期": "2026-09-01", "合同编号": "CG-6"}),
        _row(name, **{"履行期限自": "明年", "合同编号": "CG-7"}),
        _row(name),  # the same agency and number twice
    ])
    job = _run(cast, "xihu", bad)
    assert job.status == ImportStatus.INVALID
    found = {(e["row"], e["column"]) for e in job.errors}
    assert {(3, "合同金额"), (4, "相对方统一社会信用代码"), (5, "签约单位"), (6, "合同类别"),
            (6, "履行期限至"), (7, "状态"), (8, "履行期限自")} <= found, job.errors
    # rows 2 and 9 name the same contract: the duplicate is reported, row 2 is fine else
    assert [e["message"] for e in job.errors if e["row"] == 2] == [
        "与第9行重复（签约单位+合同编号（无编号时为合同名称）相同）"]
    by_cell = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert "校验码" in by_cell[(4, "相对方统一社会信用代码")]
    assert "不是您可登记合同的单位" in by_cell[(5, "签约单位")]
    assert "拟签订" in by_cell[(7, "状态")]
    assert not Contract.objects.exists()


def test_import_registers_through_the_action_and_links_the_decision(cast: Cast) -> None:
    d = decision(cast.xihu_agency)
    good = _workbook([
        _row(cast.xihu_agency.name, **{"所依据的重大决策": d.title}),
        _row(cast.xihu_agency.name, **{
            "合同编号": "CG-2", "合同名称": "食堂服务合同", "合同类别": "服务",
            "所依据的重大决策": "区政府常务会议纪要"}),
    ])
    job = _run(cast, "xihu", good)
    assert job.status == ImportStatus.VALID, job.errors
    job = apply_job(job.pk, cast.xihu.pk)
    assert job.status == ImportStatus.DONE, job.errors
    first = Contract.objects.get(number="CG-1")
    second = Contract.objects.get(number="CG-2")
    assert first.decision == d and first.status == ContractStatus.DRAFT
    assert second.decision is None and second.decision_ref == "区政府常务会议纪要"
    assert AuditEvent.objects.filter(event_type="governance.contract.created").count() == 2


def test_import_reads_what_the_export_writes(cast: Cast) -> None:
    d = decision(cast.hangzhou_agency)
    draft = actions.contract_create(data=contract_data(cast.xihu_agency, decision=d),
                                    actor=cast.hangzhou)
    done = signed(cast, number="CG-9", title="已签订的采购合同")
    exported = cast.client("province_admin").get(reverse("governance:contract_export"))
    assert exported.status_code == 200
    job = _run(cast, "province_admin", b"".join(exported.streaming_content))
    assert job.status == ImportStatus.VALID, job.errors
    job = apply_job(job.pk, cast.province_admin.pk)
    assert job.status == ImportStatus.DONE, job.errors
    assert job.summary["unchanged"] == 2 and job.summary["created"] == 0, job.summary
    draft.refresh_from_db()
    done.refresh_from_db()
    assert draft.decision == d and done.status == ContractStatus.SIGNED
    # an unsigned contract changed in the sheet is changed through the action
    job = _run(cast, "province_admin", _workbook([
        _row(cast.xihu_agency.name, **{"合同名称": draft.title, "合同编号": draft.number,
                                       "合同类别": "建设工程",
                                       "合同金额（元）": 5200000,
                                       "所依据的重大决策": d.title})]))
    assert job.status == ImportStatus.VALID, job.errors
    job = apply_job(job.pk, cast.province_admin.pk)
    draft.refresh_from_db()
    assert draft.amount == Decimal("5200000") and draft.decision == d
    # a signed one is refused with the rule
    job = _run(cast, "province_admin", _workbook([
        _row(cast.xihu_agency.name, **{"合同名称": done.title, "合同编号": "CG-9",
                                       "合同金额（元）": 1})]))
    assert job.status == ImportStatus.INVALID
    assert "补充协议" in job.errors[0]["message"]
