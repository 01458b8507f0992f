"""The board: a region's figures and its child regions' (the page, the API and the export
share it), the region the user may see it for, and the tiles of the map."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import require, scope_root, sees_whole_region
from jiguan.core.numbers import format_number
from jiguan.overview.figures import FIGURES, Figure, Source, Values, get

#: years offered by the year selector, back from the current one
YEARS_BACK = 6

#: A fixed arrangement of Zhejiang's eleven cities (row, column), roughly as on a map;
#: other regions' children are laid out in code order, five to a row.
CITY_GRID: dict[str, tuple[int, int]] = {
    "330500": (1, 2), "330400": (1, 3),                                   # 湖州 嘉兴
    "330100": (2, 2), "330600": (2, 3), "330200": (2, 4), "330900": (2, 5),  # 杭州 绍兴 宁波 舟山
    "330800": (3, 1), "330700": (3, 2), "331000": (3, 4),                 # 衢州 金华 台州
    "331100": (4, 2), "330300": (4, 3),                                   # 丽水 温州
}
#: five shades from light to dark (classes ov-shade-0 … 4 in overview.css), grey for none
SHADES = 5
NO_DATA = "none"


def default_year(today: dt.date | None = None) -> int:
    """The last finished year: its twelve months of energy are in."""
    return (today or dt.date.today()).year - 1


def year_choices(today: dt.date | None = None) -> list[int]:
    this = (today or dt.date.today()).year
    return list(range(this, this - YEARS_BACK, -1))


def parse_year(raw: str | None, today: dt.date | None = None) -> tuple[int, str]:
    """The year asked for, else the default with a message (never an error page)."""
    default = default_year(today)
    text = (raw or "").strip()
    if not text:
        return default, ""
    if text.isdigit() and int(text) in year_choices(today):
        return int(text), ""
    return default, f"年度“{text[:10]}”无效，已显示 {default} 年"


def region_for(user: Any, code: str | None) -> Region:
    """The region whose board the user asked for: the top of their overview scope without a
    code; 404 for a region they do not see whole (the figures are region totals)."""
    require(user, Perm.VIEW_OVERVIEW)
    code = (code or "").strip()
    if not code:
        region = scope_root(user, Perm.VIEW_OVERVIEW)
    else:
        region = get_object_or_404(Region.objects.visible_to(user, Perm.VIEW_OVERVIEW),
                                   code=code[:12])
    if not sees_whole_region(user, Perm.VIEW_OVERVIEW, region):
        raise Http404("没有可查看的区划")
    return region


@dataclass
class Cell:
    figure: Figure
    value: Decimal | None
    url: str
    note: str = ""

    @property
    def text(self) -> str:
        return format_number(self.value, self.figure.kind)


@dataclass
class ChildRow:
    region: Region
    cells: list[Cell]
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.region.name


@dataclass
class Tile:
    region: Region
    value: Decimal | None
    text: str
    shade: str  # "0" (lightest) … "4" (darkest), "none" (无数据)
    url: str
    row: int  # 0: laid out in code order, no fixed place
    column: int


@dataclass
class Board:
    region: Region
    year: int
    figures: list[Figure]
    values: dict[str, Values]
    totals: list[Cell]
    rows: list[ChildRow]
    chosen: Figure
    tiles: list[Tile] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    message: str = ""


def compute(region: Region, year: int, today: dt.date | None = None) -> dict[str, Values]:
    """Every figure for ``region`` and its children (one grouped query a figure at most)."""
    source = Source(region, year, today)
    return {f.code: f.compute(source) for f in FIGURES}


def board(user: Any, params: Mapping[str, str], today: dt.date | None = None) -> Board:
    region = region_for(user, params.get("region"))
    year, message = parse_year(params.get("year"), today)
    chosen = get(params.get("figure", "")) or FIGURES[0]
    if params.get("figure") and chosen.code != params.get("figure"):
        message = "；".join(filter(None, [message, "所选指标不存在，已显示在册单位"]))
    values = compute(region, year, today)
    children = list(Region.objects.filter(parent=region).order_by("code"))
    totals = [Cell(f, values[f.code].total, f.url(region, year), values[f.code].note)
              for f in FIGURES]
    rows = [ChildRow(child, [Cell(f, values[f.code].children.get(child.code),
                                  f.url(child, year)) for f in FIGURES])
            for child in children]
    out = Board(region, year, FIGURES, values, totals, rows, chosen, message=message)
    out.tiles, out.legend = tiles(children, values[chosen.code], chosen, year)
    return out


def _shade(value: Decimal, low: Decimal, high: Decimal) -> str:
    if high <= low:
        return str(SHADES // 2)
    step = (value - low) / (high - low) * SHADES
    return str(min(int(step), SHADES - 1))


def tiles(children: list[Region], values: Values, figure: Figure, year: int
          ) -> tuple[list[Tile], list[tuple[str, str]]]:
    """The child regions as tiles shaded by ``figure`` (darker = larger), grey 无数据; the
    eleven cities in their fixed places, other children in code order."""
    present = [v for c in children if (v := values.children.get(c.code)) is not None]
    low, high = min(present, default=Decimal(0)), max(present, default=Decimal(0))
    fixed = all(c.code in CITY_GRID for c in children)
    out = []
    for child in children:
        value = values.children.get(child.code)
        row, column = CITY_GRID[child.code] if fixed else (0, 0)
        out.append(Tile(child, value, "无数据" if value is None else
                        format_number(value, figure.kind),
                        NO_DATA if value is None else _shade(value, low, high),
                        figure.url(child, year), row, column))
    legend = []
    if present:
        width = (high - low) / SHADES
        for i in range(SHADES):
            legend.append((str(i), f"≥ {format_number(low + width * i, figure.kind)}"))
    legend.append((NO_DATA, "无数据"))
    return out, legend
