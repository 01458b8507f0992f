"""The readings importer's column-at-a-time check gives exactly what checking row by row gives.

jiguan.energy.readings.excel.check takes the plain rows of a chunk past ``clean_row``; every
other row goes through ``clean_row`` in its place. Both ways must agree on the errors, the
rows kept (and their order), the preview and the counts, whatever the file holds.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from jiguan.conftest import Cast
from jiguan.core.imports.pipeline import CheckResult, Importer, check_rows, open_table
from jiguan.energy.readings.excel.check import cents
from jiguan.energy.readings.excel.importer import ReadingImporter
from jiguan.energy.readings.excel.write import iter_all
from jiguan.energy.tests.test_input_import import HEADERS, workbook

pytestmark = pytest.mark.django_db


def _rows(cast: Cast) -> list[list[object]]:
    xihu, hz = cast.xihu_agency.credit_code, cast.hangzhou_agency.credit_code
    ningbo = cast.ningbo_agency.credit_code
    rows: list[list[object]] = [
        [xihu, "", "2025-01", "电", 12000, "kWh", 9600, None],
        [xihu, "", "2025-01", "自来水", 350, "吨", 1200.5, None],
        [xihu, "", "2025-02", "电", 1.2, "万kWh", 9000, None],       # a fraction of a unit
        [xihu, "", "2025-03", "电", 12, "万kWh", 0.29, None],        # factor 10,000
        [hz, "", "2025-01", "柴油", 100, "L", 700, None],            # litres: a density
        [hz, "", "2025/1", "天然气", 800, "m³", 2800, 36000],        # a calorific value
        [f" {xihu} ", "", "2025-04", "电", 100.0, "kWh", 10.1, None],  # spaces, a float
        [xihu.lower(), "", "2025-05", "电", 100, "", "", None],      # lower case, blanks
        ["", cast.xihu_agency.name, "2025-06", "电", 100, "kWh", 1, None],  # by name
        [xihu, "", "2025-07", "电", 100, "kWh", 1.005, None],        # three decimals
        [xihu, "", "2025-07", "自来水", 100, "m³", True, None],      # a boolean cost
        [xihu, "", "2025-08", "电", True, "kWh", 1, None],           # a boolean quantity
        [xihu, "", "2025-08", "自来水", "100", "m³", "12.50", None],  # numbers as text
        [xihu, "", "2025-09", "电", -5, "kWh", 0, None],             # negative
        [xihu, "", "2025-09", "自来水", 9e9, "m³", 0, None],         # over the cap
        [xihu, "", "2999-01", "电", 100, "kWh", 0, None],            # the future
        [ningbo, "", "2025-01", "电", 100, "kWh", 0, None],          # out of scope
        ["91330000MA0000000X", "", "2025-01", "电", 100, "", 0, None],  # unknown
        [xihu, "", "2025-10", "蒸汽", 1, "t", 0, None],              # unknown type
        [xihu, "", "2025-10", "电", 1, "吨", 0, None],               # unknown unit
        [xihu, "", "abc", "电", 1, "kWh", 0, None],                  # bad month
        [xihu, "", "2025-11", "电", 100, "kWh", -1, None],           # negative cost
        [xihu, "", "2025-11", "自来水", 10, "m³", 1e9, None],        # cost over the cap
        [xihu, "", "2025-11", "天然气", 10, "m³", "NaN", None],         # NaN cost
        [xihu, "", "2025-12", "自来水", 10, "m³", 0, 5],             # ncv on water
        [xihu, "", "2025-01", "电", 200, "kWh", 0, None],            # repeats row 2
        [xihu, "", "2025/1", "电力", 300, "kWh", 0, None],           # and again, written apart
        [None, None, None, None, None, None, None, None],            # blank
        ["", "", "2025-01", "电", 100, "kWh", 0, None],              # neither code nor name
    ]
    # A run of plain rows, some repeating each other.
    rows += [[hz, "", f"2024-{m:02d}", "电", 1000 + m, "kWh", 80.5 + m, None]
             for m in range(1, 13)]
    rows += [[hz, "", "2024-03", "电", 7, "kWh", 1, None]]
    rows += [[hz, "", "2024-03", "电", 8, "kWh", 1, None]]
    rows += [[hz, "", f"2023-{m:02d}", t, 10 * m, "", 3 * m, None]
             for m in range(1, 13) for t in ("电", "自来水")]
    rows += [[hz, "", "2023-05", "电", 9, "kWh", 0, None],
             [hz, "", "2023-06", "电", 9, "kWh", 0, None]]
    return rows


def _check(user: Any, data: bytes, filename: str) -> CheckResult:
    importer = ReadingImporter(user)
    return check_rows(importer, open_table(importer, data, filename), lambda done: None)


@pytest.fixture(params=[20_000, 3], ids=["one-chunk", "chunks-of-3"])
def chunk_rows(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Chunks of 3 rows: most are plain throughout and take the whole-chunk path, some
    with a row repeating an earlier chunk's or its own."""
    monkeypatch.setattr("jiguan.core.imports.pipeline.CHUNK_ROWS", request.param)
    return int(request.param)


