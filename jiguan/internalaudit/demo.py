"""Demo data for internal audit (`manage.py internalaudit_demo --seed N`): the province's
audit plans of the last three years, units' budgets, projects of the three kinds at every
step with findings and rectification, leaders' terms — and one leader who retires through
the people register (orgs.actions.person_set_status), so the departing leader's audit shows
as due. Everything goes through the actions. An audit-office account `demo_shenji` (审计处)
is added when the demo security administrator exists."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from jiguan.access.models import Grant, Region, User
from jiguan.access.roles import Role
from jiguan.core.deploy.demo_password import DEMO_PASSWORD
from jiguan.internalaudit.leaders import actions as leader_actions
from jiguan.internalaudit.leaders.models import LeaderTerm
from jiguan.internalaudit.projects import actions
from jiguan.internalaudit.projects.models import AuditPlan, AuditProject
from jiguan.orgs.actions import person_set_status
from jiguan.orgs.demo import PROVINCE_CODE
from jiguan.orgs.models import Agency, Person, PersonStatus

STEPS = ("notice", "fieldwork", "comments", "report", "rectification", "closed")
LEADERS = ("陈建华", "林晓东", "周卫国", "黄丽萍", "吴志明", "郑海燕")
TEAM = ("王审计", "李会计", "张审计", "赵审计")
FINDINGS = (("misuse", "超范围列支会议费、培训费"), ("loss", "政府采购项目验收不严造成损失"),
            ("accounting", "往来款项长期挂账未清理"), ("assets", "固定资产账实不符"),
            ("control", "未建立内部控制制度或执行不到位"), ("misuse", "专项资金滞留未拨付"),
            ("assets", "房屋出租未按规定审批、收入未上缴"), ("other", "“三重一大”决策程序不规范"))


@dataclass
class AuditDemoResult:
    plans: int = 0
    projects: int = 0
    findings: int = 0
    terms: int = 0
    retired: str = ""


def loaded() -> bool:
    return AuditPlan.objects.exists() or LeaderTerm.objects.exists()


def _actor() -> Any:
    return (User.objects.filter(username="demo_shenji").first()
            or User.objects.filter(username="demo_admin").first()
            or User.objects.filter(is_superuser=True).first() or User.objects.first())


def _account(province: Region) -> None:
    granter = User.objects.filter(username="demo_secadmin").first()
    if granter is None:
        return
    from jiguan.access.accounts.actions import grant_create

    user = User.objects.filter(username="demo_shenji").first()
    if user is None:
        user = User(username="demo_shenji", full_name="审计处审计人员（演示）",
                    must_change_password=False, password_changed_at=timezone.now())
        user.set_password(DEMO_PASSWORD)
        user.save()
    if not Grant.objects.active().filter(user=user, role=Role.INTERNAL_AUDITOR).exists():
        grant_create(user=user, role=Role.INTERNAL_AUDITOR, region=province, actor=granter)


def _advance(project: AuditProject, until: str, start: dt.date, actor: Any,
             rng: random.Random) -> AuditProject:
    day = start
    for stage in STEPS[:STEPS.index(until) + 1]:
        if stage == "closed":
            for f in project.findings.all():
                actions.finding_rectify(finding=f, measures="已按审计意见整改到位",
                                        evidence=f"整改报告及凭证（{project.code}-{f.seq}）",
                                        rectified_on=day, actor=actor)
                actions.finding_close(finding=f, closed_on=day, actor=actor)
        project = actions.project_advance(
            project=project, stage=stage, date=day, document_no=f"{project.code}-{stage}",
            report_no=f"审报〔{day.year}〕{project.pk}号" if stage == "report" else "",
            report_summary="审计发现的主要问题及审计建议见正文。" if stage == "report" else "",
            actor=actor)
        if stage == "fieldwork":
            for _ in range(rng.randint(1, 3)):
                kind, title = rng.choice(FINDINGS)
                actions.finding_create(project=project, data={
                    "kind": kind, "title": title,
                    "amount": Decimal(rng.randrange(0, 800_000, 500))}, actor=actor)
        day += dt.timedelta(days=rng.randint(12, 30))
    return project


def load(seed: int = 1) -> AuditDemoResult:
    rng = random.Random(seed)  # noqa: S311  (demo data, not security)
    result = AuditDemoResult()
    province = Region.objects.filter(code=PROVINCE_CODE).first()
    if province is None:
        return result
    _account(province)
    actor = _actor()
    today = timezone.localdate()
    units = list(Agency.objects.active().filter(
        region__path__startswith=f"/{PROVINCE_CODE}/").exclude(level="township")
        .select_related("region").order_by("pk")[:400])
    if not units:
        return result
    for agency in units:
        actions.budget_set(agency=agency, year=today.year - 1,
                           amount=Decimal(rng.randrange(2_000_000, 300_000_000, 10_000)),
                           actor=actor)
    plans = {}
    for year in (today.year - 2, today.year - 1, today.year):
        plans[year] = actions.plan_create(region=province, year=year,
                                          title=f"{year} 年度内部审计项目计划",
                                          approved_on=dt.date(year, 1, 20), actor=actor)
        result.plans += 1
    sample = rng.sample(units, min(len(units), 40))
    # Leaders: the head of a few units; the first one retires through the people register.
    heads = []
    for agency in sample[:6]:
        person = (Person.objects.filter(agency=agency, status=PersonStatus.SERVING)
                  .order_by("pk").first())
        if person is None:
            continue
        heads.append(leader_actions.leader_term_create(
            person=person, post=person.post or "主要负责人",
            start_date=dt.date(today.year - 6, 3, 1), actor=actor))
        result.terms += 1
    kinds = ("budget", "special_funds", "state_assets")
    for i, agency in enumerate(sample[6:30]):
        year = (today.year - 2, today.year - 1, today.year)[i % 3]
        kind = kinds[i % 3]
        label = {"budget": "预算执行", "special_funds": "专项资金",
                 "state_assets": "国有资产"}[kind]
        project = actions.project_create(plan=plans[year], data={
            "name": f"{agency.name}{year - 1}年度{label}审计", "kind": kind, "unit": agency,
            "period_start": dt.date(year - 1, 1, 1), "period_end": dt.date(year - 1, 12, 31),
            "team_leader": rng.choice(TEAM), "team_members": "、".join(rng.sample(TEAM, 2)),
            "funds_amount": Decimal(rng.randrange(1_000_000, 90_000_000, 10_000))}, actor=actor)
        result.projects += 1
        if year < today.year:
            _advance(project, "closed", dt.date(year, 3, 1), actor, rng)
        else:
            until = STEPS[i % 5]  # this year's projects at every step
            start = today - dt.timedelta(days=150)
            _advance(project, until, start, actor, rng)
    # One leader left earlier and was audited; one retires now through the register.
    if len(heads) >= 2:
        earlier = heads[1]
        person_set_status(person=earlier.person, status=PersonStatus.TRANSFERRED,
                          date=dt.date(today.year - 1, 6, 30), actor=actor)
        earlier.refresh_from_db()
        project = actions.project_create(plan=plans[today.year - 1], data={
            "name": (f"{earlier.person.name}同志任{earlier.agency.name}{earlier.post}"
                     "期间经济责任审计"),
            "kind": "economic", "unit": earlier.agency, "leader_term": earlier,
            "period_start": earlier.start_date, "period_end": earlier.end_date,
            "team_leader": rng.choice(TEAM)}, actor=actor)
        _advance(project, "closed", min(dt.date(today.year - 1, 8, 1),
                                        today - dt.timedelta(days=220)), actor, rng)
        result.projects += 1
    if heads:
        leaving = heads[0]
        person_set_status(person=leaving.person, status=PersonStatus.RETIRED,
                          date=today - dt.timedelta(days=10), actor=actor)
        result.retired = leaving.person.name
    result.findings = sum(p.findings.count() for p in AuditProject.objects.all())
    return result
