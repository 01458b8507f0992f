"""Internal audit on top of the standing cast: an audit-office (审计处) user at the province,
a plan per year, projects taken through their steps by the actions, leaders' terms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from jiguan.access.models import Grant, Region, User
from jiguan.access.roles import Role
from jiguan.conftest import PASSWORD, Cast
from jiguan.internalaudit.leaders import actions as leader_actions
from jiguan.internalaudit.leaders.models import LeaderTerm
from jiguan.internalaudit.projects import actions
from jiguan.internalaudit.projects.models import AuditPlan, AuditProject, Finding, Stage
from jiguan.orgs.models import Agency, Person

STEPS = ("notice", "fieldwork", "comments", "report", "rectification", "closed")


def auditor_user(username: str = "shenjichu") -> User:
    """An internal auditor (审计处审计人员) for the whole province."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name="审计处")
        user.set_password(PASSWORD)
        user.save()
        Grant.objects.create(user=user, role=Role.INTERNAL_AUDITOR,
                             region=Region.objects.get(code="330000"))
    return user


def plan(c: Cast, year: int = 2026, region: str = "330000") -> AuditPlan:
    existing = AuditPlan.objects.filter(region__code=region, year=year).first()
    if existing:
        return existing
    return actions.plan_create(region=Region.objects.get(code=region), year=year,
                               title=f"{year} 年度内部审计计划", actor=c.province_admin)


def project(c: Cast, unit: Agency, *, kind: str = "budget", year: int = 2026,
            term: LeaderTerm | None = None, name: str = "") -> AuditProject:
    return actions.project_create(plan=plan(c, year), data={
        "name": name or f"{unit.name}{year}年预算执行审计", "kind": kind, "unit": unit,
        "leader_term": term, "period_start": dt.date(year - 1, 1, 1),
        "period_end": dt.date(year - 1, 12, 31), "team_leader": "王审计",
        "funds_amount": Decimal("1000000")}, actor=c.province_admin)


def advance(c: Cast, p: AuditProject, until: str, start: dt.date) -> AuditProject:
    """Take the steps of `p` up to and including `until`, one day apart from `start`."""
    day = start
    while p.stage != until:
        nxt = STEPS[STEPS.index(p.stage) + 1] if p.stage != Stage.PLANNED else "notice"
        p = actions.project_advance(project=p, stage=nxt, date=day, document_no=f"文-{nxt}",
                                    report_no="审报〔2026〕1号" if nxt == "report" else "",
                                    actor=c.province_admin)
        day += dt.timedelta(days=1)
    return p


def reported_project(c: Cast, unit: Agency, report: dt.date, kind: str = "budget",
                     term: LeaderTerm | None = None) -> AuditProject:
    """A project whose report is dated `report` (the date coverage counts)."""
    p = project(c, unit, kind=kind, year=report.year, term=term)
    return advance(c, p, "report", report - dt.timedelta(days=3))


def finding(c: Cast, p: AuditProject, amount: str = "12000", **over: Any) -> Finding:
    data = {"kind": "misuse", "title": "超范围列支会议费", "amount": Decimal(amount), **over}
    return actions.finding_create(project=p, data=data, actor=c.province_admin)


def term(c: Cast, person: Person | None = None, post: str = "局长",
         start: dt.date = dt.date(2020, 3, 1)) -> LeaderTerm:
    return leader_actions.leader_term_create(person=person or c.xihu_person, post=post,
                                             start_date=start, actor=c.province_admin)
