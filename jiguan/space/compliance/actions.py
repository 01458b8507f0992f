"""The writes of 统一规范使用: :func:`sync` stores the difference between the computed
findings and the stored ones (bulk statements, one transaction, one summary audit row, the
rectification to-dos opened and closed with them), :func:`refresh_after_change` runs it for
a county, and the 整改 steps people take (:func:`finding_start`, :func:`finding_verify`)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Case, Value, When
from django.urls import reverse
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.access.roles import Role
from jiguan.audit.record import record
from jiguan.space.compliance.compute import compute_with_tallies
from jiguan.space.compliance.models import (
    ACTIVE_FINDING_STATUSES,
    ComplianceTally,
    Finding,
    FindingStatus,
)
from jiguan.space.compliance.queries import cents_of, chunks, load_regions, raw_rows
from jiguan.space.compliance.rules import (
    AUTO_CLOSE_NOTE,
    SUBJECT_TYPE,
    SYSTEM_ACTOR,
    TASK_KIND,
    RegionRow,
    m2,
    rectification_days,
    region_codes,
)
from jiguan.todo.models import Task


@dataclass
class SyncResult:
    created: int = 0
    reopened: int = 0
    closed: int = 0
    unchanged: int = 0
    updated: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, int | float]:
        return {"created": self.created, "reopened": self.reopened, "closed": self.closed,
                "unchanged": self.unchanged, "updated": self.updated,
                "seconds": round(self.seconds, 2)}


_FIELDS = ("region_id", "agency_id", "building_id", "room_id", "person_id", "measure", "detail")


_URL_MARK = 987654321


def _finding_url() -> Any:
    """The finding page's URL for a pk, reversed once (not once per to-do)."""
    head, _, tail = reverse("space_compliance:finding_detail",
                            args=[_URL_MARK]).partition(str(_URL_MARK))
    return lambda pk: f"{head}{pk}{tail}"


def _task(finding: Finding, subject: str, actor_obj: Any, url: Any = None) -> Task:
    title = f"整改：{finding.get_kind_display()}——{subject}"[:200]
    return Task(kind=TASK_KIND, title=title, detail=finding.detail,
                assignee_role=Role.AGENCY_REPORTER if finding.agency_id else Role.BUREAU_STAFF,
                region_id=finding.region_id, agency_id=finding.agency_id,
                subject_type=SUBJECT_TYPE, subject_id=str(finding.pk),
                subject_url=(url or _finding_url())(finding.pk),
                due_date=finding.due_date, created_by=actor_obj)


def _close_tasks(finding_ids: Sequence[int], actor_obj: Any, now: dt.datetime) -> int:
    closed = 0
    for chunk in chunks([str(pk) for pk in finding_ids]):
        closed += Task.objects.filter(kind__in=(TASK_KIND, CHASE_KIND),
                                      subject_type=SUBJECT_TYPE,
                                      subject_id__in=chunk, done_at__isnull=True).update(
            done_at=now, done_by=actor_obj, done_note=AUTO_CLOSE_NOTE, updated_at=now)
    return closed


def _write_tallies(prefix: str | None, regions: Mapping[int, RegionRow],
                   tallies: Mapping[int, list[int]], now: dt.datetime) -> None:
    old = ComplianceTally.objects.all()
    if prefix:
        old = old.filter(region_path__startswith=prefix)
    old.delete()
    rows = []
    for region_id, (count, area_c) in tallies.items():
        path = regions[region_id].path
        city, county = region_codes(path)
        rows.append(ComplianceTally(region_id=region_id, region_path=path, city_code=city,
                                    county_code=county, office_rooms=count,
                                    office_area=m2(area_c), computed_at=now))
    ComplianceTally.objects.bulk_create(rows, batch_size=2000)


