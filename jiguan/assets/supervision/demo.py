"""Demo data of the supervision (called by jiguan/assets/demo.py after the transfer): the
group's holdings' annual statements 2022–2025 (a few not maintaining their capital or
over-indebted, so the warnings list and the bureau's to-dos are not empty), major-matter
reports on either side of the threshold, and two external supervisory boards — hotels and
real estate/other, as the seed names them — with members from the people register,
meetings, reports and issues (some answered, some open). Everything through the actions."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from jiguan.access.models import Region
from jiguan.assets.entities.models import Entity, EntityKind, EntityStatus
from jiguan.assets.supervision import actions
from jiguan.orgs.models import Person

YEARS = (2022, 2023, 2024, 2025)
CENT = Decimal("0.01")


@dataclass
class SupervisionDemoResult:
    statements: int = 0
    warnings: int = 0
    matters: int = 0
    boards: int = 0
    issues: int = 0


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT)


def _statements(entity: Entity, rng: random.Random, n: int, result: SupervisionDemoResult
                ) -> None:
    equity = _money(entity.book_value * Decimal(rng.randint(55, 80)) / 100)
    start = _money(equity * Decimal("0.97"))
    revenue = entity.revenue_last_year or _money(entity.book_value / 4)
    weak = n % 7 == 3  # a holding that loses capital in its last year
    indebted = n % 9 == 5  # and one that borrows heavily
    for year in YEARS:
        growth = Decimal(rng.randint(-2, 8)) / 100
        if weak and year == YEARS[-1]:
            growth = Decimal(rng.randint(-12, -4)) / 100
        profit = _money(equity * growth)
        revenue = _money(revenue * Decimal(rng.randint(95, 112)) / 100)
        new_equity = _money(equity + profit)
        debt_share = Decimal(rng.randint(25, 60)) / 100
        if indebted and year >= 2024:
            debt_share = Decimal(rng.randint(74, 82)) / 100
        total = _money(new_equity / (1 - debt_share))
        injected = _money(equity * Decimal("0.05")) if n % 11 == 0 and year == 2024 else 0
        st, _ = actions.statement_save(entity=entity, year=year, period="annual", data={
            "revenue": revenue, "profit": profit, "total_assets": total,
            "liabilities": total - new_equity - Decimal(injected),
            "equity": new_equity + Decimal(injected),
            "equity_start": start if year == YEARS[0] else None,
            "capital_injected": Decimal(injected), "capital_withdrawn": Decimal(0)},
            actor=None)
        result.statements += 1
        if st.warnings:
            result.warnings += 1
            if year < YEARS[-1]:  # the older warnings have been checked
                actions.statement_review(statement=st, note="已约谈企业，原因已说明",
                                         reviewed_on=dt.date(year + 1, 5, 20), actor=None)
        equity = new_equity + Decimal(injected)


MATTERS = (("investment", "投资设立酒店管理子公司", Decimal("12000000")),
           ("guarantee", "为子公司银行贷款提供担保", Decimal("8000000")),
           ("asset_sale", "转让闲置培训楼", Decimal("26500000")),
           ("investment", "客房装修改造", Decimal("1800000")),
           ("asset_sale", "处置报废车辆", Decimal("320000")),
           ("guarantee", "为联营企业提供担保", Decimal("6000000")))


def _board(name: str, companies: list[Entity], people: list[Person], region: Region,
           rng: random.Random, result: SupervisionDemoResult) -> None:
    board = actions.board_create(region=region, name=name, formed_on=dt.date(2021, 9, 1),
                                 companies=companies, note="由省机关事务管理局派出", actor=None)
    result.boards += 1
    roles = ("chair", "full_time", "part_time")
    for role, person in zip(roles, people, strict=False):
        actions.member_add(board=board, role=role, person=person,
                           appointed_on=dt.date(2021, 9, 1), actor=None)
    actions.member_add(board=board, role="staff", name="职工代表",
                       appointed_on=dt.date(2021, 9, 1), actor=None)
    for year in (2023, 2024, 2025):
        actions.meeting_add(board=board, held_on=dt.date(year, 3, 15),
                            subject=f"审议{year - 1}年度财务决算和监督检查计划", actor=None)
        actions.report_add(board=board, title=f"{year - 1}年度监督检查报告",
                           period=f"{year - 1}年度", submitted_on=dt.date(year, 4, 30),
                           summary="财务状况总体平稳；提出问题见问题清单。", actor=None)
    problems = ("应收账款长期挂账，清收不力", "对外担保未履行内部决策程序",
                "部分房产出租未经评估定价", "固定资产账实不符")
    for i, company in enumerate(companies[:4]):
        raised = dt.date(2025, 4, 30)
        issue = actions.issue_raise(board=board, company=company, raised_on=raised,
                                    description=problems[i % len(problems)],
                                    due_date=dt.date(2025, 7, 31), actor=None)
        result.issues += 1
        if i % 2 == 0:
            actions.issue_answer(issue=issue, answer="已制定整改方案并完成整改",
                                 answered_on=dt.date(2025, 7, rng.randint(1, 28)), actor=None)


def load(rng: random.Random, province: Region) -> SupervisionDemoResult:
    result = SupervisionDemoResult()
    holdings = list(Entity.objects.filter(status=EntityStatus.HOLDING).order_by("pk"))
    for n, entity in enumerate(holdings):
        _statements(entity, rng, n, result)
    for i, (kind, title, amount) in enumerate(MATTERS if holdings else ()):
        entity = holdings[(i * 5) % len(holdings)]
        matter = actions.matter_report(entity=entity, kind=kind, title=title, amount=amount,
                                       reported_on=dt.date(2025, 3 + i, 10), actor=None)
        result.matters += 1
        if matter.status == "pending" and i < 2:
            actions.matter_acknowledge(matter=matter, note="同意，按程序办理",
                                       on=dt.date(2025, 3 + i, 20), actor=None)
    people = list(Person.objects.filter(agency__region=province).order_by("pk")[:6])
    hotels = [e for e in holdings if e.kind in (EntityKind.HOTEL, EntityKind.GUESTHOUSE)]
    others = [e for e in holdings if e not in hotels]
    if hotels:
        _board("浙勤集团酒店板块外派监事会", hotels, people[:3], province, rng, result)
    if others:
        _board("浙勤集团房地产及综合板块外派监事会", others, people[3:6], province, rng, result)
    return result
