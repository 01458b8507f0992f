"""Pages of 统一规范使用: roll-up, findings, 整改 actions and an agency's report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.audit.models import AuditEvent
from jiguan.core.excel import ExportColumn
from jiguan.core.exports.jobs import list_export
from jiguan.core.exports.responses import export_response
from jiguan.core.htmx import paginate, querystring
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action, refreshed
from jiguan.orgs.filters import describe
from jiguan.orgs.models import Agency
from jiguan.space.compliance import actions, queries, rules
from jiguan.space.compliance.forms import StartForm
from jiguan.space.compliance.models import (
    Finding,
    FindingKind,
    FindingQuerySet,
    FindingStatus,
)
from jiguan.space.compliance.queries import (
    finding_or_404,
    findings_for,
    region_from,
    visible_regions,
)
from jiguan.space.compliance.tasks import refresh_compliance
from jiguan.todo.models import Task

KIND_LABELS = FindingKind.labels


def rollup_view(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SPACE)
    region = region_from(request)
    result = queries.rollup(request.user, region)
    visible = set(visible_regions(request.user).values_list("pk", flat=True))
    crumbs = [r for r in region.ancestors() if r.pk in visible]
    return render(request, "space/compliance_rollup.html", {
        "rollup": result, "region": region, "crumbs": crumbs, "kinds": KIND_LABELS,
        "can_recompute": can(request.user, Perm.VERIFY_RECTIFICATION,
                             region),
    })


def _kind_count(i: int) -> Callable[[Any], object]:
    return lambda r: r.kind_counts[i]


def _rollup_columns(by_agency: bool) -> list[ExportColumn]:
    cols = [ExportColumn("单位" if by_agency else "区划", lambda r: r.label, 30)]
    for i, label in enumerate(KIND_LABELS):
        cols.append(ExportColumn(label, _kind_count(i), 14))
    cols += [
        ExportColumn("未整改合计", lambda r: r.active, 12),
        ExportColumn("已整改（含已核验）", lambda r: r.fixed, 14),
        ExportColumn("超标面积（m²）", lambda r: r.over_area, 14),
        ExportColumn("超核定面积（m²）", lambda r: r.over_approved_area, 14),
        ExportColumn("闲置面积（m²）", lambda r: r.vacant_area, 14),
        ExportColumn("办公室间数", lambda r: r.office_rooms, 12),
        ExportColumn("超标办公室占比（%）", lambda r: r.over_share, 16),
    ]
    return cols


def rollup_export(request: AuthedRequest) -> FileResponse:
    require(request.user, Perm.VIEW_SPACE)
    region = region_from(request)
    result = queries.rollup(request.user, region)
    return export_response(_rollup_columns(result.by_agency), [*result.rows, result.total],
                           title=f"{region.name}办公用房规范使用情况",
                           filters_text=f"区划={region.full_name}",
                           filename="办公用房规范使用汇总")


@require_POST
def recompute(request: AuthedRequest) -> HttpResponse:
    region = get_object_or_404(visible_regions(request.user), code=request.POST.get("region", ""))
    require(request.user, Perm.VERIFY_RECTIFICATION, region)
    if region.path.count("/") >= 4:  # a county or below: quick enough to answer at once
        result = actions.sync(region_path=region.path, actor=request.user)
        messages.success(request, f"已重新计算：新发现 {result.created} 个，复发 "
                                  f"{result.reopened} 个，已消除 {result.closed} 个。")
    else:  # a city or the province: seconds to minutes, so the task worker does it
        refresh_compliance.enqueue(region.path, request.user.pk)
        messages.success(request, f"已提交{region.name}的重新计算，稍后刷新本页查看结果。")
    return redirect(f"{reverse('space_compliance:rollup')}?region={region.code}")


#: The findings list's columns and what `Finding.subject_label` reads: only these are read
#: (six related models were read whole per row; bench/README.md, session 9).
FINDING_LIST_FIELDS = (
    "kind", "key", "reopen_count", "measure", "detail", "status", "due_date", "region_path",
    "region", "agency", "agency__name", "person", "person__name",
    "building", "building__name", "room", "room__number", "room__building",
    "room__building__name")


def finding_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_SPACE)
    findings, form = findings_for(request.user, request.GET)
    page = paginate(request, finding_list_rows(findings))
    return render(request, "space/compliance_findings.html", {
        "form": form, "qs": querystring(request), **page})


def finding_list_rows(findings: FindingQuerySet) -> FindingQuerySet:
    """The list page's rows: only the columns shown, and the region by a second query of
    the page's regions, not a join: with the (inner) join SQLite read the findings region
    by region and sorted all 188,499 of the province (2.4 s; a county 0.9 s) instead of
    reading the list's order from its index (bench/README.md, session 9). The other
    relations are LEFT JOINs, which keep the findings the outer table."""
    return (findings.select_related(None)
            .select_related("agency", "room__building", "building", "person")
            .prefetch_related(Prefetch("region", queryset=Region.objects.only("name")))
            .only(*FINDING_LIST_FIELDS))


FINDING_EXPORT_COLUMNS = [
    ExportColumn("问题类型", lambda f: f.get_kind_display(), 22),
    ExportColumn("区划", lambda f: f.region.name, 14),
    ExportColumn("单位", lambda f: f.agency.name if f.agency_id else "", 28),
    ExportColumn("房产", lambda f: (f.room.building.name if f.room_id
                                  else f.building.name if f.building_id else ""), 24),
    ExportColumn("房间号", lambda f: f.room.number if f.room_id else "", 10),
    ExportColumn("人员", lambda f: f.person.name if f.person_id else "", 10),
    ExportColumn("数值", lambda f: f.measure, 10),
    ExportColumn("情况说明", lambda f: f.detail, 60),
    ExportColumn("整改状态", lambda f: f.get_status_display(), 10),
    ExportColumn("首次发现", lambda f: f.first_seen_at, 16),
    ExportColumn("整改期限", lambda f: f.due_date, 12),
    ExportColumn("复发次数", lambda f: f.reopen_count, 8),
    ExportColumn("整改说明", lambda f: f.note, 30),
]


finding_export = list_export(
    "space.finding", perm=Perm.VIEW_SPACE, rows_for=findings_for,
    columns=FINDING_EXPORT_COLUMNS, title="办公用房规范使用问题清单",
    filename="规范使用问题清单", describe=describe)


def finding_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render_finding(request, finding_or_404(request, pk), StartForm())


def _render_finding(request: AuthedRequest, finding: Finding, form: StartForm,
                    status: int = 200) -> HttpResponse:
    tasks = Task.objects.filter(kind__in=(rules.TASK_KIND, actions.CHASE_KIND),
                                subject_type=rules.SUBJECT_TYPE,
                                subject_id=str(finding.pk)).order_by("-created_at")
    return render(request, "space/compliance_finding.html", {
        "finding": finding, "form": form, "tasks": tasks,
        "rule": rules.RULE_TEXT.get(finding.kind, ""),
        "can_start": finding.is_active and can(request.user, Perm.CHANGE_OCCUPANTS, finding),
        "can_verify": (finding.status == FindingStatus.FIXED
                       and can(request.user, Perm.VERIFY_RECTIFICATION, finding)),
        # The bureau chases an agency's rectification from the finding (催办).
        "can_chase": (finding.is_active and finding.agency_id is not None
                      and can(request.user, Perm.VERIFY_RECTIFICATION, finding)),
        "history": AuditEvent.objects.for_target(finding)[:50],
    }, status=status)


@require_POST
def finding_chase(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = finding_or_404(request, pk)
    require(request.user, Perm.VERIFY_RECTIFICATION, finding)
    try:
        task = actions.finding_chase(finding=finding, note=request.POST.get("note", ""),
                                     actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"已向{finding.agency}发出催办待办：{task.title}")
    return redirect("space_compliance:finding_detail", pk=finding.pk)


@require_POST
def finding_start(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = finding_or_404(request, pk)
    require(request.user, Perm.CHANGE_OCCUPANTS, finding)
    form = StartForm(request.POST)
    return form_action(
        request, form,
        act=lambda d: actions.finding_start(finding=finding, note=d["note"],
                                            actor=request.user),
        done=reverse("space_compliance:finding_detail", args=[finding.pk]),
        message="已登记整改措施，状态为“整改中”。",
        page=lambda form: _render_finding(request, refreshed(finding), form))


@require_POST
def finding_verify(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = finding_or_404(request, pk)
    require(request.user, Perm.VERIFY_RECTIFICATION, finding)
    try:
        actions.finding_verify(finding=finding, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已核验整改。")
    return redirect("space_compliance:finding_detail", pk=finding.pk)


def agency_report(request: AuthedRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(
        Agency.objects.visible_to(request.user, Perm.VIEW_SPACE).select_related("region"),
        pk=pk)
    findings = (Finding.objects.visible_to(request.user).filter(agency=agency)
                .select_related("room", "room__building", "building", "person")
                .order_by("status", "kind", "id"))
    report = queries.agency_report(agency, findings)
    return render(request, "space/compliance_agency.html", {
        "agency": agency, "report": report, "a": report.approval.area})