def _update_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """``UPDATE finding SET columns… WHERE id = …`` with one ``executemany`` per batch, each
    row its values then the pk (values prepared by their fields). Django's ``bulk_update``
    builds a ``CASE WHEN id = …`` per column, which SQLite evaluates row by row: quadratic in
    the batch (40,000 changed findings took over a minute)."""
    if not rows:
        return
    meta = Finding._meta
    fields = [cast(models.Field, meta.get_field(name)) for name in columns]
    q = connection.ops.quote_name
    sql = (f"UPDATE {q(meta.db_table)} SET "  # noqa: S608 - names from the model
           f"{', '.join(f'{q(f.column)} = %s' for f in fields)} WHERE {q(meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        for batch in chunks(rows, 2000):
            cursor.executemany(sql, [
                [*(f.get_db_prep_save(v, connection) for f, v in zip(fields, row[:-1],
                                                                     strict=True)), row[-1]]
                for row in batch])


_CHANGE_COLUMNS = ("region_path", "city_code", "county_code", "last_seen_at", "updated_at",
                   "region", "agency", "building", "room", "person", "measure", "detail")


_REOPEN_COLUMNS = (*_CHANGE_COLUMNS, "status", "resolved_at", "verified_at", "verified_by",
                   "reopen_count", "due_date", "updated_by")


def sync(*, region_path: str | None = None, actor: Any = None, on: dt.date | None = None
         ) -> SyncResult:
    """Bring the findings of the subtree at ``region_path`` (None: everything) in line with
    the register: new ones are created (with a to-do), gone ones close (已整改, their to-do
    done), returning ones reopen (待整改, a new to-do, reopen count + 1).

    Only differences are written. ``last_seen_at`` (最近发现) is kept to the day: a finding
    written by this run gets the time of the run; an unchanged active one is touched only
    when its ``last_seen_at`` falls before today (local time), so the first recompute of a
    day stamps it and later ones that day write nothing for it. The exact time of the latest
    recompute of a region is ``ComplianceTally.computed_at``."""
    started = time.perf_counter()
    today = on or timezone.localdate()
    data, tallies = compute_with_tallies(region_path=region_path, on=today)
    regions = load_regions()
    now = timezone.now()
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    due = today + dt.timedelta(days=rectification_days())
    result = SyncResult()
    with transaction.atomic():
        # The stored findings as plain tuples (measure in whole cents, a flag for a
        # last_seen_at before today), compared with the computed ones tuple by tuple.
        def stored(qs: Any) -> Iterator[tuple[Any, ...]]:
            return raw_rows(qs.order_by().annotate(
                measure_c=cents_of("measure"),
                stale=Case(When(last_seen_at__lt=midnight, then=Value(1)), default=Value(0),
                           output_field=models.IntegerField()),
            ).values_list("key", "id", "status", "reopen_count", "stale", "region_id",
                          "agency_id", "building_id", "room_id", "person_id", "measure_c",
                          "detail"))

        scope = Finding.objects.all()
        if region_path:
            scope = scope.filter(region_path__startswith=region_path)
        existing = {row[0]: row for row in stored(scope)}
        if region_path:  # a finding whose subject moved in from elsewhere
            strays = [k for k in data if k not in existing]
            for chunk in chunks(strays):
                existing.update({row[0]: row for row in stored(
                    Finding.objects.filter(key__in=chunk))})
        places = {pk: (r.path, *region_codes(r.path)) for pk, r in regions.items()}
        active = frozenset(ACTIVE_FINDING_STATUSES)
        to_create: list[Finding] = []
        to_update: list[tuple[Any, ...]] = []
        reopened: list[Finding] = []
        stale: list[int] = []
        for key, f in data.items():
            row = existing.get(key)
            if row is not None and row[2] in active and row[5:] == (
                    f.region_id, f.agency_id, f.building_id, f.room_id, f.person_id,
                    int(f.measure * 100), f.detail):
                result.unchanged += 1
                if row[4]:
                    stale.append(row[1])
                continue
            path, city, county = places[f.region_id]
            values = (f.region_id, f.agency_id, f.building_id, f.room_id, f.person_id,
                      f.measure, f.detail)
            if row is None:
                to_create.append(Finding(
                    kind=f.kind, key=key, region_path=path, city_code=city, county_code=county,
                    status=FindingStatus.OPEN, first_seen_at=now, last_seen_at=now,
                    due_date=due, created_by=actor_obj, updated_by=actor_obj,
                    **dict(zip(_FIELDS, values, strict=True))))
            elif row[2] in active:
                to_update.append((path, city, county, now, now, *values, row[1]))
            else:
                reopened.append(Finding(
                    pk=row[1], kind=f.kind, key=key, region_path=path, city_code=city,
                    county_code=county, status=FindingStatus.OPEN, last_seen_at=now,
                    resolved_at=None, verified_at=None, verified_by=None,
                    reopen_count=row[3] + 1, due_date=due, updated_at=now,
                    updated_by=actor_obj, **dict(zip(_FIELDS, values, strict=True))))
        gone = [row[1] for key, row in existing.items()
                if row[2] in active and key not in data]

        Finding.objects.bulk_create(to_create, batch_size=2000)
        _update_rows(_CHANGE_COLUMNS, to_update)
        _update_rows(_REOPEN_COLUMNS, [
            (f.region_path, f.city_code, f.county_code, now, now, f.region_id, f.agency_id,
             f.building_id, f.room_id, f.person_id, f.measure, f.detail, f.status, None, None,
             None, f.reopen_count, f.due_date, actor_obj.pk if actor_obj else None, f.pk)
            for f in reopened])
        for chunk in chunks(gone):
            Finding.objects.filter(pk__in=chunk).update(
                status=FindingStatus.FIXED, resolved_at=now, updated_at=now, updated_by=actor_obj)
        _close_tasks(gone, actor_obj, now)
        if stale and region_path is None:  # the day's first recompute: one statement
            Finding.objects.filter(status__in=ACTIVE_FINDING_STATUSES,
                                   last_seen_at__lt=midnight).update(last_seen_at=now)
        else:  # a subtree (its strays included): by id
            for chunk in chunks(stale):
                Finding.objects.filter(pk__in=chunk).update(last_seen_at=now)

        new = [*to_create, *reopened]
        if new and not all(f.pk for f in to_create):  # a backend that returns no ids
            ids = dict(Finding.objects.filter(key__in=[f.key for f in to_create])
                       .values_list("key", "id"))
            for created in to_create:
                created.pk = ids[created.key]
        if reopened:
            _close_tasks([f.pk for f in reopened], actor_obj, now)  # stale ones, if any
        url = _finding_url()
        Task.objects.bulk_create([_task(f, data[f.key].subject, actor_obj, url) for f in new],
                                 batch_size=2000)
        _write_tallies(region_path, regions, tallies, now)

        result.created, result.reopened = len(to_create), len(reopened)
        result.closed, result.updated = len(gone), len(to_update)
        result.seconds = time.perf_counter() - started
        region = _region_for(region_path)
        record(actor=actor or SYSTEM_ACTOR, event="space.compliance.recomputed", region=region,
               changes={}, extra={"region_path": region_path or "", **result.as_dict()})
    return result


def _region_for(region_path: str | None) -> Region | None:
    if region_path:
        return Region.objects.filter(path=region_path).first()
    return Region.objects.filter(parent__isnull=True).order_by("code").first()


def county_path(region_path: str) -> str:
    """The county subtree a change at ``region_path`` belongs to (the path itself when it is
    a city or the province)."""
    parts = [p for p in region_path.strip("/").split("/") if p]
    return "/" + "/".join(parts[:3]) + "/"


def refresh_after_change(*, region_path: str, actor: Any) -> SyncResult:
    """Re-sync the county subtree of a change. Call it after the write commits:
    ``transaction.on_commit(lambda: refresh_after_change(region_path=path, actor=actor))``."""
    return sync(region_path=county_path(region_path), actor=actor)


@transaction.atomic
def finding_start(*, finding: Finding, note: str, actor: Any) -> Finding:
    """The agency starts (or updates) its rectification: 待整改 / 整改中 → 整改中."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)  # vs a concurrent sync
    note = note.strip()
    if not note:
        raise ValidationError({"note": "请填写整改措施"})
    if finding.status not in ACTIVE_FINDING_STATUSES:
        raise ValidationError({"note": f"该问题{finding.get_status_display()}，不能再登记整改"})
    before = (finding.get_status_display(), finding.note)
    finding.status = FindingStatus.IN_PROGRESS
    finding.note = note
    finding.updated_by = actor
    finding.save(update_fields=["status", "note", "updated_by", "updated_at"])
    record(actor=actor, event="space.finding.started", target=finding,
           changes={"status": [before[0], finding.get_status_display()],
                    "note": [before[1], note]})
    return finding


#: Kind of the reminder a bureau sends from a finding (催办); closed with the finding's own.
CHASE_KIND = "space.rectification.chase"


@transaction.atomic
def finding_chase(*, finding: Finding, note: str, actor: Any) -> Task:
    """The bureau chases the agency's rectification (催办): a to-do for the agency's
    reporters naming the finding, the deadline and the bureau's note, audited on the
    finding. Only an active finding of an agency can be chased."""
    note = note.strip()
    if not finding.is_active:
        raise ValidationError({"note": f"该问题{finding.get_status_display()}，无需催办"})
    if finding.agency_id is None:
        raise ValidationError({"note": "该问题不属于某个单位，由机关事务管理部门自行整改"})
    if len(note) > 500:
        raise ValidationError({"note": "催办说明不能超过 500 字"})
    chased = Task.objects.filter(kind=CHASE_KIND, subject_type=SUBJECT_TYPE,
                                 subject_id=str(finding.pk)).count()
    task = _task(finding, finding.subject_label, actor)
    task.kind = CHASE_KIND
    task.title = f"催办（第 {chased + 1} 次）：{task.title}"[:200]
    task.detail = "\n".join(part for part in (note, finding.detail) if part)
    task.full_clean()
    task.save()
    record(actor=actor, event="space.finding.chased", target=finding,
           extra={"note": note, "times": chased + 1, "task": task.pk})
    return task


@transaction.atomic
def finding_verify(*, finding: Finding, actor: Any) -> Finding:
    """The bureau confirms a rectification the data shows: 已整改 → 已核验. The row is
    locked and its status read again, so a finding a concurrent sync reopened is not
    verified."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.status != FindingStatus.FIXED:
        raise ValidationError(f"只有“已整改”的问题才能核验，该问题当前为“"
                              f"{finding.get_status_display()}”")
    finding.status = FindingStatus.VERIFIED
    finding.verified_at = timezone.now()
    finding.verified_by = actor
    finding.updated_by = actor
    finding.save(update_fields=["status", "verified_at", "verified_by", "updated_by",
                                "updated_at"])
    record(actor=actor, event="space.finding.verified", target=finding,
           changes={"status": [FindingStatus.FIXED.label, FindingStatus.VERIFIED.label]})
    return finding
