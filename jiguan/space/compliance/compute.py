"""统一规范使用: the set-based compute of the findings (the rule each kind of finding applies:
jiguan/space/compliance/rules.py).

:func:`compute` reads the register with a handful of set-based queries (tuples, no model
instances, no query per room) and returns the findings keyed by a natural key.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from jiguan.orgs.models import Agency, Bureau, ConcurrentPost, Person, PersonStatus
from jiguan.orgs.rules import LEVEL_LABELS, RANKS
from jiguan.space.compliance.models import FindingKind
from jiguan.space.compliance.queries import as_date, load_regions, raw_rows
from jiguan.space.compliance.rules import (
    BASIC_CLASSES,
    CENT,
    RULE_ART3,
    RULE_ART5,
    RULE_ART19,
    RULE_STANDARD,
    ZERO,
    AgencyApproval,
    Limits,
    RegionRow,
    fmt_area,
    is_sub_provincial,
    m2,
    service_headcount,
)
from jiguan.space.register.models import (
    Building,
    Occupancy,
    Occupant,
    RegistrationStatus,
    Room,
    UseClass,
)
from jiguan.space.standards import data, rules


@dataclass(slots=True)
class FindingData:
    """One finding as the register shows it now (the natural key identifies it)."""

    kind: str
    key: str
    region_id: int
    agency_id: int | None
    building_id: int | None
    room_id: int | None
    person_id: int | None
    measure: Decimal
    detail: str
    subject: str = field(compare=False, default="")


def _bureau_names(regions: Mapping[int, RegionRow]) -> dict[int, str]:
    """Region id → the name of the bureau of that level (its own, else the nearest above)."""
    own = dict(Bureau.objects.values_list("region_id", "name"))
    out: dict[int, str] = {}
    for pk in regions:
        node: int | None = pk
        while node is not None:
            if node in own:
                out[pk] = own[node]
                break
            node = regions[node].parent_id if node in regions else None
    return out


def compute(*, region_path: str | None = None, on: dt.date | None = None
            ) -> dict[str, FindingData]:
    """Every finding the register shows in the subtree at ``region_path`` (None: all).

    Room and building findings belong to the building's region, person and agency findings
    to the agency's region; a person's offices are counted wherever they are.
    """
    return compute_with_tallies(region_path=region_path, on=on)[0]


#: Per-person limits in SQL are whole 1/10,000 m² (exact for any configured limit with up to
#: four decimals; the standard's figures are whole m²).
LIMIT_SCALE = 10000


_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


def _sql_text(value: str) -> str:
    """A level or rank code as an SQL literal (codes are identifiers from jiguan.orgs.rules)."""
    if not _CODE.match(value):  # pragma: no cover - the codes are constants
        raise ValueError(f"unexpected code {value!r}")
    return f"'{value}'"


def _ids(values: Iterable[int]) -> str:
    """An SQL IN list of integer ids ("NULL" for none: matches nothing on both backends)."""
    return ", ".join(str(int(v)) for v in sorted(values)) or "NULL"


def limit_case_sql(level: str, rank: str, sub_provincial: str,
                   limits: Limits | None = None) -> str:
    """An SQL expression giving a person's office limit in 1/LIMIT_SCALE m², NULL for a rank
    the standard does not know at that level. Generated from :func:`rules.office_limit` (the
    edition in force today, the configured township limits, 表注1 where ``sub_provincial``
    holds) for every (level, rank) of ``jiguan.orgs.rules.RANKS``: no figure is written here.
    ``level``, ``rank`` and ``sub_provincial`` are SQL expressions."""
    limits = limits or Limits()
    levels = []
    for lvl, ranks in RANKS.items():
        whens = []
        for r in ranks:
            plain = limits.get(lvl, r.code, False)
            raised = limits.get(lvl, r.code, True)
            if plain is None and raised is None:
                continue
            lit = [("NULL" if v is None else str(int(v * LIMIT_SCALE))) for v in (plain, raised)]
            if any(v is not None and v * LIMIT_SCALE != int(v * LIMIT_SCALE)
                   for v in (plain, raised)):  # pragma: no cover - configured to 5+ decimals
                raise ValueError(f"limit of {lvl}/{r.code} finer than 1/{LIMIT_SCALE} m²")
            then = lit[0] if lit[0] == lit[1] else (
                f"CASE WHEN {sub_provincial} THEN {lit[1]} ELSE {lit[0]} END")
            whens.append(f"WHEN {_sql_text(r.code)} THEN {then}")
        if whens:
            levels.append(f"WHEN {_sql_text(lvl)} THEN CASE {rank} {' '.join(whens)} END")
    return f"(CASE {level} {' '.join(levels)} END)" if levels else "NULL"


def _tables() -> dict[str, str]:
    q = connection.ops.quote_name
    return {"room": q(Room._meta.db_table), "building": q(Building._meta.db_table),
            "occupant": q(Occupant._meta.db_table), "occupancy": q(Occupancy._meta.db_table),
            "person": q(Person._meta.db_table), "agency": q(Agency._meta.db_table)}


def _rows(sql: str, params: Sequence[Any] = (), size: int = 20000
          ) -> Iterator[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(size):
            yield from batch


@dataclass
class _Scan:
    """What every finding kind's scan shares: the tables, the day, the subtree's SQL
    filters, the agencies and the buildings, and where a finding goes (`add`)."""

    t: dict[str, str]
    on: dt.date
    office: str
    serving: str
    area_c: str
    limit_sql: str
    class_col: str
    room_scope: str
    occupant_room_scope: str
    occupant_person_scope: str
    person_scope: str
    in_scope: set[int] | None
    prefix: str | None
    regions: Any
    agencies: dict[int, tuple[str, int, str]]
    authorized: dict[int, int]
    add: Callable[[FindingData], None]
    buildings: dict[int, tuple[int, str]] = field(default_factory=dict)


def compute_with_tallies(*, region_path: str | None, on: dt.date | None
             ) -> tuple[dict[str, FindingData], dict[int, list[int]]]:
    """:func:`compute`, and the office rooms (count, area in cents) per building region.

    The set-based work runs in the database: occupants per room with the sum of their
    limits (a CASE generated from rules.py), rooms that break a rule, vacant offices, office
    tallies per region, serving people's limits per agency. Python sees only the rows that
    become findings (and the agencies, for the approved-area formula)."""
    on = on or timezone.localdate()
    prefix = region_path
    regions = load_regions()
    limits = Limits()
    out: dict[str, FindingData] = {}
    t = _tables()
    office = UseClass.OFFICE.value
    serving = PersonStatus.SERVING.value

    def add(f: FindingData) -> None:
        out[f.key] = f

    agencies: dict[int, tuple[str, int, str]] = {}
    authorized: dict[int, int] = {}
    for pk, level, region_id, name, establishment in raw_rows(Agency.objects.order_by().values_list(
            "id", "level", "region_id", "name", "authorized_headcount")):
        agencies[pk] = (level, region_id, name)
        authorized[pk] = establishment
    sub_regions = [pk for pk in regions if is_sub_provincial(regions, pk)]
    in_scope = None if prefix is None else {pk for pk, r in regions.items()
                                            if r.path.startswith(prefix)}
    limit_sql = limit_case_sql('a."level"', 'p."rank"', f'a."region_id" IN ({_ids(sub_regions)})',
                               limits)
    # In a subtree the scope's indexes lead (a region's buildings, rooms, agencies, people);
    # `use_class || ''` keeps SQLite from preferring the use-class index there.
    class_col = 'r."use_class"' if in_scope is None else "(r.\"use_class\" || '')"
    room_in = person_in = ""
    if in_scope is not None:
        room_in = (f' IN (SELECT sr."id" FROM {t["building"]} sb JOIN {t["room"]} sr '  # noqa: S608
                   f'ON sr."building_id" = sb."id" WHERE sb."region_id" IN ({_ids(in_scope)}))')
        person_in = (f' IN (SELECT sp."id" FROM {t["agency"]} sa JOIN {t["person"]} sp '  # noqa: S608
                     f'ON sp."agency_id" = sa."id" WHERE sa."region_id" IN ({_ids(in_scope)}))')
    room_scope = f' AND r."id"{room_in}' if room_in else ""
    occupant_room_scope = f' AND o."room_id"{room_in}' if room_in else ""
    occupant_person_scope = f' AND o."person_id"{person_in}' if person_in else ""
    person_scope = f' AND p."id"{person_in}' if person_in else ""
    area_c = 'CAST(ROUND(r."usable_area" * 100) AS BIGINT)'

    scan = _Scan(t=t, on=on, office=office, serving=serving, area_c=area_c, limit_sql=limit_sql,
                 class_col=class_col, room_scope=room_scope,
                 occupant_room_scope=occupant_room_scope,
                 occupant_person_scope=occupant_person_scope, person_scope=person_scope,
                 in_scope=in_scope, prefix=prefix, regions=regions, agencies=agencies,
                 authorized=authorized, add=add)
    scan.buildings = _title_findings(scan)
    tallies = _office_tallies(scan)
    _room_findings(scan)
    _vacant_findings(scan)
    _person_findings(scan)
    _agency_over_approved(scan)
    return out, tallies


def _title_findings(s: _Scan) -> dict[int, tuple[int, str]]:
    """TITLE_NOT_BUREAU: a building whose title is not with the bureau of its level
    (art. 5). Returns the subtree's buildings (region, name) for the room scans."""
    prefix = s.prefix
    regions = s.regions
    add = s.add
    # 1. Buildings of the subtree: title not with the bureau of their level.
    buildings_qs = Building.objects.order_by()
    if prefix:
        buildings_qs = buildings_qs.filter(region__path__startswith=prefix)
    buildings: dict[int, tuple[int, str]] = {}
    bureau_names = _bureau_names(regions)
    for b_id, region_id, name, owner, reg_status, area in buildings_qs.values_list(
            "id", "region_id", "name", "owner", "registration_status", "building_area"):
        buildings[b_id] = (region_id, name)
        bureau = bureau_names.get(region_id)
        if reg_status == RegistrationStatus.FILED or bureau is None:
            continue
        if (owner or "").strip() == bureau.strip():
            continue
        if (owner or "").strip():
            detail = (f"房产“{name}”的权利人为“{owner}”，不是本级机关事务管理部门"
                      f"（{bureau}），应登记在{bureau}名下（{RULE_ART5}）。")
        else:
            detail = (f"房产“{name}”未登记权利人，应登记在本级机关事务管理部门"
                      f"（{bureau}）名下，或办理权属备案（{RULE_ART5}）。")
        add(FindingData(FindingKind.TITLE_NOT_BUREAU, f"{FindingKind.TITLE_NOT_BUREAU}:building:"
                        f"{b_id}", region_id, None, b_id, None, None,
                        Decimal(area or 0).quantize(CENT), detail, name))

    return buildings


