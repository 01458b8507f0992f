"""Importing the register: buildings (房产登记) and rooms (房间台账) from real workbooks.

Every bad row is named by sheet row and column label, nothing is half-written, a re-import
changes nothing, an export imports back unchanged, and the scope holds (also from the CLI).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError

from jiguan.access.models import Region
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.core.excel import write_export
from jiguan.core.imports.pipeline import apply_job, create_job, validate_job
from jiguan.core.models import ImportJob, ImportStatus
from jiguan.orgs.models import ConcurrentPost, Person
from jiguan.space.register.excel.common import parse_floor, split_people
from jiguan.space.register.excel.exports import (
    BUILDING_EXPORT_COLUMNS,
    ROOM_EXPORT_COLUMNS,
    building_export_rows,
    room_export_rows,
)
from jiguan.space.register.models import Building, Floor, Occupancy, Occupant, Room

BUILDING_HEADERS = ["房产编号", "名称", "地址", "行政区划代码", "不动产权证号", "土地证号",
                    "发证日期", "权利人", "登记状态", "备案原因", "土地面积（㎡）",
                    "建筑面积（㎡）", "证载建筑面积（㎡）", "地上层数", "地下层数", "建成年份",
                    "结构", "建筑类型", "账面价值（元）", "资产卡片号", "用途"]
ROOM_HEADERS = ["房产编号", "楼层", "房间号", "用途分类", "具体用途", "使用面积（㎡）",
                "建筑面积（㎡）", "使用单位信用代码", "使用人"]


def workbook(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """An .xlsx as a user makes it: numbers typed as numbers, dates as dates."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "default_date_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet("数据")
    sheet.write_row(0, 0, headers)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()))
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            elif value is not None:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def building_row(**values: object) -> list[object]:
    base: dict[str, object] = {
        "房产编号": "XH-1001", "名称": "西湖区行政中心", "地址": "文三路 1 号",
        "行政区划代码": "330106", "不动产权证号": "浙(2020)杭州市不动产权第0000001号",
        "发证日期": dt.date(2020, 5, 1), "权利人": "杭州市西湖区机关事务管理局",
        "登记状态": "已登记", "土地面积（㎡）": 2000, "建筑面积（㎡）": 5000,
        "地上层数": 5, "地下层数": 1, "建成年份": 2018, "结构": "钢筋混凝土",
        "建筑类型": "多层", "用途": "办公"}
    base.update(values)
    return [base.get(h) for h in BUILDING_HEADERS]


def run(user: Any, kind: str, data: bytes, filename: str = "data.xlsx") -> ImportJob:
    job = create_job(kind=kind, filename=filename, data=data, user=user)
    job = validate_job(job.pk)
    if job.status == ImportStatus.VALID:
        job = apply_job(job.pk, user.pk)
    return job


def errors(job: ImportJob) -> list[tuple[int, str, str]]:
    return [(e["row"], e["column"], e["message"]) for e in job.errors]


def cells(job: ImportJob) -> set[tuple[int, str]]:
    return {(row, column) for row, column, _ in errors(job)}


def make_building(code: str = "XH-0100", region: str = "330106", area: str = "1000",
                  above: int = 5, below: int = 1, **fields: Any) -> Building:
    return Building.objects.create(code=code, name=f"房产{code}", building_area=Decimal(area),
                                   region=Region.objects.get(code=region), floors_above=above,
                                   floors_below=below, **fields)


def make_room(building: Building, number: str, floor: int = 3, area: str = "18",
              agency: Any = None) -> Room:
    f, _ = Floor.objects.get_or_create(building=building, number=floor)
    room = Room.objects.create(building=building, floor=f, number=number, use_class="office",
                               usable_area=Decimal(area))
    if agency is not None:
        Occupancy.objects.create(room=room, agency=agency, start_date=dt.date(2024, 1, 1))
    return room


# --- buildings --------------------------------------------------------------------------------


