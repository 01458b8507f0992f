"""Deterministic demo office space for the demo agencies: buildings, rooms, allocations and
seats, with a realistic share of problems (over-standard offices, vacant rooms, a meeting room
used as an office, an unregistered building) so every page has something to show.

Demo seeding, like the orgs demo, writes straight to the tables (bulk, no audit rows); the
findings are then computed by the real compliance engine."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.orgs.models import Agency, Bureau, Person
from jiguan.space.compliance.models import Finding, FindingKind
from jiguan.space.optimiser.actions import plan_solve
from jiguan.space.optimiser.models import Plan
from jiguan.space.register.models import (
    Building,
    Floor,
    Occupancy,
    Occupant,
    Room,
    UseClass,
    person_office_limit,
)

AGENCIES_PER_BUILDING = 4


TWO = Decimal("0.01")


@dataclass
class SpaceDemoResult:
    buildings: int = 0
    rooms: int = 0
    occupants: int = 0


def _limit(person: Person, agency: Agency) -> Decimal:
    person.agency = agency  # already loaded with its region
    return person_office_limit(person) or Decimal(9)


@transaction.atomic
def load(seed: int = 1) -> SpaceDemoResult:
    rng = random.Random(seed)  # noqa: S311  (deterministic demo data, not security)
    today = timezone.localdate()
    start = today.replace(year=today.year - 2, month=1, day=1)
    agencies = list(Agency.objects.active().select_related("region", "region__parent")
                    .order_by("region__code", "pk"))
    people: dict[int, list[Person]] = defaultdict(list)
    for p in Person.objects.filter(status="serving").order_by("agency_id", "pk"):
        people[p.agency_id].append(p)
    bureaus = {b.region_id: b.name for b in Bureau.objects.all()}
    by_region: dict[int, list[Agency]] = defaultdict(list)
    for a in agencies:
        by_region[a.region_id].append(a)

    result = SpaceDemoResult()
    serial = 0
    for region_agencies in by_region.values():
        for i in range(0, len(region_agencies), AGENCIES_PER_BUILDING):
            group = region_agencies[i:i + AGENCIES_PER_BUILDING]
            region = group[0].region
            serial += 1
            registered = rng.random() > 0.1
            floors_above = rng.randint(4, 12)
            building = Building.objects.create(
                code=f"{region.code}-{serial:04d}", name=f"{region.name}行政中心{serial}号楼",
                address=f"{region.name}人民路{rng.randint(1, 300)}号", region=region,
                owner=bureaus.get(region.pk, "") if registered else group[0].name,
                registration_status="registered" if registered else "unregistered",
                property_cert_no=f"浙({today.year - 5})不动产权第{rng.randint(10**6, 10**7)}号"
                if registered else "",
                building_area=Decimal(20000), floors_above=floors_above,
                floors_below=1, year_built=rng.randint(1995, 2018),
                building_type="high" if floors_above > 8 else "multi")
            result.buildings += 1
            floors = {n: Floor.objects.create(building=building, number=n)
                      for n in range(1, floors_above + 1)}
            rooms, occupancies, seats = _rooms_for(rng, building, floors, group, people, start)
            result.rooms += len(rooms)
            result.occupants += len(seats)
            Occupancy.objects.bulk_create(occupancies)
            Occupant.objects.bulk_create(seats)
            total = sum((r.usable_area for r in rooms), Decimal(0))
            building.building_area = (total * Decimal("1.6")).quantize(TWO)
            building.cert_building_area = building.building_area if registered else None
            building.save(update_fields=["building_area", "cert_building_area"])
    return result


def _rooms_for(rng: random.Random, building: Building, floors: dict[int, Floor],
               group: list[Agency], people: dict[int, list[Person]], start: Any
               ) -> tuple[list[Room], list[Occupancy], list[Occupant]]:
    rooms: list[Room] = []
    occupancies: list[Occupancy] = []
    seats: list[Occupant] = []
    floor_no, room_no = 1, 1

    def new_room(use_class: str, subtype: str, area: Decimal) -> Room:
        nonlocal floor_no, room_no
        if room_no > 30:
            floor_no, room_no = min(floor_no + 1, max(floors)), 1
        room = Room.objects.create(building=building, floor=floors[floor_no],
                                   number=f"{floor_no}{room_no:02d}", use_class=use_class,
                                   subtype=subtype, usable_area=area.quantize(TWO))
        room_no += 1
        rooms.append(room)
        return room

    for agency in group:
        staff = people.get(agency.pk, [])
        # Leaders alone, others two or three to a room.
        queue = list(staff)
        while queue:
            person = queue.pop(0)
            limit = _limit(person, agency)
            mates = [] if limit >= 18 else [queue.pop(0) for _ in range(min(len(queue),
                                                                             rng.randint(1, 2)))]
            total = limit + sum((_limit(m, agency) for m in mates), Decimal(0))
            factor = Decimal(str(rng.choice([0.8, 0.9, 0.95, 1.0, 1.0, 1.0, 1.15, 1.3])))
            room = new_room(UseClass.OFFICE, "", total * factor)
            occupancies.append(Occupancy(room=room, agency=agency, start_date=start))
            for p in (person, *mates):
                seats.append(Occupant(room=room, person=p, start_date=start))
        meeting = new_room(UseClass.SERVICE, "会议室", Decimal(rng.randint(30, 80)))
        occupancies.append(Occupancy(room=meeting, agency=agency, start_date=start))
        if staff and rng.random() < 0.1:  # a meeting room turned into an office
            seats.append(Occupant(room=meeting, person=staff[-1], start_date=start))
        archive = new_room(UseClass.SERVICE, "档案室", Decimal(rng.randint(15, 40)))
        occupancies.append(Occupancy(room=archive, agency=agency, start_date=start))
        if rng.random() < 0.3:  # an allocated office nobody sits in
            spare = new_room(UseClass.OFFICE, "", Decimal(rng.randint(12, 24)))
            occupancies.append(Occupancy(room=spare, agency=agency, start_date=start))
    new_room(UseClass.EQUIPMENT, "变配电室", Decimal(40))
    new_room(UseClass.ANCILLARY, "食堂", Decimal(300))
    return rooms, occupancies, seats


@dataclass
class WorkflowDemoResult:
    projects: int = 0
    batches: int = 0


def _demo_user(username: str) -> Any:
    from jiguan.access.models import User

    return User.objects.filter(username=username, is_active=True).first()


def load_workflows() -> WorkflowDemoResult:
    """Planning-and-construction projects and asset-transfer batches in Xihu, each at a
    different step, made through the real actions (audit rows and to-dos included) by the
    demo accounts: a completed project (its building and rooms in the register), one waiting
    for the Hangzhou bureau's review, a draft; a booked transfer batch, one waiting for the
    agency (demo_reporter) and one for the finance department (demo_finance)."""
    from jiguan.access.models import Grant, Region
    from jiguan.space.projects import actions as projects
    from jiguan.space.projects.forms import parse_rooms
    from jiguan.space.projects.queries import agency_areas
    from jiguan.space.register import actions as register
    from jiguan.space.transfers import actions as transfers

    result = WorkflowDemoResult()
    xihu, hangzhou = _demo_user("demo_xihu"), _demo_user("demo_hangzhou")
    reporter, finance = _demo_user("demo_reporter"), _demo_user("demo_finance")
    region = Region.objects.filter(code="330106").first()
    if None in (xihu, hangzhou, region):
        return result
    agencies = list(Agency.objects.active().filter(region=region).order_by("pk")[:3])
    if not agencies:
        return result
    today = timezone.localdate()
    approved = sum((a.approved for a in agency_areas(agencies, "multi")), Decimal(0))
    area = (approved * Decimal("0.9")).quantize(Decimal(1))
    if area < 100:
        return result
    amount = (area * Decimal(6000)).quantize(TWO)
    steps = [("JS-330106-2024-01", "西湖区机关综合楼新建项目", "new", "completed"),
             ("JS-330106-2025-01", "西湖区机关档案用房扩建项目", "extend", "submitted"),
             ("JS-330106-2025-02", "西湖区政务服务用房购置项目", "purchase", "draft")]
    for code, name, kind, step in steps:
        p = projects.project_create(data={
            "code": code, "name": name, "kind": kind, "region": region,
            "agencies": [a.credit_code for a in agencies], "building_type": "multi",
            "address": "杭州市西湖区文三路", "planned_area": area, "planned_amount": amount,
            "reason": "现有办公用房分散、老旧，拟入驻单位核定面积不足"}, actor=xihu)
        projects.document_save(project=p, data={
            "kind": "proposal", "number": f"西发改投〔{today.year}〕{result.projects + 11}号",
            "issued_on": today, "approved_area": area, "approved_amount": amount}, actor=xihu)
        projects.funding_add(project=p, source="budget", amount=amount,
                             document=f"西财预〔{today.year}〕{result.projects + 3}号", actor=xihu)
        result.projects += 1
        if step == "draft":
            continue
        projects.project_submit(project=p, actor=xihu)
        if step == "submitted":
            continue
        projects.project_approve(project=p, actor=hangzhou)
        for doc_kind, n in (("feasibility", 21), ("design", 31)):
            projects.document_save(project=p, data={
                "kind": doc_kind, "number": f"西发改投〔{today.year}〕{n}号", "issued_on": today,
                "approved_area": area, "approved_amount": amount}, actor=xihu)
        projects.project_start(project=p, started_on=today, actor=xihu)
        office = (area * Decimal("0.5") / 20).quantize(Decimal(1))
        lines = [f"1 101 服务用房 {min(area * Decimal('0.05'), Decimal(120)):.2f} 会议室"]
        lines += [f"{2 + i // 10} {201 + i // 10 * 100 + i % 10} 办公室 18" for i in
                  range(int(min(office, Decimal(40))))]
        projects.rooms_set(project=p, rows=parse_rooms("\n".join(lines)), actor=xihu)
        projects.project_complete(project=p, data={
            "building_code": "330106-JS01", "building_name": "西湖区机关综合楼",
            "floors_above": 6, "floors_below": 1, "actual_area": area,
            "final_cost": (amount * Decimal("0.97")).quantize(TWO), "completed_on": today},
            actor=xihu)

    grant = Grant.objects.active().filter(user=reporter).select_related("agency").first() \
        if reporter else None
    agency = grant.agency if grant and grant.agency else agencies[0]
    buildings = list(Building.objects.filter(region=region).exclude(code="330106-JS01")
                     .order_by("code")[:3])
    for n in range(len(buildings) + 1, 4):  # the agency's own buildings, still on its books
        buildings.append(register.building_create(data={
            "code": f"330106-DW{n:02d}", "name": f"{agency.name}自有办公楼{n}号",
            "address": f"杭州市西湖区天目山路{n * 17}号", "region": region, "owner": agency.name,
            "building_area": Decimal(1800 + 400 * n), "floors_above": 4 + n,
            "year_built": 2000 + n}, actor=xihu))
    for n, b in enumerate(buildings, start=1):
        batch = transfers.batch_create(data={
            "number": f"YJ-330106-{today.year}-{n:02d}", "region": region,
            "agency": agency.credit_code, "transfer_date": today.replace(day=1),
            "note": "办公用房统一权属登记移交"}, actor=xihu)
        original = (b.building_area * Decimal(4500)).quantize(TWO)
        transfers.item_add(batch=batch, data={
            "building_code": b.code, "original_value": original,
            "depreciation": (original * Decimal("0.3")).quantize(TWO),
            "from_card_no": f"{agency.credit_code[-6:]}-{n:03d}",
            "new_card_no": f"JG-330106-{n:04d}"}, actor=xihu)
        transfers.batch_submit(batch=batch, actor=xihu)
        result.batches += 1
        if n == 2 or reporter is None or grant is None:
            continue  # waits for the agency
        transfers.agency_confirm(batch=batch, actor=reporter)
        if n == 3 or finance is None:
            continue  # waits for the finance department
        transfers.finance_confirm(batch=batch, voucher_no=f"记-{today.year}-0{n}",
                                  booked_on=today, actor=finance)
    return result
class CasesDemoResult:
    allocations: int = 0
    returns: int = 0


def load_cases() -> CasesDemoResult:
    """A few allocation and return cases in Hangzhou, through the real actions (so the
    to-dos, audit rows and occupancies are what a user's clicks would make): a return of an
    over-standard room taken back (the room becomes vacant), the demo reporter's application
    approved with that room (the reporter is to confirm moving in), applications of other
    agencies waiting for review and sent back, and the returns a scan of Hangzhou finds (a
    retired person's office overdue among them). Needs the demo accounts (manage.py demo);
    without them, nothing is made."""
    from datetime import timedelta

    from jiguan.access.models import Region, User
    from jiguan.orgs.demo import HANGZHOU_CODE, reporter_agency
    from jiguan.space.allocation import actions as alloc
    from jiguan.space.compliance.models import Finding, FindingKind
    from jiguan.space.returns import actions as returns

    result = CasesDemoResult()
    bureau = User.objects.filter(username="demo_hangzhou").first()
    reporter = User.objects.filter(username="demo_reporter").first()
    home = reporter_agency()
    region = Region.objects.filter(code=HANGZHOU_CODE).first()
    if bureau is None or reporter is None or home is None or region is None \
            or not home.region.path.startswith(region.path):
        return result
    today = timezone.localdate()
    others = list(Agency.objects.active().filter(region=home.region).exclude(pk=home.pk)
                  .order_by("pk")[:2])
    over = (Finding.objects.filter(kind=FindingKind.OVER_STANDARD, status="open",
                                   region_path__startswith=region.path, room__isnull=False,
                                   agency__isnull=False)
            .exclude(agency=home).select_related("agency", "room").order_by("-measure", "pk")
            .first())
    with transaction.atomic():
        if over is not None and over.agency is not None and over.room is not None:
            back = returns.return_open(agency=over.agency, reason="over_standard",
                                       rooms=[over.room], finding=over, actor=bureau,
                                       detail=over.detail)
            returns.return_report(case=back, note="人员已调整至其他办公室", actor=bureau)
            returns.return_accept(case=back, on=today - timedelta(days=1), actor=bureau)
            result.returns += 1
        staff = list(Person.objects.filter(agency=home, status="serving").order_by("pk")[:3])
        if staff:
            case = alloc.allocation_apply(agency=home, reason="新设科室，需安排办公室",
                                          people=staff[:1], actor=reporter)
            result.allocations += 1
            if over is not None and over.room is not None:
                alloc.allocation_review(case=case, method="reallocate", rooms=[over.room],
                                        note="调剂收回的超标用房", actor=bureau)
                alloc.allocation_approve(case=case, actor=bureau)
        for i, agency in enumerate(others):
            people = list(Person.objects.filter(agency=agency, status="serving")
                          .order_by("pk")[:2])
            if not people:
                continue
            sent = alloc.allocation_apply(agency=agency, reason="人员增加，现有用房不足",
                                          people=people, actor=bureau)
            result.allocations += 1
            if i == 1:
                alloc.allocation_send_back(case=sent, reason="请附编制部门批复", actor=bureau)
        if len(staff) > 1:
            Person.objects.filter(pk=staff[-1].pk).update(
                status="retired", status_date=today - timedelta(days=50))
    result.returns += returns.returns_scan(region=region, actor=bureau)
    return result


def optimiser_plan() -> Plan | None:
    """A solved reallocation plan for the county with the most to gain (over-standard or
    misused rooms, and vacant offices to move into), so the optimiser's page has a plan to
    show (filed by nobody: demo data, like the rest)."""
    problems: dict[str, int] = defaultdict(int)
    vacant: dict[str, int] = defaultdict(int)
    for code, kind, n in (Finding.objects.exclude(county_code="")
                          .filter(kind__in=(FindingKind.OVER_STANDARD, FindingKind.VACANT,
                                            FindingKind.USE_AGAINST_CLASS))
                          .values_list("county_code", "kind").annotate(n=Count("id"))):
        if kind == FindingKind.VACANT:
            vacant[code] += n
        else:
            problems[code] += n
    best = sorted(problems, key=lambda c: (-min(problems[c], vacant[c]), -problems[c], c))
    region = Region.objects.filter(code=best[0]).first() if best else None
    if region is None:
        return None
    plan = Plan.objects.create(region=region, stage="排队等待求解")
    return plan_solve(plan.pk)
