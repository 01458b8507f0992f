"""Demo plans: the province's 十四五 (2021-2025, finished) and 十五五 (2026-2030, in its
first year) plans and Hangzhou's own 十四五 plan, with computed targets (office space,
energy: the energy target read from the energy module) and reported ones, yearly values
(one target off track), the 十四五 mid-term review and the off-track to-dos."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from jiguan.access.models import Region, User
from jiguan.access.roles import Role
from jiguan.guidance.plans import actions
from jiguan.guidance.plans.models import Conclusion

D = Decimal


def user(name: str) -> Any:
    """The demo's account, else (a database without it) a province administrator."""
    return (User.objects.filter(username=name).first()
            or User.objects.filter(grants__role=Role.PROVINCE_ADMIN,
                                   grants__region__code="330000").order_by("pk").first())


REPORTED = [
    # indicator, unit, division, baseline, target, direction, yearly path (share of the way)
    ("公共机构节水型单位建成率", "%", "节能处", D(40), D(70), "higher",
     [0.15, 0.35, 0.55, 0.75, 1.0]),
    ("机关事务标准化试点单位", "家", "综合处", D(12), D(40), "higher",
     [0.1, 0.2, 0.3, 0.4, 0.5]),
    ("公务用车平台化管理覆盖率", "%", "公务用车处", D(60), D(100), "higher",
     [0.2, 0.45, 0.6, 0.8, 0.95]),
    ("集中办公区物业服务满意度", "分", "服务保障处", D(88), D(95), "higher",
     [0.2, 0.4, 0.7, 0.85, 1.0]),
]


def _plan(region: Region, name: str, start: int, admin: Any, rng: random.Random,
          computed: bool) -> Any:
    plan = actions.plan_create(region=region, data={
        "name": name, "start_year": start, "end_year": start + 4,
        "note": "依据国管局机关事务工作规划和本省国民经济和社会发展规划纲要"}, actor=admin)
    order = 1
    if computed:
        # 十五五 starts from the findings open at its start (none fixed before it)
        actions.target_add(plan=plan, data={
            "indicator": "办公用房问题整改完成率", "source": "computed",
            "measure": "space.rectification_rate",
            "baseline_value": D(60) if start < 2026 else D(0),
            "target_value": D(100), "division": "房产处", "order": order}, actor=admin)
        order += 1
    if computed and start < 2026:
        # the energy module holds the 十四五 energy targets only
        actions.target_add(plan=plan, data={
            "indicator": "人均综合能耗下降率", "source": "computed",
            "measure": "energy.per_capita_reduction", "baseline_value": D(0),
            "division": "节能处", "order": order,
            "note": "目标值取节能目标（十四五节能目标）"}, actor=admin)
        order += 1
    for indicator, unit, division, base, target, direction, path in REPORTED:
        t = actions.target_add(plan=plan, data={
            "indicator": indicator, "unit": unit, "division": division,
            "baseline_value": base, "target_value": target, "direction": direction,
            "source": "reported", "order": order}, actor=admin)
        order += 1
        for i, share in enumerate(path):
            year = start + i
            if year > dt.date.today().year - 1:
                break
            jitter = D(str(round(rng.uniform(-0.03, 0.03), 3)))
            value = (base + (target - base) * (D(str(share)) + jitter)).quantize(D("0.01"))
            actions.target_report(target=t, year=year, value=value,
                                  note="据各地报送数据汇总", actor=admin)
    return plan


def seed(rng: random.Random) -> str:
    province = Region.objects.filter(code="330000").first()
    hangzhou = Region.objects.filter(code="330100").first()
    if province is None:
        return "未找到省级区划，未生成"
    admin = user("demo_admin")
    plans = [_plan(province, "十四五", 2021, admin, rng, computed=True),
             _plan(province, "十五五", 2026, admin, rng, computed=True)]
    if hangzhou is not None:
        plans.append(_plan(hangzhou, "十四五", 2021, user("demo_hangzhou"), rng,
                           computed=False))
    first = plans[0]
    conclusions = {}
    for t in first.targets.all():
        conclusions[t.pk] = ((Conclusion.BEHIND, "进度滞后，需加大推进力度")
                             if t.indicator.startswith("机关事务标准化")
                             else (Conclusion.ON_TRACK, ""))
    actions.review_save(plan=first, reviewed_on=dt.date(2023, 9, 30),
                        text="十四五规划实施过半，主要指标总体符合进度要求；"
                             "机关事务标准化试点推进滞后，需加大推进力度。",
                        conclusions=conclusions, actor=admin)
    opened = sum(actions.plan_check(plan=p, actor=admin)["opened"] for p in plans)
    targets = sum(p.targets.count() for p in plans)
    return f"规划 {len(plans)} 个、指标 {targets} 项、进度滞后待办 {opened} 项"
