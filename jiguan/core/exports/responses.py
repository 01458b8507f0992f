"""Excel export of any list: the list's own filters, no row cap, constant memory."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone

from jiguan.core.excel import ExportColumn, write_export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_response(columns: Sequence[ExportColumn], rows: Iterable[Any], *, title: str,
                    filters_text: str, filename: str) -> FileResponse:
    """Stream `rows` (pass a queryset .iterator()) into a temporary .xlsx and send it.

    XlsxWriter's constant-memory mode flushes each row to disk, so a 1,000,000-row export
    costs a few MB of RAM; the temporary file is deleted when the response is closed."""
    tmp = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by FileResponse)
    write_export(tmp, columns, rows, title=title, filters_text=filters_text)
    tmp.seek(0)
    response = xlsx_response(tmp, filename, stamped=True)
    assert isinstance(response, FileResponse)
    return response


def xlsx_response(content: bytes | Any, filename: str, *,
                  stamped: bool = False) -> HttpResponseBase:
    """A workbook as a download: `content` is the bytes or an open file (streamed, closed
    with the response). The name may be Chinese (RFC 5987 encoded); ``stamped`` adds the
    local time, so a bureau's downloads of the same list do not overwrite each other."""
    name = filename.removesuffix(".xlsx")
    if stamped:
        name = f"{name}-{timezone.localtime():%Y%m%d-%H%M}"
    response = (HttpResponse(content, content_type=XLSX) if isinstance(content, bytes)
                else FileResponse(content, content_type=XLSX))
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name + '.xlsx')}"
    return response
