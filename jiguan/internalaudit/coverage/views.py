"""The coverage page (全覆盖) and its export."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.exports.jobs import list_export
from jiguan.core.htmx import paginate, querystring
from jiguan.core.types import AuthedRequest
from jiguan.internalaudit.coverage import queries
from jiguan.internalaudit.coverage.excel import COVERAGE_COLUMNS
from jiguan.internalaudit.projects.models import AuditCategory
from jiguan.orgs.filters import describe


def coverage(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.INTERNAL_AUDIT_VIEW)
    result, form = queries.coverage_for(request.user, request.GET)
    pagination: dict[str, Any] = paginate(request, result.rows)
    return render(request, "internalaudit/coverage.html", {
        "form": form, "qs": querystring(request), "c": result,
        "categories": AuditCategory.choices, **pagination})


def _rows(user: Any, params: Any) -> tuple[Any, Any]:
    result, form = queries.coverage_for(user, params)
    return result.rows, form


coverage_export = list_export(
    "internalaudit.coverage", perm=Perm.INTERNAL_AUDIT_VIEW, rows_for=_rows,
    columns=COVERAGE_COLUMNS, title="内部审计全覆盖情况", describe=describe)