def test_buildings_are_created_then_left_alone_on_reimport(cast: Cast) -> None:
    data = workbook(BUILDING_HEADERS, [
        building_row(),
        building_row(**{"房产编号": "XH-1002", "名称": "西湖区档案馆", "登记状态": "权属备案",
                        "备案原因": "历史划拨，未办证", "建筑类型": "高层", "地上层数": 12,
                        "发证日期": None, "用途": "技术业务"}),
    ])
    job = run(cast.xihu, "space.building", data)
    assert job.status == ImportStatus.DONE, errors(job) or job.message
    assert job.summary == {"created": 2, "updated": 0, "unchanged": 0}
    first = Building.objects.get(code="XH-1001")
    assert first.region.code == "330106"
    assert first.building_area == Decimal("5000.00")
    assert first.cert_issued_on == dt.date(2020, 5, 1)
    assert (first.registration_status, first.structure, first.use) == (
        "registered", "frame", "office")
    filed = Building.objects.get(code="XH-1002")
    assert (filed.registration_status, filed.filing_reason) == ("filed", "历史划拨，未办证")
    assert (filed.building_type, filed.use, filed.floors_above) == ("high", "technical", 12)
    assert AuditEvent.objects.filter(event_type="space.building.created").count() == 2

    events = AuditEvent.objects.count()
    again = run(cast.xihu, "space.building", data)
    assert again.summary == {"created": 0, "updated": 0, "unchanged": 2}
    # Only the import's own event: no building was touched.
    assert AuditEvent.objects.count() == events + 1


def test_an_existing_building_is_updated_only_where_it_differs(cast: Cast) -> None:
    building = make_building("XH-1001", area="5000", owner="杭州市西湖区机关事务管理局")
    job = run(cast.xihu, "space.building", workbook(
        ["房产编号", "名称", "行政区划代码", "建筑面积（㎡）", "账面价值（元）"],
        [["XH-1001", building.name, "330106", 5000, 1234567.5]]))
    assert job.summary == {"created": 0, "updated": 1, "unchanged": 0}, errors(job)
    event = AuditEvent.objects.get(event_type="space.building.updated")
    assert event.changes == {"book_value": [None, "1234567.50"]}
    building.refresh_from_db()
    assert building.owner == "杭州市西湖区机关事务管理局"  # a column not given is kept


def test_every_bad_building_row_is_named_and_nothing_is_written(cast: Cast) -> None:
    ningbo = make_building("NB-0001", region="330203")
    future = dt.date.today() + dt.timedelta(days=30)
    data = workbook(BUILDING_HEADERS, [
        building_row(**{"房产编号": ""}),                                   # 2
        building_row(**{"房产编号": "XH-2003", "行政区划代码": "330100"}),   # 3
        building_row(**{"房产编号": "XH-2004", "发证日期": future}),         # 4
        building_row(**{"房产编号": "XH-2005", "发证日期": dt.date(1948, 12, 31)}),  # 5
        building_row(**{"房产编号": "XH-2006", "登记状态": "权属备案"}),     # 6
        building_row(**{"房产编号": "XH-2007", "建筑面积（㎡）": 0}),        # 7
        building_row(**{"房产编号": "XH-2008", "地上层数": 0}),              # 8
        building_row(**{"房产编号": "XH-2009", "登记状态": "已出租"}),       # 9
        building_row(**{"房产编号": "XH-2010"}),                             # 10
        building_row(**{"房产编号": "XH-2010"}),                             # 11
        building_row(**{"房产编号": ningbo.code}),                           # 12
        building_row(**{"房产编号": "XH-2013", "建筑面积（㎡）": None}),     # 13
        building_row(**{"房产编号": "XH-2014", "行政区划代码": "339999"}),   # 14
        building_row(**{"房产编号": "XH-2015", "建成年份": "很早"}),         # 15
    ])
    job = run(cast.xihu, "space.building", data)
    assert job.status == ImportStatus.INVALID
    found = errors(job)
    assert (2, "房产编号", "房产编号不能为空") in found
    assert (3, "行政区划代码", "区划“杭州市（330100）”不在您的权限范围内") in found
    assert (4, "发证日期", "发证日期不能晚于今天") in found
    assert (5, "发证日期", "发证日期不能早于 1949 年") in found
    assert (6, "备案原因", "登记状态为“权属备案”时须填写备案原因") in found
    assert (7, "建筑面积（㎡）", "建筑面积须大于 0") in found
    assert (8, "地上层数", "地上层数应在 1 至 200 之间") in found
    assert (9, "登记状态", "登记状态“已出租”无效，可选：已登记、未登记、权属备案") in found
    assert (10, "房产编号", "与第11行重复（房产编号相同）") in found
    assert (11, "房产编号", "与第10行重复（房产编号相同）") in found
    assert (12, "房产编号", "该房产编号已登记在您权限范围外的房产") in found
    assert (13, "建筑面积（㎡）", "建筑面积不能为空") in found
    assert (14, "行政区划代码", "行政区划代码“339999”不存在") in found
    assert (15, "建成年份", "建成年份应为整数") in found
    assert job.error_count == 14
    assert Building.objects.count() == 1
    ningbo.refresh_from_db()
    assert ningbo.name == "房产NB-0001"