def _office_tallies(s: _Scan) -> dict[int, list[int]]:
    """the office rooms (count, area in cents) per building region."""
    t = s.t
    office = s.office
    area_c = s.area_c
    class_col = s.class_col
    room_scope = s.room_scope
    # 2. Office tallies per building region (every office of the subtree).
    tallies: dict[int, list[int]] = {}
    for region_id, n, area_sum in _rows(
            f'SELECT b."region_id", COUNT(*), SUM({area_c}) FROM {t["room"]} r '  # noqa: S608
            f'JOIN {t["building"]} b ON b."id" = r."building_id" '
            f'WHERE {class_col} = %s{room_scope} GROUP BY b."region_id"', [office]):
        tallies[region_id] = [int(n), int(area_sum or 0)]

    return tallies


def _room_findings(s: _Scan) -> None:
    """OVER_STANDARD and USE_AGAINST_CLASS: the rooms people sit in."""
    t = s.t
    office = s.office
    area_c = s.area_c
    limit_sql = s.limit_sql
    occupant_room_scope = s.occupant_room_scope
    buildings = s.buildings
    add = s.add
    # 3. Rooms with people: over-standard offices and non-office rooms in use, found by one
    # aggregate over the current occupants (the limit sum per room from the generated CASE).
    # A room is a candidate when its area may exceed the rounded sum; rules.check_office_room
    # gives the verdict.
    class_labels = dict(UseClass.choices)
    first_agency = (f'(SELECT p2."agency_id" FROM {t["occupant"]} o2 JOIN {t["person"]} p2 '  # noqa: S608
                    f'ON p2."id" = o2."person_id" WHERE o2."room_id" = r."id" '
                    f'AND o2."end_date" IS NULL ORDER BY o2."person_id" LIMIT 1)')
    half = LIMIT_SCALE // 200  # half a hundredth of m², in limit units
    for room_id, use_class, subtype, number, b_id, area, n, _known, lim, agency_id, first in _rows(
            f'SELECT r."id", r."use_class", r."subtype", r."number", r."building_id", {area_c}, '  # noqa: S608
            f's.n, s.known, s.lim, oc."agency_id", '
            f'CASE WHEN oc."agency_id" IS NULL THEN {first_agency} END '
            f'FROM (SELECT o."room_id" AS room_id, COUNT(*) AS n, COUNT(lim) AS known, '
            f'SUM(lim) AS lim FROM (SELECT o."room_id", {limit_sql} AS lim '
            f'FROM {t["occupant"]} o JOIN {t["person"]} p ON p."id" = o."person_id" '
            f'JOIN {t["agency"]} a ON a."id" = p."agency_id" WHERE o."end_date" IS NULL'
            f'{occupant_room_scope}) o '
            f'GROUP BY o."room_id") s '
            f'JOIN {t["room"]} r ON r."id" = s.room_id '
            f'LEFT JOIN {t["occupancy"]} oc ON oc."room_id" = r."id" AND oc."end_date" IS NULL '
            f'WHERE (r."use_class" <> %s OR (s.known > 0 AND {area_c} * {LIMIT_SCALE // 100} '
            f'> s.lim - {half})) ORDER BY r."id"', [office]):
        region_id, b_name = buildings[b_id]
        agency = agency_id or first
        if use_class != office:
            what = class_labels.get(use_class, use_class)
            what += f"（{subtype}）" if subtype else ""
            add(FindingData(
                FindingKind.USE_AGAINST_CLASS,
                f"{FindingKind.USE_AGAINST_CLASS}:room:{room_id}", region_id, agency, b_id,
                room_id, None, Decimal(n),
                f"{b_name} {number} 为{what}，有 {n} 人在此办公，"
                f"改变了使用功能（{RULE_ART19}）。", f"{b_name} {number}"))
            continue
        area_m2 = m2(int(area))
        check = rules.check_office_room(usable_area=area_m2,
                                        occupant_limits=[Decimal(int(lim)) / LIMIT_SCALE])
        if check.status != rules.RoomStatus.OVER:
            continue
        add(FindingData(
            FindingKind.OVER_STANDARD, f"{FindingKind.OVER_STANDARD}:room:{room_id}", region_id,
            agency, b_id, room_id, None, check.excess,
            f"办公室 {b_name} {number} 使用面积 {fmt_area(area_m2)} m²，{n} 人使用，"
            f"人均面积标准合计 {fmt_area(check.limit_total)} m²，超出 {fmt_area(check.excess)} m²"
            f"（{RULE_STANDARD}）。", f"{b_name} {number}"))


