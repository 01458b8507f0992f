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
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Q, Sum
from django.db.models.functions import Cast, Round
from django.urls import reverse
from django.utils import timezone

from jiguan.access.models import Region, RegionLevel
from jiguan.access.roles import Role
from jiguan.audit.events import register
from jiguan.audit.record import record
from jiguan.orgs.models import Agency, Bureau, ConcurrentPost, Person, PersonStatus
from jiguan.orgs.rules import LEVEL_LABELS
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


def _decimal(value: Any) -> Decimal:
    """A raw numeric column (float or text on SQLite) as Decimal at 0.01."""
    return Decimal(str(value if value is not None else 0)).quantize(CENT)


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


@dataclass(frozen=True)
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


def agency_approval(*, level: str, region_sub_provincial: bool, rank_counts: Mapping[str, int],
                    building_type: str, limits: _Limits | None = None,
                    service: Mapping[str, Decimal] | None = None) -> AgencyApproval:
    """Approved area of an agency from the ranks of its serving people (A: their limits,
    people of an unknown rank add nothing to A) and their number (B = headcount × the
    configured service area per person of the agency's level)."""
    limits = limits or _Limits()
    service = service if service is not None else rules.configured_service_area_per_person()
    office_limits: list[Decimal] = []
    for rank, n in sorted(rank_counts.items()):
        limit = limits.get(level, rank, region_sub_provincial)
        if limit is not None:
            office_limits.extend([limit] * n)
    headcount = sum(rank_counts.values())
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


