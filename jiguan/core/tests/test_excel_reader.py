"""Reading the real-world corpus and the cell helpers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from jiguan.core.excel import (
    Column,
    SpreadsheetError,
    cell_date,
    cell_decimal,
    cell_int,
    cell_str,
    iter_records,
    read_rows,
)
from jiguan.core.excel.reader import MSG_EMPTY, MSG_NO_DATA, MSG_NOT_SPREADSHEET

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
COLUMNS = [
    Column("name", "单位名称", required=True),
    Column("credit_code", "统一社会信用代码", required=True),
    Column("region_code", "行政区划代码", required=True),
    Column("level", "单位层级", required=True),
    Column("authorized_headcount", "编制数"),
    Column("actual_headcount", "实有人数"),
]


def _read(name: str) -> tuple[int, list[tuple[int, dict[str, object]]]]:
    sheet = read_rows((CORPUS / name).read_bytes(), name)
    table = iter_records(sheet, COLUMNS)
    return table.header_row_number, [(r.row_number, r.values) for r in table.records]


@pytest.mark.parametrize(
    ("name", "header_row"),
    [
        ("agencies-libreoffice.xlsx", 3),
        ("agencies-libreoffice.xls", 3),
        ("agencies-libreoffice.ods", 3),
        ("agencies-gb18030.csv", 1),
        ("agencies-utf8-bom.csv", 1),
    ],
)
def test_corpus_agencies(name: str, header_row: int) -> None:
    header_row_number, records = _read(name)
    assert header_row_number == header_row
    assert len(records) == 20
    row_number, first = records[0]
    assert row_number == header_row + 1
    assert cell_str(first["name"]) == "浙江省发展和改革委员会"
    assert cell_str(first["credit_code"]) == "11330000398259791K"
    assert cell_str(first["region_code"]) == "330000"
    assert cell_str(first["level"]) == "省级"
    assert cell_int(first["authorized_headcount"]) == 73
    assert cell_int(first["actual_headcount"]) == 54
    assert [n for n, _ in records] == list(range(header_row + 1, header_row + 21))


@pytest.mark.parametrize("ext", ["xlsx", "xls", "ods"])
def test_corpus_bad_rows_keep_sheet_row_numbers(ext: str) -> None:
    header_row_number, records = _read(f"agencies-bad-rows-libreoffice.{ext}")
    assert header_row_number == 3
    assert [n for n, _ in records] == [4, 5, 6, 7, 8, 9]
    assert cell_str(records[3][1]["name"]) == ""  # row 7 has no name


@pytest.mark.parametrize(
    ("name", "message"),
    [("empty.xlsx", MSG_EMPTY), ("not-a-spreadsheet.xlsx", MSG_NOT_SPREADSHEET)],
)
def test_corpus_unreadable_files(name: str, message: str) -> None:
    with pytest.raises(SpreadsheetError) as info:
        read_rows((CORPUS / name).read_bytes(), name)
    assert info.value.message == message
    assert str(info.value) == message


def test_too_large() -> None:
    with pytest.raises(SpreadsheetError) as info:
        read_rows(b"x" * (21 * 1024 * 1024), "big.xlsx")
    assert info.value.message == "文件过大（21 MB），单次导入上限为 20 MB，请拆分后再导入"


def test_unknown_extension_and_png_as_csv() -> None:
    with pytest.raises(SpreadsheetError, match="不是有效的"):
        read_rows(b"hello", "notes.docx")
    png = (CORPUS / "not-a-spreadsheet.xlsx").read_bytes()
    with pytest.raises(SpreadsheetError):
        read_rows(png, "image.csv")


def test_csv_gbk_and_crlf() -> None:
    data = "单位名称,统一社会信用代码,行政区划代码,单位层级\r\n浙江省财政厅,X,330000,省级\r\n"
    sheet = read_rows(data.encode("gbk"), "gbk.csv")
    table = iter_records(sheet, COLUMNS)
    assert table.records[0].values["name"] == "浙江省财政厅"
    assert table.records[0].values["level"] == "省级"


def test_csv_undecodable() -> None:
    with pytest.raises(SpreadsheetError, match="编码"):
        read_rows(b"\xff\xff\xff,\x80\x80", "bad.csv")


def test_no_data() -> None:
    with pytest.raises(SpreadsheetError) as info:
        read_rows(b",,\r\n,,\r\n", "blank.csv")
    assert info.value.message == MSG_NO_DATA


def test_missing_header_lists_required_labels() -> None:
    sheet = read_rows("单位名称,单位层级\n甲,省级\n".encode(), "x.csv")
    with pytest.raises(SpreadsheetError) as info:
        iter_records(sheet, COLUMNS)
    assert info.value.message == "未找到表头：缺少必填列 统一社会信用代码、行政区划代码"


def test_blank_rows_are_skipped_but_numbering_kept() -> None:
    text = "单位名称,统一社会信用代码,行政区划代码,单位层级\n甲,1,2,3\n,,,\n乙,1,2\n"
    table = iter_records(read_rows(text.encode(), "x.csv"), COLUMNS)
    assert [r.row_number for r in table.records] == [2, 4]
    assert table.records[1].values["level"] is None


def test_cell_str() -> None:
    assert cell_str(None) == ""
    assert cell_str("") == ""
    assert cell_str(330000.0) == "330000"
    assert cell_str(12.5) == "12.5"
    assert cell_str("\u3000 浙江 \xa0") == "浙江"
    assert cell_str(Decimal("73.00")) == "73"
    assert cell_str(dt.datetime(2024, 1, 2)) == "2024-01-02"


def test_cell_int() -> None:
    assert cell_int(54.0) == 54
    assert cell_int("54") == 54
    assert cell_int(" １,２００ ") == 1200
    assert cell_int("") is None
    assert cell_int(None) is None
    for bad in ("5.5", 5.5, "abc", True):
        with pytest.raises(ValueError, match="应为整数"):
            cell_int(bad)


def test_cell_decimal() -> None:
    assert cell_decimal(0.1) == Decimal("0.1")
    assert cell_decimal("1,234.50") == Decimal("1234.50")
    assert cell_decimal(None) is None
    with pytest.raises(ValueError, match="应为数字"):
        cell_decimal("十")
    with pytest.raises(ValueError, match="应为数字"):
        cell_decimal(float("nan"))


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2024, 1, 2, 0, 0),
        dt.date(2024, 1, 2),
        "2024-01-02",
        "2024/1/2",
        "2024.1.2",
        "2024年1月2日",
        "２０２４年１月２日",
        "20240102",
        "2024-01-02 00:00:00",
        45293.0,
        45293,
    ],
)
def test_cell_date(value: object) -> None:
    assert cell_date(value) == dt.date(2024, 1, 2)


def test_cell_date_rejects() -> None:
    assert cell_date("") is None
    for bad in ("2024-13-01", "明天", -1.0):
        with pytest.raises(ValueError, match="应为日期"):
            cell_date(bad)


@pytest.mark.parametrize("name", ["agencies-libreoffice.xlsx", "agencies-libreoffice.ods",
                                  "agencies-bad-rows-libreoffice.xlsx",
                                  "agencies-gb18030.csv"])
def test_chunks_give_the_records_of_the_stream(name: str) -> None:
    """RecordStream.chunks (a large import's way in) gives the same rows, numbers and cells
    as its records, whatever the chunk size, a column at a time or a record at a time."""
    from jiguan.core.excel.reader import stream_records

    data = (CORPUS / name).read_bytes()
    expected = [(r.row_number, r.values) for r in stream_records(data, name, COLUMNS).records]
    fields = [c.field for c in COLUMNS]
    for size in (1, 3, 1000):
        chunks = list(stream_records(data, name, COLUMNS).chunks(size))
        assert [(r.row_number, r.values) for c in chunks for r in c.records()] == expected
        by_column = [list(zip(*c.columns(fields), strict=True)) for c in chunks]
        assert [row for rows in by_column for row in rows] == [
            tuple(values.get(f) for f in fields) for _n, values in expected]
        assert [n for c in chunks for n in c.numbers] == [n for n, _v in expected]


def test_a_chunk_of_short_rows_reads_missing_cells_as_none() -> None:
    from jiguan.core.excel.reader import RecordChunk

    chunk = RecordChunk([2, 3], [["a", "b", "c"], ["d"]], {"x": 0, "y": 2, "z": 1})
    assert chunk.columns(["x", "y", "w"]) == [("a", "d"), ["c", None], [None, None]]
    assert chunk.record(1).values == {"x": "d", "y": None, "z": None}
    assert [len(c) for c in chunk.slices(1)] == [1, 1]