def _vacant_findings(s: _Scan) -> None:
    """VACANT: offices nobody sits in."""
    t = s.t
    office = s.office
    area_c = s.area_c
    class_col = s.class_col
    room_scope = s.room_scope
    occupant_room_scope = s.occupant_room_scope
    agencies = s.agencies
    buildings = s.buildings
    add = s.add
    # 4. Vacant offices: nobody seated (an anti-join with the current occupants' rooms).
    # SQLite: NOT IN over the seated rooms (one pass, no probe per room); PostgreSQL: NOT
    # EXISTS, which it plans as an anti-join (a NOT IN too big for work_mem is not hashed).
    vacant = (f'r."id" NOT IN (SELECT o."room_id" FROM {t["occupant"]} o '  # noqa: S608
              f'WHERE o."end_date" IS NULL{occupant_room_scope})')
    if connection.vendor != "sqlite":
        vacant = (f'NOT EXISTS (SELECT 1 FROM {t["occupant"]} o '  # noqa: S608
                  f'WHERE o."room_id" = r."id" AND o."end_date" IS NULL)')
    for room_id, number, b_id, area, agency_id in _rows(
            f'SELECT r."id", r."number", r."building_id", {area_c}, oc."agency_id" '  # noqa: S608
            f'FROM {t["room"]} r LEFT JOIN {t["occupancy"]} oc ON oc."room_id" = r."id" '
            f'AND oc."end_date" IS NULL WHERE {class_col} = %s{room_scope} '
            f'AND {vacant} ORDER BY r."id"', [office]):
        region_id, b_name = buildings[b_id]
        area_m2 = m2(int(area))
        where = (f"已分配给{agencies[agency_id][2]}" if agency_id and agency_id in agencies
                 else "未分配使用单位")
        add(FindingData(FindingKind.VACANT, f"{FindingKind.VACANT}:room:{room_id}",
                        region_id, agency_id, b_id, room_id, None, area_m2,
                        f"办公室 {b_name} {number}（使用面积 {fmt_area(area_m2)} m²）无人使用，"
                        f"{where}（{RULE_ART3}：避免闲置浪费）。", f"{b_name} {number}"))


