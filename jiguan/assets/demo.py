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
from jiguan.space.register.models import Building

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
    cards: int = 0
    matters: int = 0


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
    load_cards(rng, agencies[:12], result)
    return result


# -- the units' own state assets (cards branch, jiguan/assets/cards) --------------------------

# (class code, name, per how many people one, unit value range in yuan)
CARD_KINDS = (("2010104", "台式计算机", 1, (3800, 4900)),
              ("2010105", "便携式计算机", 4, (5200, 6900)),
              ("20106", "激光打印机", 4, (900, 1900)), ("20204", "多功能一体机", 20, (9000, 22000)),
              ("60102", "办公桌", 1, (900, 2600)), ("60103", "办公椅", 1, (300, 750)),
              ("60105", "文件柜", 2, (600, 1400)), ("20301", "公务用车（轿车）", 25,
                                                     (150000, 260000)))


def load_cards(rng: random.Random, agencies: list[Agency], result: AssetsDemoResult) -> None:
    """A few units' asset registers (cards within the standards, a building card where the
    unit uses a register building), and their matters: a scrapping the unit decided, a sale
    approved by the bureau and carried out, a disposal waiting for approval (a to-do), and a
    vehicle lent out."""
    from jiguan.assets.cards import actions as cards
    from jiguan.assets.cards.models import AssetCard, AssetClass

    classes = {c.code: c for c in AssetClass.objects.all()}
    if not classes:
        return
    today = dt.date.today()
    waiting = min(3, len(agencies) - 1)     # this unit's matter waits for the bureau
    for i, agency in enumerate(agencies):
        people = max(agency.actual_headcount or 10, 5)
        made: list[AssetCard] = []
        for code, name, per, (low, high) in CARD_KINDS:
            for k in range(max(people // per // 3, 1)):
                made.append(cards.card_create(data={
                    "card_no": f"{agency.region.code}-{i:02d}-{code}-{k + 1:03d}",
                    "asset_class": classes[code], "name": name, "quantity": 1,
                    "value": Decimal(rng.randint(low, high)),
                    "acquired_on": dt.date(rng.randint(2016, today.year - 1),
                                           rng.randint(1, 12), rng.randint(1, 28)),
                    "agency": agency}, actor=None))
        building = (Building.objects.filter(rooms__occupancies__agency=agency,
                                            rooms__occupancies__end_date__isnull=True,
                                            asset_card_no="").distinct().first())
        if building is not None:
            made.append(cards.card_create(data={
                "card_no": f"{agency.region.code}-{i:02d}-FW", "asset_class": classes["10201"],
                "name": "", "quantity": 1,
                "value": building.book_value or Decimal(rng.randint(800, 5000) * 10000),
                "acquired_on": dt.date(2005 + i, 6, 30), "agency": agency,
                "building": building}, actor=None))
        result.cards += len(made)
        if i > waiting:
            continue
        small = [c for c in made if c.asset_class.code in ("2010104", "60103")][:3]
        matter = cards.matter_submit(agency=agency, kind="scrap", cards=small,
                                     reason="超过最低使用年限且无法修复", actor=None)
        cards.matter_execute(matter=matter, done_on=today - dt.timedelta(days=30 + i),
                             actor=None)
        car = next(c for c in made if c.asset_class.code == "20301")
        if i == 0:
            matter = cards.matter_submit(agency=agency, kind="lend", cards=[car],
                                         counterparty="省应急管理厅", reason="防汛保障临时借用",
                                         start_date=today - dt.timedelta(days=20),
                                         end_date=today + dt.timedelta(days=40), actor=None)
        else:
            shelves = cards.card_create(data={
                "card_no": f"{agency.region.code}-{i:02d}-MJJ", "asset_class": classes["204"],
                "name": "档案密集架（整套）", "quantity": 1, "value": Decimal("680000"),
                "acquired_on": dt.date(2015, 3, 1), "agency": agency}, actor=None)
            result.cards += 1
            if i != waiting:   # above the bureau's limit: approved, then carried out
                matter = cards.matter_submit(
                    agency=agency, kind="sale", cards=[car, shelves],
                    counterparty="省公共资源交易中心", reason="机构改革后闲置，公开拍卖",
                    actor=None)
            else:       # waits for the bureau (its to-do stays open)
                matter = cards.matter_submit(
                    agency=agency, kind="transfer", cards=[shelves], counterparty="省档案馆",
                    reason="机构改革后闲置，调剂使用", actor=None)
        result.matters += 2
        approver = _approver()
        if i == waiting or approver is None:
            continue
        while matter.status == "approving":
            matter = cards.matter_approve(matter=matter, note="同意", actor=approver)
        cards.matter_execute(matter=matter, done_on=today - dt.timedelta(days=10),
                             document=f"演示〔{today.year}〕{i + 10}号", actor=approver)


def _approver() -> User | None:
    """The province's assets division approves the demo's matters (any level)."""
    province = Region.objects.filter(code=PROVINCE_CODE).first()
    grant = (Grant.objects.active().filter(region=province, role__in=(
        Role.ASSETS_STAFF, Role.PROVINCE_ADMIN)).select_related("user").order_by("pk").first())
    return grant.user if grant is not None else None
