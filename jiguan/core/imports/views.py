"""Upload -> preview (every bad row by sheet row and column) -> confirm, for every importer.

Small files are checked and applied inside the request; files with more rows than
JIGUAN_IMPORT_BACKGROUND_ROWS go to the task queue and the job page polls its progress.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jiguan.core.excel import SpreadsheetError, build_template, too_large_message
from jiguan.core.excel.reader import HEAD_ROWS, TEXT_EXTENSIONS, WORKBOOK_EXTENSIONS
from jiguan.core.exports.responses import xlsx_response
from jiguan.core.htmx import render_page
from jiguan.core.imports.forms import MappingForm, mapping_choices, mapping_rows
from jiguan.core.imports.mapping import mapping_save
from jiguan.core.imports.pipeline import (
    REREADABLE,
    Importer,
    apply_job,
    claim_job,
    confirmation_message,
    count_rows,
    create_job,
    get_importer,
    reread_job,
)
from jiguan.core.imports.pipeline import validate_job as validate_now
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


def _small_number(text: str) -> bool:
    """An ASCII number of at most 7 digits (int() of "²" or of 5,000 digits raises)."""
    return text.isascii() and text.isdigit() and len(text) <= 7


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
    return render_page(request, JOB, _job_context(request, import_job, importer_cls),
                       partial="progress")


def _job_context(request: AuthedRequest, import_job: ImportJob,
                 importer_cls: type[Importer] | None, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {"job": import_job, "importer": importer_cls}
    layout = import_job.layout
    if importer_cls is not None and layout:
        adjust = (import_job.status == ImportStatus.MAPPING
                  or (request.GET.get("adjust") == "1"
                      and import_job.status in REREADABLE))
        context.update(layout=layout, adjust=adjust,
                       unused=[c["text"] for c in layout["cells"] if c["field"] is None],
                       fields=mapping_choices(importer_cls))
        if adjust:
            context["mapping_rows"] = mapping_rows(layout, extra.pop("chosen", None))
    if importer_cls is not None and import_job.status == ImportStatus.DONE:
        context["touched_url"] = importer_cls(request.user).touched_url(import_job)
    context.update(extra)
    return context


@require_POST
def remap(request: AuthedRequest, pk: int) -> HttpResponse:
    """The mapping step: what each file column is (or 忽略), saved for next time, then
    the file is read and checked again."""
    import_job = _job(request, pk)
    importer_cls = _importer(request, import_job.kind)
    if import_job.status not in REREADABLE or not import_job.layout:
        messages.error(request, f"该导入当前状态为“{import_job.get_status_display()}”，"
                                "不能调整列对应")
        return redirect("imports:job", pk=pk)
    form = MappingForm(request.POST, layout=import_job.layout, importer_cls=importer_cls)
    if not form.is_valid():
        context = _job_context(request, import_job, importer_cls, chosen=form.chosen(),
                               mapping_errors=form.problems(), mapping_name=form.mapping_name())
        context["adjust"] = True
        return render(request, JOB, context, status=422)
    options = {k: v for k, v in import_job.options.items()
               if k in ("sheet", "header_row")}
    options.update(mapping=form.mapping(), sheet=import_job.layout["sheet"],
                   header_row=import_job.layout["header_row"])
    if form.cleaned_data["save"]:
        saved = mapping_save(user=request.user, kind=import_job.kind, name=form.mapping_name(),
                             headers_key=import_job.layout["headers_key"],
                             mapping=form.mapping(), actor=request.user)
        options["saved_mapping"] = saved.name
    return _reread(request, import_job, options)


@require_POST
def resheet(request: AuthedRequest, pk: int) -> HttpResponse:
    """Read another sheet, or another row as the header, of the same file."""
    import_job = _job(request, pk)
    _importer(request, import_job.kind)
    if import_job.status not in REREADABLE:
        messages.error(request, f"该导入当前状态为“{import_job.get_status_display()}”，"
                                "不能更换工作表")
        return redirect("imports:job", pk=pk)
    sheets = [s["name"] for s in import_job.layout.get("sheets", ())]
    sheet = request.POST.get("sheet", "")
    row_text = request.POST.get("header_row", "").strip()
    options: dict[str, Any] = {}
    if sheet not in sheets:
        messages.error(request, "请选择文件中的一个工作表")
        return redirect("imports:job", pk=pk)
    options["sheet"] = sheet
    if row_text:
        if not _small_number(row_text) or not 1 <= int(row_text) <= HEAD_ROWS:
            messages.error(request, f"表头所在行应为 1 至 {HEAD_ROWS} 之间的整数")
            return redirect(f"{reverse('imports:job', args=[pk])}?adjust=1")
        options["header_row"] = int(row_text)
    return _reread(request, import_job, options)


def _reread(request: AuthedRequest, import_job: ImportJob,
            options: dict[str, Any]) -> HttpResponse:
    heights = {s["name"]: s["height"] for s in import_job.layout.get("sheets", ())}
    rows = max(import_job.total_rows,
               heights.get(options.get("sheet", import_job.layout.get("sheet")), 0))
    if not reread_job(import_job.pk, options):
        messages.info(request, "该导入已在进行中")
    elif rows > settings.JIGUAN_IMPORT_BACKGROUND_ROWS:  # the sheet read may be another
        validate_import.enqueue(import_job.pk)
    else:
        validate_now(import_job.pk)
    return redirect("imports:job", pk=import_job.pk)


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
    suspects = {s["row"] for s in import_job.plan.get("suspects", ())}
    allowed = sorted(suspects & {int(v) for v in request.POST.getlist("allow_row")
                                 if _small_number(v)})
    confirmed = request.POST.get("confirm_warnings") == "1"
    ImportJob.objects.filter(pk=pk, status=ImportStatus.VALID).update(
        options={**import_job.options, "allow_rows": allowed, "warnings_confirmed": confirmed})
    if import_job.plan.get("warning_count") and not confirmed:
        messages.error(request, confirmation_message(import_job))
        return redirect("imports:job", pk=pk)
    if not claim_job(import_job.pk):
        messages.info(request, "该导入已在进行中")
        return redirect("imports:job", pk=pk)
    if import_job.total_rows > settings.JIGUAN_IMPORT_BACKGROUND_ROWS:
        apply_import.enqueue(import_job.pk, request.user.pk)
    else:
        apply_job(import_job.pk, request.user.pk)
    return redirect("imports:job", pk=pk)
