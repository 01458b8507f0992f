from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.audit.filters import events_for
from jiguan.core.excel import ExportColumn
from jiguan.core.exports.jobs import list_export
from jiguan.core.htmx import paginate, querystring
from jiguan.core.types import AuthedRequest

EXPORT_COLUMNS = [
    ExportColumn("时间", lambda e: e.created_at, 20),
    ExportColumn("操作人", lambda e: e.actor_label, 18),
    ExportColumn("事件", lambda e: e.event_label, 16),
    ExportColumn("结果", lambda e: e.get_outcome_display(), 8),
    ExportColumn("对象类型", lambda e: e.target_type, 16),
    ExportColumn("对象", lambda e: e.target_repr, 30),
    ExportColumn("区划", lambda e: e.region_path, 24),
    ExportColumn("来源", lambda e: e.source_label, 12),
    ExportColumn("变更内容", lambda e: "；".join(f"{label}：{old} → {new}"
                                             for label, old, new in e.change_rows), 60),
    ExportColumn("IP", lambda e: e.ip or "", 16),
]


def event_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_AUDIT)
    events, form = events_for(request.user, request.GET)
    return render(request, "audit/event_list.html",
                  {"form": form, "qs": querystring(request), **paginate(request, events)})


event_export = list_export(
    "audit.event", perm=Perm.VIEW_AUDIT, rows_for=events_for, columns=EXPORT_COLUMNS,
    title="审计日志", describe=lambda form: form.describe())
