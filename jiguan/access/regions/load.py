"""Loading the deployment's province from the bundled division codes."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from jiguan.access.models import Region, RegionLevel

DIVISIONS_CSV = Path(__file__).resolve().parent.parent / "data" / "china-divisions-2023.csv"


@dataclass(frozen=True)
class DivisionRow:
    code: str
    name: str
    level: str
    parent_code: str


def read_divisions(path: Path = DIVISIONS_CSV) -> list[DivisionRow]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [DivisionRow(r["code"], r["name"], r["level"], r["parent_code"])
                for r in csv.DictReader(fh)]


def province_rows(province_code: str, rows: list[DivisionRow]) -> list[DivisionRow]:
    """The province and its subtree, parents before children."""
    by_parent: dict[str, list[DivisionRow]] = {}
    for row in rows:
        by_parent.setdefault(row.parent_code, []).append(row)
    root = [r for r in rows if r.code == province_code and r.level == "province"]
    if not root:
        raise ValueError(f"区划代码 {province_code} 不是省级区划")
    out: list[DivisionRow] = []
    stack = root
    while stack:
        row = stack.pop(0)
        out.append(row)
        stack.extend(sorted(by_parent.get(row.code, []), key=lambda r: r.code))
    return out


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def load_province(province_code: str | None = None) -> LoadResult:
    """Create or update the province's regions; idempotent (a second run changes nothing)."""
    code = province_code or settings.JIGUAN_PROVINCE
    sub_provincial = set(settings.JIGUAN_SUB_PROVINCIAL_CITIES)
    result = LoadResult()
    existing = {r.code: r for r in Region.objects.all()}
    for row in province_rows(code, read_divisions()):
        parent = existing.get(row.parent_code) if row.parent_code else None
        wanted = {
            "name": row.name,
            "level": RegionLevel(row.level),
            "parent": parent,
            "sub_provincial": row.code in sub_provincial,
        }
        region = existing.get(row.code)
        if region is None:
            region = Region(code=row.code, **wanted)
            region.path = region.build_path()
            region.save()
            existing[row.code] = region
            result.created += 1
            continue
        changed = [k for k, v in wanted.items() if getattr(region, k) != v]
        if changed:
            for k in changed:
                setattr(region, k, wanted[k])
            region.path = region.build_path()
            region.save()
            result.updated += 1
        else:
            result.unchanged += 1
    return result
