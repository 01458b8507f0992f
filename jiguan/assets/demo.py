"""Demo data for state assets (`manage.py assets_demo --seed N`): the seed's decoupling of
operating properties — 62 training centres, guesthouses, hotels, sanatoriums and other
entities, in three batches of the province's programme, every one transferred or closed and
taken over by 浙勤集团 (../shared/seed/README.md). Everything goes through the actions, so
the steps, the to-dos (opened and closed), the register's buildings and the audit trail
are real. The demo administrator also gets the assets-division role."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jiguan.access.accounts.actions import grant_create
from jiguan.access.models import Grant, Region, User
from jiguan.access.roles import Role
from jiguan.assets.entities import actions
from jiguan.assets.entities.models import Entity, EntityKind, Route, Step, StepKind
from jiguan.assets.supervision import demo as supervision_demo
from jiguan.assets.supervision.demo import SupervisionDemoResult
from jiguan.orgs.demo import PROVINCE_CODE
from jiguan.orgs.models import Agency
from jiguan.orgs.rules import credit_code_check_char, org_code_check_char
from jiguan.space.register.actions import building_create

ENTITIES = 62
# (kind, how many, name suffix): 62 in all, as the seed says.
KINDS = ((EntityKind.GUESTHOUSE, 22, "招待所"), (EntityKind.TRAINING, 18, "培训中心"),
         (EntityKind.HOTEL, 12, "宾馆"), (EntityKind.SANATORIUM, 4, "疗养院"),
         (EntityKind.OTHER, 6, "综合服务中心"))
# (route, how many): most are transferred to the group; the rest closed, merged or handed
# over to the group's own companies.
ROUTES = ((Route.TRANSFER, 40), (Route.DISSOLVE, 12), (Route.MERGE, 6), (Route.HANDOVER, 4))
# (number, name, start, deadline, how many entities)
BATCHES = ((1, "首批", dt.date(2019, 7, 1), dt.date(2019, 12, 31), 24),
           (2, "第二批", dt.date(2020, 3, 1), dt.date(2020, 9, 30), 22),
           (3, "第三批", dt.date(2020, 10, 1), dt.date(2021, 6, 30), 16))
GROUP = "浙勤集团"
HANDOVER_TO = "浙勤集团酒店管理有限公司"


@dataclass
class AssetsDemoResult:
    entities: int = 0
    batches: int = 0
    closed: int = 0
    buildings: int = 0
    supervision: SupervisionDemoResult | None = None


def loaded() -> bool:
    return Entity.objects.exists()


def credit_code(region_code: str, serial: int, category: str) -> str:
    org8 = f"A{serial:07d}"
    first17 = f"{category}{region_code}{org8}{org_code_check_char(org8)}"
    return first17 + credit_code_check_char(first17)


def _extra(kind: str, entity: Entity, rng: random.Random, n: int) -> dict[str, Any]:
    if kind == StepKind.APPRAISAL:
        rate = Decimal(rng.randint(85, 125)) / 100
        return {"appraised_value": (entity.book_value * rate).quantize(Decimal("0.01")),
                "documents": f"浙勤评报字〔{2019 + n // 24}〕{n + 1}号"}
    if kind == StepKind.PLACEMENT:
        retired = entity.staff_count // 5
        other = entity.staff_count // 10
        return {"placed": entity.staff_count - retired - other, "retired": retired,
                "other": other, "documents": "职工安置方案（职代会通过）"}
    if kind == StepKind.AGREEMENT:
        return {"documents": f"划转协议 ZQ-{n + 1:03d}"}
    if kind == StepKind.REGISTRATION:
        return {"documents": "市场监管部门变更（注销）登记通知书"}
    if kind == StepKind.AUDIT:
        return {"documents": f"专项审计报告 SJ-{n + 1:03d}"}
    return {}


def _assets_role() -> None:
    user = User.objects.filter(username="demo_admin").first()
    granter = User.objects.filter(username="demo_secadmin").first()
    province = Region.objects.filter(code=PROVINCE_CODE).first()
    if user is None or granter is None or province is None:
        return
    if not Grant.objects.active().filter(user=user, role=Role.ASSETS_STAFF).exists():
        grant_create(user=user, role=Role.ASSETS_STAFF, region=province, actor=granter)


def load(seed: int = 1) -> AssetsDemoResult:
    rng = random.Random(seed)  # noqa: S311  (demo data, not security)
    result = AssetsDemoResult()
    province = Region.objects.filter(code=PROVINCE_CODE).first()
    agencies = list(Agency.objects.filter(level__in=("province", "city"), status="active")
                    .select_related("region").order_by("level", "pk")[:200])
    if province is None or not agencies:
        return result
    _assets_role()
    programme = actions.programme_create(
        region=province, name="省级党政机关和事业单位经营性资产集中统一监管（脱钩划转）",
        doc_no="演示〔2019〕1号", receiver=GROUP, started_on=BATCHES[0][2], actor=None)
    batches = []
    for number, name, start, deadline, count in BATCHES:
        batches.append((actions.batch_create(programme=programme, number=number, name=name,
                                             start_date=start, deadline=deadline, actor=None),
                        count))
        result.batches += 1
    kinds = [(k, suffix) for k, n, suffix in KINDS for _ in range(n)]
    routes = [r for r, n in ROUTES for _ in range(n)]
    rng.shuffle(kinds)
    rng.shuffle(routes)
    slots = [b for b, n in batches for _ in range(n)]
    assert len(kinds) == len(routes) == len(slots) == ENTITIES
    first_of_kind: dict[str, Entity] = {}
    for n in range(ENTITIES):
        kind, suffix = kinds[n]
        agency = agencies[(n * 7) % len(agencies)]
        staff = rng.randint(8, 160)
        book = Decimal(rng.randint(300, 30000) * 1000)
        name = f"{agency.name}{suffix}" if n < len(agencies) else f"{agency.name}第{n}{suffix}"
        buildings = []
        if n % 4 == 0:
            buildings.append(building_create(data={
                "code": f"JY-{n + 1:03d}", "name": f"{name}主楼", "region": agency.region,
                "building_area": Decimal(rng.randint(1500, 12000)),
                "floors_above": rng.randint(3, 12), "use": "technical",
                "owner": agency.name, "book_value": book}, actor=None))
            result.buildings += 1
        entity = actions.entity_create(data={
            "name": name, "credit_code": credit_code(agency.region.code, n + 1,
                                                     "91" if kind == EntityKind.HOTEL else "12"),
            "kind": kind, "agency": agency, "book_value": book, "staff_count": staff,
            "revenue_last_year": (book * Decimal(rng.randint(10, 60)) / 100).quantize(
                Decimal("0.01"))}, buildings=buildings, actor=None)
        route = routes[n]
        receiver = ""
        if route == Route.MERGE:
            survivor = first_of_kind.get(kind)
            receiver = survivor.name if survivor is not None else f"{GROUP}{suffix}管理公司"
        elif route == Route.HANDOVER:
            receiver = HANDOVER_TO
        first_of_kind.setdefault(kind, entity)
        actions.entity_assign(entity=entity, batch=slots[n], route=route, receiver=receiver,
                              actor=None)
        for step in Step.objects.filter(entity=entity).order_by("order"):
            actions.step_complete(step=step, done_on=step.due_date, actor=None,
                                  **_extra(step.kind, entity, rng, n))
        result.entities += 1
        result.closed += 1
    # supervision (branch supervision): the holdings' statements, matters and boards
    result.supervision = supervision_demo.load(rng, province)
    return result
