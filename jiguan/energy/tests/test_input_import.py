"""Importing monthly readings of many institutions (能源资源消费导入) through the core's
pipeline: every bad row named by sheet row and column, nothing half-written, a re-import
changes nothing, the scope holds, and the summaries follow."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.core.imports.pipeline import apply_job, create_job, validate_job
from jiguan.core.models import ImportJob, ImportStatus
from jiguan.energy.models import AgencyYear, Reading, RegionMonth, Source
from jiguan.energy.tests.factories import save

pytestmark = pytest.mark.django_db

HEADERS = ["统一社会信用代码", "单位名称", "月份", "能源品种", "用量", "计量单位", "费用（元）",
           "实测低位发热量"]


def workbook(rows: Sequence[Sequence[object]], headers: Sequence[str] = HEADERS, *,
             title: str | None = None) -> bytes:
    """An .xlsx as a user makes it: numbers as numbers; optionally a title row and a blank
    row above the headers, as the official forms have."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("能源资源消费")
    first = 0
    if title:
        sheet.merge_range(0, 0, 0, len(headers) - 1, title)
        first = 2
    sheet.write_row(first, 0, headers)
    for r, row in enumerate(rows, start=first + 1):
        for c, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif value is not None:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def run(user: Any, data: bytes, filename: str = "readings.xlsx",
        confirm_warnings: bool = False) -> ImportJob:
    """Upload, check and (when valid) apply, as the pages do; ``confirm_warnings`` ticks the
    preview's box for rows far from their history (core.imports: ImportPlan.warnings)."""
    job = create_job(kind="energy.reading", filename=filename, data=data, user=user)
    job = validate_job(job.pk)
    if job.status == ImportStatus.VALID:
        if confirm_warnings:
            job.options = {**job.options, "warnings_confirmed": True}
            job.save(update_fields=["options"])
        job = apply_job(job.pk, user.pk)
    return job


def errors(job: ImportJob) -> list[tuple[int, str, str]]:
    return [(e["row"], e["column"], e["message"]) for e in job.errors]


def _rows(cast: Cast) -> list[list[object]]:
    xihu, hz = cast.xihu_agency.credit_code, cast.hangzhou_agency.credit_code
    return [
        [xihu, "", "2025-01", "电", 12000, "kWh", 9600, None],
        [xihu, "", "2025-01", "自来水", 350, "吨", 1200, None],
        [xihu, "", "2025-02", "电", 1.2, "万kWh", 9000, None],
        [hz, "", "2025-01", "柴油", 100, "L", 700, None],
        [hz, "", "2025/1", "天然气", 800, "m³", 2800, 36000],
    ]


def test_a_file_of_many_institutions_imports_and_the_summaries_follow(cast: Cast) -> None:
    job = run(cast.hangzhou, workbook(_rows(cast)))
    assert job.status == ImportStatus.DONE, job.errors
    assert job.summary == {"created": 5, "updated": 0, "unchanged": 0}
    readings = {(r.agency_id, f"{r.month:%Y-%m}", r.energy_type): r
                for r in Reading.objects.all()}
    xihu, hz = cast.xihu_agency.pk, cast.hangzhou_agency.pk
    assert readings[(xihu, "2025-02", "electricity")].quantity == Decimal("12000")
    assert readings[(xihu, "2025-02", "electricity")].entered_unit == "万kWh"
    assert readings[(hz, "2025-01", "diesel")].quantity == Decimal("84")  # 100 L x 0.84
    gas = readings[(hz, "2025-01", "natural_gas")]
    assert gas.ncv == Decimal("36000")
    assert {r.source for r in readings.values()} == {Source.IMPORT}
    year = AgencyYear.objects.get(agency_id=xihu, year=2025)
    assert year.electricity == Decimal("24000") and year.water == Decimal("350")
    assert RegionMonth.objects.exists()
    assert AuditEvent.objects.filter(event_type="energy.readings.imported").count() == 1


def test_reimporting_the_same_file_changes_nothing(cast: Cast) -> None:
    data = workbook(_rows(cast))
    run(cast.hangzhou, data)
    before = list(Reading.objects.order_by("pk").values_list("pk", "updated_at", "revisions"))
    job = run(cast.hangzhou, data)
    assert job.summary == {"created": 0, "updated": 0, "unchanged": 5}
    after = list(Reading.objects.order_by("pk").values_list("pk", "updated_at", "revisions"))
    assert after == before


