"""Demo data: the province's 2025 assessment of its 11 cities, published with its ranking,
and the 2026 scheme open for self-evaluation (Hangzhou's demo account can self-evaluate).
Computed indicators read the demo's office-space and energy data, and from 2026 also its
vehicles, rules, contracts, inspections and internal audits (a fourth group); the rest is
scored as the bureaus and the province would, from a seeded random source."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jiguan.access.models import Region, User
from jiguan.assessment.results import actions as results
from jiguan.assessment.schemes import actions
from jiguan.assessment.schemes.models import IndicatorKind, Scheme

PROVINCE_CODE = "330000"
D = Decimal


@dataclass
class DemoResult:
    schemes: int = 0
    bureaus: int = 0


def loaded() -> bool:
    return Scheme.objects.exists()


def _user(name: str) -> Any:
    return (User.objects.filter(username=name).first()
            or User.objects.filter(is_superuser=True).first() or User.objects.first())


#: From 2026 the scheme reads travel, governance, services and internal audit too.
SERVICE_MEASURES_FROM = 2026


def _scheme(province: Region, year: int, admin: Any) -> Scheme:
    scheme = actions.scheme_create(region=province, year=year, data={
        "self_eval_due": dt.date(year + 1, 1, 31), "review_due": dt.date(year + 1, 2, 28),
        "appeal_days": 10, "bonus_cap": D(5), "penalty_cap": D(10),
        "note": "依据《全省机关事务工作考核办法》，考核结果报省委、省政府"}, actor=admin)
    wider = year >= SERVICE_MEASURES_FROM
    space = actions.group_add(scheme=scheme, name="办公用房管理", weight=D(30 if wider else 40),
                              order=1, actor=admin)
    energy = actions.group_add(scheme=scheme, name="节约能源资源", weight=D(30 if wider else 35),
                               order=2, actor=admin)
    work = actions.group_add(scheme=scheme, name="综合管理", weight=D(20 if wider else 25),
                             order=3, actor=admin)

    def add(**d: Any) -> None:
        actions.indicator_add(scheme=scheme, data=d, actor=admin)

    add(group=space, name="办公用房问题整改完成率", kind="computed", weight=D(40),
        measure="space.rectification_rate", rule="linear", floor=D(50), target=D(95))
    add(group=space, name="超标准使用办公用房面积", kind="computed", weight=D(30),
        measure="space.over_standard_area", rule="rank", last_share=D(60))
    add(group=space, name="办公用房管理制度建设", kind="evidence", weight=D(30),
        criteria="制定本地区办公用房管理实施细则并落实，得满分；未制定不得分")
    add(group=energy, name="人均综合能耗下降率", kind="computed", weight=D(40),
        measure="energy.per_capita_reduction", rule="threshold", steps="2:100, 1:70, 0:40")
    add(group=energy, name="节水型单位建成率", kind="computed", weight=D(30),
        measure="energy.water_saving_share", rule="linear", floor=D(0), target=D(60))
    add(group=energy, name="能耗统计报送率", kind="computed", weight=D(30),
        measure="energy.reporting_rate", rule="threshold", steps="98:100, 90:80, 80:50")
    add(group=work, name="工作创新与经验推广", kind="manual", weight=D(50),
        criteria="经验做法被省局推广的，酌情评分")
    add(group=work, name="信息报送与调研成果", kind="evidence", weight=D(50),
        criteria="按报送信息采用数量和调研成果评分")
    if wider:
        _service_group(scheme, admin)
    add(name="获国家级表彰", kind=IndicatorKind.BONUS, weight=D(3),
        criteria="获国管局等国家级表彰的加 3 分")
    add(name="发生违反办公用房管理规定问题", kind=IndicatorKind.PENALTY, weight=D(5),
        criteria="被通报一起扣 2 分")
    return scheme


def _service_group(scheme: Scheme, admin: Any) -> None:
    """服务保障与依法行政: the measures of travel, governance, services and internal audit."""
    group = actions.group_add(scheme=scheme, name="服务保障与依法行政", weight=D(20), order=4,
                              actor=admin)

    def add(**d: Any) -> None:
        actions.indicator_add(scheme=scheme, data={"group": group, "kind": "computed", **d},
                              actor=admin)

    add(name="公务用车使用率", weight=D(20), measure="travel.vehicle_use_rate",
        rule="linear", floor=D(0), target=D(10))
    add(name="有效期届满未清理的制度", weight=D(20), measure="governance.rules_past_validity",
        rule="threshold", steps="0:100, 2:60, 5:30")
    add(name="重大合同逾期备案率", weight=D(20), measure="governance.late_contract_filings",
        rule="linear", floor=D(50), target=D(0))
    add(name="后勤服务检查平均得分", weight=D(20), measure="services.inspection_score",
        rule="linear", floor=D(60), target=D(95))
    add(name="内部审计覆盖率", weight=D(20), measure="internalaudit.audit_coverage",
        rule="linear", floor=D(0), target=D(60))


def _run_through(scheme: Scheme, rng: random.Random, admin: Any, bureau: Any) -> None:
    for a in scheme.assessments.select_related("region"):
        for score in a.scores.select_related("indicator"):
            ind = score.indicator
            if ind.kind == IndicatorKind.EVIDENCE:
                results.self_evaluate(score=score, points=D(rng.randint(20, 30) if ind.weight
                                                               == 30 else rng.randint(35, 50)),
                                      note="已按要求落实，材料见附件", actor=bureau)
        results.submit(assessment=a, actor=bureau)
        for score in a.scores.select_related("indicator", "assessment"):
            ind = score.indicator
            if ind.kind == IndicatorKind.MANUAL:
                results.review(score=score, agree=False, points=D(rng.randint(30, 50)),
                               reason="按推广经验数量评分", actor=admin)
            elif ind.kind == IndicatorKind.EVIDENCE:
                adjust = rng.random() < 0.2 and score.self_score is not None
                lowered = (score.self_score or D(0)) - 5
                results.review(score=score, agree=not adjust,
                               points=lowered if adjust else None,
                               reason="佐证材料不完整" if adjust else "", actor=admin)
        results.review_finish(assessment=a, actor=admin)
    results.publish_results(scheme=scheme, actor=admin)


def load(seed: int = 1) -> DemoResult:
    rng = random.Random(seed)  # noqa: S311  (demo data, not security)
    out = DemoResult()
    province = Region.objects.filter(code=PROVINCE_CODE).first()
    if province is None:
        return out
    admin, bureau = _user("demo_admin"), _user("demo_hangzhou")
    last = _scheme(province, 2025, admin)
    results.scheme_publish(scheme=last, actor=admin)
    _run_through(last, rng, admin, bureau)
    current = _scheme(province, 2026, admin)
    results.scheme_publish(scheme=current, actor=admin)
    out.schemes = 2
    out.bureaus = last.assessments.count()
    return out
