"""The wide layout of the readings import (energy.reading_wide): one row per institution
and month, a column per energy type with its unit in the header. Every filled cell becomes
the reading a long row would, checked by the long importer's rules; blank cells are "not
reported"; bad cells are named by sheet row and header; nothing is half-written."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.core.imports.pipeline import apply_job, create_job, get_importer, validate_job
from jiguan.core.models import ImportJob, ImportStatus
from jiguan.energy.models import AgencyYear, Reading, Source
from jiguan.energy.readings.excel.wide import (
    MSG_NOTHING_FILLED,
    parse_header,
)
from jiguan.energy.tests.factories import save
from jiguan.energy.tests.test_input_import import errors, workbook
from jiguan.energy.tests.test_input_import import run as run_long

pytestmark = pytest.mark.django_db

WIDE = "energy.reading_wide"
BASE = ["统一社会信用代码", "单位名称", "月份"]


def run(user: Any, data: bytes, filename: str = "wide.xlsx") -> ImportJob:
    job = create_job(kind=WIDE, filename=filename, data=data, user=user)
    job = validate_job(job.pk)
    if job.status == ImportStatus.VALID:
        job = apply_job(job.pk, user.pk)
    return job


def _cell(value: object) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, int | float):
        return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    return (f'<table:table-cell office:value-type="string">'
            f"<text:p>{escape(str(value))}</text:p></table:table-cell>")


def ods(rows: Sequence[Sequence[object]], headers: Sequence[str], *, title: str) -> bytes:
    """An .ods as LibreOffice Calc saves a statistical form: a title merged across the
    table (a spanned cell and covered cells), a blank row, the headers, the data, and the
    sheet's unused rows and columns written as repeated empty cells."""
    width = len(headers)
    body = [
        "<table:table-row>"
        f'<table:table-cell table:number-columns-spanned="{width}" '
        f'table:number-rows-spanned="1" office:value-type="string"><text:p>{escape(title)}'
        f'</text:p></table:table-cell><table:covered-table-cell '
        f'table:number-columns-repeated="{width - 1}"/></table:table-row>',
        f'<table:table-row><table:table-cell table:number-columns-repeated="{width}"/>'
        "</table:table-row>",
        "<table:table-row>" + "".join(_cell(h) for h in headers) + "</table:table-row>",
    ]
    for row in rows:
        cells = [*row, *[None] * (width - len(row))]
        body.append("<table:table-row>" + "".join(_cell(v) for v in cells)
                    + '<table:table-cell table:number-columns-repeated="1000"/>'
                    "</table:table-row>")
    body.append('<table:table-row table:number-rows-repeated="1048000">'
                '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        '<office:body><office:spreadsheet><table:table table:name="能源资源消费">'
        f'<table:table-column table:number-columns-repeated="{width}"/>'
        + "".join(body) + "</table:table></office:spreadsheet></office:body>"
        "</office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.3" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"),
                         "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


FORM_HEADERS = [*BASE, "电（万kWh）", "电费（元）", "自来水（吨）", "水费(元)", "天然气（m³）",
                "汽油（升）", "汽油 金额（元）", "综合能耗（吨标准煤）", "备注"]


def _form_rows(cast: Cast) -> list[list[object]]:
    xihu, hz = cast.xihu_agency.credit_code, cast.hangzhou_agency.credit_code
    return [
        [xihu, "", "2025-01", 1.2, 9600, 350, 1200, None, None, None, 15.3, "一月"],
        [xihu, "", "2025-02", 1, 8000, None, None, 0, None, None, None, ""],
        [hz, "", "2025-01", None, None, None, None, 800, 100, 730, None, None],
    ]


def _long_rows(cast: Cast) -> list[list[object]]:
    """The long file equivalent to ``_form_rows``."""
    xihu, hz = cast.xihu_agency.credit_code, cast.hangzhou_agency.credit_code
    return [
        [xihu, "", "2025-01", "电", 1.2, "万kWh", 9600, None],
        [xihu, "", "2025-01", "自来水", 350, "吨", 1200, None],
        [xihu, "", "2025-02", "电", 1, "万kWh", 8000, None],
        [xihu, "", "2025-02", "天然气", 0, "m³", None, None],
        [hz, "", "2025-01", "天然气", 800, "m³", None, None],
        [hz, "", "2025-01", "汽油", 100, "升", 730, None],
    ]


def _readings() -> dict[tuple[int, str, str], tuple[object, ...]]:
    return {(r.agency_id, f"{r.month:%Y-%m}", r.energy_type):
            (r.quantity, r.entered_quantity, r.entered_unit, r.cost, r.ncv, r.kgce,
             r.coefficient_set_id, r.source)
            for r in Reading.objects.all()}


def test_a_libreoffice_form_with_a_title_and_units_in_the_headers_imports(cast: Cast) -> None:
    data = ods(_form_rows(cast), FORM_HEADERS, title="2025年公共机构能源资源消费统计表")
    job = run(cast.hangzhou, data, filename="统计表.ods")
    assert job.status == ImportStatus.DONE, (job.message, job.errors)
    assert job.summary == {"created": 6, "updated": 0, "unchanged": 0}
    assert job.total_rows == 3 and job.valid_rows == 3  # sheet rows, not readings
    readings = {(r.agency_id, f"{r.month:%Y-%m}", r.energy_type): r
                for r in Reading.objects.all()}
    xihu, hz = cast.xihu_agency.pk, cast.hangzhou_agency.pk
    assert set(readings) == {(xihu, "2025-01", "electricity"), (xihu, "2025-01", "water_tap"),
                             (xihu, "2025-02", "electricity"), (xihu, "2025-02", "natural_gas"),
                             (hz, "2025-01", "natural_gas"), (hz, "2025-01", "gasoline")}
    power = readings[(xihu, "2025-01", "electricity")]
    assert power.quantity == Decimal("12000") and power.entered_unit == "万kWh"
    assert power.entered_quantity == Decimal("1.2") and power.cost == Decimal("9600")
    assert readings[(xihu, "2025-01", "water_tap")].cost == Decimal("1200")
    assert readings[(xihu, "2025-02", "natural_gas")].quantity == 0  # 0 is a reading
    petrol = readings[(hz, "2025-01", "gasoline")]
    assert petrol.quantity == Decimal("73") and petrol.entered_unit == "升"  # 100 L x 0.73
    assert petrol.cost == Decimal("730")
    assert {r.source for r in readings.values()} == {Source.IMPORT}
    assert AgencyYear.objects.get(agency_id=xihu, year=2025).electricity == Decimal("22000")
    assert AuditEvent.objects.filter(event_type="energy.readings.imported").count() == 1


def test_the_preview_shows_each_sheet_row_once_under_the_templates_columns(
        cast: Cast) -> None:
    data = ods(_form_rows(cast), FORM_HEADERS, title="统计表")
    job = create_job(kind=WIDE, filename="a.ods", data=data, user=cast.hangzhou)
    job = validate_job(job.pk)
    assert job.status == ImportStatus.VALID and job.valid_rows == 3
    assert [p["row"] for p in job.preview] == [4, 5, 6]
    labels = [c.label for c in get_importer(WIDE).columns]
    first = dict(zip(labels, job.preview[0]["cells"], strict=True))
    assert first["电（kWh）"] == "1.2 万kWh" and first["电费（元）"] == "9600"
    assert first["自来水（m³）"] == "350 吨" and first["自来水费（元）"] == "1200"
    last = dict(zip(labels, job.preview[2]["cells"], strict=True))
    assert last["电（kWh）"] == "" and last["汽油（kg）"] == "100 升"
    page = cast.client("hangzhou").get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "1.2 万kWh" in page and "确认导入" in page


def test_the_wide_file_and_the_equivalent_long_file_give_identical_readings(
        cast: Cast) -> None:
    long_job = run_long(cast.hangzhou, workbook(_long_rows(cast)))
    assert long_job.status == ImportStatus.DONE, long_job.errors
    from_long = _readings()
    wide = workbook(_form_rows(cast), FORM_HEADERS, title="能源资源消费统计表")
    job = run(cast.hangzhou, wide)
    assert job.summary == {"created": 0, "updated": 0, "unchanged": 6}
    Reading.objects.all().delete()
    assert run(cast.hangzhou, wide).summary == {"created": 6, "updated": 0, "unchanged": 0}
    assert _readings() == from_long


def test_reimporting_the_same_wide_file_changes_nothing(cast: Cast) -> None:
    data = ods(_form_rows(cast), FORM_HEADERS, title="统计表")
    run(cast.hangzhou, data, filename="a.ods")
    before = list(Reading.objects.order_by("pk").values_list("pk", "updated_at", "revisions"))
    job = run(cast.hangzhou, data, filename="a.ods")
    assert job.summary == {"created": 0, "updated": 0, "unchanged": 6}
    after = list(Reading.objects.order_by("pk").values_list("pk", "updated_at", "revisions"))
    assert after == before


def test_a_blank_cell_is_not_reported_not_zero(cast: Cast) -> None:
    save(cast.xihu_agency, "2025-01", {"water_tap": 90, "electricity": 5000})
    code = cast.xihu_agency.credit_code
    job = run(cast.xihu, workbook([[code, "", "2025-01", 6000, None, None]],
                                  [*BASE, "电（kWh）", "自来水（m³）", "天然气"]))
    assert job.summary == {"created": 0, "updated": 1, "unchanged": 0}
    assert dict(Reading.objects.values_list("energy_type", "quantity")) == {
        "water_tap": Decimal("90"), "electricity": Decimal("6000")}


BAD_HEADERS = [*BASE, "电（kWh）", "电费（元）", "天然气（m³）", "电（吨）", "氢气（kg）", "备注"]


def test_every_bad_cell_is_named_by_row_and_header_and_nothing_is_written(cast: Cast) -> None:
    xihu, ningbo = cast.xihu_agency.credit_code, cast.ningbo_agency.credit_code
    rows: list[list[object]] = [
        [xihu, "", "2025-01", -5, 0, None],                   # 4 negative
        [xihu, "", "2025-02", "很多", 0, None],               # 5 text
        [xihu, "", "2025-03", None, None, None, 100],         # 6 unknown unit header
        [xihu, "", "2025-04", 10, None, None, None, 3],       # 7 unknown type header
        [ningbo, "", "2025-05", 10, 5, 20],                   # 8 out of scope (once)
        [xihu, "", "2999-01", 10, 5, 20],                     # 9 future month (once)
        [xihu, "", "2025-06", 10, -1, None],                  # 10 negative cost
        [xihu, "", "2025-07", None, None, None, None, None, "没有数据"],  # 11 nothing filled
        [xihu, "", "2025-08", None, 50, None],                # 12 cost without quantity
        [xihu, "", "2025-09", 10, None, None],                # 13 } same institution,
        [xihu, "", "2025/9", 20, None, 5],                    # 14 } month and type
        [xihu, "", "2025-10", 10, 8, 3, None, None, "fine"],  # 15 fine
    ]
    job = run(cast.xihu, workbook(rows, BAD_HEADERS, title="能源资源消费统计表"))
    assert job.status == ImportStatus.INVALID
    found = errors(job)
    by_cell = {(row, column): message for row, column, message in found}
    assert by_cell[(4, "电（kWh）")] == "电用量不能为负数"
    assert by_cell[(5, "电（kWh）")] == "电用量应为数字"
    assert by_cell[(6, "电（吨）")].startswith("表头“电（吨）”：电的计量单位“吨”无法识别")
    assert by_cell[(7, "氢气（kg）")].startswith("表头“氢气（kg）”：未知的能源品种“氢气”")
    assert by_cell[(8, "统一社会信用代码")].endswith("不存在或不在您的权限范围内")
    assert "不能填报未来月份" in by_cell[(9, "月份")]
    assert by_cell[(10, "电费（元）")] == "电费用不能为负数"
    assert by_cell[(11, "")] == MSG_NOTHING_FILLED
    assert by_cell[(12, "电（kWh）")] == "电用量不能为空"
    assert "与第14行重复" in by_cell[(13, "单位、月份、能源品种")]
    assert "与第13行重复" in by_cell[(14, "单位、月份、能源品种")]
    # The institution's and the month's errors once a row, not once per filled type.
    assert [r for r, _, _ in found].count(8) == 1 and [r for r, _, _ in found].count(9) == 1
    assert not any(row == 15 for row, _, _ in found)
    assert not Reading.objects.exists()
    assert not AuditEvent.objects.filter(event_type="energy.readings.imported").exists()


def test_the_messages_are_the_long_layouts(cast: Cast) -> None:
    xihu, ningbo = cast.xihu_agency.credit_code, cast.ningbo_agency.credit_code
    wide = [[xihu, "", "2025-01", -5, None], [xihu, "", "2025-02", "很多", -1],
            [ningbo, "", "2025-03", 1, None], [xihu, "", "2999-01", 1, None],
            [xihu, "", "2025-04", 9e9, None]]
    long = [[code, "", month, "电", quantity, "kWh", cost, None]
            for code, _, month, quantity, cost in wide]
    wide_job = run(cast.xihu, workbook(wide, [*BASE, "电（kWh）", "电费（元）"]))
    long_job = run_long(cast.xihu, workbook(long))
    assert sorted((r, m) for r, _, m in errors(wide_job)) == sorted(
        (r, m) for r, _, m in errors(long_job))


def test_two_columns_of_one_type_may_not_both_be_filled_in_a_row(cast: Cast) -> None:
    code = cast.xihu_agency.credit_code
    headers = [*BASE, "电（kWh）", "电（万kWh）"]
    job = run(cast.xihu, workbook([[code, "", "2025-01", 100, 1], [code, "", "2025-02", None, 2]],
                                  headers))
    assert errors(job) == [
        (2, "电（万kWh）", "与“电（kWh）”列重复（都是电的用量），请只填写其中一列")]
    job = run(cast.xihu, workbook([[code, "", "2025-01", 100, None],
                                   [code, "", "2025-02", None, 2]], headers))
    assert job.status == ImportStatus.DONE
    assert Reading.objects.get(month__month=2).quantity == Decimal("20000")


def test_a_file_without_type_columns_is_refused_with_a_clear_message(cast: Cast) -> None:
    job = run(cast.xihu, workbook([[cast.xihu_agency.credit_code, "", "2025-01", "电", 1, "kWh",
                                    0, None]]))
    assert job.status == ImportStatus.INVALID
    assert "表头中没有能源品种列" in job.message and "“费用（元）”" in job.message
    assert not Reading.objects.exists()


def test_the_template_downloads_and_imports_back(cast: Cast) -> None:
    response = cast.client("xihu").get(reverse("imports:template", args=[WIDE]))
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.getvalue())
                                          ).get_sheet_by_index(0).to_python()
    headers = [str(h) for h in rows[0]]
    assert headers[:5] == ["统一社会信用代码", "单位名称", "月份", "电（kWh）", "电费（元）"]
    assert "汽油（kg）" in headers and "其他能源费（元）" in headers
    # As downloaded, only the example institution is unknown: every header is understood.
    job = run(cast.xihu, response.getvalue(), filename="template.xlsx")
    assert [(r, c) for r, c, _ in errors(job)] == [(2, "统一社会信用代码")]
    example = list(rows[1])
    example[0] = cast.xihu_agency.credit_code
    job = run(cast.xihu, workbook([example], headers))
    assert job.status == ImportStatus.DONE, job.errors
    assert dict(Reading.objects.values_list("energy_type", "quantity")) == {
        "electricity": Decimal("12000"), "water_tap": Decimal("350"),
        "natural_gas": Decimal("800")}