def test_a_changed_row_updates_its_reading_and_counts_a_revision(cast: Cast) -> None:
    save(cast.xihu_agency, "2025-01", {"electricity": 5000})
    job = run(cast.xihu, workbook(_rows(cast)[:1]))
    assert job.summary == {"created": 0, "updated": 1, "unchanged": 0}
    reading = Reading.objects.get()
    assert reading.quantity == Decimal("12000") and reading.revisions == 1
    assert AgencyYear.objects.get(agency=cast.xihu_agency, year=2025).electricity == 12000


def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_written(cast: Cast) -> None:
    xihu, ningbo = cast.xihu_agency.credit_code, cast.ningbo_agency.credit_code
    rows = [
        [xihu, "", "2025-01", "电", 100, "吨", 0, None],           # 2 unknown unit
        [xihu, "", "2025-02", "电", -5, "kWh", 0, None],           # 3 negative
        [xihu, "", "2025-03", "电", 9e9, "kWh", 0, None],          # 4 absurd
        [xihu, "", "2999-01", "电", 100, "kWh", 0, None],          # 5 future month
        [ningbo, "", "2025-01", "电", 100, "kWh", 0, None],        # 6 out of scope
        ["91330000MA0000000X", "", "2025-01", "电", 100, "", 0, None],  # 7 unknown
        [xihu, "", "2025-05", "电", 100, "kWh", 0, None],          # 8 } duplicate key
        [xihu, "", "2025/5", "电力", 200, "kWh", 0, None],         # 9 }
        [xihu, "", "2025-06", "蒸汽", 1, "t", 0, None],            # 10 unknown type
        [xihu, "", "abc", "电", 1, "kWh", 0, None],                # 11 bad month
        [xihu, "", "2025-07", "自来水", 10, "m³", -1, 5],          # 12 cost<0, ncv on water
        [xihu, "", "2025-08", "电", "很多", "kWh", 0, None],       # 13 not a number
        [xihu, "", "2025-09", "电", 100, "kWh", 0, None],          # 14 fine
        [xihu, "", "2025-10", "电", "1e1000000", "kWh", 0, None],  # 15 overflows Decimal
        [xihu, "", "2025-10", "天然气", 10, "m³", 0, 0.001],       # 16 ncv rounds to 0
    ]
    job = run(cast.xihu, workbook(rows))
    assert job.status == ImportStatus.INVALID
    found = errors(job)
    cells = {(row, column) for row, column, _ in found}
    assert (2, "计量单位") in cells and (3, "用量") in cells and (4, "用量") in cells
    assert (5, "月份") in cells and (6, "统一社会信用代码") in cells
    assert (7, "统一社会信用代码") in cells and (10, "能源品种") in cells
    assert (11, "月份") in cells and (12, "费用（元）") in cells
    assert (12, "实测低位发热量") in cells and (13, "用量") in cells
    assert {8, 9} <= {row for row, _, _ in found}
    assert not any(row == 14 for row, _, _ in found)
    assert (15, "用量") in cells and (16, "实测低位发热量") in cells
    messages = " ".join(m for _, _, m in found)
    assert "电的计量单位“吨”无法识别" in messages
    assert "电用量不能为负数" in messages
    assert "超过合理上限" in messages
    assert "不能填报未来月份" in messages
    assert "不存在或不在您的权限范围内" in messages
    assert "与第9行重复" in messages
    assert "自来水不适用实测低位发热量" in messages
    assert "超出合理范围" in messages and "实测低位发热量必须大于 0" in messages
    assert not Reading.objects.exists()


def test_an_institution_can_be_named_instead_of_coded_when_unique(cast: Cast) -> None:
    rows = [["", cast.xihu_agency.name, "2025-01", "电", 100, "kWh", 0, None],
            ["", "不存在的单位", "2025-01", "电", 100, "kWh", 0, None]]
    job = run(cast.xihu, workbook(rows))
    assert errors(job) == [(3, "单位名称", "单位名称“不存在的单位”不存在或不在您的权限范围内")]
    job = run(cast.xihu, workbook(rows[:1]))
    assert job.status == ImportStatus.DONE
    assert Reading.objects.get().agency == cast.xihu_agency


def test_the_reporter_imports_only_for_its_own_agency(cast: Cast) -> None:
    rows = [[cast.ningbo_agency.credit_code, "", "2025-01", "电", 100, "kWh", 0, None]]
    assert run(cast.ningbo_reporter, workbook(rows)).status == ImportStatus.DONE
    rows = [[cast.xihu_agency.credit_code, "", "2025-01", "电", 100, "kWh", 0, None]]
    assert run(cast.ningbo_reporter, workbook(rows)).status == ImportStatus.INVALID


