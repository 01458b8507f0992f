"""Plans and projects: steps in order, findings, rectification with evidence, closure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.internalaudit.projects import actions, queries
from jiguan.internalaudit.projects.models import AuditProject, Finding, ProjectStep
from jiguan.internalaudit.tests import fixtures as fx
from jiguan.todo.models import Task

pytestmark = pytest.mark.django_db


def workbook_rows(response: Any) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_filelike(BytesIO(b"".join(response.streaming_content))
                                          ).get_sheet_by_index(0).to_python()
DAY = dt.date(2026, 3, 2)


def test_steps_must_follow_in_order(cast: Cast) -> None:
    p = fx.project(cast, cast.xihu_agency)
    with pytest.raises(ValidationError, match=r"审计步骤须按顺序办理.*下一步应为“通知”"):
        actions.project_advance(project=p, stage="fieldwork", date=DAY, actor=cast.province_admin)
    p = actions.project_advance(project=p, stage="notice", date=DAY, actor=cast.province_admin)
    with pytest.raises(ValidationError, match="下一步应为“实施”，不能办理“报告”"):
        actions.project_advance(project=p, stage="report", date=DAY, report_no="x",
                                actor=cast.province_admin)
    with pytest.raises(ValidationError, match="日期不能早于上一步骤"):
        actions.project_advance(project=p, stage="fieldwork", date=DAY - dt.timedelta(days=1),
                                actor=cast.province_admin)
    p.refresh_from_db()
    assert p.stage == "notice"
    assert ProjectStep.objects.filter(project=p).count() == 1


def test_report_needs_its_number(cast: Cast) -> None:
    p = fx.advance(cast, fx.project(cast, cast.xihu_agency), "comments", DAY)
    with pytest.raises(ValidationError, match="报告文号"):
        actions.project_advance(project=p, stage="report", date=DAY + dt.timedelta(days=5),
                                actor=cast.province_admin)
    assert AuditProject.objects.get(pk=p.pk).report_date is None


def test_findings_rectified_with_evidence_then_closed(cast: Cast) -> None:
    p = fx.advance(cast, fx.project(cast, cast.xihu_agency), "fieldwork", DAY)
    f1 = fx.finding(cast, p, "12000.50")
    f2 = fx.finding(cast, p, "0", kind="control", title="未建立内部控制制度")
    p = fx.advance(cast, p, "rectification", DAY + dt.timedelta(days=2))
    f1.refresh_from_db()
    assert f1.due_date == p.report_date + dt.timedelta(days=90)
    tasks = Task.objects.filter(kind=actions.RECTIFY_TASK_KIND)
    assert tasks.count() == 2
    assert {t.agency_id for t in tasks} == {cast.xihu_agency.pk}
    # reported without evidence: closing is refused, nothing written
    actions.finding_rectify(finding=f1, measures="已退回", evidence="", rectified_on=DAY,
                            actor=cast.xihu)
    with pytest.raises(ValidationError, match="销号须有整改佐证材料"):
        actions.finding_close(finding=f1, closed_on=DAY, actor=cast.province_admin)
    assert Finding.objects.get(pk=f1.pk).status == "reported"
    # the project cannot close while findings are open
    with pytest.raises(ValidationError, match="还有 2 个问题未整改销号"):
        actions.project_advance(project=p, stage="closed", date=dt.date.today(),
                                actor=cast.province_admin)
    for f in (f1, f2):
        actions.finding_rectify(finding=f, measures="已整改", evidence="退款凭证 2026-015 号",
                                rectified_on=DAY, actor=cast.xihu)
        actions.finding_close(finding=f, closed_on=dt.date.today(), actor=cast.province_admin)
    assert not Task.objects.filter(kind=actions.RECTIFY_TASK_KIND, done_at__isnull=True).exists()
    p = actions.project_advance(project=p, stage="closed", date=dt.date.today(),
                                actor=cast.province_admin)
    assert p.stage == "closed" and p.closed_date == dt.date.today()
    events = set(AuditEvent.objects.values_list("event_type", flat=True))
    assert {"internalaudit.project.step", "internalaudit.finding.rectified",
            "internalaudit.finding.closed", "internalaudit.finding.created"} <= events


def test_finding_refusals(cast: Cast) -> None:
    p = fx.project(cast, cast.xihu_agency)
    with pytest.raises(ValidationError, match="须在实施之后"):
        fx.finding(cast, p)
    p = fx.advance(cast, p, "fieldwork", DAY)
    with pytest.raises(ValidationError, match="涉及金额不能为负数"):
        fx.finding(cast, p, "-1")
    assert not Finding.objects.exists()


def test_overdue_findings_are_listed(cast: Cast) -> None:
    p = fx.advance(cast, fx.project(cast, cast.xihu_agency), "fieldwork", DAY)
    fx.finding(cast, p, due_date=DAY + dt.timedelta(days=10))
    fx.finding(cast, p, title="另一问题", due_date=DAY + dt.timedelta(days=400))
    fx.advance(cast, p, "rectification", DAY + dt.timedelta(days=1))
    rows, _ = queries.findings_for(cast.province_admin, {"overdue": "1"},
                                   today=DAY + dt.timedelta(days=30))
    assert [f.title for f in rows] == ["超范围列支会议费"]
    task = Task.objects.get(kind=actions.RECTIFY_TASK_KIND, subject_id=str(rows[0].pk))
    assert task.due_date == DAY + dt.timedelta(days=10)


def test_economic_audit_needs_the_leader_of_the_unit(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="须选择被审计领导干部"):
        fx.project(cast, cast.xihu_agency, kind="economic")
    term = fx.term(cast)
    with pytest.raises(ValidationError, match="任职单位须为被审计单位"):
        fx.project(cast, cast.ningbo_agency, kind="economic", term=term)
    p = fx.project(cast, cast.xihu_agency, kind="economic", term=term)
    assert p.category == "leaders" and p.code == "NS2026-001"


def test_unit_outside_the_plan_region_is_refused(cast: Cast) -> None:
    plan = fx.plan(cast, region="330100")
    with pytest.raises(ValidationError, match="不在“杭州市”区划内"):
        actions.project_create(plan=plan, data={
            "name": "x", "kind": "budget", "unit": cast.ningbo_agency,
            "period_start": DAY, "period_end": DAY, "team_leader": "王"},
            actor=cast.province_admin)


def test_project_pages_walk_the_steps(cast: Cast) -> None:
    client = cast.client("province_admin")
    plan = fx.plan(cast)
    response = client.post(reverse("internalaudit:project_create", args=[plan.pk]), {
        "name": "西湖区测试局预算执行审计", "kind": "budget", "unit": cast.xihu_agency.pk,
        "period_start": "2025-01-01", "period_end": "2025-12-31", "team_leader": "王",
        "funds_amount": "2500000"})
    assert response.status_code == 302
    p = AuditProject.objects.get()
    url = reverse("internalaudit:project_step", args=[p.pk])
    response = client.post(url, {"stage": "comments", "date": "2026-03-01"})
    assert response.status_code == 422
    assert "审计步骤须按顺序办理" in response.content.decode()
    assert client.post(url, {"stage": "notice", "date": "2026-03-01"}).status_code == 302
    assert client.post(url, {"stage": "fieldwork", "date": "2026-03-02"}).status_code == 302
    response = client.post(reverse("internalaudit:finding_create", args=[p.pk]),
                           {"kind": "misuse", "title": "超标准接待", "amount": "-5"})
    assert response.status_code == 422 and "涉及金额不能为负数" in response.content.decode()
    assert client.post(reverse("internalaudit:finding_create", args=[p.pk]), {
        "kind": "misuse", "title": "超标准接待", "amount": "5000"}).status_code == 302
    page = client.get(reverse("internalaudit:project_detail", args=[p.pk])).content.decode()
    assert "超标准接待" in page and "5,000.00" in page


def test_project_export_keeps_the_filters(cast: Cast) -> None:
    fx.project(cast, cast.xihu_agency)
    fx.project(cast, cast.ningbo_agency, kind="state_assets", name="宁波资产审计")
    client = cast.client("province_admin")
    response = client.get(reverse("internalaudit:project_export") + "?kind=state_assets")
    assert response.status_code == 200
    names = [r[2] for r in workbook_rows(response)[3:]]
    assert names == ["宁波资产审计"]


def test_reporter_sees_only_own_projects_and_may_rectify(cast: Cast) -> None:
    xihu = fx.project(cast, cast.xihu_agency)
    ningbo = fx.advance(cast, fx.project(cast, cast.ningbo_agency), "fieldwork", DAY)
    f = fx.finding(cast, ningbo)
    fx.advance(cast, ningbo, "rectification", DAY + dt.timedelta(days=2))
    client = cast.client("ningbo_reporter")
    assert client.get(reverse("internalaudit:project_detail", args=[xihu.pk])).status_code == 404
    response = client.post(reverse("internalaudit:finding_rectify", args=[f.pk]), {
        f"r{f.pk}-measures": "已追回资金", f"r{f.pk}-evidence": "缴款书",
        f"r{f.pk}-rectified_on": DAY.isoformat()})
    assert response.status_code == 302
    assert Finding.objects.get(pk=f.pk).status == "reported"
    response = client.post(reverse("internalaudit:finding_close", args=[f.pk]),
                           {f"c{f.pk}-closed_on": DAY.isoformat()})
    assert response.status_code == 403
    assert queries.project_figures(ningbo)["amount"] == Decimal("12000")

