"""统一规范使用: findings computed from the register, their 整改 workflow and the roll-ups.

Rules (domain-rules.md §1–2, confidence marks there):

* 超标准使用: an office's usable area above the sum of its occupants' limits
  (《党政机关办公用房建设标准》, :func:`jiguan.space.rules.check_office_room`).
* 第二处 / 三处以上办公室, 调离退休 1 个月未腾退, 兼职结束 2 个月未腾退
  (《党政机关办公用房管理办法》第十九条).
* 改变使用功能: people seated in a room that is not an office (第十九条).
* 单位超核定面积: the usable area of the agency's basic office rooms (办公室、服务用房、
  设备用房) above A + B + 9 % (A + B) of the 2014 formula, with A from its serving people's
  limits and B from the configured service area per person.
* 闲置: an office room nobody sits in (第三条 "避免闲置浪费").
* 权属未登记在机关事务管理部门: the owner is not the bureau of the building's level
  (第五条); a building under 权属备案 is exempt.

:func:`compute` reads the register with a handful of set-based queries (tuples, no model
instances, no query per room) and returns the findings keyed by a natural key;
:func:`sync` writes the difference with bulk statements in one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.db.models.functions import Cast, Round
from django.urls import reverse
from django.utils import timezone

from jiguan.access.models import Region, RegionLevel
from jiguan.access.roles import Role
from jiguan.audit.events import register
from jiguan.audit.record import record
from jiguan.orgs.models import Agency, Bureau, ConcurrentPost, Person, PersonStatus
from jiguan.orgs.rules import LEVEL_LABELS, RANKS
from jiguan.space import rules
from jiguan.space.models import (
    ACTIVE_FINDING_STATUSES,
    Building,
    ComplianceTally,
    Finding,
    FindingKind,
    FindingStatus,
    Occupancy,
    Occupant,
    RegistrationStatus,
    Room,
    UseClass,
)
from jiguan.todo.models import Task

TASK_KIND = "space.rectification"
SUBJECT_TYPE = "space.finding"
SYSTEM_ACTOR = "系统自动计算"
AUTO_CLOSE_NOTE = "数据显示问题已消除，系统自动办结"
DEFAULT_RECTIFICATION_DAYS = 30
#: Classes that make up 基本办公用房 (2014 standard 第十条), compared with the approved area.
BASIC_CLASSES = (UseClass.OFFICE, UseClass.SERVICE, UseClass.EQUIPMENT)
CHUNK = 900  # SQLite's default bound-parameter limit is 999

RULE_STANDARD = "《党政机关办公用房建设标准》（发改投资〔2014〕2674号）"
RULE_ART19 = "《党政机关办公用房管理办法》第十九条"
RULE_ART5 = "《党政机关办公用房管理办法》第五条"
RULE_ART3 = "《党政机关办公用房管理办法》第三条"

#: The rule each kind of finding cites (shown on the finding's page).
RULE_TEXT: Mapping[str, str] = {
    FindingKind.OVER_STANDARD: f"{RULE_STANDARD}：办公室使用面积不得超过使用人人均面积标准之和；"
                               f"{RULE_ART19}：严禁超标准配备、使用办公用房。",
    FindingKind.UNAPPROVED_SECOND_OFFICE: f"{RULE_ART19}：领导干部在多个单位任职的，应在主要工作"
                                          "单位安排一处办公室；确需另行安排的，须严格审批。",
    FindingKind.THIRD_OFFICE: f"{RULE_ART19}：兼任多个职务的，最多安排两处办公室，"
                              "不得安排三处以上。",
    FindingKind.LEFT_NOT_VACATED: f"{RULE_ART19}：工作人员调离或退休的，应在办理手续后"
                                  "1 个月内腾退办公用房。",
    FindingKind.CONCURRENT_NOT_VACATED: f"{RULE_ART19}：因兼职另行安排的办公室，应在兼职结束后"
                                        "2 个月内腾退。",
    FindingKind.USE_AGAINST_CLASS: f"{RULE_ART19}：不得擅自改变办公用房使用功能。",
    FindingKind.AGENCY_OVER_APPROVED: f"{RULE_ART19}：在核定面积内使用办公用房；核定面积按"
                                      f"{RULE_STANDARD} S = [A + B + (A + B) × 9%] / K + C 计算。",
    FindingKind.VACANT: f"{RULE_ART3}：统筹调剂余缺，及时依规处置，避免闲置浪费。",
    FindingKind.TITLE_NOT_BUREAU: f"{RULE_ART5}：房屋所有权、土地使用权登记在本级机关事务管理"
                                  "部门；无法登记的，由机关事务管理部门办理权属备案。",
}

register({
    "space.compliance.recomputed": "重新计算规范使用问题",
    "space.finding.started": "开始整改",
    "space.finding.verified": "核验整改",
})

CENT = Decimal("0.01")
ZERO = Decimal(0)


def rectification_days() -> int:
    return int(getattr(settings, "JIGUAN_RECTIFICATION_DAYS", DEFAULT_RECTIFICATION_DAYS))


def _m2(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def _fmt(value: Decimal) -> str:
    text = f"{value.quantize(CENT):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _cents(expression: str) -> Cast:
    """An area column as whole hundredths (exact ints: no Decimal conversion per row)."""
    return Cast(Round(F(expression) * 100), models.BigIntegerField())


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _raw(qs: Any, size: int = 20000) -> Iterator[tuple[Any, ...]]:
    """The rows of a values_list() query as the driver returns them: no per-value
    converters (dates may come back as ISO text on SQLite: see :func:`_date`)."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(size):
            yield from batch


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def region_codes(path: str) -> tuple[str, str]:
    """(city code, county code) of a region path "/330000/330100/330106/..." ('' if above)."""
    parts = path.strip("/").split("/")
    return (parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else "")