def test_the_readings_page_offers_both_layouts_and_the_command_takes_the_wide_one(
        cast: Cast, tmp_path: Path) -> None:
    page = cast.client("xihu").get(reverse("energy:reading_list")).content.decode()
    assert reverse("imports:start", args=["energy.reading"]) in page
    assert reverse("imports:start", args=[WIDE]) in page
    start = cast.client("xihu").get(reverse("imports:start", args=[WIDE]))
    assert start.status_code == 200 and "按品种分列" in start.content.decode()
    assert cast.client("auditor").get(reverse("imports:start", args=[WIDE])).status_code == 403
    upload = io.BytesIO(ods(_form_rows(cast)[:2], FORM_HEADERS, title="统计表"))
    upload.name = "统计表.ods"
    response = cast.client("xihu").post(reverse("imports:start", args=[WIDE]),
                                        {"file": upload}, follow=True)
    assert "确认导入" in response.content.decode()
    assert response.context["job"].valid_rows == 2
    path = tmp_path / "wide.xlsx"
    path.write_bytes(workbook(_form_rows(cast)[:2], FORM_HEADERS))
    call_command("import_data", WIDE, str(path), "--as", "xihu")
    assert Reading.objects.count() == 4
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook([[cast.ningbo_agency.credit_code, "", "2025-01", 1]],
                             [*BASE, "电（kWh）"]))
    with pytest.raises(CommandError):
        call_command("import_data", WIDE, str(bad), "--as", "xihu")