def _person_findings(s: _Scan) -> None:
    """LEFT_NOT_VACATED, THIRD_OFFICE, UNAPPROVED_SECOND_OFFICE and
    CONCURRENT_NOT_VACATED: the offices of one person."""
    t = s.t
    on = s.on
    serving = s.serving
    occupant_person_scope = s.occupant_person_scope
    person_scope = s.person_scope
    agencies = s.agencies
    add = s.add
    # 5. People: how many offices, left without vacating, concurrent posts ended. Only the
    # people who can have a finding: not serving, 2+ offices, or an office for a post.
    posts: dict[int, tuple[int, bool, dt.date | None]] = {}
    approved_current: set[int] = set()
    post_qs = ConcurrentPost.objects.filter(Q(approved=True) | Q(end_date__isnull=False))
    for post_id, person_id, approved, end in raw_rows(post_qs.order_by().values_list(
            "id", "person_id", "approved", "end_date")):
        approved, end = bool(approved), as_date(end)
        posts[post_id] = (person_id, approved, end)
        if approved and (end is None or rules.concurrent_office_due(end) >= on):
            approved_current.add(person_id)
    person_rows: dict[int, list[tuple[int, int, int | None]]] = defaultdict(list)
    people: dict[int, tuple[str, Any, int, str]] = {}
    for occ_id, room_id, person_id, post_id, status, status_date, agency_id, name in _rows(
            f'SELECT o."id", o."room_id", o."person_id", o."concurrent_post_id", p."status", '  # noqa: S608
            f'p."status_date", p."agency_id", p."name" FROM {t["occupant"]} o '
            f'JOIN {t["person"]} p ON p."id" = o."person_id" WHERE o."end_date" IS NULL '
            f'AND o."person_id" IN (SELECT p."id" FROM {t["person"]} p '
            f'WHERE p."status" <> %s{person_scope} '
            f'UNION SELECT o."person_id" FROM {t["occupant"]} o WHERE o."end_date" IS NULL'
            f'{occupant_person_scope} GROUP BY o."person_id" HAVING COUNT(*) > 1 '
            f'UNION SELECT o."person_id" FROM {t["occupant"]} o WHERE o."end_date" IS NULL '
            f'AND o."concurrent_post_id" IS NOT NULL{occupant_person_scope}) '
            f'ORDER BY o."person_id", o."room_id"', [serving]):
        person_rows[person_id].append((occ_id, room_id, post_id))
        people[person_id] = (status, status_date, agency_id, name)
    status_labels = dict(PersonStatus.choices)
    for person_id, rows in person_rows.items():
        status, status_date, agency_id, name = people[person_id]
        status_date = as_date(status_date)
        _level, region_id, agency_name = agencies[agency_id]
        offices = len({room for _, room, _ in rows})
        if status != serving:
            if status_date is not None and rules.office_return_due(status_date) < on:
                due = rules.office_return_due(status_date)
                add(FindingData(
                    FindingKind.LEFT_NOT_VACATED,
                    f"{FindingKind.LEFT_NOT_VACATED}:person:{person_id}", region_id, agency_id,
                    None, None, person_id, Decimal(offices),
                    f"{agency_name} {name} 已于 {status_date:%Y-%m-%d} "
                    f"{status_labels.get(status, status)}，应于 {due:%Y-%m-%d} 前腾退办公室，"
                    f"仍占用 {offices} 处（{RULE_ART19}）。", name))
            continue
        if offices > rules.MAX_OFFICE_LOCATIONS:
            add(FindingData(
                FindingKind.THIRD_OFFICE, f"{FindingKind.THIRD_OFFICE}:person:{person_id}",
                region_id, agency_id, None, None, person_id, Decimal(offices),
                f"{agency_name} {name} 配备 {offices} 处办公室，超过两处（{RULE_ART19}）。",
                name))
        elif offices == rules.MAX_OFFICE_LOCATIONS:
            linked = any(post and posts.get(post, (0, False, None))[1] for _, _, post in rows)
            if not linked and person_id not in approved_current:
                add(FindingData(
                    FindingKind.UNAPPROVED_SECOND_OFFICE,
                    f"{FindingKind.UNAPPROVED_SECOND_OFFICE}:person:{person_id}", region_id,
                    agency_id, None, None, person_id, Decimal(offices),
                    f"{agency_name} {name} 配备 2 处办公室，没有经批准另配办公室的兼职"
                    f"（{RULE_ART19}）。", name))
        for occ_id, room_id, post_id in rows:
            post = posts.get(post_id) if post_id else None
            if post is None or post[2] is None:
                continue
            due = rules.concurrent_office_due(post[2])
            if due < on:
                add(FindingData(
                    FindingKind.CONCURRENT_NOT_VACATED,
                    f"{FindingKind.CONCURRENT_NOT_VACATED}:occupant:{occ_id}", region_id,
                    agency_id, None, room_id, person_id, Decimal(1),
                    f"{agency_name} {name} 的兼职已于 {post[2]:%Y-%m-%d} 结束，因兼职配备的"
                    f"办公室应于 {due:%Y-%m-%d} 前腾退，至今未腾退（{RULE_ART19}）。", name))