def test_a_title_row_above_the_headers_is_skipped(cast: Cast) -> None:
    data = workbook(_rows(cast)[:2], title="2025年1月公共机构能源资源消费统计表")
    job = run(cast.xihu, data)
    assert job.status == ImportStatus.DONE, job.errors
    assert Reading.objects.count() == 2


def test_a_gb18030_csv_from_excel_imports(cast: Cast) -> None:
    lines = [",".join(HEADERS)]
    for row in _rows(cast):
        lines.append(",".join("" if v is None else str(v) for v in row))
    data = ("\r\n".join(lines) + "\r\n").encode("gb18030")
    job = run(cast.hangzhou, data, filename="能源资源消费.csv")
    assert job.status == ImportStatus.DONE, (job.message, job.errors)
    assert Reading.objects.count() == 5
    assert Reading.objects.filter(entered_unit="吨", energy_type="water_tap").exists()


def test_the_template_download_has_the_columns(cast: Cast) -> None:
    from python_calamine import CalamineWorkbook

    response = cast.client("xihu").get(reverse("imports:template", args=["energy.reading"]))
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.getvalue()))
    text = repr(book.get_sheet_by_index(0).to_python())
    for header in ("统一社会信用代码", "月份", "能源品种", "用量", "计量单位", "费用"):
        assert header in text


def test_an_exported_file_imports_back_unchanged(cast: Cast) -> None:
    run(cast.hangzhou, workbook(_rows(cast)))
    response = cast.client("hangzhou").get(reverse("energy:reading_export"))
    job = run(cast.hangzhou, response.getvalue(), filename="export.xlsx")
    assert job.status == ImportStatus.DONE, (job.message, job.errors)
    assert job.summary == {"created": 0, "updated": 0, "unchanged": 5}


def test_the_command_imports_as_a_named_user(cast: Cast, tmp_path: Path) -> None:
    path = tmp_path / "readings.xlsx"
    path.write_bytes(workbook(_rows(cast)[:2]))
    call_command("import_data", "energy.reading", str(path), "--as", "xihu")
    assert Reading.objects.count() == 2
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook([[cast.ningbo_agency.credit_code, "", "2025-01", "电", 1, "kWh",
                               0, None]]))
    with pytest.raises(CommandError):
        call_command("import_data", "energy.reading", str(bad), "--as", "xihu")


def test_auditors_may_not_import(cast: Cast) -> None:
    response = cast.client("auditor").get(reverse("imports:start", args=["energy.reading"]))
    assert response.status_code == 403


def test_a_row_equal_to_a_page_saved_reading_is_unchanged(cast: Cast) -> None:
    # The import converts to kgce on its own fast path: it must agree with the page's.
    save(cast.xihu_agency, "2025-01", {"electricity": 1234, "natural_gas": 77}, cost=10)
    rows = [[cast.xihu_agency.credit_code, "", "2025-01", "电", 1234, "kWh", 10, None],
            [cast.xihu_agency.credit_code, "", "2025-01", "天然气", 77.0, "m³", 10.0, None]]
    job = run(cast.xihu, workbook(rows))
    assert job.summary == {"created": 0, "updated": 0, "unchanged": 2}


def test_fractional_quantities_and_costs_are_kept_exactly(cast: Cast) -> None:
    rows = [[cast.xihu_agency.credit_code, "", "2025-01", "电", 1234.567, "kWh", 987.65, None],
            [cast.xihu_agency.credit_code, "", "2025-02", "电", 10, "kWh", 0.1, None]]
    assert run(cast.xihu, workbook(rows)).status == ImportStatus.DONE
    first = Reading.objects.get(month__month=1)
    assert first.quantity == Decimal("1234.567") and first.cost == Decimal("987.65")
    assert Reading.objects.get(month__month=2).cost == Decimal("0.10")


def test_rows_named_without_a_code_each_find_their_own_institution(cast: Cast) -> None:
    rows = [["", cast.xihu_agency.name, "2025-01", "电", 100, "kWh", 0, None],
            ["", cast.hangzhou_agency.name, "2025-01", "电", 200, "kWh", 0, None]]
    job = run(cast.hangzhou, workbook(rows))
    assert job.status == ImportStatus.DONE, job.errors
    assert dict(Reading.objects.values_list("agency_id", "quantity")) == {
        cast.xihu_agency.pk: Decimal("100"), cast.hangzhou_agency.pk: Decimal("200")}
