"""List exports of any size: small ones are sent at once, large ones are written by the
task worker with a progress bar and a download link.

A list registers how to build its export from a user and the list's filters
(:func:`register_export`); its export view calls :func:`export_view`. Above
JIGUAN_EXPORT_BACKGROUND_ROWS rows the view files an :class:`ExportJob` and the task
worker replays the same build under the same user's scope, so the file holds exactly what
the list shows, and no request (nor the pages of other users) waits for it."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import get_resolver
from django.utils import timezone

from jiguan.core.excel import ExportColumn, write_export
from jiguan.core.exports.responses import export_response
from jiguan.core.models import ExportFile, ExportJob, ExportStatus
from jiguan.core.scoping import holds
from jiguan.core.types import AuthedRequest

logger = logging.getLogger(__name__)
#: Seconds between two progress writes of a running export.
PROGRESS_SECONDS = 1.0
#: A user's finished exports are kept this long, then removed when they export again.
KEEP_DAYS = 7
MSG_FAILED = "导出失败，请稍后重试或缩小筛选范围；如问题持续，请联系系统管理员"


@dataclass
class ExportSpec:
    """What a list exports: its columns and rows (a queryset or a list) and its labels."""

    columns: Sequence[ExportColumn]
    rows: QuerySet[Any] | Sequence[Any]
    title: str
    filters_text: str
    filename: str

    def count(self) -> int:
        return self.rows.count() if isinstance(self.rows, QuerySet) else len(self.rows)

    def iterate(self) -> Iterable[Any]:
        if isinstance(self.rows, QuerySet):
            return self.rows.iterator(chunk_size=2000)
        return self.rows


Builder = Callable[[Any, Mapping[str, str]], ExportSpec]
_BUILDERS: dict[str, Builder] = {}


def register_export(name: str) -> Callable[[Builder], Builder]:
    """Register how the list ``name`` builds its export from (user, filters); the builder
    checks the user's permission (raising PermissionDenied) and scopes the rows."""
    def decorate(builder: Builder) -> Builder:
        _BUILDERS[name] = builder
        return builder
    return decorate


def list_export(name: str, *, perm: str,
                rows_for: Callable[[Any, Mapping[str, str]], tuple[Any, ...]],
                columns: Sequence[ExportColumn] | Callable[[], Sequence[ExportColumn]],
                title: str, describe: Callable[[Any], str], filename: str = "",
                prepare: Callable[[Any], Any] | None = None
                ) -> Callable[[AuthedRequest], HttpResponseBase]:
    """A list's export in one statement: registers the builder and returns the view.

    ``rows_for(user, params)`` is the list's own filter function (its rows and filter form
    come first in what it returns), ``describe(form)`` says the filters in words,
    ``prepare`` adds what the columns read (select_related, an order). The user needs
    ``perm`` (403 otherwise); the rows are scoped by ``rows_for`` as on the list page."""

    def spec(user: Any, params: Mapping[str, str]) -> ExportSpec:
        if not holds(user, perm):
            raise PermissionDenied(f"没有权限：{perm}")
        found = rows_for(user, params)
        rows, form = found[0], found[1]
        return ExportSpec(columns() if callable(columns) else columns,
                          prepare(rows) if prepare is not None else rows, title=title,
                          filters_text=describe(form), filename=filename or title)

    register_export(name)(spec)

    def view(request: AuthedRequest) -> HttpResponseBase:
        return export_view(request, name)

    view.__name__ = view.__qualname__ = f"{name.replace('.', '_')}_export"
    return view


def build(name: str, user: Any, params: Mapping[str, str]) -> ExportSpec:
    return builders()[name](user, params)


def builders() -> dict[str, Builder]:
    """Every registered list export. The builders live beside their list views, which a
    task worker has not imported (it serves no request): loading the URL configuration
    imports them all."""
    get_resolver().url_patterns  # noqa: B018  (imports every app's views)
    return dict(_BUILDERS)


def _params(request: HttpRequest) -> dict[str, str]:
    return {k: str(v) for k, v in request.GET.items() if k != "page"}


def export_view(request: AuthedRequest, name: str) -> HttpResponseBase:
    """The list's export: the workbook at once, or (above the threshold) a job."""
    params = _params(request)
    spec = build(name, request.user, params)
    total = spec.count()
    if total <= settings.JIGUAN_EXPORT_BACKGROUND_ROWS:
        return export_response(spec.columns, spec.iterate(), title=spec.title,
                               filters_text=spec.filters_text, filename=spec.filename)
    _forget_old(request.user)
    job = ExportJob.objects.create(name=name, params=params, title=spec.title,
                                   filename=spec.filename, total_rows=total,
                                   created_by=request.user, updated_by=request.user)
    from jiguan.core.tasks import run_export

    transaction.on_commit(lambda: run_export.enqueue(job.pk))
    return redirect("core:export_job", pk=job.pk)


def _forget_old(user: Any) -> None:
    cutoff = timezone.now() - dt.timedelta(days=KEEP_DAYS)
    ExportJob.objects.filter(created_by=user, created_at__lt=cutoff).delete()


def run_job(job_id: int) -> ExportJob:
    """Write the job's workbook (task worker); the job ends ``done`` or ``failed``."""
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    # One UPDATE claims the job: a second worker given the same job leaves it alone.
    if not ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
            status=ExportStatus.RUNNING):
        return job
    user = job.created_by
    reported_at = time.monotonic()

    def progress(done: int) -> None:
        nonlocal reported_at
        if time.monotonic() - reported_at >= PROGRESS_SECONDS:
            reported_at = time.monotonic()
            ExportJob.objects.filter(pk=job_id).update(processed_rows=done)

    try:
        if user is None or not user.is_active:
            raise PermissionDenied("account deactivated")
        spec = build(job.name, user, job.params)
        with tempfile.TemporaryFile(suffix=".xlsx") as tmp:
            written = write_export(tmp, spec.columns, spec.iterate(), title=spec.title,
                                   filters_text=spec.filters_text, progress=progress)
            tmp.seek(0)
            ExportFile.objects.create(job=job, data=tmp.read())
    except PermissionDenied:
        return _end(job, ExportStatus.FAILED, message="您已没有导出该列表的权限")
    except Exception:
        logger.exception("export %s failed", job_id)
        return _end(job, ExportStatus.FAILED, message=MSG_FAILED)
    return _end(job, ExportStatus.DONE, total_rows=written, processed_rows=written)


def _end(job: ExportJob, status: str, **fields: Any) -> ExportJob:
    ExportJob.objects.filter(pk=job.pk).update(status=status, finished_at=timezone.now(),
                                               **fields)
    job.refresh_from_db()
    return job


def download(job: ExportJob) -> HttpResponse:
    from jiguan.core.exports.responses import xlsx_response

    data = ExportFile.objects.filter(job=job).values_list("data", flat=True).get()
    response = xlsx_response(bytes(data), job.filename, stamped=True)
    assert isinstance(response, HttpResponse)
    return response