def test_a_building_cannot_shrink_below_its_rooms(cast: Cast) -> None:
    building = make_building("XH-1001", area="100", above=5, below=1)
    make_room(building, "501", floor=5, area="60")
    make_room(building, "B101", floor=-1, area="30")
    job = run(cast.xihu, "space.building", workbook(
        ["房产编号", "名称", "行政区划代码", "建筑面积（㎡）", "地上层数", "地下层数"],
        [["XH-1001", building.name, "330106", 80, 4, 0]]))
    assert errors(job) == [
        (2, "建筑面积（㎡）", "建筑面积不能小于各房间使用面积之和（90.00 m²）"),
        (2, "地上层数", "已有房间位于 5 层，地上层数不能少于 5"),
        (2, "地下层数", "已有房间位于地下 1 层，地下层数不能少于 1"),
    ]


def test_exported_buildings_import_back_without_changes(cast: Cast) -> None:
    run(cast.xihu, "space.building", workbook(BUILDING_HEADERS, [
        building_row(**{"账面价值（元）": 1234567.89, "证载建筑面积（㎡）": 4999.5,
                        "资产卡片号": "ZC-001"}),
        building_row(**{"房产编号": "XH-1002", "登记状态": "权属备案", "备案原因": "划拨",
                        "发证日期": None, "地址": None}),
    ]))
    buffer = io.BytesIO()
    write_export(buffer, BUILDING_EXPORT_COLUMNS,
                 building_export_rows(Building.objects.order_by("code")), title="房产登记")
    job = run(cast.xihu, "space.building", buffer.getvalue(), filename="export.xlsx")
    assert job.status == ImportStatus.DONE, errors(job) or job.message
    assert job.summary == {"created": 0, "updated": 0, "unchanged": 2}


def test_the_building_template_imports_its_example_row(cast: Cast) -> None:
    from jiguan.core.excel import build_template
    from jiguan.core.imports.pipeline import get_importer

    importer = get_importer("space.building")
    data = build_template(importer.columns, title=importer.label,
                          example=importer.template_example)
    job = run(cast.xihu, "space.building", data, filename="template.xlsx")
    assert job.status == ImportStatus.DONE, errors(job) or job.message
    assert Building.objects.get(code="FC-330106-0001").building_type == "high"


# --- rooms ------------------------------------------------------------------------------------


def test_rooms_are_created_with_their_agency_and_people(cast: Cast) -> None:
    building = make_building("XH-0100", area="1000", above=5, below=1)
    deputy = Person.objects.create(name="王五", agency=cast.xihu_agency, rank="section_deputy")
    data = workbook(ROOM_HEADERS, [
        ["XH-0100", 3, 301.0, "办公室", None, 18, 22, cast.xihu_agency.credit_code, "张三"],
        ["XH-0100", "3层", "302", "办公室", None, 24.5, None, cast.xihu_agency.credit_code,
         "王五，张三"],
        ["XH-0100", "B1", "B101", "设备用房", "变配电室", 40, None, None, None],
        ["XH-0100", "地下1层", "B102", "附属用房", "汽车库", 200, None, None, None],
        ["XH-0100", 1, "101", "服务用房", "会议室", 60, None, cast.xihu_agency.credit_code,
         None],
    ])
    job = run(cast.xihu, "space.room", data)
    assert job.status == ImportStatus.DONE, errors(job) or job.message
    assert job.summary == {"created": 5, "updated": 0, "unchanged": 0}
    room = Room.objects.get(building=building, number="301")  # 301.0 read as "301"
    assert (room.floor.number, room.usable_area, room.building_area) == (
        3, Decimal("18.00"), Decimal("22.00"))
    assert Room.objects.get(number="B101").floor.number == -1
    assert Room.objects.get(number="B102").subtype == "汽车库"
    occupancy = Occupancy.objects.get(room__number="302")
    assert (occupancy.agency, occupancy.start_date) == (cast.xihu_agency, dt.date.today())
    seated = set(Occupant.objects.filter(room__number="302").values_list("person_id", flat=True))
    assert seated == {cast.xihu_person.pk, deputy.pk}
    assert Occupant.objects.filter(person=cast.xihu_person, end_date__isnull=True).count() == 2
    assert AuditEvent.objects.filter(event_type="space.room.created").count() == 5
    assert AuditEvent.objects.filter(event_type="space.occupancy.created").count() == 3
    assert AuditEvent.objects.filter(event_type="space.occupant.created").count() == 3

    events = AuditEvent.objects.count()
    again = run(cast.xihu, "space.room", data)
    assert again.summary == {"created": 0, "updated": 0, "unchanged": 5}, errors(again)
    assert AuditEvent.objects.count() == events + 1