@pytest.mark.parametrize(("text", "expected"), [
    ("电（kWh）", ("electricity", False, "kWh")),
    ("电(万kWh)", ("electricity", False, "万kWh")),
    ("电\n（万 kWh）", ("electricity", False, "万kWh")),
    ("电", ("electricity", False, "")),
    ("用电量（度）", ("electricity", False, "度")),
    ("自来水（吨）", ("water_tap", False, "吨")),
    ("天然气（m³）", ("natural_gas", False, "m³")),
    ("汽油[升]", ("gasoline", False, "升")),
    ("电（ｋＷｈ）", ("electricity", False, "kWh")),
    ("电费（元）", ("electricity", True, "")),
    ("电费用（元）", ("electricity", True, "")),
    ("电 金额（元）", ("electricity", True, "")),
    ("水费", ("water_tap", True, "")),
])
def test_headers_name_their_type_and_unit(text: str, expected: tuple[str, bool, str]) -> None:
    header = parse_header(text)
    assert header is not None and not header.problem
    assert (header.type_code, header.cost, header.unit) == expected


@pytest.mark.parametrize("text", ["序号", "备注", "建筑面积（m²）", "用能人数（人）",
                                  "综合能耗（吨标准煤）", "合计（tce）", "总用电量（kWh）"])
