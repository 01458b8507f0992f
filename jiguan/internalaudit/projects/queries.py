"""Reads of plans, projects and findings shared by the pages, the API and the exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from jiguan.access.models import Region
from jiguan.internalaudit.projects.forms import FindingFilterForm, ProjectFilterForm
from jiguan.internalaudit.projects.models import AuditPlan, AuditProject, Finding, FindingStatus


def plans_for(user: Any) -> QuerySet[AuditPlan]:
    return (AuditPlan.objects.visible_to(user).select_related("region")
            .annotate(n_projects=Count("projects"),
                      n_closed=Count("projects", filter=Q(projects__stage="closed")))
            .order_by("-year", "region__code"))


def plan_projects(user: Any, plan: AuditPlan) -> QuerySet[AuditProject]:
    return (AuditProject.objects.visible_to(user).filter(plan=plan)
            .select_related("unit__region", "leader_term__person").order_by("code"))


def projects_for(user: Any, params: Any) -> tuple[QuerySet[AuditProject], ProjectFilterForm]:
    form = ProjectFilterForm(params or None, regions=Region.objects.visible_to(user))
    qs = (AuditProject.objects.visible_to(user)
          .select_related("plan", "unit__region", "leader_term__person")
          .annotate(n_findings=Count("findings"),
                    n_open=Count("findings", filter=~Q(findings__status="closed")),
                    findings_amount=Sum("findings__amount")))
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            text = d["q"].strip()
            qs = qs.filter(Q(name__contains=text) | Q(unit__name__contains=text)
                           | Q(code__icontains=text))
        if d.get("year"):
            qs = qs.filter(plan__year=d["year"])
        for name in ("kind", "stage"):
            if d.get(name):
                qs = qs.filter(**{name: d[name]})
        if d.get("region"):
            qs = qs.filter(unit__region__path__startswith=d["region"].path)
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("-plan__year", "code"), form


def findings_for(user: Any, params: Any,
                 today: dt.date | None = None) -> tuple[QuerySet[Finding], FindingFilterForm]:
    today = today or dt.date.today()
    form = FindingFilterForm(params or None, regions=Region.objects.visible_to(user))
    qs: QuerySet[Finding] = Finding.objects.visible_to(user).select_related(
        "project__unit__region")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("kind"):
            qs = qs.filter(kind=d["kind"])
        if d.get("overdue") == "1":
            qs = overdue(qs, today)
        if d.get("region"):
            qs = qs.filter(project__unit__region__path__startswith=d["region"].path)
    elif form.is_bound:
        qs = qs.none()
    return qs.order_by("due_date", "project__code", "seq"), form


def overdue(qs: QuerySet[Finding], today: dt.date) -> QuerySet[Finding]:
    """Findings past their rectification date and not closed (逾期未整改)."""
    return qs.filter(due_date__lt=today).exclude(status=FindingStatus.CLOSED)


def project_figures(project: AuditProject, today: dt.date | None = None) -> dict[str, Any]:
    today = today or dt.date.today()
    findings = project.findings.all()
    return {
        "count": findings.count(),
        "amount": findings.aggregate(s=Sum("amount"))["s"] or 0,
        "closed": findings.filter(status=FindingStatus.CLOSED).count(),
        "overdue": overdue(findings, today).count(),
    }
