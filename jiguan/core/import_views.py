"""Upload -> preview (every bad row by sheet row and column) -> confirm, for every importer.

Small files are checked and applied inside the request; files with more rows than
JIGUAN_IMPORT_BACKGROUND_ROWS go to the task queue and the job page polls its progress.
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jiguan.core.excel import SpreadsheetError, build_template, too_large_message
from jiguan.core.excel.reader import TEXT_EXTENSIONS, WORKBOOK_EXTENSIONS
from jiguan.core.export import xlsx_response
from jiguan.core.htmx import render_page
from jiguan.core.imports import (
    Importer,
    apply_job,
    claim_job,
    count_rows,
    create_job,
    get_importer,
)
from jiguan.core.imports import validate_job as validate_now
from jiguan.core.models import ImportJob, ImportStatus
from jiguan.core.tasks import apply_import, validate_import
from jiguan.core.types import AuthedRequest

START = "core/import_start.html"
JOB = "core/import_job.html"
MSG_NO_FILE = "请选择要导入的文件"
MSG_WRONG_TYPE = "不支持该文件类型，请上传 .xlsx、.xls、.ods 或 .csv 文件"


def _importer(request: AuthedRequest, kind: str) -> type[Importer]:
    try:
        importer_cls = get_importer(kind)
    except KeyError:
        raise Http404("没有这种导入") from None
    if not importer_cls.allowed(request.user):
        raise PermissionDenied("没有导入权限")
    return importer_cls


def _job(request: AuthedRequest, pk: int) -> ImportJob:
    """Only the uploader sees a job; anyone else gets 404, as for a missing one."""
    return get_object_or_404(ImportJob, pk=pk, created_by=request.user)


def _upload_problem(upload: UploadedFile | None) -> str | None:
    if upload is None:
        return MSG_NO_FILE
    ext = PurePath(upload.name or "").suffix.lower()
    if ext not in WORKBOOK_EXTENSIONS | TEXT_EXTENSIONS:
        return MSG_WRONG_TYPE
    size = upload.size or 0
    if size > settings.JIGUAN_IMPORT_MAX_BYTES:  # checked before reading a single byte
        return too_large_message(size, settings.JIGUAN_IMPORT_MAX_BYTES)
    return None


def start(request: AuthedRequest, kind: str) -> HttpResponse:
    importer_cls = _importer(request, kind)
    context = {"importer": importer_cls, "kind": kind,
               "max_mb": settings.JIGUAN_IMPORT_MAX_BYTES // (1024 * 1024)}
    if request.method != "POST":
        return render(request, START, context)
    upload = request.FILES.get("file")
    error = _upload_problem(upload)
    if error is None and upload is not None:
        data = upload.read()
        try:
            # Counted as the rows stream: a large file is not held as rows here.
            rows = count_rows(importer_cls, data, upload.name or "")
        except SpreadsheetError as exc:
            error = exc.message
    if error is not None or upload is None:
        return render(request, START, {**context, "error": error}, status=422)
    job = create_job(kind=kind, filename=upload.name or "", data=data, user=request.user)
    if rows > settings.JIGUAN_IMPORT_BACKGROUND_ROWS:
        ImportJob.objects.filter(pk=job.pk).update(total_rows=rows)
        validate_import.enqueue(job.pk)
    else:
        validate_now(job.pk)
    return redirect("imports:job", pk=job.pk)


def template(request: AuthedRequest, kind: str) -> HttpResponseBase:
    importer_cls = _importer(request, kind)
    content = build_template(importer_cls.columns, title=importer_cls.label,
                             example=importer_cls.template_example)
    return xlsx_response(content, f"{importer_cls.label}导入模板")


def job(request: AuthedRequest, pk: int) -> HttpResponse:
    import_job = _job(request, pk)
    try:
        importer_cls: type[Importer] | None = get_importer(import_job.kind)
    except KeyError:
        importer_cls = None
    context = {"job": import_job, "importer": importer_cls}
    return render_page(request, JOB, context, partial="progress")


def progress(request: AuthedRequest, pk: int) -> HttpResponse:
    """The progress fragment, polled every second; once the job stops, reload the page."""
    import_job = _job(request, pk)
    if not getattr(request, "htmx", False):
        return redirect("imports:job", pk=pk)
    if not import_job.is_running:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, f"{JOB}#progress", {"job": import_job})


@require_POST
def confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    import_job = _job(request, pk)
    if import_job.status != ImportStatus.VALID:
        messages.error(request, f"该导入当前状态为“{import_job.get_status_display()}”，不能确认")
        return redirect("imports:job", pk=pk)
    _importer(request, import_job.kind)  # the permission may have been revoked meanwhile
    if not claim_job(import_job.pk):
        messages.info(request, "该导入已在进行中")
        return redirect("imports:job", pk=pk)
    if import_job.total_rows > settings.JIGUAN_IMPORT_BACKGROUND_ROWS:
        apply_import.enqueue(import_job.pk, request.user.pk)
    else:
        apply_job(import_job.pk, request.user.pk)
    return redirect("imports:job", pk=pk)