# ---------------------------------------------------------------------------------------------
# Compute
# ---------------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class _Region:
    path: str
    parent_id: int | None
    sub_provincial: bool


class _Limits:
    """Per-person office limits, memoised per (level, rank, 副省级)."""

    def __init__(self) -> None:
        self.township = rules.configured_township_limits()
        self.cache: dict[tuple[str, str, bool], Decimal | None] = {}

    def get(self, level: str, rank: str, sub_provincial: bool) -> Decimal | None:
        key = (level, rank, sub_provincial)
        if key not in self.cache:
            try:
                self.cache[key] = rules.office_limit(organ_level=level, rank=rank,
                                                     sub_provincial=sub_provincial,
                                                     township_limits=self.township)
            except ValueError:
                self.cache[key] = None  # a rank the standard does not know: no verdict
        return self.cache[key]


def _regions() -> dict[int, _Region]:
    return {pk: _Region(path, parent, sub) for pk, path, parent, sub in
            Region.objects.values_list("id", "path", "parent_id", "sub_provincial")}


def _is_sub_provincial(regions: Mapping[int, _Region], region_id: int) -> bool:
    """As the floor drawing judges it: the agency's region or its parent is 副省级."""
    region = regions.get(region_id)
    if region is None:
        return False
    parent = regions.get(region.parent_id) if region.parent_id else None
    return region.sub_provincial or bool(parent and parent.sub_provincial)


def _in(path: str, prefix: str | None) -> bool:
    return prefix is None or path.startswith(prefix)


@dataclass(frozen=True)
class AgencyApproval:
    """An agency's approved area (2014 formula) and the inputs it came from."""

    area: rules.ApprovedArea
    office_limits: list[Decimal]
    headcount: int
    service_area_per_person: Decimal
    building_type: str

    @property
    def usable(self) -> Decimal:
        """Approved usable area of 基本办公用房: A + B + 设备用房 (before ÷K)."""
        return self.area.a + self.area.b + self.area.equipment


def service_headcount(*, authorized: int, serving: int) -> int:
    """The headcount of B: the 2014 standard counts service rooms per 编制 (authorised
    headcount); an agency without one recorded falls back on its serving people."""
    return authorized if authorized > 0 else serving


def agency_approval(*, level: str, region_sub_provincial: bool, rank_counts: Mapping[str, int],
                    building_type: str, limits: _Limits | None = None,
                    service: Mapping[str, Decimal] | None = None,
                    authorized_headcount: int = 0) -> AgencyApproval:
    """Approved area of an agency: A from the ranks of its serving people (their limits;
    people of an unknown rank add nothing), B = the configured service area per person of
    the agency's level × its 编制 (service_headcount)."""
    limits = limits or _Limits()
    service = service if service is not None else rules.configured_service_area_per_person()
    office_limits: list[Decimal] = []
    for rank, n in sorted(rank_counts.items()):
        limit = limits.get(level, rank, region_sub_provincial)
        if limit is not None:
            office_limits.extend([limit] * n)
    headcount = service_headcount(authorized=authorized_headcount,
                                  serving=sum(rank_counts.values()))
    per_person = service.get(level, ZERO)
    btype = building_type if building_type in rules.USAGE_COEFFICIENT else "multi"
    area = rules.approved_area(office_limits=office_limits, headcount=headcount,
                               service_area_per_person=per_person,
                               building_type=btype)  # type: ignore[arg-type]
    return AgencyApproval(area, office_limits, headcount, per_person, btype)


