"""This app's endpoints in the scope matrix (jiguan/core/tests/test_scope_matrix.py).

The province administrator runs internal audit; the Hangzhou and Xihu bureau staff read the
projects of their regions; the Ningbo reporter reads its own agency's and reports their
rectification; the AUDITOR of the cast (审计查阅, the audit trail) has no internal-audit
permission: lists 403, objects 404 (unseen)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.core.tests.test_scope_matrix import Endpoint
from jiguan.internalaudit.leaders.models import LeaderTerm
from jiguan.internalaudit.projects import actions
from jiguan.internalaudit.projects.models import AuditProject, Finding
from jiguan.internalaudit.tests import fixtures as fx

DAY = dt.date(2026, 3, 2)

READ_LIST = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 200,
             "auditor": 403, "outsider": 403}
XIHU_READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 404,
             "auditor": 404, "outsider": 404}
XIHU_MANAGE = {"province_admin": 302, "hangzhou": 403, "xihu": 403, "ningbo_reporter": 404,
               "auditor": 404, "outsider": 404}
NINGBO_READ = {"province_admin": 200, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 200,
               "auditor": 404, "outsider": 404}
NINGBO_RECTIFY = {"province_admin": 302, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 302,
                  "auditor": 404, "outsider": 404}
PROVINCE_ONLY = {"province_admin": 200, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 404,
                 "auditor": 404, "outsider": 404}
MANAGE_ONLY = {"province_admin": 302, "hangzhou": 403, "xihu": 403, "ningbo_reporter": 403,
               "auditor": 403, "outsider": 403}


def _api(codes: dict[str, int], ok: int) -> dict[str, int]:
    return {k: (ok if v == 302 else v) for k, v in codes.items()}


def _project(c: Cast, unit: str = "xihu", stage: str = "planned") -> AuditProject:
    agency = getattr(c, f"{unit}_agency")
    p = AuditProject.objects.filter(unit=agency).first() or fx.project(c, agency)
    return fx.advance(c, p, stage, DAY) if p.stage != stage else p


def _finding(c: Cast, unit: str = "xihu", reported: bool = False) -> Finding:
    found = Finding.objects.filter(project__unit=getattr(c, f"{unit}_agency")).first()
    if found:
        return found
    p = _project(c, unit, "fieldwork")
    f = fx.finding(c, p)
    fx.advance(c, p, "rectification", DAY + dt.timedelta(days=2))
    if reported:
        actions.finding_rectify(finding=f, measures="已整改", evidence="凭证", rectified_on=DAY,
                                actor=c.province_admin)
    return f


def _term(c: Cast, ended: bool = False) -> LeaderTerm:
    term = LeaderTerm.objects.filter(person=c.xihu_person).first() or fx.term(c)
    if ended and term.end_date is None:
        from jiguan.internalaudit.leaders.actions import leader_term_end
        term = leader_term_end(term=term, date=DAY, reason="retired", actor=c.province_admin)
    return term


def _plan_form(c: Cast) -> dict[str, Any]:
    return {"region": Region.objects.get(code="330000").pk, "year": 2027, "title": "计划"}


def _project_form(c: Cast) -> dict[str, Any]:
    return {"name": "预算执行审计", "kind": "budget", "unit": c.xihu_agency.pk,
            "period_start": "2025-01-01", "period_end": "2025-12-31", "team_leader": "王"}


def _project_api(c: Cast) -> dict[str, Any]:
    return {**_project_form(c), "unit_id": c.xihu_agency.pk}


def _rectify(prefix: str) -> Any:
    def data(c: Cast) -> dict[str, Any]:
        f = _finding(c, prefix)
        return {f"r{f.pk}-measures": "已整改", f"r{f.pk}-evidence": "凭证",
                f"r{f.pk}-rectified_on": DAY.isoformat()}
    return data


def _close(c: Cast) -> dict[str, Any]:
    f = _finding(c, reported=True)
    return {f"c{f.pk}-closed_on": dt.date.today().isoformat()}


API = "/api/v1/internalaudit"

SCOPE_MATRIX = [
    Endpoint("internalaudit:home", "GET", lambda c: reverse("internalaudit:home"), READ_LIST),
    Endpoint("internalaudit:plan_list", "GET", lambda c: reverse("internalaudit:plan_list"),
             READ_LIST),
    Endpoint("internalaudit:plan_create", "POST", lambda c: reverse("internalaudit:plan_create"),
             MANAGE_ONLY, data=_plan_form),
    Endpoint("internalaudit:plan_detail(province)", "GET",
             lambda c: reverse("internalaudit:plan_detail", args=[fx.plan(c).pk]), PROVINCE_ONLY),
    Endpoint("internalaudit:project_create(province plan)", "POST",
             lambda c: reverse("internalaudit:project_create", args=[fx.plan(c).pk]),
             {**PROVINCE_ONLY, "province_admin": 302}, data=_project_form),
    Endpoint("internalaudit:project_list", "GET", lambda c: reverse("internalaudit:project_list"),
             READ_LIST),
    Endpoint("internalaudit:project_export", "GET",
             lambda c: reverse("internalaudit:project_export"), READ_LIST),
    Endpoint("internalaudit:project_detail(xihu)", "GET",
             lambda c: reverse("internalaudit:project_detail", args=[_project(c).pk]), XIHU_READ),
    Endpoint("internalaudit:project_detail(ningbo)", "GET",
             lambda c: reverse("internalaudit:project_detail", args=[_project(c, "ningbo").pk]),
             NINGBO_READ),
    Endpoint("internalaudit:project_step(xihu)", "POST",
             lambda c: reverse("internalaudit:project_step", args=[_project(c).pk]),
             XIHU_MANAGE, data=lambda c: {"stage": "notice", "date": DAY.isoformat()}),
    Endpoint("internalaudit:finding_create(xihu)", "POST",
             lambda c: reverse("internalaudit:finding_create",
                               args=[_project(c, stage="fieldwork").pk]),
             XIHU_MANAGE, data=lambda c: {"kind": "other", "title": "问题", "amount": "1"}),
    Endpoint("internalaudit:finding_list", "GET", lambda c: reverse("internalaudit:finding_list"),
             READ_LIST),
    Endpoint("internalaudit:finding_export", "GET",
             lambda c: reverse("internalaudit:finding_export"), READ_LIST),
    Endpoint("internalaudit:finding_rectify(ningbo)", "POST",
             lambda c: reverse("internalaudit:finding_rectify", args=[_finding(c, "ningbo").pk]),
             NINGBO_RECTIFY, data=_rectify("ningbo")),
    Endpoint("internalaudit:finding_rectify(xihu)", "POST",
             lambda c: reverse("internalaudit:finding_rectify", args=[_finding(c).pk]),
             XIHU_MANAGE, data=_rectify("xihu")),
    Endpoint("internalaudit:finding_close(xihu)", "POST",
             lambda c: reverse("internalaudit:finding_close",
                               args=[_finding(c, reported=True).pk]),
             XIHU_MANAGE, data=_close),
    Endpoint("internalaudit:term_list", "GET", lambda c: reverse("internalaudit:term_list"),
             READ_LIST),
    Endpoint("internalaudit:term_create", "POST", lambda c: reverse("internalaudit:term_create"),
             MANAGE_ONLY, data=lambda c: {"person": c.xihu_person.pk, "post": "局长",
                                          "start_date": "2021-01-01"}),
    Endpoint("internalaudit:term_detail(xihu)", "GET",
             lambda c: reverse("internalaudit:term_detail", args=[_term(c).pk]), XIHU_READ),
    Endpoint("internalaudit:term_end(xihu)", "POST",
             lambda c: reverse("internalaudit:term_end", args=[_term(c).pk]), XIHU_MANAGE,
             data=lambda c: {"end_date": DAY.isoformat(), "end_reason": "retired"}),
    Endpoint("internalaudit:term_audit_start(xihu)", "GET",
             lambda c: reverse("internalaudit:term_audit_start", args=[_term(c, True).pk]),
             XIHU_MANAGE),
    Endpoint("internalaudit:coverage", "GET", lambda c: reverse("internalaudit:coverage"),
             READ_LIST),
    Endpoint("internalaudit:coverage_export", "GET",
             lambda c: reverse("internalaudit:coverage_export"), READ_LIST),
    # API
    Endpoint("internalaudit:api_plans", "GET", lambda c: f"{API}/plans", READ_LIST, api=True),
    Endpoint("internalaudit:api_plan_create", "POST", lambda c: f"{API}/plans",
             _api(MANAGE_ONLY, 201), api=True,
             data=lambda c: {"region_id": Region.objects.get(code="330000").pk, "year": 2027}),
    Endpoint("internalaudit:api_projects", "GET", lambda c: f"{API}/projects", READ_LIST,
             api=True),
    Endpoint("internalaudit:api_project(xihu)", "GET",
             lambda c: f"{API}/projects/{_project(c).pk}", XIHU_READ, api=True),
    Endpoint("internalaudit:api_project_create", "POST",
             lambda c: f"{API}/plans/{fx.plan(c).pk}/projects",
             {**PROVINCE_ONLY, "province_admin": 201}, data=_project_api, api=True),
    Endpoint("internalaudit:api_step(xihu)", "POST",
             lambda c: f"{API}/projects/{_project(c).pk}/steps", _api(XIHU_MANAGE, 200),
             data=lambda c: {"stage": "notice", "date": DAY.isoformat()}, api=True),
    Endpoint("internalaudit:api_project_findings(ningbo)", "GET",
             lambda c: f"{API}/projects/{_project(c, 'ningbo').pk}/findings", NINGBO_READ,
             api=True),
    Endpoint("internalaudit:api_finding_create(xihu)", "POST",
             lambda c: f"{API}/projects/{_project(c, stage='fieldwork').pk}/findings",
             _api(XIHU_MANAGE, 201), data=lambda c: {"kind": "other", "title": "问题"},
             api=True),
    Endpoint("internalaudit:api_findings", "GET", lambda c: f"{API}/findings", READ_LIST,
             api=True),
    Endpoint("internalaudit:api_rectify(ningbo)", "POST",
             lambda c: f"{API}/findings/{_finding(c, 'ningbo').pk}/rectify",
             _api(NINGBO_RECTIFY, 200), api=True,
             data=lambda c: {"measures": "已整改", "evidence": "凭证",
                             "rectified_on": DAY.isoformat()}),
    Endpoint("internalaudit:api_close(xihu)", "POST",
             lambda c: f"{API}/findings/{_finding(c, reported=True).pk}/close",
             _api(XIHU_MANAGE, 200), api=True,
             data=lambda c: {"closed_on": dt.date.today().isoformat()}),
    Endpoint("internalaudit:api_leaders", "GET", lambda c: f"{API}/leaders", READ_LIST,
             api=True),
    Endpoint("internalaudit:api_leaders_due", "GET", lambda c: f"{API}/leaders/due", READ_LIST,
             api=True),
    Endpoint("internalaudit:api_leader(xihu)", "GET",
             lambda c: f"{API}/leaders/{_term(c).pk}", XIHU_READ, api=True),
    Endpoint("internalaudit:api_leader_create", "POST", lambda c: f"{API}/leaders",
             {**_api(MANAGE_ONLY, 201), "hangzhou": 403, "xihu": 403}, api=True,
             data=lambda c: {"person_id": c.xihu_person.pk, "post": "局长",
                             "start_date": "2021-01-01"}),
    Endpoint("internalaudit:api_leader_end(xihu)", "POST",
             lambda c: f"{API}/leaders/{_term(c).pk}/end", _api(XIHU_MANAGE, 200), api=True,
             data=lambda c: {"end_date": DAY.isoformat(), "end_reason": "retired"}),
    Endpoint("internalaudit:api_coverage", "GET", lambda c: f"{API}/coverage", READ_LIST,
             api=True),
]
