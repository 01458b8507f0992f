"""The set-based write of an agency import: new agencies in one bulk insert, changed ones in
one ``executemany``, the changes' audit events in one bulk write; see jiguan.core.imports.upsert."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import compress
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils import timezone

from jiguan.audit.record import TargetChange, record_many
from jiguan.core.db.bulk import reserve_ids
from jiguan.core.imports.pipeline import Progress, RowError, RowRejected
from jiguan.core.imports.upsert import (
    ColumnRows,
    Field,
    audit_changes,
    fetch_rows,
    insert_rows,
    job_id_for,
    update_rows,
)
from jiguan.orgs import rules
from jiguan.orgs.models import Agency, AgencyStatus
from jiguan.orgs.signals import send_for_regions

if TYPE_CHECKING:
    from jiguan.access.models import Region
    from jiguan.orgs.excel.agencies import AgencyImporter, ExistingAgency

#: The register's columns the import compares, after the id (ExistingAgency's order).
COMPARED = ("name", "region", "level", "type_code", "parent", "authorized_headcount",
            "actual_headcount", "energy_headcount")
_TYPE_LABELS = dict(Agency._meta.get_field("type_code").choices or ())
_NEW = ("id", "name", "credit_code", "region", "level", "type_code", "parent",
        "authorized_headcount", "actual_headcount", "energy_headcount")
_CHANGED = ("updated_at", "updated_by", *COMPARED, "import_job_id")


def load_existing(codes: Iterable[str]) -> Iterator[tuple[str, ExistingAgency]]:
    """The registered agencies of these credit codes, by code."""
    from jiguan.orgs.excel.agencies import ExistingAgency

    for code, *values in fetch_rows(Agency, "credit_code", codes, ("id", *COMPARED)):
        yield code, ExistingAgency(*values)


def agency_fields(regions: dict[int, Region], names: dict[int, str]) -> list[Field]:
    """COMPARED as plan and audit read them (``names``: agency id -> name, for parents)."""
    def region_text(pk: Any) -> str:
        region = regions.get(pk)
        return f"{region.name}（{region.code}）" if region else ""

    def region_audit(pk: Any) -> Any:
        region = regions.get(pk)
        return region.name if region else None

    def type_text(code: Any) -> str:
        return str(_TYPE_LABELS.get(code, code or ""))

    def level_text(level: Any) -> str:
        return rules.LEVEL_LABELS.get(level, level or "")

    return [
        Field("name", "单位名称"),
        Field("region", "行政区划代码", region_text, region_audit),
        Field("level", "单位层级", level_text, level_text),
        Field("type_code", "单位性质", type_text, type_text),
        Field("parent", "上级单位", lambda pk: names.get(pk, "") if pk else "",
              lambda pk: names.get(pk) if pk else None),
        Field("authorized_headcount", "编制数"),
        Field("actual_headcount", "实有人数"),
        Field("energy_headcount", "用能人数"),
    ]


def merged(row: tuple[Any, ...], old: ExistingAgency | None, parent_id: int | None
           ) -> tuple[Any, ...]:
    """The compared values the row leaves: blank optional cells keep the old values (or
    take the defaults of a new agency)."""
    name, _code, region_id, level, type_code, parent_code, authorized, actual, energy = row
    if old is None:
        return (name, region_id, level, type_code or "01", parent_id,
                0 if authorized is None else authorized, 0 if actual is None else actual,
                energy)
    return (name, region_id, level, old.type_code if type_code is None else type_code,
            parent_id if parent_code else old.parent_id,
            old.authorized_headcount if authorized is None else authorized,
            old.actual_headcount if actual is None else actual,
            old.energy_headcount if energy is None else energy)


class AgencyWriter:
    """Writes one checked agency import (see :meth:`write`)."""

    def __init__(self, importer: AgencyImporter, rows: ColumnRows, actor: Any) -> None:
        self.importer = importer
        self.rows = rows
        self.actor = actor

    def write(self, progress: Progress) -> dict[str, int]:
        """New agencies in one bulk insert (made a column at a time, zipped in C) with their
        ids reserved first, so that a parent listed earlier in the file is written with its
        child (no second pass of updates); then the changed agencies and their events."""
        importer, rows, actor = self.importer, self.rows, self.actor
        existing, skip = importer.existing, importer.skip_rows
        job_id = job_id_for(importer)
        actor_id = actor.pk if actor is not None else None
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        (names, codes, region_ids, levels, type_codes, parent_codes, authorized, actual,
         energy) = rows.columns
        olds = list(map(existing.get, codes))
        fresh = [old is None for old in olds]
        skipped = 0
        if skip:
            dropped = [new and number in skip for new, number in zip(fresh, rows.row,
                                                                      strict=True)]
            skipped = dropped.count(True)
            fresh = [new and not drop for new, drop in zip(fresh, dropped, strict=True)]
        new_codes = list(compress(codes, fresh))
        ids = dict(zip(new_codes, reserve_ids(Agency, len(new_codes)), strict=True))
        parent_ids = [None if not code else found.id if (found := existing.get(code))
                      else ids.get(code) for code in parent_codes]
        old_rows = [(rows.row[i], tuple(column[i] for column in rows.columns), old)
                    for i, old in enumerate(olds) if old is not None]
        self._refuse_unwritten_parents(rows, fresh, parent_ids, old_rows, ids)
        values = zip(ids.values(), *(compress(column, fresh) for column in (
            names, codes, region_ids, levels, [t or "01" for t in type_codes], parent_ids,
            [n or 0 for n in authorized], [n or 0 for n in actual], energy)), strict=True)
        head = {"created_at": now, "updated_at": now, "created_by": actor_id,
                "updated_by": actor_id, "status": AgencyStatus.ACTIVE.value, "note": "",
                "import_job_id": job_id}
        created = insert_rows(Agency, head, _NEW, values)
        progress(created)
        regions = set(compress(region_ids, fresh))
        changed = self._changes(old_rows, ids, now, actor_id, job_id, regions)
        summary = {"created": created, "updated": len(changed),
                   "unchanged": len(old_rows) - len(changed)}
        if skipped:
            summary["skipped"] = skipped
        progress(len(rows))
        send_for_regions(Agency, (importer.region_by_id[pk].path for pk in regions), actor)
        return summary

    def _refuse_unwritten_parents(self, rows: ColumnRows, fresh: list[bool],
                                  parent_ids: list[int | None],
                                  old_rows: list[tuple[int, tuple[Any, ...], ExistingAgency]],
                                  ids: dict[str, int]) -> None:
        """Refuse a row whose parent, a new agency of the file, is not written (a probable
        duplicate the user did not confirm)."""
        parent_codes = rows.column("parent_code")
        missing = [(rows.row[i], parent_codes[i]) for i in compress(range(len(rows)), fresh)
                   if parent_codes[i] and parent_ids[i] is None]
        missing += [(number, row[5]) for number, row, _ in old_rows
                    if row[5] and row[5] not in ids and row[5] not in self.importer.existing]
        if missing:
            raise RowRejected([RowError(number, "上级单位信用代码",
                                        f"上级单位“{parent}”未能导入（可能重复，未确认仍然新增）")
                               for number, parent in sorted(missing)])

    def _changes(self, old_rows: list[tuple[int, tuple[Any, ...], ExistingAgency]],
                 ids: dict[str, int], now: Any, actor_id: int | None, job_id: int | None,
                 regions: set[int]) -> list[int]:
        """Update the rows that differ from the register; their audit events in bulk."""
        existing = self.importer.existing
        changed: list[tuple[int, tuple[Any, ...], ExistingAgency]] = []
        for number, row, old in old_rows:
            parent_code = row[5]
            parent_id = None
            if parent_code:
                parent = existing.get(parent_code)
                parent_id = parent.id if parent is not None else ids[parent_code]
            values = merged(row, old, parent_id)
            if values != tuple(old[1:]):
                changed.append((number, values, old))
        if not changed:
            return []
        update_rows(Agency, _CHANGED, ((now, actor_id, *values, job_id, old.id)
                                       for _, values, old in changed))
        parents = {pk for _, values, old in changed for pk in (values[4], old.parent_id) if pk}
        names = dict(Agency.objects.filter(pk__in=parents).values_list("pk", "name"))
        fields = agency_fields(self.importer.region_by_id, names)
        region_by_id = self.importer.region_by_id
        items = []
        for _, values, old in changed:
            positions = [i for i, (a, b) in enumerate(zip(old[1:], values, strict=True)) if a != b]
            region = region_by_id[values[1]]
            regions.update((values[1], old.region_id))
            items.append(TargetChange("orgs.agency", old.id, values[0], region.pk, region.path,
                                      audit_changes(fields, old[1:], values, positions)))
        record_many(actor=self.actor, event="orgs.agency.updated", items=items)
        return [old.id for _, _, old in changed]