def test_other_columns_are_left_alone(text: str) -> None:
    assert parse_header(text) is None


@pytest.mark.parametrize(("text", "message"), [
    ("电（吨）", "电的计量单位“吨”无法识别"),
    ("氢气（kg）", "未知的能源品种“氢气”"),
    ("物业费（元）", "未知的能源品种“物业”"),
    ("电费（万元）", "费用应以元为单位"),
    ("天然气低位发热量（kJ/m³）", "不能导入实测低位发热量"),
])
def test_unreadable_energy_headers_say_why(text: str, message: str) -> None:
    header = parse_header(text)
    assert header is not None and header.problem.startswith(f"表头“{text}”：")
    assert message in header.problem


def test_the_same_header_twice_is_refused_not_half_read(cast: Cast) -> None:
    """Two "电（kWh）" columns (two meters, say): reading one would drop the other."""
    code = cast.xihu_agency.credit_code
    headers = [*BASE, "电（kWh）", "电（kWh）"]
    job = run(cast.xihu, workbook([[code, "", "2025-01", 100, 200]], headers))
    assert job.status == ImportStatus.INVALID
    assert "表头中“电（kWh）”出现了不止一次" in job.message
    assert not Reading.objects.exists()


def test_a_long_header_cell_is_not_an_energy_column(cast: Cast) -> None:
    code = cast.xihu_agency.credit_code
    headers = [*BASE, "电（kWh）", "电" * 5000]
    job = run(cast.xihu, workbook([[code, "", "2025-01", 100, 1]], headers))
    assert job.status == ImportStatus.DONE, (job.message, job.errors)
    assert Reading.objects.get().quantity == 100


def test_the_write_progress_counts_sheet_rows_not_readings(cast: Cast) -> None:
    """The page's and the command's bar run to the rows checked (sheet rows), not past it."""
    from django.db import transaction

    from jiguan.core.imports.pipeline import check_rows, open_table

    importer = get_importer(WIDE)(cast.xihu)
    headers = [*BASE, "电（kWh）", "自来水（吨）", "天然气（m³）"]
    code = cast.xihu_agency.credit_code
    data = workbook([[code, "", "2025-01", 100, 200, 300],
                     [code, "", "2025-02", 110, 210, 310]], headers)
    result = check_rows(importer, open_table(importer, data, "wide.xlsx"), lambda done: None)
    seen: list[int] = []
    with transaction.atomic():
        importer.apply(result.rows, cast.xihu, seen.append)
    assert result.valid == 2 and seen and seen[-1] == 2
    assert Reading.objects.count() == 6
