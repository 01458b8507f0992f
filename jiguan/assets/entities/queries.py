"""Reads of the transfer shared by the pages, the API and the exports: the filtered entity
list, the progress board (by batch, route and region) and the steps due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q

from jiguan.access.models import Region
from jiguan.assets.entities.forms import EntityFilterForm
from jiguan.assets.entities.models import (
    DONE_STATUSES,
    Batch,
    Entity,
    EntityStatus,
    Route,
    Step,
    StepKind,
)


def entities_for(user: Any, params: Any) -> tuple[Any, EntityFilterForm]:
    form = EntityFilterForm(params or None, batches=Batch.objects.visible_to(user),
                            regions=Region.objects.visible_to(user))
    qs = Entity.objects.visible_to(user).select_related("region", "agency", "batch")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(Q(name__icontains=d["q"]) | Q(credit_code__icontains=d["q"]))
        for name in ("kind", "route", "status", "batch"):
            if d.get(name):
                qs = qs.filter(**{name: d[name]})
        if d.get("step"):
            qs = qs.filter(current_step=d["step"])
        if d.get("region"):
            qs = qs.filter(region__path__startswith=d["region"].path)
    elif form.is_bound:
        qs = qs.none()
    return qs, form


@dataclass
class BoardRow:
    """One line of the board: how many entities, how many at each step, how many done."""

    label: str
    key: str = ""
    total: int = 0
    pending: int = 0
    done: int = 0
    at_step: dict[str, int] = field(default_factory=lambda: {k: 0 for k in StepKind.values})
    book_value: Any = 0

    @property
    def in_progress(self) -> int:
        return self.total - self.pending - self.done

    @property
    def steps(self) -> list[int]:
        return [self.at_step[k] for k in StepKind.values]

    @property
    def done_percent(self) -> float:
        return 100.0 * self.done / self.total if self.total else 0.0


@dataclass
class Board:
    total: BoardRow
    by_batch: list[BoardRow]
    by_route: list[BoardRow]
    by_region: list[BoardRow]
    overdue: int
    step_labels: list[str] = field(default_factory=lambda: list(StepKind.labels))


def _add(row: BoardRow, status: str, step: str, value: Any) -> None:
    row.total += 1
    row.book_value += value or 0
    if status in DONE_STATUSES:
        row.done += 1
    elif status == EntityStatus.PENDING or not step:
        row.pending += 1
    else:
        row.at_step[step] += 1


def board(user: Any, batch: Batch | None = None) -> Board:
    """The progress board of the entities the user sees (one query over the entities)."""
    qs = Entity.objects.visible_to(user)
    if batch is not None:
        qs = qs.filter(batch=batch)
    rows = list(qs.values_list("status", "current_step", "book_value", "batch_id", "route",
                               "region__path"))
    total = BoardRow("合计")
    batches: dict[Any, BoardRow] = {}
    names = {b.pk: str(b) for b in Batch.objects.filter(
        pk__in={r[3] for r in rows if r[3]}).select_related("programme")}
    routes = {k: BoardRow(label, k) for k, label in Route.choices}
    unrouted = BoardRow("未定路径")
    cities: dict[str, BoardRow] = {}
    city_codes = {_city_code(r[5]) for r in rows}
    city_names = dict(Region.objects.filter(code__in=city_codes).values_list("code", "name"))
    for status, step, value, batch_id, route, path in rows:
        _add(total, status, step, value)
        b = batches.setdefault(batch_id, BoardRow(names.get(batch_id, "未编入批次"),
                                                  str(batch_id or "")))
        _add(b, status, step, value)
        _add(routes[route] if route else unrouted, status, step, value)
        code = _city_code(path)
        c = cities.setdefault(code, BoardRow(city_names.get(code, code), code))
        _add(c, status, step, value)
    by_batch = sorted(batches.values(), key=lambda r: (r.key == "", r.label))
    by_route = [r for r in (*routes.values(), unrouted) if r.total]
    overdue = steps_due(user).filter(entity__in=qs).count()
    return Board(total=total, by_batch=by_batch, by_route=by_route,
                 by_region=sorted(cities.values(), key=lambda r: r.key), overdue=overdue)


def _city_code(path: str) -> str:
    """The city (市) of a region path; a province-level row is its own."""
    parts = [p for p in path.strip("/").split("/") if p]
    return parts[1] if len(parts) > 1 else parts[0]


def steps_due(user: Any, on: dt.date | None = None) -> Any:
    """Open steps whose planned date has come: the current step of each entity (the to-do
    the assets division sees in its inbox)."""
    day = on or dt.date.today()
    return (Step.objects.visible_to(user)
            .filter(done_on__isnull=True, due_date__lte=day,
                    entity__current_step=F("kind"))
            .select_related("entity", "entity__batch").order_by("due_date"))


def batch_counts(user: Any) -> Any:
    return (Batch.objects.visible_to(user).select_related("programme")
            .annotate(n=Count("entities"),
                      done=Count("entities", filter=Q(entities__status__in=DONE_STATUSES))))
