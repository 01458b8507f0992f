"""A room number that starts like a formula ("-101") is exported with an apostrophe and
imports back unchanged through the room importer's column-at-a-time path."""

from __future__ import annotations

import io

from python_calamine import CalamineWorkbook

from jiguan.conftest import Cast
from jiguan.core.excel import write_export
from jiguan.core.models import ImportStatus
from jiguan.space.register.excel.exports import ROOM_EXPORT_COLUMNS, room_export_rows
from jiguan.space.register.models import Room
from jiguan.space.tests.test_import import ROOM_HEADERS, errors, make_building, run, workbook


def test_an_exported_minus_room_number_imports_back_unchanged(cast: Cast) -> None:
    make_building("XH-0100", area="2000")
    job = run(cast.xihu, "space.room", workbook(ROOM_HEADERS, [
        ["XH-0100", -1, "-101", "设备用房", "水泵房", 40, None, None, None],
        ["XH-0100", 1, "101", "服务用房", "会议室", 60, None, None, None],
    ]))
    assert job.status == ImportStatus.DONE, errors(job) or job.message
    assert set(Room.objects.values_list("number", flat=True)) == {"-101", "101"}
    buffer = io.BytesIO()
    write_export(buffer, ROOM_EXPORT_COLUMNS, room_export_rows(Room.objects.order_by("pk")),
                 title="房间台账")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue())).get_sheet_by_index(0)
    number_col = rows.to_python()[2].index("房间号")
    assert "'-101" in [row[number_col] for row in rows.to_python()[3:]]
    again = run(cast.xihu, "space.room", buffer.getvalue(), filename="export.xlsx")
    assert again.status == ImportStatus.DONE, errors(again) or again.message
    assert again.summary == {"created": 0, "updated": 0, "unchanged": 2}
    assert set(Room.objects.values_list("number", flat=True)) == {"-101", "101"}


def test_the_inventory_declaration_workbook_guards_its_texts() -> None:
    from jiguan.space.inventory.excel import DECLARATION_SHEET, declaration_workbook

    data = declaration_workbook(title="2025年度办公用房清查", rows=[{
        "building_code": "XH-0100", "building_name": "=HYPERLINK(\"x\")", "floor": -1,
        "room_number": "-101", "use_class_label": "设备用房", "usable_area": 40,
        "occupants": ["@张三"]}])
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(DECLARATION_SHEET)
    assert rows.to_python()[2][:7] == ["XH-0100", "'=HYPERLINK(\"x\")", -1, "'-101", "设备用房",
                                       40, "'@张三"]
