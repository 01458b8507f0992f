"""/api/v1/overview/ (config/api.py mounts this router): the figures of a region and of
each of its child regions, as the page shows them (no `from __future__ import
annotations`: ninja reads the real annotations)."""

from decimal import Decimal
from typing import Any

from ninja import Query, Router, Schema

from jiguan.core.numbers import QUANTITIES
from jiguan.core.types import AuthedRequest
from jiguan.overview import queries

router = Router(tags=["全省一屏"])


class OverviewChildOut(Schema):
    code: str
    name: str
    value: Decimal | None
    url: str


class OverviewFigureOut(Schema):
    code: str
    label: str
    module: str
    kind: str
    unit: str
    total: Decimal | None
    note: str
    url: str
    children: list[OverviewChildOut]


class OverviewOut(Schema):
    region: str
    region_name: str
    year: int
    figures: list[OverviewFigureOut]


@router.get("/", response=OverviewOut)
def overview(request: AuthedRequest, region: str = Query("", max_length=12),
             year: str = Query("", max_length=10)) -> Any:
    """The figures of ``region`` (default: the top of the user's scope) for ``year``
    (default: last year), each with its value per child region; 404 for a region the
    user's 全省一屏 grant does not cover whole."""
    board = queries.board(request.user, {"region": region, "year": year})
    figures = []
    for i, cell in enumerate(board.totals):
        f = cell.figure
        figures.append({
            "code": f.code, "label": f.label, "module": f.module, "kind": f.kind,
            "unit": QUANTITIES[f.kind].unit, "total": cell.value,
            "note": board.values[f.code].note, "url": cell.url,
            "children": [{"code": row.region.code, "name": row.region.name,
                          "value": row.cells[i].value, "url": row.cells[i].url}
                         for row in board.rows]})
    return {"region": board.region.code, "region_name": board.region.name,
            "year": board.year, "figures": figures}


__all__ = ["router"]