def test_every_bad_room_row_is_named_and_nothing_is_written(cast: Cast) -> None:
    building = make_building("XH-0100", area="1000", above=5, below=0)
    ningbo = make_building("NB-0001", region="330203")
    make_room(building, "501", floor=5, area="10")
    Person.objects.create(name="张三", agency=cast.xihu_agency, rank="below_section")
    Person.objects.create(name="赵六", agency=cast.xihu_agency, rank="below_section",
                          status="retired", status_date=dt.date(2025, 1, 1))
    code = cast.xihu_agency.credit_code
    data = workbook(ROOM_HEADERS, [
        ["XH-9999", 3, "301", "办公室", None, 18, None, None, None],             # 2
        [ningbo.code, 3, "301", "办公室", None, 18, None, None, None],           # 3
        ["XH-0100", 9, "901", "办公室", None, 18, None, None, None],             # 4
        ["XH-0100", 3, "303", "办公室", None, 18, None, None, None],             # 5
        ["XH-0100", 3, "303", "办公室", None, 20, None, None, None],             # 6
        ["XH-0100", 3, "304", "办公室", None, 0, None, None, None],              # 7
        ["XH-0100", 3, "305", "办公室", None, 1200, None, None, None],           # 8
        ["XH-0100", 3, "306", "办公室", None, 18, None,
         cast.ningbo_agency.credit_code, None],                                  # 9
        ["XH-0100", 3, "307", "办公室", None, 18, None, code, "不存在的人"],     # 10
        ["XH-0100", 3, "308", "办公室", None, 18, None, code, "赵六"],           # 11
        ["XH-0100", 3, "309", "办公室", None, 18, None, code, "张三"],           # 12
        ["XH-0100", "屋顶", "310", "办公室", None, 18, None, None, None],        # 13
        ["XH-0100", -1, "B01", "办公室", None, 18, None, None, None],            # 14
        ["XH-0100", 3, "311", "服务用房", "健身房", 18, None, None, None],       # 15
        ["XH-0100", 3, "312", "办公室", None, 18, 15, None, None],               # 16
        ["XH-0100", 3, "313", "办公室", None, 18, None, None, "张三"],           # 17
    ])
    job = run(cast.xihu, "space.room", data)
    assert job.status == ImportStatus.INVALID
    found = errors(job)
    assert (2, "房产编号", "房产编号“XH-9999”不存在或不在您的权限范围内") in found
    assert (3, "房产编号", "房产编号“NB-0001”不存在或不在您的权限范围内") in found
    assert (4, "楼层", "楼层 9 不存在：该房产地上 5 层") in found
    assert (5, "房间号", "与第6行重复（房间号相同）") in found
    assert (6, "房间号", "与第5行重复（房间号相同）") in found
    assert (7, "使用面积（㎡）", "使用面积须大于 0") in found
    assert (8, "使用面积（㎡）",
            "房间使用面积（1200.00 m²）不能大于房产建筑面积（1000.00 m²）") in found
    assert (9, "使用单位信用代码",
            f"单位“{cast.ningbo_agency.credit_code}”未登记或不在您的权限范围内") in found
    assert (10, "使用人", "使用人“不存在的人”不是杭州市西湖区测试局的人员") in found
    assert (11, "使用人", "赵六已退休，不能安排办公室") in found
    assert (12, "使用人", "杭州市西湖区测试局有2名名为“张三”的在职人员，"
                          "请写成“张三（人员编号）”以区分") in found
    assert (13, "楼层", "楼层“屋顶”无效，应为整数，地下为负数（如 3、-1、B1、地下1层）") in found
    assert (14, "楼层", "楼层 -1 不存在：该房产地上 5 层") in found
    assert (15, "具体用途", "“健身房”不是服务用房的具体用途，可选：会议室、接待室、档案室、"
                            "图书资料室、机关信息网络用房、机要保密室、文印室、收发室、医务室、"
                            "值班室、储藏室、物业及工勤人员用房、开水间、卫生间") in found
    assert (16, "使用面积（㎡）", "房间使用面积不能大于其建筑面积") in found
    assert (17, "使用人", "填写使用人时须填写使用单位信用代码") in found
    assert job.error_count == 16  # one per row, rows 2 to 17
    assert Room.objects.count() == 1
    assert not Occupancy.objects.exists()