def _bureau_names(regions: Mapping[int, _Region]) -> dict[int, str]:
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
    return _compute(region_path=region_path, on=on)[0]


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
                   limits: _Limits | None = None) -> str:
    """An SQL expression giving a person's office limit in 1/LIMIT_SCALE m², NULL for a rank
    the standard does not know at that level. Generated from :func:`rules.office_limit` (the
    edition in force today, the configured township limits, 表注1 where ``sub_provincial``
    holds) for every (level, rank) of ``jiguan.orgs.rules.RANKS``: no figure is written here.
    ``level``, ``rank`` and ``sub_provincial`` are SQL expressions."""
    limits = limits or _Limits()
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


def _compute(*, region_path: str | None, on: dt.date | None
             ) -> tuple[dict[str, FindingData], dict[int, list[int]]]:
    """:func:`compute`, and the office rooms (count, area in cents) per building region.

    The set-based work runs in the database: occupants per room with the sum of their
    limits (a CASE generated from rules.py), rooms that break a rule, vacant offices, office
    tallies per region, serving people's limits per agency. Python sees only the rows that
    become findings (and the agencies, for the approved-area formula)."""
    on = on or timezone.localdate()
    prefix = region_path
    regions = _regions()
    limits = _Limits()
    out: dict[str, FindingData] = {}
    t = _tables()
    office = UseClass.OFFICE.value
    serving = PersonStatus.SERVING.value

    def add(f: FindingData) -> None:
        out[f.key] = f

    agencies: dict[int, tuple[str, int, str]] = {}
    authorized: dict[int, int] = {}
    for pk, level, region_id, name, establishment in _raw(Agency.objects.order_by().values_list(
            "id", "level", "region_id", "name", "authorized_headcount")):
        agencies[pk] = (level, region_id, name)
        authorized[pk] = establishment
    sub_regions = [pk for pk in regions if _is_sub_provincial(regions, pk)]
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

    # 2. Office tallies per building region (every office of the subtree).
    tallies: dict[int, list[int]] = {}
    for region_id, n, area_sum in _rows(
            f'SELECT b."region_id", COUNT(*), SUM({area_c}) FROM {t["room"]} r '  # noqa: S608
            f'JOIN {t["building"]} b ON b."id" = r."building_id" '
            f'WHERE {class_col} = %s{room_scope} GROUP BY b."region_id"', [office]):
        tallies[region_id] = [int(n), int(area_sum or 0)]

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
        area_m2 = _m2(int(area))
        check = rules.check_office_room(usable_area=area_m2,
                                        occupant_limits=[Decimal(int(lim)) / LIMIT_SCALE])
        if check.status != rules.RoomStatus.OVER:
            continue
        add(FindingData(
            FindingKind.OVER_STANDARD, f"{FindingKind.OVER_STANDARD}:room:{room_id}", region_id,
            agency, b_id, room_id, None, check.excess,
            f"办公室 {b_name} {number} 使用面积 {_fmt(area_m2)} m²，{n} 人使用，"
            f"人均面积标准合计 {_fmt(check.limit_total)} m²，超出 {_fmt(check.excess)} m²"
            f"（{RULE_STANDARD}）。", f"{b_name} {number}"))

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
        area_m2 = _m2(int(area))
        where = (f"已分配给{agencies[agency_id][2]}" if agency_id and agency_id in agencies
                 else "未分配使用单位")
        add(FindingData(FindingKind.VACANT, f"{FindingKind.VACANT}:room:{room_id}",
                        region_id, agency_id, b_id, room_id, None, area_m2,
                        f"办公室 {b_name} {number}（使用面积 {_fmt(area_m2)} m²）无人使用，"
                        f"{where}（{RULE_ART3}：避免闲置浪费）。", f"{b_name} {number}"))

    # 5. People: how many offices, left without vacating, concurrent posts ended. Only the
    # people who can have a finding: not serving, 2+ offices, or an office for a post.
    posts: dict[int, tuple[int, bool, dt.date | None]] = {}
    approved_current: set[int] = set()
    post_qs = ConcurrentPost.objects.filter(Q(approved=True) | Q(end_date__isnull=False))
    for post_id, person_id, approved, end in _raw(post_qs.order_by().values_list(
            "id", "person_id", "approved", "end_date")):
        approved, end = bool(approved), _date(end)
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
        status_date = _date(status_date)
        level, region_id, agency_name = agencies[agency_id]
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
        btype = btype if btype in rules.USAGE_COEFFICIENT else "multi"
        serving_count, a_sum = staff.get(agency_id, (0, 0))
        headcount = service_headcount(authorized=authorized.get(agency_id, 0),
                                      serving=serving_count)
        per_person = service.get(level, ZERO)
        approved = rules.approved_area(
            office_limits=[Decimal(a_sum) / LIMIT_SCALE] if a_sum else [],
            headcount=headcount, service_area_per_person=per_person,
            building_type=btype)  # type: ignore[arg-type]
        approval = AgencyApproval(approved, [], headcount, per_person, btype)
        used_m2 = _m2(used_c)
        if used_m2 <= approval.usable:
            continue
        excess = used_m2 - approval.usable
        a = approval.area
        add(FindingData(
            FindingKind.AGENCY_OVER_APPROVED,
            f"{FindingKind.AGENCY_OVER_APPROVED}:agency:{agency_id}", region_id, agency_id, None,
            None, None, excess,
            f"{agency_name} 使用基本办公用房 {_fmt(used_m2)} m²（使用面积），核定 "
            f"{_fmt(approval.usable)} m²（办公室 {_fmt(a.a)} + 服务用房 {_fmt(a.b)} + "
            f"设备用房 {_fmt(a.equipment)}；服务用房按 {approval.headcount} 人计，"
            f"{LEVEL_LABELS.get(level, level)}机关），超出 {_fmt(excess)} m²（{RULE_ART19}）。",
            agency_name))

    return out, tallies