def _same(cast: Cast, monkeypatch: pytest.MonkeyPatch, data: bytes, filename: str) -> None:
    fast = _check(cast.hangzhou, data, filename)
    monkeypatch.setattr(ReadingImporter, "check_chunk", Importer.check_chunk)
    slow = _check(cast.hangzhou, data, filename)
    assert fast.errors, "the file should have errors"
    assert fast.errors == slow.errors
    assert list(iter_all(fast.rows)) == list(iter_all(slow.rows))
    assert (fast.total, fast.valid, fast.preview) == (slow.total, slow.valid, slow.preview)
    assert fast.valid > 12


def test_a_workbook_gives_the_same_result_either_way(
        cast: Cast, monkeypatch: pytest.MonkeyPatch, chunk_rows: int) -> None:
    _same(cast, monkeypatch, workbook(_rows(cast)), "readings.xlsx")


def test_a_csv_with_short_rows_gives_the_same_result_either_way(
        cast: Cast, monkeypatch: pytest.MonkeyPatch, chunk_rows: int) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for row in _rows(cast):
        cells = ["" if v is None else v for v in row]
        while cells and cells[-1] == "":
            cells.pop()  # as a spreadsheet saves it: the trailing blanks left off
        writer.writerow(cells)
    _same(cast, monkeypatch, out.getvalue().encode("utf-8-sig"), "readings.csv")


def test_the_plain_rows_take_the_column_path(cast: Cast, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    """Not every row falls back: the plain ones never reach clean_row."""
    seen: list[int] = []
    clean_row = ReadingImporter.clean_row

    def counting(self: ReadingImporter, record: Any) -> Any:
        seen.append(record.row_number)
        return clean_row(self, record)

    monkeypatch.setattr(ReadingImporter, "clean_row", counting)
    result = _check(cast.hangzhou, workbook(_rows(cast)), "readings.xlsx")
    assert 2 not in seen and len(seen) < result.total - 30


@pytest.mark.parametrize(("raw", "fen"), [
    (None, 0), ("", 0), (0, 0), (12, 1200), (12.0, 1200), (0.29, 29), (1200.5, 120050),
    (99999999.99, 9999999999), (100000000, 10000000000),
    (1.005, None), (0.1 + 0.2, None), (-1, None), (-0.5, None), (100000000.01, None),
    (float("nan"), None), (float("inf"), None), (1e308, None), (True, None), ("12", None),
])
def test_a_cost_in_fen_is_exact_or_left_to_the_full_check(raw: object, fen: int | None
                                                          ) -> None:
    assert cents(raw) == fen


def test_plain_chunks_are_checked_whole(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    """With chunks of 3 rows the plain runs of the file are taken a chunk at a time,
    repeats included, and still agree with row by row (the test above)."""
    from jiguan.energy.readings.excel import check as excel_reading_check

    monkeypatch.setattr("jiguan.core.imports.pipeline.CHUNK_ROWS", 3)
    outcomes: list[bool] = []
    whole = excel_reading_check._whole_chunk

    def watching(*args: Any) -> bool:
        outcomes.append(whole(*args))
        return outcomes[-1]

    monkeypatch.setattr(excel_reading_check, "_whole_chunk", watching)
    result = _check(cast.hangzhou, workbook(_rows(cast)), "readings.xlsx")
    assert outcomes.count(True) >= 10 and outcomes.count(False) >= 5
    assert any("重复" in e.message for e in result.errors if e.row > 60)
