"""The room importer's column-at-a-time check gives exactly what checking row by row gives.

jiguan.space.register.excel.room_check takes the plain rows of a chunk past ``clean_row``; every
other row goes through ``clean_row`` in its place. Both ways must agree on the errors, the
rows kept (and their order), the preview and the counts, whatever the file holds.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jiguan.conftest import Cast
from jiguan.core.imports.pipeline import CheckResult, Importer, check_rows, open_table
from jiguan.space.register.excel.rooms import RoomImporter
from jiguan.space.tests.test_import import ROOM_HEADERS, make_building, make_room, workbook

A, B = "XH-0100", "XH-0200"
AGENCY = "91330100MA0000000X"


def _rows() -> list[list[object]]:
    rows: list[list[object]] = [
        [B, 2, "201", "办公室", None, 20, None, None, None],
        [B, 2, 202, "办公室", None, 20.5, 25, None, None],  # a number typed as a number
        [f" {B} ", "3层", " 301 ", "办公室", None, "18", None, None, None],  # spaces
        [B, "B1", "B101", "办公室", "", 12.25, 12.25, None, None],
        [B, 2, "203", "办公室", None, True, None, None, None],  # a boolean area
        [B, 0, "204", "办公室", None, 20, None, None, None],  # floor 0
        [A, 9, "901", "办公室", None, 20, None, None, None],  # above the building
        ["XX-9999", 1, "101", "办公室", None, 20, None, None, None],
        [B, 2, "", "办公室", None, 20, None, None, None],
        [B, 2, "1" * 21, "办公室", None, 20, None, None, None],
        [B, 2, "205", "厕所", None, 20, None, None, None],
        [B, 2, "206", "服务用房", "办公桌", 20, None, None, None],
        [B, 2, "207", "服务用房", "会议室", 20, None, None, None],
        [B, 2, "208", "服务用房", " 会议室 ", 20, None, None, None],
        [A, 2, "209", "办公室", None, 600, None, None, None],  # over the building's area
        [B, 2, "210", "办公室", None, 30, 20, None, None],  # over the room's own area
        [B, 2, "211", "办公室", None, -5, None, None, None],
        [B, 2, "212", "办公室", None, 18.123, None, None, None],
        [B, 2, "213", "办公室", None, "abc", "x", None, None],
        [B, 2, "201", "办公室", None, 22, None, None, None],  # repeats row 2
        [A, 3, "301", "办公室", None, 18, None, None, None],  # the existing room, unchanged
        [A, 3, "302", "办公室", None, 19, None, None, None],  # the existing room, changed
        [B, 2, "214", "办公室", None, 20, None, AGENCY, None],  # an agency: the long way
        [B, 2, "215", "办公室", None, 20, None, None, "张三"],
        [None, None, None, None, None, None, None, None, None],  # blank
        [B, 4, "401", "设备用房", "变配电室", 20, 40, None, None],
    ]
    # Rooms of A until their total passes its area (500 m², 30 of it already used).
    rows += [[A, 1, f"1{n:02d}", "办公室", None, 95, None, None, None] for n in range(6)]
    rows += [[B, 1, "201", "办公室", None, 20, None, None, None]]  # repeats again
    return rows


def _check(user: Any, data: bytes, filename: str) -> CheckResult:
    importer = RoomImporter(user)
    return check_rows(importer, open_table(importer, data, filename), lambda done: None)


@pytest.fixture
def register(cast: Cast) -> None:
    a = make_building(A, area="500", above=5, below=1)
    make_building(B, area="10000", above=10, below=2)
    make_room(a, "301", floor=3, area="18")
    make_room(a, "302", floor=3, area="12")


def _same(cast: Cast, monkeypatch: pytest.MonkeyPatch, data: bytes, filename: str) -> None:
    fast = _check(cast.xihu, data, filename)
    monkeypatch.setattr(RoomImporter, "check_chunk", Importer.check_chunk)
    slow = _check(cast.xihu, data, filename)
    assert fast.errors, "the file should have errors"
    assert fast.errors == slow.errors
    assert list(fast.rows) == list(slow.rows)
    assert (fast.total, fast.valid, fast.preview) == (slow.total, slow.valid, slow.preview)


@pytest.mark.usefixtures("register")
def test_the_column_check_agrees_with_clean_row_on_a_workbook(
        cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    _same(cast, monkeypatch, workbook(ROOM_HEADERS, _rows()), "rooms.xlsx")


@pytest.mark.usefixtures("register")
def test_the_column_check_agrees_with_clean_row_on_a_csv_with_short_rows(
        cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [",".join(ROOM_HEADERS)]
    for row in _rows():
        cells = ["" if v is None else str(v) for v in row]
        while cells and not cells[-1]:
            cells.pop()  # a CSV row ends at its last filled cell
        lines.append(",".join(cells))
    _same(cast, monkeypatch, "\n".join(lines).encode(), "rooms.csv")


@pytest.mark.usefixtures("register")
def test_plain_rows_are_kept_with_their_values(cast: Cast) -> None:
    result = _check(cast.xihu, workbook(ROOM_HEADERS, _rows()), "rooms.xlsx")
    kept = {(r.building.code, r.number): r for r in result.rows}
    assert kept[(B, "202")].usable_area == Decimal("20.50")
    assert kept[(B, "202")].building_area == Decimal("25.00")
    assert kept[(B, "B101")].floor == -1
    assert kept[(B, "401")].subtype == "变配电室"
    assert kept[(A, "301")].unchanged
    assert (B, "201") not in kept  # repeated: every row of it is an error


def test_the_bulk_path_writes_the_amounts_of_the_file(cast: Cast,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from jiguan.space.register.excel import rooms as excel_rooms
    from jiguan.space.register.models import Room
    from jiguan.space.tests.test_import import run

    monkeypatch.setattr(excel_rooms, "BULK_MIN_ROWS", 2)
    make_building(B, area="10000", above=10, below=2)
    rows = [[B, 1, "101", "办公室", None, 12.25, 15.5, None, None],
            [B, 1, "102", "办公室", None, 100, None, None, None],
            [B, -1, "B01", "服务用房", "会议室", "0.01", "1000.99", None, None]]
    job = run(cast.xihu, "space.room", workbook(ROOM_HEADERS, rows))
    assert job.summary == {"created": 3, "updated": 0, "unchanged": 0}
    got = {r.number: (r.usable_area, r.building_area, r.subtype, r.floor.number)
           for r in Room.objects.select_related("floor")}
    assert got == {"101": (Decimal("12.25"), Decimal("15.50"), "", 1),
                   "102": (Decimal("100.00"), None, "", 1),
                   "B01": (Decimal("0.01"), Decimal("1000.99"), "会议室", -1)}
