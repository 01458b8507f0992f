"""The query string of the indicator pages and API, read forgivingly: a bad year, grouping
or coefficient set falls back to the default with a Chinese message (the pages show it; the
API refuses with it, ``without_fallback``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import scope_root
from jiguan.energy.indicators import queries
from jiguan.energy.models import AgencyYear, CoefficientSet, RegionYear

FIRST_YEAR = 2000


def without_fallback(message: str) -> str:
    """The problem alone, for the API (which refuses rather than falls back)."""
    return message.split("，已")[0]


def parse_year(raw: str | None, default: int) -> tuple[int, str]:
    """The year asked for, or `default` with a Chinese message naming the bad input."""
    text = (raw or "").strip()
    if not text:
        return default, ""
    this_year = timezone.localdate().year
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= this_year:
        return default, (f"年度“{text[:20]}”无效，应为 {FIRST_YEAR} 至 {this_year} 之间的"
                         f"四位年份，已显示 {default} 年")
    return int(text), ""


def latest_year() -> int:
    """The latest year with summaries (what a user most likely wants), else this year."""
    year = AgencyYear.objects.order_by("-year").values_list("year", flat=True).first()
    return int(year) if year else timezone.localdate().year


@dataclass
class RollupQuery:
    """The roll-up's query string, read forgivingly: a bad year, grouping or coefficient
    set falls back to the default with a Chinese message; an unknown or out-of-scope
    region is a 404, exactly like a missing one."""

    region: Region
    year: int
    by: str
    own: bool
    coefficient_set: CoefficientSet | None
    errors: dict[str, str]      # field -> the Chinese message (and the fallback used)

    def params(self) -> str:
        parts = [f"region={self.region.code}", f"year={self.year}", f"by={self.by}"]
        if self.own:
            parts.append("own=1")
        if self.coefficient_set is not None:
            parts.append(f"set={self.coefficient_set.code}")
        return "&".join(parts)

    def describe(self) -> str:
        used = self.coefficient_set.name if self.coefficient_set else "默认折标系数"
        return (f"区划={self.region.full_name}{'（本级）' if self.own else ''}；年度={self.year}；"
                f"汇总方式={queries.BY_CHOICES[self.by]}；折标系数={used}")


def read_rollup_query(user: Any, params: Mapping[str, str]) -> RollupQuery:
    code = params.get("region", "").strip()
    if code:
        if not code.isdigit() or len(code) > 12:
            raise Http404("区划不存在")
        region = get_object_or_404(Region.objects.visible_to(user, Perm.VIEW_ENERGY), code=code)
    else:
        region = scope_root(user, Perm.VIEW_ENERGY)
    default_year = (RegionYear.objects.order_by("-year").values_list("year", flat=True).first()
                    or latest_year())
    year, year_error = parse_year(params.get("year"), int(default_year))
    errors = {"year": year_error} if year_error else {}
    by = params.get("by", "").strip() or "region"
    if by not in queries.BY_CHOICES:
        errors["by"] = f"汇总方式“{by[:20]}”无效，可选：按区划、按部门、按单位性质，已按区划汇总"
        by = "region"
    set_code = params.get("set", "").strip()
    chosen: CoefficientSet | None = None
    if set_code:
        chosen = CoefficientSet.objects.filter(code=set_code[:40]).first()
        if chosen is None:
            errors["set"] = f"折标系数“{set_code[:40]}”不存在，已按默认折标系数折算"
    return RollupQuery(region=region, year=year, by=by, own=params.get("own") == "1",
                       coefficient_set=chosen, errors=errors)