def _agency_over_approved(s: _Scan) -> None:
    """AGENCY_OVER_APPROVED: an agency's basic rooms above its approved area."""
    t = s.t
    serving = s.serving
    area_c = s.area_c
    limit_sql = s.limit_sql
    in_scope = s.in_scope
    agencies = s.agencies
    authorized = s.authorized
    add = s.add
    # 6. Agencies above their approved area: the basic rooms they use (per building type)
    # and their serving people (headcount, A as the sum of the generated limits).
    agency_scope = "" if in_scope is None else f' AND a."region_id" IN ({_ids(in_scope)})'
    occupancy_scope = "" if in_scope is None else (
        f' AND oc."agency_id" IN (SELECT "id" FROM {t["agency"]} '  # noqa: S608
        f'WHERE "region_id" IN ({_ids(in_scope)}))')
    scan_class = "(r.\"use_class\" || '')"  # a pass over the rooms beats the class index
    used: dict[int, dict[str, int]] = defaultdict(dict)
    for agency_id, btype, area in _rows(
            f'SELECT oc."agency_id", b."building_type", SUM({area_c}) FROM {t["occupancy"]} oc '  # noqa: S608
            f'JOIN {t["room"]} r ON r."id" = oc."room_id" '
            f'JOIN {t["building"]} b ON b."id" = r."building_id" '
            f'WHERE oc."end_date" IS NULL AND {scan_class} IN (%s, %s, %s){occupancy_scope} '
            f'GROUP BY oc."agency_id", b."building_type"', [*BASIC_CLASSES]):
        used[agency_id][btype] = int(area or 0)
    staff: dict[int, tuple[int, int]] = {}
    for agency_id, headcount, a_sum in _rows(
            f'SELECT p."agency_id", COUNT(*), SUM({limit_sql}) FROM {t["person"]} p '  # noqa: S608
            f'JOIN {t["agency"]} a ON a."id" = p."agency_id" WHERE p."status" = %s'
            f'{agency_scope} GROUP BY p."agency_id"', [serving]):
        staff[agency_id] = (int(headcount), int(a_sum or 0))
    service = rules.configured_service_area_per_person()
    for agency_id, by_type in used.items():
        if agency_id not in agencies:  # pragma: no cover - a foreign key
            continue
        level, region_id, agency_name = agencies[agency_id]
        used_c = sum(by_type.values())
        btype = max(sorted(by_type), key=lambda k: by_type[k])
        btype = btype if btype in data.USAGE_COEFFICIENT else "multi"
        serving_count, a_sum = staff.get(agency_id, (0, 0))
        headcount = service_headcount(authorized=authorized.get(agency_id, 0),
                                      serving=serving_count)
        per_person = service.get(level, ZERO)
        approved = rules.approved_area(
            office_limits=[Decimal(a_sum) / LIMIT_SCALE] if a_sum else [],
            headcount=headcount, service_area_per_person=per_person,
            building_type=btype)  # type: ignore[arg-type]
        approval = AgencyApproval(approved, [], headcount, per_person, btype)
        used_m2 = m2(used_c)
        if used_m2 <= approval.usable:
            continue
        excess = used_m2 - approval.usable
        a = approval.area
        add(FindingData(
            FindingKind.AGENCY_OVER_APPROVED,
            f"{FindingKind.AGENCY_OVER_APPROVED}:agency:{agency_id}", region_id, agency_id, None,
            None, None, excess,
            f"{agency_name} 使用基本办公用房 {fmt_area(used_m2)} m²（使用面积），核定 "
            f"{fmt_area(approval.usable)} m²（办公室 {fmt_area(a.a)} + 服务用房 {fmt_area(a.b)} + "
            f"设备用房 {fmt_area(a.equipment)}；服务用房按 {approval.headcount} 人计，"
            f"{LEVEL_LABELS.get(level, level)}机关），超出 {fmt_area(excess)} m²（{RULE_ART19}）。",
            agency_name))
