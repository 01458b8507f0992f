"""The page of a large export: progress while the task worker writes it, then the link."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from jiguan.core.exports.jobs import download as download_file
from jiguan.core.htmx import render_page
from jiguan.core.models import ExportJob, ExportStatus
from jiguan.core.types import AuthedRequest

PAGE = "core/export_job.html"


def _job(request: AuthedRequest, pk: int) -> ExportJob:
    """Only its creator sees an export; anyone else gets 404, as for a missing one."""
    return get_object_or_404(ExportJob, pk=pk, created_by=request.user)


def job(request: AuthedRequest, pk: int) -> HttpResponse:
    return render_page(request, PAGE, {"job": _job(request, pk)}, partial="progress")


def progress(request: AuthedRequest, pk: int) -> HttpResponse:
    export = _job(request, pk)
    if not getattr(request, "htmx", False):
        return redirect("core:export_job", pk=pk)
    if not export.is_running:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, f"{PAGE}#progress", {"job": export})


def download(request: AuthedRequest, pk: int) -> HttpResponse:
    export = get_object_or_404(ExportJob, pk=pk, created_by=request.user,
                               status=ExportStatus.DONE)
    return download_file(export)
