"""No file takes the server down (issue 9 section 2): hostile workbooks, each built here a
few KB on disk, are refused with their reason before any cell is read, or by the parsing
child's limits; the process that asked (the web or task worker) goes on."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from jiguan.conftest import Cast
from jiguan.core.excel import SpreadsheetError, read_rows, sandbox
from jiguan.core.excel.guard import Limits
from jiguan.core.excel.reader import open_sheets
from jiguan.core.models import ImportJob
from jiguan.core.tests import hostile_files as hostile
from jiguan.core.tests import sandbox_targets as targets

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
MB = 1024 * 1024


def _within_limit(peak: int, limit: int) -> bool:
    """Is a child's reported peak within `limit`? Linux carries the pre-exec high-water mark
    of the (v)forked image, that is of this test process, into an exec'd child's ru_maxrss;
    a test process grown past the limit over a long run would make every child look over
    it. So the peak is judged against the limit or this process's own peak, whichever is
    higher (the limit itself is RLIMIT_AS, asserted through report.address_limit)."""
    import resource

    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return 0 < peak <= max(limit, own_peak)
#: A lower address-space limit than the default: the child dies sooner, the test is quick.
SMALL = {"JIGUAN_IMPORT_MEMORY": 512 * MB}
#: Limits that let the far cell past the checks, to show the child alone contains it.
OPEN_CHECKS = {"JIGUAN_IMPORT_MAX_ROWS": 10**9, "JIGUAN_IMPORT_MAX_COLUMNS": 10**6,
               "JIGUAN_IMPORT_MAX_CELLS": 10**18, **SMALL}

REFUSED: list[tuple[str, Callable[[], bytes], str]] = [
    ("far-cell", hostile.far_cell, "文件中的表格范围过大（1048576行×16384列），超过单次导入上限"),
    ("far-cell-reference", lambda: hostile.far_cell(dimension=False),
     "文件中有单元格位于第1048576行第16384列（XFD1048576），超过单次导入上限"),
    ("string-bomb", hostile.string_bomb,
     "文件中的部件“xl/sharedStrings.xml”压缩比异常（1025 倍，上限 100 倍），疑似压缩炸弹"),
    ("long-string", hostile.long_string,
     "文件中有单元格文本过长（超过 32767 个字符，即 Excel 单元格的上限）"),
    ("billion-laughs", hostile.billion_laughs, "文件中含有 XML 实体声明（DOCTYPE/ENTITY）"),
    ("billion-laughs-utf16", lambda: hostile.billion_laughs("docProps/core.xml", "utf-16"),
     "文件中含有 XML 实体声明（DOCTYPE/ENTITY）"),
    ("lying-smaller", hostile.lying_sizes,
     "文件中的部件“xl/worksheets/sheet1.xml”实际解压大小与其声明的大小不符"),
    ("lying-larger", lambda: hostile.lying_sizes(3),
     "文件中的部件“xl/worksheets/sheet1.xml”实际解压大小与其声明的大小不符"),
    ("too-many-parts", hostile.too_many_parts,
     "文件内部包含的部件过多（1007 个），超过单次导入上限 1000 个"),
]
MEMORY = "文件内容展开后超过解析内存上限（512 MB）"


def _refused(data: bytes) -> str:
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(data, "hostile.xlsx")
    return caught.value.message


@pytest.mark.parametrize(("name", "build", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_it_refuses_each_hostile_workbook_before_reading_a_cell(
        name: str, build: Callable[[], bytes], message: str) -> None:
    data = build()
    assert len(data) < 200_000  # small on disk: the danger is what it unpacks to
    before = sandbox.last_report()
    assert message in _refused(data)
    assert sandbox.last_report() is before  # refused by the checks: no parser was started


@pytest.mark.parametrize("name", ["far-cell", "dense-million-row-text"])
@override_settings(**OPEN_CHECKS)
def test_a_file_past_the_checks_kills_only_the_parsing_child(name: str) -> None:
    # With the grid limits opened up the far cell reaches calamine, which asks for
    # 512 GiB and aborts; a million cells sharing one 20,000-character string make it copy
    # 60 GB of text. Either way only the child dies, at its address-space limit.
    data = hostile.far_cell() if name == "far-cell" else hostile.dense_text()
    assert MEMORY in _refused(data)
    report = sandbox.last_report()
    assert report is not None and report.pid != os.getpid()
    assert report.address_limit == 512 * MB
    assert _within_limit(report.peak_rss, 512 * MB)
    assert report.refused.startswith("文件内容展开后超过解析内存上限")


def test_a_real_workbook_is_parsed_in_a_child_under_the_limits() -> None:
    sheet = read_rows((CORPUS / "agencies-libreoffice.xlsx").read_bytes(), "a.xlsx")
    assert sheet.rows[3][0] == "浙江省发展和改革委员会"
    report = sandbox.last_report()
    assert report is not None and report.pid != os.getpid() and report.status == 0
    assert report.address_limit == Limits().memory
    assert report.cpu_limit == Limits().seconds
    assert _within_limit(report.peak_rss, report.address_limit)


def test_a_child_over_its_cpu_time_is_refused_as_too_slow() -> None:
    with pytest.raises(SpreadsheetError, match="文件解析超过时间上限（1 秒），已拒绝导入"):
        sandbox.call(targets.spin, b"", Limits(seconds=1))


def test_a_child_out_of_memory_in_python_is_refused_at_the_memory_limit() -> None:
    with pytest.raises(SpreadsheetError, match="文件内容展开后超过解析内存上限（512 MB）"):
        sandbox.call(targets.hog, b"", Limits(memory=512 * MB))
    report = sandbox.last_report()
    assert report is not None and _within_limit(report.peak_rss, 512 * MB)


def test_a_child_that_crashes_is_refused_and_the_caller_goes_on() -> None:
    with pytest.raises(SpreadsheetError, match="文件解析进程异常退出"):
        sandbox.call(targets.abort, b"", Limits())
    assert sandbox.call(targets.echo, "下一个文件".encode(), Limits()) == (15, "下一个文件")


def test_a_reader_that_stops_early_ends_the_child() -> None:
    width, rows = sandbox.stream(targets.rows, b"", Limits(), width=3)
    assert width == 3
    assert [next(rows) for _ in range(5000)][-1] == [5000, "5000", "5000"]
    rows.close()  # type: ignore[attr-defined]
    report = sandbox.last_report()
    assert report is not None and os.WIFSIGNALED(report.status)
    with pytest.raises(ChildProcessError):
        os.waitpid(report.pid, os.WNOHANG)  # reaped: no zombie left behind


@pytest.mark.parametrize("name", ["far-cell", "string-bomb", "billion-laughs", "lying-smaller"])
def test_the_upload_page_refuses_a_hostile_file_with_its_reason_and_serves_the_next(
        cast: Cast, name: str) -> None:
    build, message = next((b, m) for n, b, m in REFUSED if n == name)
    client = cast.client("xihu")  # a county bureau's staff
    response = client.post("/imports/orgs.agency/",
                           {"file": SimpleUploadedFile("单位名录.xlsx", build())})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()
    good = (CORPUS / "agencies-libreoffice.xlsx").read_bytes()
    response = client.post("/imports/orgs.agency/",
                           {"file": SimpleUploadedFile("单位名录.xlsx", good)})
    assert response.status_code == 302
    assert ImportJob.objects.get().total_rows == 20


@override_settings(**OPEN_CHECKS)
def test_the_lowest_business_role_cannot_take_the_server_down_with_the_far_cell(
        cast: Cast) -> None:
    client = cast.client("ningbo_reporter")  # 单位填报员: may import people
    response = client.post("/imports/orgs.person/",
                           {"file": SimpleUploadedFile("人员.xlsx", hostile.far_cell())})
    assert response.status_code == 422
    assert MEMORY in response.content.decode()
    assert client.get("/imports/orgs.person/").status_code == 200


def test_every_sheet_head_comes_from_the_child_then_the_chosen_sheet_streams() -> None:
    data = (Path(__file__).parent / "fixtures"
            / "agencies-instructions-renamed-libreoffice.xlsx").read_bytes()
    source = open_sheets(data, "单位名录.xlsx")
    assert [h.name for h in source.heads] == ["填表说明", "单位名录"]
    first = sandbox.last_report()
    rows, height = source.rows("单位名录")
    assert sandbox.last_report() is first  # the same child: the sheets were parsed once
    read = list(rows)
    assert len(read) == height
    assert read[2][0] == "序号"
    report = sandbox.last_report()
    assert report is not first and report is not None and report.status == 0


def test_a_source_dropped_before_its_rows_ends_the_child() -> None:
    source = open_sheets((CORPUS / "agencies-libreoffice.xlsx").read_bytes(), "a.xlsx")
    assert source.names == ["单位名录"]
    del source
    report = sandbox.last_report()
    assert report is not None and os.WIFSIGNALED(report.status)


def test_the_child_gets_no_secret_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "s" * 60)
    monkeypatch.setenv("DATABASE_URL", "postgres://jiguan:secret@db/jiguan")
    seen = sandbox.call(targets.environment, b"", Limits())
    assert "SECRET_KEY" not in seen and "DATABASE_URL" not in seen
    assert seen["RUST_BACKTRACE"] == "0"


def test_an_ods_repeating_a_filled_cell_over_the_grid_is_refused_by_its_child() -> None:
    # No range or cell reference to check before: the repeats are the parser's to expand.
    # calamine refuses a grid this size itself; whatever it did, it would do it in the child.
    assert len(hostile.ods_repeated(rows=3, cols=2)) < 2000
    assert read_rows(hostile.ods_repeated(rows=3, cols=2), "a.ods").rows[1] == [1.0, 1.0]
    message = _refused(hostile.ods_repeated())
    assert message == "无法读取该文件：它不是有效的 Excel（.xlsx/.xls/.ods）或 CSV 文件"
    report = sandbox.last_report()
    assert report is not None and report.pid != os.getpid() and report.refused == message


def test_a_csv_is_read_in_the_server_and_a_field_over_128_kb_refused() -> None:
    before = sandbox.last_report()
    sheet = read_rows((CORPUS / "agencies-utf8-bom.csv").read_bytes(), "a.csv")
    assert sheet.rows[1][0] and sandbox.last_report() is before  # no child for a CSV
    long_field = ("单位名称,统一社会信用代码\n" + "长" * 200_000 + ",x\n").encode()
    with pytest.raises(SpreadsheetError, match="无法读取该文件"):
        read_rows(long_field, "a.csv")
