"""The room importer (房间台账, with the agency using each room and its people): see
jiguan.space.register.excel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can_at, sees_whole_region
from jiguan.core.excel import Record, cell_str
from jiguan.core.excel.reader import RecordChunk
from jiguan.core.imports.pipeline import CheckSink, Progress, RowError, RowStore, register
from jiguan.orgs.models import Agency, Person, PersonStatus
from jiguan.orgs.rules import normalize_credit_code
from jiguan.space.register import actions
from jiguan.space.register.excel.bulk import bulk_create_rooms
from jiguan.space.register.excel.common import (
    BAD,
    CACHE_SIZE,
    CACHEABLE,
    NAME_WITH_NO,
    NOBODY,
    PERSON_FIELDS,
    ROOM_COLUMNS,
    UNSET,
    SpaceImporter,
    chunks,
    m2,
    match_seated,
    parse_floor,
    split_people,
    subtype_problem,
)
from jiguan.space.register.excel.room_check import check_room_chunk
from jiguan.space.register.excel.room_store import (
    ROOM_FIELDS,
    ExistingRoom,
    RoomRow,
    RoomRows,
    is_blank_cell,
)
from jiguan.space.register.models import Building, Occupancy, Occupant, Room, UseClass
from jiguan.space.register.signals import send_changed

#: Jobs larger than this, made only of new rooms without agency or people, take the bulk path.
BULK_MIN_ROWS = 5000


@register
class RoomImporter(SpaceImporter):
    """Rooms by (房产编号, 房间号), optionally with the agency using each and its people.

    Audit: the row-by-row path writes the actions' events (room created/updated, agency
    allocated, person seated). The bulk path (a large job of new rooms only, without agency
    or people, more than BULK_MIN_ROWS rows) writes them in batches (bulk_create_rooms);
    their audit record is the one ``core.import.confirmed`` event of the job (kind, file
    name, counts), written in the same transaction, plus each room's ``created_by`` and
    ``created_at``. A row that leaves an existing room exactly as it is writes nothing.

    Streaming: ``prepare`` gets the file a chunk at a time and loads only the buildings (with
    their rooms, allocations and people) and agencies it has not loaded yet.
    """

    kind = "space.room"
    label = "房间台账"
    columns = ROOM_COLUMNS
    template_example = {c.field: c.example for c in ROOM_COLUMNS}
    perms = (Perm.IMPORT_DATA, Perm.CHANGE_SPACE)
    key_label = "房间号"
    streaming = True
    depends_on = ("access.Region", "access.Grant", "orgs.Agency", "orgs.Person",
                  "space.Building", "space.Floor", "space.Room", "space.Occupancy",
                  "space.Occupant")
    instructions = (
        "按“房产编号 + 房间号”识别房间：已登记的房间更新，未登记的新增；内容相同的行不做修改。",
        "房产须已登记且在您的权限范围内；楼层须在该房产的地上/地下层数之内。",
        "填写使用单位信用代码时，登记该单位为房间的当前使用单位（原使用单位在起始日期前一天结束）。",
        "使用人须为该使用单位的在职人员，多人用“、”分隔；未列出的现有使用人不会被腾退。",
    )
    field_map = {"floor": "floor", "number": "number", "usable_area": "usable_area",
                 "building_area": "building_area", "use_class": "use_class",
                 "subtype": "subtype", "start_date": "start_date", "agency": "agency_credit_code",
                 "person": "occupants", "concurrent_post": "occupants",
                 "building": "building_code"}

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        self.today = dt.date.today()
        self.buildings: dict[str, Building] = {}
        self.rooms: dict[tuple[int, str], ExistingRoom] = {}
        self.totals: dict[int, Decimal] = {}
        self.current: dict[int, tuple[int, dt.date]] = {}
        self.agencies: dict[str, Agency] = {}
        self.by_name: dict[tuple[int, str], list[Person]] = {}
        self.by_staff_no: dict[tuple[int, str], Person] = {}
        # Who sits in each existing room now: listing them again is no change, even for
        # someone seated for a concurrent post (not a person of the room's agency).
        self.seated: dict[int, list[Person]] = {}
        # Usable area of each room as the rows so far would leave it (the actions' check),
        # per building id then room number; kept by the row store (RoomRows.add).
        self.seen_area: dict[int, dict[str, Decimal]] = {}
        self._codes: set[str] = set()
        self._agency_codes: set[str] = set()
        self._seat_agencies: set[int] = set()
        self._building_ids: list[int] = []
        self._with_use = False  # allocations of the loaded buildings are loaded
        self._with_seats = False  # and who sits in their rooms
        self._floors: dict[object, object] = {}
        # Verdicts per distinct cell value of the column-at-a-time check (room_check.py).
        self._classes: dict[object, Any] = {}
        self._usables: dict[object, Any] = {}
        self._areas: dict[object, Any] = {}
        self._subtypes: dict[tuple[str, object], Any] = {}
        self._regions: dict[int, Region] = {}

    def prepare(self, records: Sequence[Record]) -> None:
        self._load([r.values.get("building_code") for r in records],
                   [r.values.get("agency_credit_code") for r in records],
                   [r.values.get("occupants") for r in records])

    def prepare_chunk(self, chunk: RecordChunk) -> None:
        self._load(*chunk.columns(("building_code", "agency_credit_code", "occupants")))

    def check_chunk(self, chunk: RecordChunk, sink: CheckSink) -> None:
        check_room_chunk(self, chunk, sink)

    def _load(self, building_cells: Sequence[object], agency_cells: Sequence[object],
              people_cells: Sequence[object]) -> None:
        """The lookups of a chunk, from its building, agency and people cells."""
        codes = {cell_str(raw) for raw in set(building_cells)}
        agency_codes: set[str] = set()
        seat_codes: set[str] = set()
        plain = (agency_cells.count(None) + agency_cells.count("") == len(agency_cells))
        for agency_code, people in () if plain else zip(agency_cells, people_cells,
                                                          strict=True):
            if not is_blank_cell(agency_code):
                code = normalize_credit_code(cell_str(agency_code))
                agency_codes.add(code)
                if cell_str(people):
                    seat_codes.add(code)
        new_ids: list[int] = []
        if codes - self._codes and not self._regions:
            self._regions = {r.pk: r for r in Region.objects.all()}
        for chunk in chunks(codes - self._codes):
            for b in Building.objects.filter(code__in=chunk):
                # One Region object per region (select_related would make one per building).
                region = self._regions.get(b.region_id)
                if region is None:
                    continue
                b.region = region
                if sees_whole_region(self.user, Perm.CHANGE_SPACE, region):
                    self.buildings[b.code] = b
                    new_ids.append(b.pk)
        self._codes |= codes
        for chunk in chunks(new_ids):
            rooms = Room.objects.filter(building_id__in=chunk).values_list(*ROOM_FIELDS)
            for pk, building_id, number, floor, area, use_class, subtype, room_area in (
                    rooms.iterator(2000)):
                self.rooms[(building_id, number)] = ExistingRoom(
                    pk, floor, area, use_class, subtype, room_area)
                self.totals[building_id] = self.totals.get(building_id, Decimal(0)) + area
        self._building_ids.extend(new_ids)
        # Allocations and seats: once the file names an agency (or people), for every
        # building loaded so far, then for each building as it is loaded.
        agency_codes -= {""}
        if agency_codes and not self._with_use:
            self._with_use = True
            new_ids = self._building_ids
        if self._with_use:
            for chunk in chunks(new_ids):
                self.current.update({
                    room_id: (agency_id, start) for room_id, agency_id, start in
                    Occupancy.objects.filter(room__building_id__in=chunk, end_date__isnull=True)
                    .values_list("room_id", "agency_id", "start_date").iterator(2000)})
        visible = Agency.objects.visible_to(self.user, Perm.CHANGE_SPACE)
        for chunk in chunks(agency_codes - self._agency_codes):
            qs = visible.filter(credit_code__in=chunk).select_related("region")
            self.agencies.update({a.credit_code: a for a in qs})
        self._agency_codes |= agency_codes
        seat_ids = {self.agencies[c].pk for c in seat_codes if c in self.agencies}
        for chunk in chunks(seat_ids - self._seat_agencies):
            people = Person.objects.filter(agency_id__in=chunk).only(*PERSON_FIELDS)
            for person in people.order_by("pk").iterator(2000):
                self.by_name.setdefault((person.agency_id, person.name), []).append(person)
                if person.staff_no:
                    self.by_staff_no[(person.agency_id, person.staff_no)] = person
        self._seat_agencies |= seat_ids
        if seat_ids and not self._with_seats:
            self._with_seats = True
            new_ids = self._building_ids
        if self._with_seats:
            for chunk in chunks(new_ids):
                occupants = (Occupant.objects.filter(room__building_id__in=chunk,
                                                     end_date__isnull=True)
                             .select_related("person").only("room", *(
                                 f"person__{f}" for f in PERSON_FIELDS)))
                for occupant in occupants.iterator(2000):
                    self.seated.setdefault(occupant.room_id, []).append(occupant.person)

    def clean_row(self, record: Record) -> tuple[RoomRow | None, list[RowError]]:
        errors: list[RowError] = []
        err = self.error
        values = record.values
        building_code = cell_str(values.get("building_code"))
        building = self.buildings.get(building_code)
        if building is None:
            if not building_code:
                errors.append(err(record, "building_code", "房产编号不能为空"))
            else:
                errors.append(err(record, "building_code",
                                  f"房产编号“{building_code}”不存在或不在您的权限范围内"))
        floor = self._floor(record, building, errors)
        number = self._text(record, "number", 20, errors, required=True)
        use_class = self._choice(record, "use_class", UseClass, errors, required=True)
        subtype = self._text(record, "subtype", 30, errors)
        if subtype and use_class and (problem := subtype_problem(use_class, subtype)):
            errors.append(err(record, "subtype", problem))
        usable = self._decimal(record, "usable_area", errors, max_digits=10, positive=True,
                               required=True)
        room_area = self._decimal(record, "building_area", errors, max_digits=10,
                                  positive=True)
        if usable is not None and room_area is not None and usable > room_area:
            errors.append(err(record, "usable_area", "房间使用面积不能大于其建筑面积"))
        if usable is not None and building is not None and usable > building.building_area:
            errors.append(err(record, "usable_area",
                              f"房间使用面积（{m2(usable)} m²）不能大于房产建筑面积"
                              f"（{m2(building.building_area)} m²）"))
        key = (building.id, number) if building is not None else None
        existing = self.rooms.get(key) if key is not None else None
        if (is_blank_cell(values.get("agency_credit_code"))
                and is_blank_cell(values.get("start_date"))
                and is_blank_cell(values.get("occupants"))):
            agency, start_date, people = None, None, NOBODY  # the common case, checked quickly
        else:
            agency, start_date, seated = self._use(record, building, existing, errors)
            people = tuple(seated)
        if errors:
            return None, errors
        assert building is not None and floor is not None and usable is not None
        assert use_class is not None and key is not None
        # The building's total usable area after this row (a room listed twice counts once).
        seen = self.seen_area.get(key[0])
        before = seen.get(number) if seen is not None else None
        if before is None:
            before = existing.usable_area if existing is not None else Decimal(0)
        building_id = key[0]
        total = self.totals.get(building_id, Decimal(0)) - before + usable
        if total > building.building_area:
            return None, [err(record, "usable_area",
                              f"该房产各房间使用面积合计（{m2(total)} m²）将超过建筑面积"
                              f"（{m2(building.building_area)} m²）")]
        self.totals[building_id] = total  # seen_area: set by RoomRows.add
        keep_subtype = bool(not subtype and existing is not None
                            and existing.use_class == use_class)
        unchanged = (existing is not None and agency is None and existing.floor == floor
                     and existing.usable_area == usable and existing.use_class == use_class
                     and (keep_subtype or existing.subtype == subtype)
                     and (room_area is None or existing.building_area == room_area))
        return RoomRow(record.row_number, key, building, floor,
                       existing.id if existing is not None else None, number, use_class,
                       None if keep_subtype else subtype, usable, room_area, agency,
                       start_date, people, unchanged), []

    def _floor(self, record: Record, building: Building | None,
               errors: list[RowError]) -> int | None:
        raw = record.values.get("floor")
        found = self._floor_value(raw)
        if found is BAD:
            errors.append(self.error(record, "floor", f"楼层“{cell_str(raw)}”无效，应为整数，"
                                                      "地下为负数（如 3、-1、B1、地下1层）"))
            return None
        floor = cast(int | None, found)
        if floor is None:
            errors.append(self.error(record, "floor", "楼层不能为空"))
        elif floor == 0:
            errors.append(self.error(record, "floor", "楼层不能为 0（地下一层为 -1）"))
        elif building is not None and not building.has_floor(floor):
            below = f"、地下 {building.floors_below} 层" if building.floors_below else ""
            errors.append(self.error(record, "floor", f"楼层 {floor} 不存在：该房产地上 "
                                                      f"{building.floors_above} 层{below}"))
        else:
            return floor
        return None

    def _floor_value(self, raw: object) -> object:
        """The floor number of a cell, ``None`` (blank) or ``BAD``; parsed once per
        distinct cell value (a file has a few dozen floors)."""
        cacheable = type(raw) in CACHEABLE
        found = self._floors.get(raw, UNSET) if cacheable else UNSET
        if found is UNSET:
            try:
                found = parse_floor(raw)
            except ValueError:
                found = BAD
            if cacheable and len(self._floors) < CACHE_SIZE:
                self._floors[raw] = found
        return found

    def _use(self, record: Record, building: Building | None, existing: ExistingRoom | None,
             errors: list[RowError]) -> tuple[Agency | None, dt.date | None, list[Person]]:
        """The agency using the room, from when, and the people seated in it."""
        err = self.error
        values = record.values
        code = normalize_credit_code(cell_str(values.get("agency_credit_code")))
        start_date = self._date(record, "start_date", errors)
        people_text = cell_str(values.get("occupants"))
        if not code:
            if start_date is not None:
                errors.append(err(record, "start_date", "填写使用起始日期时须填写使用单位信用代码"))
            if people_text:
                errors.append(err(record, "occupants", "填写使用人时须填写使用单位信用代码"))
            return None, None, []
        agency = self.agencies.get(code)
        if agency is None:
            errors.append(err(record, "agency_credit_code",
                              f"单位“{code}”未登记或不在您的权限范围内"))
            return None, None, []
        if agency.is_archived:
            errors.append(err(record, "agency_credit_code",
                              f"{agency.name}{agency.get_status_display()}，不能分配用房"))
        current = self.current.get(existing.id) if existing is not None else None
        if current is not None and current[0] != agency.pk:
            since = current[1]
            if (start_date or self.today) <= since:
                errors.append(err(record, "start_date", f"该房间现有其他使用单位（自 {since} 起），"
                                                        "使用起始日期须晚于该日期"))
        people: list[Person] = []
        if people_text and building is not None and not can_at(
                self.user, Perm.CHANGE_OCCUPANTS, region_path=building.region.path,
                agency_id=agency.pk):
            errors.append(err(record, "occupants", "您没有安排该单位人员办公室的权限"))
        elif people_text:
            same_agency = current is not None and current[0] == agency.pk
            seated = self.seated.get(existing.id, []) if existing and same_agency else []
            for entry in split_people(people_text):
                person = (match_seated(seated, entry)
                          or self._person(record, agency, entry, errors))
                if person is not None and person not in people:
                    people.append(person)
        return agency, start_date, people

    def _person(self, record: Record, agency: Agency, entry: str,
                errors: list[RowError]) -> Person | None:
        with_no = NAME_WITH_NO.match(entry)
        person: Person | None
        if with_no:
            name, staff_no = with_no.groups()
            person = self.by_staff_no.get((agency.pk, staff_no))
            if person is None or person.name != name:
                errors.append(self.error(record, "occupants",
                                         f"{agency.name}没有人员编号为“{staff_no}”的“{name}”"))
                return None
        else:
            namesakes = self.by_name.get((agency.pk, entry), [])
            serving = [p for p in namesakes if p.status == PersonStatus.SERVING]
            if len(serving) > 1:
                errors.append(self.error(record, "occupants",
                                         f"{agency.name}有{len(serving)}名名为“{entry}”的在职人员，"
                                         f"请写成“{entry}（人员编号）”以区分"))
                return None
            candidates = serving or namesakes
            person = candidates[0] if candidates else None
            if person is None:
                errors.append(self.error(record, "occupants",
                                         f"使用人“{entry}”不是{agency.name}的人员"))
                return None
        if person.status != PersonStatus.SERVING:
            errors.append(self.error(record, "occupants",
                                     f"{person.name}已{person.get_status_display()}，不能安排办公室"))
            return None
        return person

    def key(self, cleaned: RoomRow) -> Hashable:
        return cleaned.key

    def row_store(self) -> RowStore:
        return RoomRows(self)

    def checked(self) -> None:
        # Applying needs the rows only (they hold the buildings, agencies and people they
        # name): every lookup goes before the rows are written.
        self.seen_area = {}
        self.totals = {}
        self.buildings = {}
        self.rooms = {}
        self.current = {}
        self.agencies = {}
        self.by_name = {}
        self.by_staff_no = {}
        self.seated = {}
        self._codes = set()
        self._agency_codes = set()
        self._seat_agencies = set()
        self._building_ids = []
        self._floors = {}
        self._numbers = {}
        self._classes, self._usables, self._areas, self._subtypes = {}, {}, {}, {}

    def apply(self, rows: Any, actor: Any, progress: Progress) -> dict[str, int]:
        """``rows``: the :class:`RoomRows` of the check (or any iterable of RoomRow)."""
        if not isinstance(rows, RoomRows):
            store = RoomRows(self)
            for row in rows:
                store.append(row)
            rows = store
        unchanged = rows.unchanged_count()
        summary = {"created": 0, "updated": 0, "unchanged": unchanged}
        if len(rows) - unchanged > BULK_MIN_ROWS and rows.only_new_rooms():
            building_ids = rows.building_ids()
            summary["created"] = bulk_create_rooms(
                rows, building_ids, actor, lambda done: progress(unchanged + done))
            # The bulk path bypasses the actions, so it queues the compliance refresh of
            # every county it touched itself (once each, after the commit).
            # The regions from the rows' buildings (one object per building, compared by
            # identity: hashing a million model instances costs a second), not a query per
            # 500 buildings.
            unique = dict(zip(map(id, rows.building), rows.building, strict=True))
            region_ids = {b.region_id for b in unique.values()}
            paths: set[str] = set()
            for chunk in chunks(region_ids):
                paths.update(Region.objects.filter(pk__in=chunk).values_list("path", flat=True))
            for path in sorted(paths):
                send_changed(path, actor)
            return summary
        todo = (row for row in rows if not row.unchanged)
        for done, row in enumerate(todo, start=unchanged + 1):
            try:
                summary[self._apply_row(row, actor)] += 1
            except ValidationError as exc:
                raise self.rejected(row.row, exc, self.field_map) from exc
            progress(done)
        return summary

    def _apply_row(self, row: RoomRow, actor: Any) -> str:
        building = row.building
        if row.room_id is None:
            room = actions.room_create(building=building, floor_number=row.floor,
                                       data=row.data, actor=actor)
            outcome = "created"
        else:
            room = Room.objects.select_related("building__region", "floor").get(
                pk=row.room_id)
            changed = actions.room_update(room=room, data=row.data,
                                          floor_number=row.floor, actor=actor)
            outcome = "updated" if changed else "unchanged"
        agency = row.agency
        if agency is None:
            return outcome
        seat_from = self.today
        current = Occupancy.objects.filter(room=room, end_date__isnull=True).first()
        if current is None or current.agency_id != agency.pk:
            seat_from = row.start_date or self.today
            actions.occupancy_start(room=room, agency=agency, start_date=seat_from, actor=actor)
            outcome = "updated" if outcome == "unchanged" else outcome
        seated = set(Occupant.objects.filter(room=room, end_date__isnull=True)
                     .values_list("person_id", flat=True))
        for person in row.people:
            if person.pk not in seated:
                actions.occupant_start(room=room, person=person, start_date=seat_from,
                                       actor=actor)
                outcome = "updated" if outcome == "unchanged" else outcome
        return outcome
