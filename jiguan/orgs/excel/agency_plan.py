"""What an agency import will do, shown before it is confirmed: the agencies created and
changed (old → new per field) and the probable duplicates (a new credit code under the name
of a registered agency, or of another new row of the file)."""

from __future__ import annotations

from functools import partial
from itertools import chain, compress, islice, repeat
from operator import is_, not_
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from jiguan.access.roles import Perm
from jiguan.access.scope import can_at
from jiguan.core.db.batches import batched
from jiguan.core.imports.pipeline import PLAN_ROWS, ImportPlan
from jiguan.core.imports.upsert import (
    ColumnRows,
    PlanBuilder,
    change_texts,
    created_texts,
    normalise_names,
)
from jiguan.orgs.excel.agency_write import agency_fields, merged
from jiguan.orgs.models import Agency

if TYPE_CHECKING:
    from jiguan.orgs.excel.agencies import AgencyImporter


def agency_plan(importer: AgencyImporter, rows: ColumnRows) -> ImportPlan:
    existing = importer.existing
    builder = PlanBuilder()
    plan = builder.plan
    # A parent is an agency id, or the credit code of a new agency of the file.
    names: dict[Any, str] = dict(zip(rows.column("credit_code"), rows.column("name"),
                                     strict=True))
    old_parents = {old.parent_id for old in existing.values() if old.parent_id}
    names.update(Agency.objects.filter(pk__in=old_parents).values_list("pk", "name")
                 if len(old_parents) < 5000 else _all_names())
    names.update({old.id: old.name for old in existing.values()})
    fields = agency_fields(importer.region_by_id, names)
    codes = rows.column("credit_code")
    olds = list(map(existing.get, codes))
    new = list(map(is_, olds, repeat(None)))
    for i in chain(islice(compress(range(len(rows)), new), PLAN_ROWS),
                   compress(range(len(rows)), map(not_, new))):
        row, old = tuple(column[i] for column in rows.columns), olds[i]
        name, code, parent_code = row[0], row[1], row[5]
        parent = existing.get(parent_code) if parent_code else None
        values = merged(row, old, parent.id if parent else (parent_code or None))
        if old is None:
            builder.create(rows.row[i], partial(_title, name, code),
                           partial(created_texts, fields, values))
            continue
        before = tuple(old[1:])
        if values == before:
            plan.unchanged += 1
            continue
        changed = [k for k, (a, b) in enumerate(zip(before, values, strict=True)) if a != b]
        builder.update(rows.row[i], partial(_title, name, code),
                       partial(change_texts, fields, before, values, changed),
                       partial(reverse, "orgs:agency_detail", args=[old.id]))
    plan.created = new.count(True)
    fresh = list(compress(zip(rows.row, rows.column("name"), codes, rows.column("region_id"),
                              strict=True), new))
    if fresh:
        _suspects(importer, builder, fresh)
    return builder.result()


def _title(name: str, code: str) -> str:
    return f"{name}（{code}）"


def _all_names() -> dict[Any, str]:
    return dict(Agency.objects.values_list("pk", "name").iterator(5000))


def _suspects(importer: AgencyImporter, builder: PlanBuilder,
              fresh: list[tuple[int, str, str, int]]) -> None:
    """Probable duplicates among the new rows: a registered agency of the same normalised
    name (same name and region said so), or an earlier new row of the same name."""
    keys = normalise_names([name for _, name, _, _ in fresh])
    wanted = set(keys)
    registered: dict[str, list[tuple[int, str, str, int]]] = {}
    for register in batched(Agency.objects.values_list(
            "pk", "name", "credit_code", "region_id").iterator(5000), 50_000):
        for agency, key in zip(register, normalise_names([row[1] for row in register]),
                               strict=True):
            if key in wanted:
                registered.setdefault(key, []).append(agency)
    user = importer.user
    regions = importer.region_by_id
    first_row: dict[str, tuple[int, str]] = {}
    for (number, _name, code, region_id), key in zip(fresh, keys, strict=True):
        for pk, other, other_code, other_region in registered.get(key, ()):
            region = regions.get(other_region)
            if region is None or not can_at(user, Perm.VIEW_ORGS, region_path=region.path,
                                                  agency_id=pk):
                builder.suspect(number, "与权限范围外的已登记单位名称相同，可能重复")
                continue
            where = "名称相同且同在" + region.name if other_region == region_id else "名称相同"
            builder.suspect(number, f"与已登记单位“{other}”（{other_code}）{where}，可能重复",
                            reverse("orgs:agency_detail", args=[pk]))
        earlier = first_row.setdefault(key, (number, code))
        if earlier[0] != number and earlier[1] != code:
            builder.suspect(number, f"与本表第{earlier[0]}行的新单位名称相同"
                                    "（信用代码不同），可能重复")