def test_namesakes_are_told_apart_by_staff_number(cast: Cast) -> None:
    make_building("XH-0100")
    cast.xihu_person.staff_no = "007"
    cast.xihu_person.save()
    other = Person.objects.create(name="张三", agency=cast.xihu_agency, rank="below_section",
                                  staff_no="008")
    job = run(cast.xihu, "space.room", workbook(ROOM_HEADERS, [
        ["XH-0100", 3, "301", "办公室", None, 18, None, cast.xihu_agency.credit_code,
         "张三（008）"]]))
    assert job.status == ImportStatus.DONE, errors(job)
    assert Occupant.objects.get().person == other


def test_the_building_total_counts_the_rows_of_the_file(cast: Cast) -> None:
    building = make_building("XH-0100", area="100")
    make_room(building, "501", floor=5, area="50")
    job = run(cast.xihu, "space.room", workbook(ROOM_HEADERS, [
        ["XH-0100", 5, "501", "办公室", None, 30, None, None, None],   # 50 -> 30: total 30
        ["XH-0100", 3, "301", "办公室", None, 60, None, None, None],   # total 90
        ["XH-0100", 3, "302", "办公室", None, 20, None, None, None],   # total 110: refused
    ]))
    assert errors(job) == [(4, "使用面积（㎡）",
                            "该房产各房间使用面积合计（110.00 m²）将超过建筑面积（100.00 m²）")]


def test_a_room_moves_to_another_agency_from_the_given_date(cast: Cast) -> None:
    building = make_building("XH-0100")
    room = make_room(building, "301", agency=cast.xihu_agency)
    Occupant.objects.create(room=room, person=cast.xihu_person, start_date=dt.date(2024, 1, 1))
    headers = [*ROOM_HEADERS, "使用起始日期"]
    code = cast.hangzhou_agency.credit_code
    early = run(cast.hangzhou, "space.room", workbook(headers, [
        ["XH-0100", 3, "301", "办公室", None, 18, None, code, None, dt.date(2023, 6, 1)]]))
    assert errors(early) == [(2, "使用起始日期", "该房间现有其他使用单位（自 2024-01-01 起），"
                                                 "使用起始日期须晚于该日期")]
    job = run(cast.hangzhou, "space.room", workbook(headers, [
        ["XH-0100", 3, "301", "办公室", None, 18, None, code, None, dt.date(2025, 3, 1)]]))
    assert job.summary == {"created": 0, "updated": 1, "unchanged": 0}, errors(job)
    old = Occupancy.objects.get(agency=cast.xihu_agency)
    assert old.end_date == dt.date(2025, 2, 28)
    assert Occupancy.objects.get(end_date__isnull=True).agency == cast.hangzhou_agency
    # The old agency's people leave with it.
    assert Occupant.objects.get().end_date == dt.date(2025, 2, 28)


def test_exported_rooms_import_back_without_changes(cast: Cast) -> None:
    building = make_building("XH-0100", area="2000")
    cast.xihu_person.staff_no = "001"
    cast.xihu_person.save()
    Person.objects.create(name="王五", agency=cast.xihu_agency, rank="section_deputy")
    run(cast.xihu, "space.room", workbook(ROOM_HEADERS, [
        ["XH-0100", 3, "301", "办公室", None, 18.25, 20, cast.xihu_agency.credit_code,
         "张三、王五"],
        ["XH-0100", -1, "B101", "设备用房", "水泵房", 40, None, None, None],
        ["XH-0100", 1, "101", "服务用房", "会议室", 60, None, cast.xihu_agency.credit_code,
         None],
    ]))
    assert Room.objects.filter(building=building).count() == 3
    # Someone of another agency, seated for a concurrent post, is listed and read back too.
    guest = Person.objects.create(name="赵六", agency=cast.hangzhou_agency, rank="below_section")
    post = ConcurrentPost.objects.create(person=guest, agency=cast.xihu_agency, post="兼任顾问",
                                         approved=True, start_date=dt.date(2024, 1, 1))
    Occupant.objects.create(room=Room.objects.get(number="101"), person=guest,
                            concurrent_post=post, start_date=dt.date(2024, 2, 1))
    buffer = io.BytesIO()
    write_export(buffer, ROOM_EXPORT_COLUMNS, room_export_rows(Room.objects.order_by("pk")),
                 title="房间台账")
    events = AuditEvent.objects.count()
    job = run(cast.xihu, "space.room", buffer.getvalue(), filename="export.xlsx")
    assert job.status == ImportStatus.DONE, errors(job) or job.message
    assert job.summary == {"created": 0, "updated": 0, "unchanged": 3}
    assert AuditEvent.objects.count() == events + 1


