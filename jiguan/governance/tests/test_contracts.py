"""Major contracts: the register's rules, the review before signing, filing, performance,
the daily scan, the pages, the API and the export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.governance.contracts import actions, queries, rules
from jiguan.governance.contracts.models import Contract, ContractStatus, FilingState
from jiguan.governance.tests.contract_fixtures import (
    CODE,
    TODAY,
    contract_data,
    new_contract,
    pass_review,
    signed,
)
from jiguan.todo.models import Task

D = dt.date


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, Any]:
    return exc.value.message_dict


# --- the register ---------------------------------------------------------------------------

@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-1")])
def test_an_amount_of_zero_or_below_is_refused_and_nothing_written(cast: Cast,
                                                                   amount: Decimal) -> None:
    with pytest.raises(ValidationError) as exc:
        new_contract(cast, amount=amount)
    assert _errors(exc)["amount"] == ["合同金额应大于零"]
    assert not Contract.objects.exists()
    assert not AuditEvent.objects.filter(event_type="governance.contract.created").exists()


def test_the_counterparty_credit_code_is_checked(cast: Cast) -> None:
    with pytest.raises(ValidationError) as exc:
        new_contract(cast, counterparty_code=CODE[:17] + ("0" if CODE[17] != "0" else "1"))
    assert "校验码错误" in _errors(exc)["counterparty_code"][0]
    contract = new_contract(cast, counterparty_code=" " + CODE.lower() + " ")
    assert contract.counterparty_code == CODE


def test_the_term_may_not_end_before_it_starts(cast: Cast) -> None:
    with pytest.raises(ValidationError) as exc:
        new_contract(cast, starts_on=D(2026, 9, 1), ends_on=D(2026, 8, 1))
    assert "ends_on" in _errors(exc)


def test_the_review_threshold_is_by_kind_and_configurable(cast: Cast) -> None:
    assert rules.needs_review("construction", Decimal("4000000"))
    assert not rules.needs_review("construction", Decimal("3999999.99"))
    assert rules.needs_review("cooperation", Decimal("1"))
    assert new_contract(cast, amount=Decimal("4000000")).review_required
    assert not new_contract(cast, kind="service", amount=Decimal("999999")).review_required
    with override_settings(JIGUAN_GOVERNANCE_CONTRACT_REVIEW_THRESHOLDS={"service": 500000}):
        assert new_contract(cast, kind="service", amount=Decimal("600000")).review_required


# --- review before signing ------------------------------------------------------------------

def test_a_contract_above_its_threshold_is_not_signed_before_its_review_passed(
        cast: Cast) -> None:
    contract = new_contract(cast)
    with pytest.raises(ValidationError) as exc:
        actions.contract_sign(contract=contract, signed_on=D(2026, 9, 1), actor=cast.xihu,
                              today=TODAY)
    assert "尚未送审" in _errors(exc)["signed_on"][0]
    review = actions.contract_submit_review(contract=contract, materials=[("合同文本", None)],
                                            actor=cast.xihu, today=D(2026, 8, 3))
    with pytest.raises(ValidationError) as exc:
        actions.contract_sign(contract=contract, signed_on=D(2026, 9, 1), actor=cast.xihu,
                              today=TODAY)
    assert "正在审查中" in _errors(exc)["signed_on"][0]
    assert Task.objects.open().filter(kind="governance.review", subject_id=str(review.pk)) \
        .exists()
    contract.refresh_from_db()
    assert contract.status == ContractStatus.DRAFT and contract.signed_on is None


def test_a_failed_review_refuses_the_signing(cast: Cast) -> None:
    contract = new_contract(cast)
    pass_review(cast, contract, D(2026, 8, 3), verdict="unlawful")
    with pytest.raises(ValidationError) as exc:
        actions.contract_sign(contract=contract, signed_on=D(2026, 9, 1), actor=cast.xihu,
                              today=TODAY)
    assert "审查未通过" in _errors(exc)["signed_on"][0]


def test_a_signing_date_before_the_review_passed_is_refused(cast: Cast) -> None:
    contract = new_contract(cast)
    pass_review(cast, contract, D(2026, 8, 10))
    with pytest.raises(ValidationError) as exc:
        actions.contract_sign(contract=contract, signed_on=D(2026, 8, 9), actor=cast.xihu,
                              today=TODAY)
    assert "签订日期早于合法性审查通过日期" in _errors(exc)["signed_on"][0]
    done = actions.contract_sign(contract=contract, signed_on=D(2026, 8, 10), actor=cast.xihu,
                                 today=TODAY)
    assert done.status == ContractStatus.SIGNED
    assert done.filing_due == D(2026, 9, 9)  # 30 calendar days
    assert AuditEvent.objects.filter(event_type="governance.contract.signed").count() == 1


def test_a_contract_below_its_threshold_is_signed_without_review(cast: Cast) -> None:
    contract = signed(cast)
    assert not contract.review_required and contract.status == ContractStatus.SIGNED


def test_the_filing_period_may_count_working_days() -> None:
    # 2026-09-30 (Wed) + 5 working days: the National Day holiday (10-01..10-07) is skipped.
    assert rules.filing_due(D(2026, 9, 30), days=5, working=True) > D(2026, 10, 7)
    assert rules.filing_due(D(2026, 9, 30), days=5, working=False) == D(2026, 10, 5)


# --- filing ---------------------------------------------------------------------------------

def test_a_filing_for_a_region_outside_ones_scope_is_refused(cast: Cast) -> None:
    contract = signed(cast)
    for region in ("330000", "330203"):
        with pytest.raises(ValidationError) as exc:
            actions.contract_file(contract=contract, region=Region.objects.get(code=region),
                                  filed_on=D(2026, 9, 5), actor=cast.xihu, today=TODAY)
        assert "不在您的管辖范围内" in _errors(exc)["region"][0]
    with pytest.raises(ValidationError) as exc:
        actions.contract_file(contract=contract, region=Region.objects.get(code="330203"),
                              filed_on=D(2026, 9, 5), actor=cast.province_admin, today=TODAY)
    assert "上级机关事务管理局备案" in _errors(exc)["region"][0]
    contract.refresh_from_db()
    assert contract.filed_on is None


def test_a_filing_needs_a_signed_contract_and_sane_dates(cast: Cast) -> None:
    draft = new_contract(cast, kind="procurement", amount=Decimal("500000"))
    xihu = Region.objects.get(code="330106")
    with pytest.raises(ValidationError):
        actions.contract_file(contract=draft, region=xihu, filed_on=D(2026, 9, 5),
                              actor=cast.xihu, today=TODAY)
    contract = signed(cast)
    with pytest.raises(ValidationError) as exc:
        actions.contract_file(contract=contract, region=xihu, filed_on=D(2026, 8, 31),
                              actor=cast.xihu, today=TODAY)
    assert "不能早于签订日期" in _errors(exc)["filed_on"][0]
    done = actions.contract_file(contract=contract, region=xihu, filed_on=D(2026, 9, 5),
                                 actor=cast.xihu, today=TODAY)
    assert done.filing_number == "330106-2026-0001" and not done.filed_late
    with pytest.raises(ValidationError):
        actions.contract_file(contract=contract, region=xihu, filed_on=D(2026, 9, 6),
                              actor=cast.xihu, today=TODAY)


def test_a_late_filing_raises_a_to_do_and_shows_in_the_bureaus_list(cast: Cast) -> None:
    contract = signed(cast, signed_on=D(2026, 9, 1))
    assert actions.contract_scan(today=D(2026, 10, 1), actor=None)["filing"] == 0
    assert actions.contract_scan(today=D(2026, 10, 2), actor=None)["filing"] == 1
    assert actions.contract_scan(today=D(2026, 10, 3), actor=None)["filing"] == 0  # one open
    task = Task.objects.open().get(kind=actions.TASK_FILING)
    assert task.region.code == "330106" and task.assignee_role == "bureau_staff"
    late, _ = queries.contracts_for(cast.province_admin, {"filing": "overdue"}, D(2026, 10, 2))
    assert list(late) == [contract]
    actions.contract_file(contract=contract, region=Region.objects.get(code="330100"),
                          filed_on=D(2026, 10, 20), actor=cast.hangzhou, today=TODAY)
    assert not Task.objects.open().filter(kind=actions.TASK_FILING).exists()
    contract.refresh_from_db()
    assert contract.filed_late
    assert queries.filing_state(contract, TODAY) == FilingState.FILED_LATE
    for who, seen in (("province_admin", 1), ("hangzhou", 1), ("ningbo_reporter", 0)):
        rows, _ = queries.contracts_for(getattr(cast, who), {"filing": "late"}, TODAY)
        assert rows.count() == seen


# --- performance ----------------------------------------------------------------------------

def test_payments_may_not_exceed_the_amount_until_a_change_raises_it(cast: Cast) -> None:
    contract = signed(cast)  # 500,000
    actions.payment_add(contract=contract, paid_on=D(2026, 9, 10), amount=Decimal("400000"),
                        actor=cast.xihu)
    with pytest.raises(ValidationError) as exc:
        actions.payment_add(contract=contract, paid_on=D(2026, 9, 20),
                            amount=Decimal("200000"), actor=cast.xihu)
    assert "超过合同金额" in _errors(exc)["amount"][0]
    with pytest.raises(ValidationError):
        actions.payment_add(contract=contract, paid_on=D(2026, 9, 20), amount=Decimal("0"),
                            actor=cast.xihu)
    change = actions.contract_create(data=contract_data(
        None, title="补充协议一", amount=Decimal("650000"), kind="other"), parent=contract,
        actor=cast.xihu)
    assert (change.agency_id, change.kind) == (contract.agency_id, "procurement")
    assert not change.review_required
    actions.contract_sign(contract=change, signed_on=D(2026, 9, 15), actor=cast.xihu,
                          today=TODAY)
    assert actions.current_amount(contract) == Decimal("650000")
    actions.payment_add(contract=contract, paid_on=D(2026, 9, 20), amount=Decimal("200000"),
                        actor=cast.xihu)
    assert actions.paid(contract) == Decimal("600000")


def test_a_change_is_reviewed_like_the_contract(cast: Cast) -> None:
    contract = new_contract(cast)
    pass_review(cast, contract, D(2026, 8, 3))
    actions.contract_sign(contract=contract, signed_on=D(2026, 8, 5), actor=cast.xihu,
                          today=TODAY)
    change = actions.contract_create(data=contract_data(
        None, title="补充协议一", amount=Decimal("5200000")), parent=contract, actor=cast.xihu)
    assert change.review_required
    with pytest.raises(ValidationError) as exc:
        actions.contract_sign(contract=change, signed_on=D(2026, 10, 5), actor=cast.xihu,
                              today=TODAY)
    assert "合法性审查" in _errors(exc)["signed_on"][0]
    pass_review(cast, change, D(2026, 10, 1))
    assert actions.contract_sign(contract=change, signed_on=D(2026, 10, 5), actor=cast.xihu,
                                 today=TODAY).status == ContractStatus.SIGNED
    with pytest.raises(ValidationError):  # no change of a change
        actions.contract_create(data=contract_data(None), parent=change, actor=cast.xihu)


def test_a_draft_cannot_be_changed_and_a_signed_one_cannot_be_edited(cast: Cast) -> None:
    draft = new_contract(cast)
    with pytest.raises(ValidationError) as exc:
        actions.contract_create(data=contract_data(None), parent=draft, actor=cast.xihu)
    assert "parent" in _errors(exc)
    contract = signed(cast)
    with pytest.raises(ValidationError):
        actions.contract_update(contract=contract, data={"title": "改名"}, actor=cast.xihu)


def test_closure_waits_for_open_disputes_and_closes_the_ending_to_do(cast: Cast) -> None:
    contract = signed(cast, ends_on=D(2027, 1, 10))
    assert actions.contract_scan(today=TODAY, actor=None)["ending"] == 1
    task = Task.objects.open().get(kind=actions.TASK_ENDING)
    assert task.agency_id == cast.xihu_agency.pk and task.due_date == D(2027, 1, 10)
    dispute = actions.dispute_add(contract=contract, raised_on=D(2026, 10, 1),
                                  kind="negotiation", summary="交货延迟", actor=cast.xihu)
    with pytest.raises(ValidationError) as exc:
        actions.contract_close(contract=contract, closed_on=D(2026, 12, 1), note="履行完毕",
                               actor=cast.xihu, today=TODAY)
    assert "纠纷未处理完毕" in _errors(exc)["closed_on"][0]
    with pytest.raises(ValidationError):
        actions.dispute_resolve(dispute=dispute, resolved_on=D(2026, 9, 30), outcome="和解",
                                actor=cast.xihu)
    actions.dispute_resolve(dispute=dispute, resolved_on=D(2026, 10, 8), outcome="和解",
                            actor=cast.xihu)
    m = actions.milestone_add(contract=contract, title="到货验收", due_on=D(2026, 11, 1),
                              actor=cast.xihu)
    actions.milestone_done(milestone=m, done_on=D(2026, 11, 2), actor=cast.xihu, today=TODAY)
    closed = actions.contract_close(contract=contract, closed_on=D(2026, 12, 1),
                                    note="履行完毕", actor=cast.xihu, today=TODAY)
    assert closed.status == ContractStatus.CLOSED
    assert not Task.objects.open().filter(kind=actions.TASK_ENDING).exists()
    with pytest.raises(ValidationError):
        actions.payment_add(contract=closed, paid_on=D(2026, 12, 2), amount=Decimal("1"),
                            actor=cast.xihu)


def test_the_scan_command_runs(cast: Cast, capsys: Any) -> None:
    call_command("governance_contract_scan")
    assert "逾期未备案待办 0 项" in capsys.readouterr().out


# --- attachments ----------------------------------------------------------------------------

def test_an_upload_that_is_not_docx_or_pdf_is_refused(cast: Cast) -> None:
    contract = new_contract(cast)
    for name, body in (("合同.txt", b"text"), ("合同.xlsx", b"PK\x03\x04")):
        with pytest.raises(ValidationError) as exc:
            actions.attachment_add(contract=contract, upload=SimpleUploadedFile(name, body),
                                   actor=cast.xihu)
        assert name in _errors(exc)["file"][0]
    with pytest.raises(ValidationError):  # a .pdf that is not a PDF (core.files' check)
        actions.attachment_add(contract=contract,
                               upload=SimpleUploadedFile("合同.pdf", b"not a pdf"),
                               actor=cast.xihu)
    assert not contract.attachments.exists()
    att = actions.attachment_add(contract=contract,
                                 upload=SimpleUploadedFile("合同.pdf", b"%PDF-1.4 test"),
                                 caption="正本", actor=cast.xihu)
    url = reverse("governance:contract_attachment", args=[contract.pk, att.pk])
    assert cast.client("xihu").get(url).status_code == 200
    assert cast.client("ningbo_reporter").get(url).status_code == 404


def test_the_attachment_page_refuses_another_format(cast: Cast) -> None:
    contract = new_contract(cast)
    response = cast.client("xihu").post(
        reverse("governance:contract_attach", args=[contract.pk]),
        {"file": SimpleUploadedFile("scan.png", b"\x89PNG\r\n")})
    assert response.status_code == 422
    assert "不是 Word（.docx）或 PDF 文件" in response.content.decode()


# --- pages, counts, export, API -------------------------------------------------------------

def test_the_pages_register_sign_and_refuse_in_chinese(cast: Cast) -> None:
    c = cast.client("xihu")
    data = {k: str(v) for k, v in contract_data(cast.xihu_agency).items()}
    data["agency"] = str(cast.xihu_agency.pk)
    data["amount"] = "0"
    bad = c.post(reverse("governance:contract_create"), data)
    assert bad.status_code == 422 and "合同金额应大于零" in bad.content.decode()
    data["amount"] = "5000000"
    ok = c.post(reverse("governance:contract_create"), data)
    contract = Contract.objects.get()
    assert ok.status_code == 302
    refused = c.post(reverse("governance:contract_sign", args=[contract.pk]),
                     {"signed_on": "2026-09-01"})
    assert refused.status_code == 422 and "合法性审查通过前不能签订" in refused.content.decode()
    page = c.get(reverse("governance:contract_detail", args=[contract.pk]))
    assert page.status_code == 200 and "须经审查" in page.content.decode()
    assert c.get(reverse("governance:contract_list")).status_code == 200


def test_counts_by_kind_and_year(cast: Cast) -> None:
    signed(cast)
    signed(cast, signed_on=D(2025, 5, 1), kind="lease", amount=Decimal("300000"))
    new_contract(cast, kind="service", amount=Decimal("100"))
    figures = queries.counts(cast.province_admin, {}, TODAY)
    assert figures["total"] == 3
    assert {r["kind"]: r["total"] for r in figures["by_kind"]} == {
        "procurement": 1, "lease": 1, "service": 1}
    assert [(r["year"], r["kind"]) for r in figures["by_year"]] == [
        (2026, "procurement"), (2025, "lease")]
    assert figures["overdue"] == 2
    only_2025 = queries.counts(cast.province_admin, {"year": "2025"}, TODAY)
    assert only_2025["amount"] == Decimal("300000")
    page = cast.client("hangzhou").get(reverse("governance:contract_counts"))
    assert page.status_code == 200 and "万元" in page.content.decode()


def test_the_export_carries_the_filters(cast: Cast) -> None:
    signed(cast)
    response = cast.client("province_admin").get(reverse("governance:contract_export"),
                                                 {"kind": "procurement"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")


def test_the_api_registers_signs_files_and_refuses(cast: Cast) -> None:
    c = cast.client("xihu")
    payload = {k: str(v) for k, v in contract_data(cast.xihu_agency).items()
               if k != "agency"}
    payload.update(agency_id=cast.xihu_agency.pk, amount="-5")
    bad = c.post("/api/v1/governance/contracts", payload, content_type="application/json")
    assert bad.status_code == 422 and "amount" in bad.json()["errors"]
    payload.update(amount="500000", kind="procurement")
    made = c.post("/api/v1/governance/contracts", payload, content_type="application/json")
    assert made.status_code == 201
    pk = made.json()["id"]
    sign = c.post(f"/api/v1/governance/contracts/{pk}/sign", {"signed_on": "2026-09-01"},
                  content_type="application/json")
    assert sign.status_code == 200 and sign.json()["status"] == "signed"
    ningbo = Region.objects.get(code="330203").pk
    out = c.post(f"/api/v1/governance/contracts/{pk}/file",
                 {"region_id": ningbo, "filed_on": "2026-09-02"},
                 content_type="application/json")
    assert out.status_code == 422 and "管辖范围" in out.json()["errors"]["region"][0]
    xihu = Region.objects.get(code="330106").pk
    ok = c.post(f"/api/v1/governance/contracts/{pk}/file",
                {"region_id": xihu, "filed_on": "2026-09-02"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["filing_number"]
    listed = c.get("/api/v1/governance/contracts", {"filing": "filed"}).json()
    assert [r["id"] for r in listed["items"]] == [pk]
    assert cast.client("ningbo_reporter").get(
        f"/api/v1/governance/contracts/{pk}").status_code == 404
    counts = c.get("/api/v1/governance/contracts/counts").json()
    assert counts["total"] == 1
