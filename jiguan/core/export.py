"""Excel export of any list: the list's own filters, no row cap, constant memory."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from django.http import FileResponse
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
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"{filename}-{stamp}.xlsx"
    response = FileResponse(tmp, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