def test_a_large_file_of_new_rooms_takes_the_bulk_path(cast: Cast,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from jiguan.space.register.excel import rooms as excel_rooms

    monkeypatch.setattr(excel_rooms, "BULK_MIN_ROWS", 3)
    building = make_building("XH-0100", area="10000", above=5, below=1)
    Floor.objects.create(building=building, number=1)
    rows = [["XH-0100", floor, f"{floor}{n:02d}", "办公室", None, 20, None, None, None]
            for floor in (1, 2, -1) for n in range(1, 5)]
    job = run(cast.xihu, "space.room", workbook(ROOM_HEADERS, rows))
    assert job.status == ImportStatus.DONE, errors(job) or job.message
    assert job.summary == {"created": 12, "updated": 0, "unchanged": 0}
    assert Room.objects.filter(building=building).count() == 12
    assert sorted(Floor.objects.filter(building=building).values_list("number", flat=True)) == [
        -1, 1, 2]
    assert Room.objects.get(number="-101").floor.number == -1
    assert Room.objects.get(number="101").usable_area == Decimal("20.00")
    assert set(Room.objects.values_list("created_by", flat=True)) == {cast.xihu.pk}
    # One event for the whole job, none per room.
    assert not AuditEvent.objects.filter(event_type="space.room.created").exists()
    event = AuditEvent.objects.get(event_type="core.import.confirmed")
    assert event.extra["summary"]["created"] == 12
    again = run(cast.xihu, "space.room", workbook(ROOM_HEADERS, rows))
    assert again.summary == {"created": 0, "updated": 0, "unchanged": 12}


def test_the_command_line_imports_rooms_in_the_accounts_scope(cast: Cast, tmp_path: Path) -> None:
    make_building("XH-0100")
    make_building("NB-0001", region="330203")
    good = tmp_path / "rooms.xlsx"
    good.write_bytes(workbook(ROOM_HEADERS, [
        ["XH-0100", 3, "301", "办公室", None, 18, None, None, None]]))
    out = io.StringIO()
    call_command("import_data", "space.room", str(good), "--as", "xihu", stdout=out,
                 stderr=io.StringIO())
    assert "新增 1 条" in out.getvalue()
    assert Room.objects.filter(number="301").exists()

    foreign = tmp_path / "ningbo.xlsx"
    foreign.write_bytes(workbook(ROOM_HEADERS, [
        ["NB-0001", 3, "301", "办公室", None, 18, None, None, None]]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="校验未通过"):
        call_command("import_data", "space.room", str(foreign), "--as", "xihu",
                     stdout=io.StringIO(), stderr=err)
    assert "第2行 〔房产编号〕 房产编号“NB-0001”不存在或不在您的权限范围内" in err.getvalue()
    with pytest.raises(CommandError, match="没有导入房间台账的权限"):
        call_command("import_data", "space.room", str(good), "--as", "ningbo_reporter",
                     stdout=io.StringIO(), stderr=io.StringIO())


def test_floors_and_people_cells_are_read_tolerantly() -> None:
    assert [parse_floor(v) for v in (3, 3.0, "3", "3层", "第3层", "3F", "-1", "B1", "b2",
                                     "地下1层", "地下一层", "负一层", "十二层")] == [
        3, 3, 3, 3, 3, 3, -1, -1, -2, -1, -1, -1, 12]
    assert parse_floor("") is None
    for bad in ("屋顶", 3.5, "地下"):
        with pytest.raises(ValueError, match="楼层"):
            parse_floor(bad)
    assert split_people("张三、李四（007）, 王五，张三") == ["张三", "李四（007）", "王五"]