# ---------------------------------------------------------------------------------------------
# Sync
# ---------------------------------------------------------------------------------------------


@dataclass
class SyncResult:
    created: int = 0
    reopened: int = 0
    closed: int = 0
    unchanged: int = 0
    updated: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, int | float]:
        return {"created": self.created, "reopened": self.reopened, "closed": self.closed,
                "unchanged": self.unchanged, "updated": self.updated,
                "seconds": round(self.seconds, 2)}


_FIELDS = ("region_id", "agency_id", "building_id", "room_id", "person_id", "measure", "detail")


_URL_MARK = 987654321


def _finding_url() -> Any:
    """The finding page's URL for a pk, reversed once (not once per to-do)."""
    head, _, tail = reverse("space_compliance:finding_detail",
                            args=[_URL_MARK]).partition(str(_URL_MARK))
    return lambda pk: f"{head}{pk}{tail}"


def _task(finding: Finding, subject: str, actor_obj: Any, url: Any = None) -> Task:
    title = f"整改：{finding.get_kind_display()}——{subject}"[:200]
    return Task(kind=TASK_KIND, title=title, detail=finding.detail,
                assignee_role=Role.AGENCY_REPORTER if finding.agency_id else Role.BUREAU_STAFF,
                region_id=finding.region_id, agency_id=finding.agency_id,
                subject_type=SUBJECT_TYPE, subject_id=str(finding.pk),
                subject_url=(url or _finding_url())(finding.pk),
                due_date=finding.due_date, created_by=actor_obj)


def _close_tasks(finding_ids: Sequence[int], actor_obj: Any, now: dt.datetime) -> int:
    closed = 0
    for chunk in _chunks([str(pk) for pk in finding_ids]):
        closed += Task.objects.filter(kind=TASK_KIND, subject_type=SUBJECT_TYPE,
                                      subject_id__in=chunk, done_at__isnull=True).update(
            done_at=now, done_by=actor_obj, done_note=AUTO_CLOSE_NOTE, updated_at=now)
    return closed


def _write_tallies(prefix: str | None, regions: Mapping[int, _Region],
                   tallies: Mapping[int, list[int]], now: dt.datetime) -> None:
    old = ComplianceTally.objects.all()
    if prefix:
        old = old.filter(region_path__startswith=prefix)
    old.delete()
    rows = []
    for region_id, (count, area_c) in tallies.items():
        path = regions[region_id].path
        city, county = region_codes(path)
        rows.append(ComplianceTally(region_id=region_id, region_path=path, city_code=city,
                                    county_code=county, office_rooms=count,
                                    office_area=_m2(area_c), computed_at=now))
    ComplianceTally.objects.bulk_create(rows, batch_size=2000)