def _compute(*, region_path: str | None, on: dt.date | None
             ) -> tuple[dict[str, FindingData], dict[int, list[int]]]:
    """:func:`compute`, and the office rooms (count, area in cents) per building region."""
    on = on or timezone.localdate()
    prefix = region_path
    regions = _regions()
    limits = _Limits()
    out: dict[str, FindingData] = {}

    def add(f: FindingData) -> None:
        out[f.key] = f

    agencies: dict[int, tuple[str, int, str]] = {
        pk: (level, region_id, name) for pk, level, region_id, name in
        Agency.objects.values_list("id", "level", "region_id", "name")}
    agency_sub = {pk: _is_sub_provincial(regions, region_id)
                  for pk, (_, region_id, _) in agencies.items()}
    limit_cents: dict[tuple[int, str], int | None] = {}

    def person_limit_c(rank: str, agency_id: int) -> int | None:
        """The person's limit in whole hundredths of m² (None: rank unknown)."""
        key = (agency_id, rank)
        if key not in limit_cents:
            limit = limits.get(agencies[agency_id][0], rank, agency_sub[agency_id])
            limit_cents[key] = None if limit is None else int(limit * 100)
        return limit_cents[key]

    # 1. Current occupants: of rooms in the subtree, and of people of the subtree's agencies.
    occupants = Occupant.objects.filter(end_date__isnull=True)
    if prefix:
        occupants = occupants.filter(Q(room__building__region__path__startswith=prefix)
                                     | Q(person__agency__region__path__startswith=prefix))
    room_people: dict[int, list[int]] = defaultdict(list)
    person_rows: dict[int, list[tuple[int, int, int | None]]] = defaultdict(list)
    people: dict[int, tuple[str, str, Any, int]] = {}
    person_limits: dict[int, int | None] = {}
    candidates: set[int] = set()  # people with 2+ offices, who left, or a concurrent office
    for occ_id, room_id, person_id, post_id, rank, status, status_date, agency_id in _raw(
            occupants.values_list("id", "room_id", "person_id", "concurrent_post_id",
                                  "person__rank", "person__status", "person__status_date",
                                  "person__agency_id")):
        room_people[room_id].append(person_id)
        rows = person_rows[person_id]
        rows.append((occ_id, room_id, post_id))
        if len(rows) == 1:
            people[person_id] = (rank, status, status_date, agency_id)
            person_limits[person_id] = person_limit_c(rank, agency_id)
            if post_id or status != PersonStatus.SERVING:
                candidates.add(person_id)
        else:
            candidates.add(person_id)

    # 2. Buildings and rooms of the subtree (with the room's current agency).
    buildings_qs = Building.objects.all()
    rooms_qs = Room.objects.all()
    if prefix:
        buildings_qs = buildings_qs.filter(region__path__startswith=prefix)
        rooms_qs = rooms_qs.filter(building__region__path__startswith=prefix)
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

    # Offices, and the other rooms only when someone sits in them.
    occupied = Occupant.objects.filter(room_id=OuterRef("pk"), end_date__isnull=True)
    rooms = rooms_qs.filter(Q(use_class=UseClass.OFFICE) | Exists(occupied)).annotate(
        current=FilteredRelation("occupancies", condition=Q(occupancies__end_date__isnull=True)),
        area_c=_cents("usable_area"),
    ).values_list("id", "use_class", "subtype", "area_c", "building_id", "number",
                  "current__agency_id")
    tallies: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    class_labels = dict(UseClass.choices)
    office = UseClass.OFFICE.value
    for room_id, use_class, subtype, area_c, b_id, number, agency_id in _raw(rooms):
        seated = room_people.get(room_id)
        if use_class != office:
            if seated:
                region_id, b_name = buildings[b_id]
                agency = agency_id or people[seated[0]][3]
                what = class_labels.get(use_class, use_class)
                what += f"（{subtype}）" if subtype else ""
                add(FindingData(
                    FindingKind.USE_AGAINST_CLASS,
                    f"{FindingKind.USE_AGAINST_CLASS}:room:{room_id}", region_id, agency, b_id,
                    room_id, None, Decimal(len(seated)),
                    f"{b_name} {number} 为{what}，有 {len(seated)} 人在此办公，"
                    f"改变了使用功能（{RULE_ART19}）。", f"{b_name} {number}"))
            continue
        area_c = int(area_c)
        region_id = buildings[b_id][0]
        tally = tallies[region_id]
        tally[0] += 1
        tally[1] += area_c
        if not seated:
            b_name = buildings[b_id][1]
            where = (f"已分配给{agencies[agency_id][2]}" if agency_id and agency_id in agencies
                     else "未分配使用单位")
            add(FindingData(FindingKind.VACANT, f"{FindingKind.VACANT}:room:{room_id}",
                            region_id, agency_id, b_id, room_id, None, _m2(area_c),
                            f"办公室 {b_name} {number}（使用面积 {_fmt(_m2(area_c))} m²）无人使用，"
                            f"{where}（{RULE_ART3}：避免闲置浪费）。", f"{b_name} {number}"))
            continue
        known_c = [c for c in (person_limits[p] for p in seated) if c is not None]
        if not known_c or area_c < sum(known_c):
            continue
        known = [limit for limit in (
            limits.get(agencies[people[p][3]][0], people[p][0], agency_sub[people[p][3]])
            for p in seated) if limit is not None]
        check = rules.check_office_room(usable_area=_m2(area_c), occupant_limits=known)
        if check.status != rules.RoomStatus.OVER:
            continue
        b_name = buildings[b_id][1]
        agency = agency_id or people[seated[0]][3]
        add(FindingData(
            FindingKind.OVER_STANDARD, f"{FindingKind.OVER_STANDARD}:room:{room_id}", region_id,
            agency, b_id, room_id, None, check.excess,
            f"办公室 {b_name} {number} 使用面积 {_fmt(_m2(area_c))} m²，{len(seated)} 人使用，"
            f"人均面积标准合计 {_fmt(check.limit_total)} m²，超出 {_fmt(check.excess)} m²"
            f"（{RULE_STANDARD}）。", f"{b_name} {number}"))

    # 3. People: how many offices, left without vacating, concurrent posts ended.
    posts: dict[int, tuple[int, bool, dt.date | None]] = {}
    approved_current: set[int] = set()
    post_qs = ConcurrentPost.objects.filter(Q(approved=True) | Q(end_date__isnull=False))
    for post_id, person_id, approved, end in _raw(post_qs.values_list(
            "id", "person_id", "approved", "end_date")):
        approved, end = bool(approved), _date(end)
        posts[post_id] = (person_id, approved, end)
        if approved and (end is None or rules.concurrent_office_due(end) >= on):
            approved_current.add(person_id)
    person_subjects: dict[int, str] = {}
    involved = sorted(candidates)
    for chunk in _chunks(involved):
        person_subjects.update(Person.objects.filter(pk__in=chunk).values_list("id", "name"))
    status_labels = dict(PersonStatus.choices)
    for person_id in involved:
        rows = person_rows[person_id]
        rank, status, status_date, agency_id = people[person_id]
        status_date = _date(status_date)
        level, region_id, agency_name = agencies[agency_id]
        if not _in(regions[region_id].path, prefix):
            continue
        name = person_subjects.get(person_id, str(person_id))
        offices = len({room for _, room, _ in rows})
        if status != PersonStatus.SERVING:
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

    # 4. Agencies above their approved area.
    agency_ids = [pk for pk, (_, region_id, _) in agencies.items()
                  if _in(regions[region_id].path, prefix)]
    scoped = Q() if prefix is None else Q(agency__region__path__startswith=prefix)
    used: dict[int, dict[str, int]] = defaultdict(dict)
    for agency_id, btype, area_c in _raw(
            Occupancy.objects.filter(scoped, end_date__isnull=True,
                                     room__use_class__in=BASIC_CLASSES)
            .values_list("agency_id", "room__building__building_type")
            .annotate(a=Sum(_cents("room__usable_area"))).order_by()):
        used[agency_id][btype] = int(area_c or 0)
    rank_counts: dict[int, dict[str, int]] = defaultdict(dict)
    person_scope = Q() if prefix is None else Q(agency__region__path__startswith=prefix)
    for agency_id, rank, n in (
            Person.objects.filter(person_scope, status=PersonStatus.SERVING)
            .values_list("agency_id", "rank").annotate(n=Count("id")).order_by()):
        rank_counts[agency_id][rank] = n
    service = rules.configured_service_area_per_person()
    for agency_id in agency_ids:
        by_type = used.get(agency_id)
        if not by_type:
            continue
        level, region_id, agency_name = agencies[agency_id]
        used_c = sum(by_type.values())
        btype = max(sorted(by_type), key=lambda t: by_type[t])
        approval = agency_approval(level=level,
                                   region_sub_provincial=_is_sub_provincial(regions, region_id),
                                   rank_counts=rank_counts.get(agency_id, {}),
                                   building_type=btype, limits=limits, service=service)
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
            f"设备用房 {_fmt(a.equipment)}；在职 {approval.headcount} 人，"
            f"{LEVEL_LABELS.get(level, level)}机关），超出 {_fmt(excess)} m²（{RULE_ART19}）。",
            agency_name))

    return out, dict(tallies)


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


