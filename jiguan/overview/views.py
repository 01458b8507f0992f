"""The one-screen page (全省一屏) and its Excel export."""

from __future__ import annotations

from collections.abc import Callable

from django.http import FileResponse, HttpResponse
from django.shortcuts import render

from jiguan.core.excel import ExportColumn
from jiguan.core.exports.responses import export_response
from jiguan.core.types import AuthedRequest
from jiguan.overview import queries
from jiguan.overview.queries import ChildRow


def home(request: AuthedRequest) -> HttpResponse:
    board = queries.board(request.user, request.GET)
    groups: dict[str, list[queries.Cell]] = {}
    for cell in board.totals:
        groups.setdefault(cell.figure.module, []).append(cell)
    return render(request, "overview/home.html", {
        "board": board, "groups": groups, "years": queries.year_choices(),
        "grid_rows": max((t.row for t in board.tiles), default=1)})


def _cell(i: int) -> Callable[[ChildRow], object]:
    """The stored value (the workbook writer shows it in the kind's unit)."""

    def value(row: ChildRow) -> object:
        return row.cells[i].value

    return value


def export(request: AuthedRequest) -> FileResponse:
    board = queries.board(request.user, request.GET)
    columns = [ExportColumn("区划", lambda r: r.name, 16),
               ExportColumn("区划代码", lambda r: r.region.code, 10)]
    columns += [ExportColumn(f"{f.module}：{f.label}", _cell(i), 18, kind=f.kind)
                for i, f in enumerate(board.figures)]
    total = ChildRow(board.region, board.totals, f"{board.region.name}合计")
    return export_response(columns, [*board.rows, total],
                           title=f"{board.region.name}{board.year}年全省一屏指标",
                           filters_text=f"区划={board.region.full_name}；年度={board.year}",
                           filename="全省一屏")