def _update_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """``UPDATE finding SET columns… WHERE id = …`` with one ``executemany`` per batch, each
    row its values then the pk (values prepared by their fields). Django's ``bulk_update``
    builds a ``CASE WHEN id = …`` per column, which SQLite evaluates row by row: quadratic in
    the batch (40,000 changed findings took over a minute)."""
    if not rows:
        return
    meta = Finding._meta
    fields = [cast(models.Field, meta.get_field(name)) for name in columns]
    q = connection.ops.quote_name
    sql = (f"UPDATE {q(meta.db_table)} SET "  # noqa: S608 - names from the model
           f"{', '.join(f'{q(f.column)} = %s' for f in fields)} WHERE {q(meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        for batch in _chunks(rows, 2000):
            cursor.executemany(sql, [
                [*(f.get_db_prep_save(v, connection) for f, v in zip(fields, row[:-1],
                                                                     strict=True)), row[-1]]
                for row in batch])


_CHANGE_COLUMNS = ("region_path", "city_code", "county_code", "last_seen_at", "updated_at",
                   "region", "agency", "building", "room", "person", "measure", "detail")
_REOPEN_COLUMNS = (*_CHANGE_COLUMNS, "status", "resolved_at", "verified_at", "verified_by",
                   "reopen_count", "due_date", "updated_by")


def sync(*, region_path: str | None = None, actor: Any = None, on: dt.date | None = None
         ) -> SyncResult:
    """Bring the findings of the subtree at ``region_path`` (None: everything) in line with
    the register: new ones are created (with a to-do), gone ones close (已整改, their to-do
    done), returning ones reopen (待整改, a new to-do, reopen count + 1).

    Only differences are written. ``last_seen_at`` (最近发现) is kept to the day: a finding
    written by this run gets the time of the run; an unchanged active one is touched only
    when its ``last_seen_at`` falls before today (local time), so the first recompute of a
    day stamps it and later ones that day write nothing for it. The exact time of the latest
    recompute of a region is ``ComplianceTally.computed_at``."""
    started = time.perf_counter()
    today = on or timezone.localdate()
    data, tallies = _compute(region_path=region_path, on=today)
    regions = _regions()
    now = timezone.now()
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    due = today + dt.timedelta(days=rectification_days())
    result = SyncResult()
    with transaction.atomic():
        # The stored findings as plain tuples (measure in whole cents, a flag for a
        # last_seen_at before today), compared with the computed ones tuple by tuple.
        def stored(qs: Any) -> Iterator[tuple[Any, ...]]:
            return _raw(qs.order_by().annotate(
                measure_c=_cents("measure"),
                stale=Case(When(last_seen_at__lt=midnight, then=Value(1)), default=Value(0),
                           output_field=models.IntegerField()),
            ).values_list("key", "id", "status", "reopen_count", "stale", "region_id",
                          "agency_id", "building_id", "room_id", "person_id", "measure_c",
                          "detail"))

        scope = Finding.objects.all()
        if region_path:
            scope = scope.filter(region_path__startswith=region_path)
        existing = {row[0]: row for row in stored(scope)}
        if region_path:  # a finding whose subject moved in from elsewhere
            strays = [k for k in data if k not in existing]
            for chunk in _chunks(strays):
                existing.update({row[0]: row for row in stored(
                    Finding.objects.filter(key__in=chunk))})
        places = {pk: (r.path, *region_codes(r.path)) for pk, r in regions.items()}
        active = frozenset(ACTIVE_FINDING_STATUSES)
        to_create: list[Finding] = []
        to_update: list[tuple[Any, ...]] = []
        reopened: list[Finding] = []
        stale: list[int] = []
        for key, f in data.items():
            row = existing.get(key)
            if row is not None and row[2] in active and row[5:] == (
                    f.region_id, f.agency_id, f.building_id, f.room_id, f.person_id,
                    int(f.measure * 100), f.detail):
                result.unchanged += 1
                if row[4]:
                    stale.append(row[1])
                continue
            path, city, county = places[f.region_id]
            values = (f.region_id, f.agency_id, f.building_id, f.room_id, f.person_id,
                      f.measure, f.detail)
            if row is None:
                to_create.append(Finding(
                    kind=f.kind, key=key, region_path=path, city_code=city, county_code=county,
                    status=FindingStatus.OPEN, first_seen_at=now, last_seen_at=now,
                    due_date=due, created_by=actor_obj, updated_by=actor_obj,
                    **dict(zip(_FIELDS, values, strict=True))))
            elif row[2] in active:
                to_update.append((path, city, county, now, now, *values, row[1]))
            else:
                reopened.append(Finding(
                    pk=row[1], kind=f.kind, key=key, region_path=path, city_code=city,
                    county_code=county, status=FindingStatus.OPEN, last_seen_at=now,
                    resolved_at=None, verified_at=None, verified_by=None,
                    reopen_count=row[3] + 1, due_date=due, updated_at=now,
                    updated_by=actor_obj, **dict(zip(_FIELDS, values, strict=True))))
        gone = [row[1] for key, row in existing.items()
                if row[2] in active and key not in data]

        Finding.objects.bulk_create(to_create, batch_size=2000)
        _update_rows(_CHANGE_COLUMNS, to_update)
        _update_rows(_REOPEN_COLUMNS, [
            (f.region_path, f.city_code, f.county_code, now, now, f.region_id, f.agency_id,
             f.building_id, f.room_id, f.person_id, f.measure, f.detail, f.status, None, None,
             None, f.reopen_count, f.due_date, actor_obj.pk if actor_obj else None, f.pk)
            for f in reopened])
        for chunk in _chunks(gone):
            Finding.objects.filter(pk__in=chunk).update(
                status=FindingStatus.FIXED, resolved_at=now, updated_at=now, updated_by=actor_obj)
        _close_tasks(gone, actor_obj, now)
        if stale and region_path is None:  # the day's first recompute: one statement
            Finding.objects.filter(status__in=ACTIVE_FINDING_STATUSES,
                                   last_seen_at__lt=midnight).update(last_seen_at=now)
        else:  # a subtree (its strays included): by id
            for chunk in _chunks(stale):
                Finding.objects.filter(pk__in=chunk).update(last_seen_at=now)

        new = [*to_create, *reopened]
        if new and not all(f.pk for f in to_create):  # a backend that returns no ids
            ids = dict(Finding.objects.filter(key__in=[f.key for f in to_create])
                       .values_list("key", "id"))
            for created in to_create:
                created.pk = ids[created.key]
        if reopened:
            _close_tasks([f.pk for f in reopened], actor_obj, now)  # stale ones, if any
        url = _finding_url()
        Task.objects.bulk_create([_task(f, data[f.key].subject, actor_obj, url) for f in new],
                                 batch_size=2000)
        _write_tallies(region_path, regions, tallies, now)

        result.created, result.reopened = len(to_create), len(reopened)
        result.closed, result.updated = len(gone), len(to_update)
        result.seconds = time.perf_counter() - started
        region = _region_for(region_path)
        record(actor=actor or SYSTEM_ACTOR, event="space.compliance.recomputed", region=region,
               changes={}, extra={"region_path": region_path or "", **result.as_dict()})
    return result


def _region_for(region_path: str | None) -> Region | None:
    if region_path:
        return Region.objects.filter(path=region_path).first()
    return Region.objects.filter(parent__isnull=True).order_by("code").first()


def county_path(region_path: str) -> str:
    """The county subtree a change at ``region_path`` belongs to (the path itself when it is
    a city or the province)."""
    parts = [p for p in region_path.strip("/").split("/") if p]
    return "/" + "/".join(parts[:3]) + "/"


def refresh_after_change(*, region_path: str, actor: Any) -> SyncResult:
    """Re-sync the county subtree of a change. Call it after the write commits:
    ``transaction.on_commit(lambda: refresh_after_change(region_path=path, actor=actor))``."""
    return sync(region_path=county_path(region_path), actor=actor)


# ---------------------------------------------------------------------------------------------
# 整改 by people
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def finding_start(*, finding: Finding, note: str, actor: Any) -> Finding:
    """The agency starts (or updates) its rectification: 待整改 / 整改中 → 整改中."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)  # vs a concurrent sync
    note = note.strip()
    if not note:
        raise ValidationError({"note": "请填写整改措施"})
    if finding.status not in ACTIVE_FINDING_STATUSES:
        raise ValidationError({"note": f"该问题{finding.get_status_display()}，不能再登记整改"})
    before = (finding.get_status_display(), finding.note)
    finding.status = FindingStatus.IN_PROGRESS
    finding.note = note
    finding.updated_by = actor
    finding.save(update_fields=["status", "note", "updated_by", "updated_at"])
    record(actor=actor, event="space.finding.started", target=finding,
           changes={"status": [before[0], finding.get_status_display()],
                    "note": [before[1], note]})
    return finding


@transaction.atomic
def finding_verify(*, finding: Finding, actor: Any) -> Finding:
    """The bureau confirms a rectification the data shows: 已整改 → 已核验. The row is
    locked and its status read again, so a finding a concurrent sync reopened is not
    verified."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.status != FindingStatus.FIXED:
        raise ValidationError(f"只有“已整改”的问题才能核验，该问题当前为“"
                              f"{finding.get_status_display()}”")
    finding.status = FindingStatus.VERIFIED
    finding.verified_at = timezone.now()
    finding.verified_by = actor
    finding.updated_by = actor
    finding.save(update_fields=["status", "verified_at", "verified_by", "updated_by",
                                "updated_at"])
    record(actor=actor, event="space.finding.verified", target=finding,
           changes={"status": [FindingStatus.FIXED.label, FindingStatus.VERIFIED.label]})
    return finding


# ---------------------------------------------------------------------------------------------
# Roll-ups
# ---------------------------------------------------------------------------------------------


@dataclass
class RollupRow:
    label: str
    region_code: str = ""  # drill-down target (a child region)
    agency_id: int | None = None  # drill-down target (an agency report)
    counts: dict[str, int] = field(default_factory=dict)  # active findings by kind
    fixed: int = 0  # 已整改 + 已核验
    over_area: Decimal = ZERO  # m² above standard, open over-standard offices
    over_approved_area: Decimal = ZERO  # m² above agencies' approved area
    vacant_area: Decimal = ZERO
    office_rooms: int = 0

    @property
    def active(self) -> int:
        return sum(self.counts.values())

    @property
    def kind_counts(self) -> list[int]:
        """Active findings per kind, in the order of ``FindingKind``."""
        return [self.counts.get(kind, 0) for kind in FindingKind.values]

    @property
    def over_rooms(self) -> int:
        return self.counts.get(FindingKind.OVER_STANDARD, 0)

    @property
    def over_share(self) -> Decimal | None:
        """Over-standard offices as a percentage of office rooms."""
        if not self.office_rooms:
            return None
        return (Decimal(self.over_rooms) * 100 / self.office_rooms).quantize(CENT)

    def count(self, kind: str) -> int:
        return self.counts.get(kind, 0)

    def add(self, kind: str, status: str, n: int, measure: Decimal) -> None:
        if status in ACTIVE_FINDING_STATUSES:
            self.counts[kind] = self.counts.get(kind, 0) + n
            if kind == FindingKind.OVER_STANDARD:
                self.over_area += measure
            elif kind == FindingKind.AGENCY_OVER_APPROVED:
                self.over_approved_area += measure
            elif kind == FindingKind.VACANT:
                self.vacant_area += measure
        else:
            self.fixed += n


@dataclass
class Rollup:
    region: Region
    rows: list[RollupRow]
    total: RollupRow
    by_agency: bool


def _covers(user: Any, region: Region) -> bool:
    return any(region.path.startswith(p) for p in user.scope.region_paths("view_space"))


def rollup(user: Any, region: Region) -> Rollup:
    """Findings of ``region`` per child: province → cities, city → counties, county (or
    township) → agencies; one GROUP BY over the findings and one over the tallies."""
    covered = _covers(user, region)
    findings = Finding.objects.all() if covered else Finding.objects.visible_to(user)
    tallies = ComplianceTally.objects.all() if covered else ComplianceTally.objects.none()
    office_by_agency: dict[int, int] = {}
    if region.level == RegionLevel.PROVINCE:
        group, by_agency = "city_code", False
        if region.parent_id is not None:  # pragma: no cover - one province per deployment
            findings = findings.filter(region_path__startswith=region.path)
        tallies = tallies.filter(region_path__startswith=region.path)
    elif region.level == RegionLevel.CITY:
        group, by_agency = "county_code", False
        findings = findings.filter(city_code=region.code)
        tallies = tallies.filter(city_code=region.code)
    else:
        group, by_agency = "agency_id", True
        findings = findings.filter(region_path__startswith=region.path)
    rows: dict[Any, RollupRow] = {}
    if not by_agency:
        for child in Region.objects.filter(parent=region).order_by("code"):
            rows[child.code] = RollupRow(label=child.name, region_code=child.code)
        own = "省本级" if region.level == RegionLevel.PROVINCE else "市本级"
        rows[""] = RollupRow(label=f"{region.name}（{own}）")
        for code, n in tallies.values_list(group).annotate(n=Sum("office_rooms")).order_by():
            rows.setdefault(code, RollupRow(label=code, region_code=code)).office_rooms = n or 0
    else:
        office = (Occupancy.objects.filter(end_date__isnull=True,
                                           room__use_class=UseClass.OFFICE,
                                           room__building__region__path__startswith=region.path)
                  .values_list("agency_id").annotate(n=Count("id")).order_by())
        if covered:
            office_by_agency = dict(office)
            for agency_id in office_by_agency:
                rows[agency_id] = RollupRow(label=str(agency_id), agency_id=agency_id)
    for key, kind, status, n, measure in (
            findings.values_list(group, "kind", "status")
            .annotate(n=Count("id"), m=Sum("measure")).order_by()):
        if key not in rows:
            rows[key] = RollupRow(label=str(key or "未分配单位"),
                                  region_code=key if not by_agency else "",
                                  agency_id=key if by_agency else None)
        rows[key].add(kind, status, n, measure or ZERO)
    if by_agency:
        names = dict(Agency.objects.filter(pk__in=[k for k in rows if k]).values_list("id",
                                                                                      "name"))
        for key, row in rows.items():
            if key:
                row.label = names.get(key, str(key))
                row.office_rooms = office_by_agency.get(key, 0)
    ordered = [r for k, r in rows.items() if k != ""] + ([rows[""]] if "" in rows else [])
    if by_agency:
        ordered.sort(key=lambda r: (-r.active, r.label))
    ordered = [r for r in ordered if r.active or r.fixed or r.office_rooms or r.region_code]
    total = RollupRow(label="合计")
    for r in ordered:
        for kind, n in r.counts.items():
            total.counts[kind] = total.counts.get(kind, 0) + n
        total.fixed += r.fixed
        total.over_area += r.over_area
        total.over_approved_area += r.over_approved_area
        total.vacant_area += r.vacant_area
        total.office_rooms += r.office_rooms
    return Rollup(region=region, rows=ordered, total=total, by_agency=by_agency)


# ---------------------------------------------------------------------------------------------
# An agency's report
# ---------------------------------------------------------------------------------------------


@dataclass
class AgencyRoom:
    room: Room
    occupants: list[Occupant]
    limit_total: Decimal | None
    state: str


@dataclass
class AgencyReport:
    agency: Agency
    rooms: list[AgencyRoom]
    approval: AgencyApproval
    used_by_class: dict[str, Decimal]
    used_basic: Decimal
    findings: list[Finding]

    @property
    def excess(self) -> Decimal:
        return max(self.used_basic - self.approval.usable, ZERO)


def agency_report(agency: Agency, findings: Iterable[Finding]) -> AgencyReport:
    """The agency's rooms (current allocations), its approved area from its serving people,
    and its findings (already scoped by the caller)."""
    regions = _regions()
    limits = _Limits()
    sub = _is_sub_provincial(regions, agency.region_id)
    allocations = (Occupancy.objects.filter(agency=agency, end_date__isnull=True)
                   .select_related("room__building", "room__floor")
                   .order_by("room__building__name", "room__number"))
    rooms: list[AgencyRoom] = []
    used: dict[str, Decimal] = defaultdict(lambda: ZERO)
    by_type: dict[str, Decimal] = defaultdict(lambda: ZERO)
    seated: dict[int, list[Occupant]] = defaultdict(list)
    room_ids = [a.room_id for a in allocations]
    for chunk in _chunks(room_ids):
        for occ in (Occupant.objects.filter(room_id__in=chunk, end_date__isnull=True)
                    .select_related("person__agency")):
            seated[occ.room_id].append(occ)
    for alloc in allocations:
        room = alloc.room
        used[room.use_class] += room.usable_area
        if room.use_class in BASIC_CLASSES:
            by_type[room.building.building_type] += room.usable_area
        occupants = seated.get(room.pk, [])
        limit_total: Decimal | None = None
        state = "other"
        if room.use_class == UseClass.OFFICE:
            known = [lim for lim in (
                limits.get(o.person.agency.level, o.person.rank,
                           _is_sub_provincial(regions, o.person.agency.region_id))
                for o in occupants) if lim is not None]
            check = rules.check_office_room(usable_area=room.usable_area,
                                            occupant_limits=known)
            limit_total = check.limit_total if known else None
            state = str(check.status) if (known or not occupants) else "compliant"
        elif occupants:
            state = "against_class"
        rooms.append(AgencyRoom(room, occupants, limit_total, state))
    rank_counts = dict(Person.objects.filter(agency=agency, status=PersonStatus.SERVING)
                       .values_list("rank").annotate(n=Count("id")).order_by())
    btype = max(sorted(by_type), key=lambda t: by_type[t]) if by_type else "multi"
    approval = agency_approval(level=agency.level, region_sub_provincial=sub,
                               rank_counts=rank_counts, building_type=btype, limits=limits,
                               authorized_headcount=agency.authorized_headcount)
    used_basic = sum((used[c] for c in BASIC_CLASSES), ZERO)
    return AgencyReport(agency, rooms, approval, dict(used), used_basic, list(findings))