def _task(finding: Finding, subject: str, actor_obj: Any) -> Task:
    title = f"整改：{finding.get_kind_display()}——{subject}"[:200]
    return Task(kind=TASK_KIND, title=title, detail=finding.detail,
                assignee_role=Role.AGENCY_REPORTER if finding.agency_id else Role.BUREAU_STAFF,
                region_id=finding.region_id, agency_id=finding.agency_id,
                subject_type=SUBJECT_TYPE, subject_id=str(finding.pk),
                subject_url=reverse("space_compliance:finding_detail", args=[finding.pk]),
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


def sync(*, region_path: str | None = None, actor: Any = None, on: dt.date | None = None
         ) -> SyncResult:
    """Bring the findings of the subtree at ``region_path`` (None: everything) in line with
    the register: new ones are created (with a to-do), gone ones close (已整改, their to-do
    done), returning ones reopen (待整改, a new to-do, reopen count + 1)."""
    started = time.perf_counter()
    today = on or timezone.localdate()
    data, tallies = _compute(region_path=region_path, on=today)
    regions = _regions()
    now = timezone.now()
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    due = today + dt.timedelta(days=rectification_days())
    result = SyncResult()
    with transaction.atomic():
        existing_qs = Finding.objects.all()
        if region_path:
            existing_qs = existing_qs.filter(region_path__startswith=region_path)
        columns = ("id", "key", "status", "reopen_count", *_FIELDS)
        existing = {row[1]: row for row in _raw(existing_qs.values_list(*columns))}
        if region_path:  # a finding whose subject moved in from elsewhere
            strays = [k for k in data if k not in existing]
            for chunk in _chunks(strays):
                existing.update({row[1]: row for row in
                                 Finding.objects.filter(key__in=chunk).values_list(*columns)})
        to_create: list[Finding] = []
        to_update: list[Finding] = []
        reopened: list[Finding] = []
        for key, f in data.items():
            path = regions[f.region_id].path
            city, county = region_codes(path)
            values = {"region_id": f.region_id, "agency_id": f.agency_id,
                      "building_id": f.building_id, "room_id": f.room_id,
                      "person_id": f.person_id, "measure": f.measure, "detail": f.detail}
            row = existing.get(key)
            if row is None:
                to_create.append(Finding(
                    kind=f.kind, key=key, region_path=path, city_code=city, county_code=county,
                    status=FindingStatus.OPEN, first_seen_at=now, last_seen_at=now,
                    due_date=due, created_by=actor_obj, updated_by=actor_obj, **values))
                continue
            pk, _, status, reopen_count = row[:4]
            old = dict(zip(_FIELDS, row[4:], strict=True))
            old["measure"] = _decimal(old["measure"])
            changed = any(old[name] != values[name] for name in _FIELDS)
            if status in ACTIVE_FINDING_STATUSES:
                if changed:
                    to_update.append(Finding(pk=pk, region_path=path, city_code=city,
                                             county_code=county, last_seen_at=now,
                                             updated_at=now, **values))
                else:
                    result.unchanged += 1
                continue
            reopened.append(Finding(
                pk=pk, kind=f.kind, key=key, region_path=path, city_code=city,
                county_code=county, status=FindingStatus.OPEN, last_seen_at=now,
                resolved_at=None, verified_at=None, verified_by=None,
                reopen_count=reopen_count + 1, due_date=due, updated_at=now,
                updated_by=actor_obj, **values))
        gone = [row[0] for key, row in existing.items()
                if key not in data and row[2] in ACTIVE_FINDING_STATUSES]

        Finding.objects.bulk_create(to_create, batch_size=2000)
        if to_update:
            Finding.objects.bulk_update(
                to_update, ["region_path", "city_code", "county_code", "last_seen_at",
                            "updated_at", *(n.removesuffix("_id") for n in _FIELDS)],
                batch_size=500)
        if reopened:
            Finding.objects.bulk_update(
                reopened, ["status", "region_path", "city_code", "county_code", "last_seen_at",
                           "resolved_at", "verified_at", "verified_by", "reopen_count",
                           "due_date", "updated_at", "updated_by",
                           *(n.removesuffix("_id") for n in _FIELDS)], batch_size=500)
        for chunk in _chunks(gone):
            Finding.objects.filter(pk__in=chunk).update(
                status=FindingStatus.FIXED, resolved_at=now, updated_at=now, updated_by=actor_obj)
        _close_tasks(gone, actor_obj, now)
        seen = Finding.objects.active().exclude(last_seen_at=now)
        if region_path:
            seen = seen.filter(region_path__startswith=region_path)
        seen.update(last_seen_at=now)

        new = [*to_create, *reopened]
        if new and not all(f.pk for f in to_create):  # a backend that returns no ids
            ids = dict(Finding.objects.filter(key__in=[f.key for f in to_create])
                       .values_list("key", "id"))
            for created in to_create:
                created.pk = ids[created.key]
        if reopened:
            _close_tasks([f.pk for f in reopened], actor_obj, now)  # stale ones, if any
        Task.objects.bulk_create([_task(f, data[f.key].subject, actor_obj) for f in new],
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
    """The bureau confirms a rectification the data shows: 已整改 → 已核验."""
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
                               rank_counts=rank_counts, building_type=btype, limits=limits)
    used_basic = sum((used[c] for c in BASIC_CLASSES), ZERO)
    return AgencyReport(agency, rooms, approval, dict(used), used_basic, list(findings))
