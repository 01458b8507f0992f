"""Plans and research topics for the tests: the province's plan and Hangzhou's plan (each
with a reported target), Hangzhou's research topic with a milestone and a report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.guidance.plans import actions
from jiguan.guidance.plans.models import Plan, Target
from jiguan.guidance.research import actions as research
from jiguan.guidance.research.models import Milestone, Report, Topic

D = Decimal


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def plan(c: Cast, code: str = "330100", start: int = 2021) -> Plan:
    found = Plan.objects.filter(region__code=code, start_year=start).first()
    if found:
        return found
    actor = c.province_admin
    p = actions.plan_create(region=region(code), data={
        "name": "十四五", "start_year": start, "end_year": start + 4}, actor=actor)
    actions.target_add(plan=p, data={
        "indicator": "标准化试点单位", "unit": "家", "baseline_value": D(10),
        "target_value": D(30), "direction": "higher", "source": "reported"}, actor=actor)
    return p


def target(c: Cast, code: str = "330100") -> Target:
    return plan(c, code).targets.get(indicator="标准化试点单位")


def pdf(name: str = "报告.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n%%EOF\n", content_type="application/pdf")


def topic(c: Cast, code: str = "330100") -> Topic:
    found = Topic.objects.filter(region__code=code, title="测试课题").first()
    if found:
        return found
    t = research.topic_create(region=region(code), data={
        "year": 2026, "title": "测试课题", "status": "active"}, actor=c.province_admin)
    research.milestone_add(topic=t, title="开题", due=__import__("datetime").date(2026, 3, 1),
                           actor=c.province_admin)
    research.report_add(topic=t, title="报告", upload=pdf(), actor=c.province_admin)
    return t


def milestone(c: Cast) -> Milestone:
    return topic(c).milestones.get()


def report(c: Cast) -> Report:
    return topic(c).reports.get()


def form(**kw: Any) -> dict[str, Any]:
    return kw
