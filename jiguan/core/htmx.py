"""Rendering helpers: htmx requests get the named partial, others the whole page."""

from __future__ import annotations

import contextlib
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import cached_property


def render_page(request: HttpRequest, template: str, context: dict[str, Any], *,
                partial: str | None = None, status: int = 200) -> HttpResponse:
    """Render `template`, or only `template#partial` when htmx asks for it."""
    if partial and getattr(request, "htmx", False):
        return render(request, f"{template}#{partial}", context, status=status)
    return render(request, template, context, status=status)


#: Lists count at most this many rows; beyond it the page says "超过 10,000 条" and offers
#: the first COUNT_CAP / per_page pages (docs/adr/0011-list-speed.md).
COUNT_CAP = 10_000
#: A searched list counts at most this many matches ("超过 1,000 条": refine the search);
#: deeper pages are still reached by 下一页. A common character (鑫 in 13,180 of the
#: province's 600,000 people) otherwise read 10,001 matches for the count alone
#: (bench/README.md session 9).
SEARCH_COUNT_CAP = 1_000


#: From this row on, a page's rows are read by their ids (CappedPaginator.page), on these
#: databases.
DEFERRED_ROWS_FROM = 500
DEFERRED_ROWS_VENDORS = ("postgresql",)


class CappedPaginator(Paginator):
    """A paginator whose count stops at `cap` rows.

    ``COUNT(*)`` of a province's 600,000 people scans them all (0.9 s on SQLite), on every
    page view. Counting the first ``cap + 1`` rows is bounded; when there are more, `more`
    is true, `count` is `cap`, and the pages are the first ``cap / per_page`` (an OFFSET of
    at most `cap` rows, so no page costs more than the count). Narrowing the filters, or the
    Excel export (no cap), reaches the rest."""

    def __init__(self, object_list: Any, per_page: int, *, cap: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.cap = COUNT_CAP if cap is None else cap
        #: The list's keyset (`paginate`), None when its pages are numbered only.
        self.keyset: Keyset | None = None
        #: The deepest page with a number link (and the page jump's maximum) when the list
        #: has keyset pages past them; None: every page is numbered.
        self.numbered_last: int | None = None

    @property
    def last_numbered(self) -> int:
        """The last page reached by its number: the numbered pages, at most the count's."""
        pages = self.num_pages
        return pages if self.numbered_last is None else min(pages, self.numbered_last)

    @property
    def deeper(self) -> bool:
        """Pages past the numbered ones, reached by 下一页 (keyset)."""
        return self.numbered_last is not None and (
            self.num_pages > self.numbered_last or self.more)

    def page(self, number: Any) -> Page[Any]:
        """The page `number`. On PostgreSQL, past the first pages of a queryset, the page's
        ids are read first (the list's filter and order only, with an OFFSET) and then its
        rows by id: with the rows' related objects in the same query, PostgreSQL joined
        them for every skipped row too (the findings' page 100 joined 5,000 rows to their
        agency, building, room and person to show 50: 65 → 35 ms in process,
        bench/README.md session 10). Not on SQLite: given the narrower query, its planner
        turned to sorting the whole list (the people's page 100: 20 → 44 ms)."""
        rows = self.object_list
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if not (isinstance(rows, QuerySet) and bottom >= DEFERRED_ROWS_FROM
                and connections[rows.db].vendor in DEFERRED_ROWS_VENDORS
                and rows.query.combinator is None and rows.query.group_by is None
                and not rows.query.distinct):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(rows.values_list("pk", flat=True)[bottom:top])
        return Page(list(rows.filter(pk__in=ids)), number, self)

    @cached_property
    def _bounded_count(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet):
            # No ORDER BY in the counting subquery: it would sort every row first; and only
            # the key in its SELECT: a list's per-row figures (the building list's room
            # count and area, correlated subqueries) were otherwise computed for all
            # `cap + 1` rows just to count them (bench/README.md, session 7).
            return rows.order_by().values("pk")[: self.cap + 1].count()
        return len(rows)

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.cap)

    @property
    def more(self) -> bool:
        """More rows than `cap` (the count shown is "more than cap")."""
        return self._bounded_count > self.cap


#: Numbered pages (their links and the page jump) reach this many rows deep; a page deeper
#: than that is read by keyset from the page before or after it ("下一页" / "上一页"), so
#: no page of a list pays an OFFSET of more than this many rows (docs/adr/0011-list-speed.md,
#: addendum of session 8).
#: At the count's cap for now: on SQLite the province's people list read by keyset from
#: row 7,450 sorted every later row (the `agency_id >= v` bound made the planner drive from
#: the agency table: 190 ms CPU against ~20 for the OFFSET page; bench/README.md session
#: 8), so numbered pages stay as measured cheap before and keyset pages serve the rows past
#: the cap, which numbered pages never reached.
NUMBERED_ROWS = COUNT_CAP
#: The query parameters of a keyset page: the id of the row the page follows or precedes.
CURSOR_PARAMS = ("after", "before")


def paginate(request: HttpRequest, qs: QuerySet[Any] | Any, per_page: int = 50, *,
             cap: int | None = None) -> dict[str, Any]:
    """The page of `qs` asked for (a bad page number gives the nearest page, never a 500),
    and the query string to keep the filters in the page links. Counts stop at `cap`
    (default COUNT_CAP; CappedPaginator).

    A queryset in a plain field order is ordered by that order and then by id (ties in the
    order stay in one place from page to page). Its numbered pages reach NUMBERED_ROWS rows
    deep; deeper pages are keyset pages (``?page=N&after=<id>`` / ``&before=<id>``): the
    rows after (before) the row of that id in the list's order, an index range read
    whatever the depth, reaching past the count's cap too. The cursor row is looked up in
    `qs` itself, so a row out of the user's scope (or gone) is never a cursor: the request
    falls back to the last numbered page. Other lists (Python lists, a random order, an
    order on an expression) keep numbered pages only."""
    keyset = Keyset.of(qs) if isinstance(qs, QuerySet) else None
    rows = keyset.ordered if keyset else qs
    paginator = CappedPaginator(rows, per_page, cap=cap)
    paginator.keyset = keyset
    if keyset is not None:
        paginator.numbered_last = max(1, -(-NUMBERED_ROWS // per_page))
    page: Page[Any] | None = None
    if keyset is not None:
        page = keyset.page(request, paginator)
    if page is None:
        number = request.GET.get("page")
        if keyset is not None and paginator.numbered_last is not None:
            with contextlib.suppress(TypeError, ValueError):
                number = str(min(int(number or 1), paginator.numbered_last))
        page = paginator.get_page(number)
        if keyset is not None:
            # Read once (the links take the page's first and last ids); past a capped
            # count's last numbered page, 下一页 goes on by keyset.
            page = KeysetPage(list(page.object_list), page.number, paginator,
                              has_next=page.has_next() or paginator.more,
                              has_previous=page.has_previous())
    _link_params(page, paginator)
    return {"page_obj": page, "querystring_without_page": querystring(request)}


def _link_params(page: Page[Any], paginator: CappedPaginator) -> None:
    """`previous_params` / `next_params` of the page: the query string of its 上一页 and
    下一页 links, numbered while the page is within the numbered ones, keyset past them."""
    keyset = paginator.keyset
    prev_n, next_n = page.number - 1, page.number + 1
    page.previous_params = f"page={prev_n}"  # type: ignore[attr-defined]
    page.next_params = f"page={next_n}"  # type: ignore[attr-defined]
    if keyset is None:
        return
    rows = page.object_list  # a list: paginate reads the page once
    if rows and prev_n > paginator.last_numbered:
        page.previous_params = f"page={prev_n}&before={rows[0].pk}"  # type: ignore[attr-defined]
    if rows and next_n > paginator.last_numbered:
        page.next_params = f"page={next_n}&after={rows[-1].pk}"  # type: ignore[attr-defined]


class KeysetPage(Page):
    """A page read by keyset: its number is the one the link carried (for the label);
    whether there is a page before and after it is what the read found."""

    #: The query strings of the 上一页 / 下一页 links (`_link_params`).
    previous_params = ""
    next_params = ""

    def __init__(self, object_list: list[Any], number: int, paginator: CappedPaginator, *,
                 has_next: bool, has_previous: bool) -> None:
        super().__init__(object_list, number, paginator)
        self._next, self._previous = has_next, has_previous

    def has_next(self) -> bool:
        return self._next

    def has_previous(self) -> bool:
        return self._previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + 1 if self.object_list else 0

    def end_index(self) -> int:
        return self.start_index() + len(self.object_list) - 1


class Keyset:
    """A queryset's order as keys (field path, descending, nullable, nulls last), ending
    with the primary key, and the filters that read the rows after or before a row."""

    def __init__(self, qs: QuerySet[Any], ordering: list[Any],
                 keys: list[tuple[str, bool, bool, bool]]) -> None:
        self.qs = qs
        self.ordered = qs.order_by(*ordering)
        self.keys = keys

    @classmethod
    def of(cls, qs: QuerySet[Any]) -> Keyset | None:
        """The keyset of `qs`, or None when its order is not plain fields (an expression, a
        random order, a relation ordered by its model's own order), or it is a union or
        yields values instead of model instances."""
        from django.db.models import F
        from django.db.models.expressions import OrderBy
        from django.db.models.query import ModelIterable

        query = qs.query
        if query.combinator or query.distinct_fields or qs._iterable_class is not ModelIterable:
            return None
        meta = qs.model._meta
        ordering = list(query.order_by or (meta.ordering if query.default_ordering else ()))
        postgres = qs.db and _vendor(qs.db) == "postgresql"
        keys: list[tuple[str, bool, bool, bool]] = []
        kept: list[Any] = []
        for item in ordering:
            explicit: bool | None = None  # nulls last in the sort when True
            if isinstance(item, str):
                if item == "?" or "." in item:
                    return None
                desc, name = item.startswith("-"), item.lstrip("-")
            elif isinstance(item, OrderBy) and isinstance(item.expression, F):
                desc, name = item.descending, item.expression.name
                if item.nulls_first or item.nulls_last:
                    explicit = bool(item.nulls_last)
            elif isinstance(item, F):
                desc, name = False, item.name
            else:
                return None
            if name in ("pk", meta.pk.name, meta.pk.attname):
                keys.append(("pk", desc, False, False))
                kept.append(item)
                break
            nullable = _nullable(qs, name)
            if nullable is None:
                return None
            # Where NULL sorts by default: last in ascending order on PostgreSQL, first on
            # SQLite (and so the other way round in descending order).
            nulls_last = explicit if explicit is not None else (postgres != desc)
            keys.append((name, desc, nullable, nulls_last))
            kept.append(item)
        else:
            keys.append(("pk", False, False, False))
            kept.append("pk")
        return cls(qs, kept, keys)

    def page(self, request: HttpRequest, paginator: CappedPaginator) -> KeysetPage | None:
        """The keyset page the request asks for, or None (no cursor, a bad one, or a row
        the user cannot see: the numbered page then)."""
        from jiguan.core.types import MAX_ID

        for param in CURSOR_PARAMS:
            raw = request.GET.get(param)
            if raw is None:
                continue
            try:
                cursor = int(raw)
            except ValueError:
                return None
            if not 0 < cursor <= MAX_ID:
                return None
            values = self.values_of(cursor)
            if values is None:
                return None
            try:
                number = max(1, int(request.GET.get("page") or 0))
            except ValueError:
                number = 1
            size = paginator.per_page
            if param == "after":
                found = list(self.ordered.filter(self.beyond(values, forward=True))[: size + 1])
                return KeysetPage(found[:size], max(number, 2), paginator,
                                  has_next=len(found) > size, has_previous=True)
            found = list(self.ordered.filter(self.beyond(values, forward=False))
                         .reverse()[: size + 1])
            if len(found) > size:
                return KeysetPage(found[:size][::-1], number, paginator, has_next=True,
                                  has_previous=True)
            # The list's start reached (rows were added or removed since): the first page.
            first = list(self.ordered[: size + 1])
            return KeysetPage(first[:size], 1, paginator, has_next=len(first) > size,
                              has_previous=False)
        return None

    def values_of(self, pk: int) -> list[Any] | None:
        """The order's values of the row `pk`, read through the list's own queryset: a row
        the list does not hold (another region's, deleted) gives None."""
        names = [name for name, *_ in self.keys]
        row = self.qs.order_by().filter(pk=pk).values_list(*names)[:1]
        found = list(row)
        return list(found[0]) if found else None

    def beyond(self, values: list[Any], *, forward: bool) -> Q:
        """Rows strictly after (`forward`) or before the row whose order values are `values`:
        ``k1 > v1 OR (k1 = v1 AND k2 > v2) OR …`` with each comparison turned for a
        descending key, NULLs where the database sorts them, and the first key bounded
        (``k1 >= v1``) so that an index on the order is read from the cursor on."""
        clauses: list[Q] = []
        equal = Q()
        for (name, desc, nullable, nulls_last), value in zip(self.keys, values, strict=True):
            clauses.append(equal & _past(name, value, greater=forward != desc,
                                         nullable=nullable,
                                         nulls_past=nulls_last == forward))
            equal &= Q(**{f"{name}__isnull": True}) if value is None else Q(**{name: value})
        condition = clauses[0]
        for clause in clauses[1:]:
            condition |= clause
        name, desc, nullable, _ = self.keys[0]
        if values[0] is not None and not nullable and len(self.keys) > 1:
            bound = "gte" if forward != desc else "lte"
            condition = Q(**{f"{name}__{bound}": values[0]}) & condition
        return condition


def _past(name: str, value: Any, *, greater: bool, nullable: bool, nulls_past: bool) -> Q:
    """Values of `name` past `value` in the reading direction: greater (or smaller) values,
    and NULLs when they sort past every value (`nulls_past`)."""
    if value is None:
        # Past NULL: the non-NULL values if NULLs come before them, else nothing.
        return Q(pk__in=[]) if nulls_past else Q(**{f"{name}__isnull": False})
    q = Q(**{f"{name}__{'gt' if greater else 'lt'}": value})
    if nullable and nulls_past:
        q |= Q(**{f"{name}__isnull": True})
    return q


def _vendor(alias: str) -> str:
    from django.db import connections

    return str(connections[alias].vendor)


def _nullable(qs: QuerySet[Any], name: str) -> bool | None:
    """Whether the order key `name` can be NULL (an annotation: assumed so), or None when it
    is not a plain field path (or ends on a relation, which orders by its model's order)."""
    from django.core.exceptions import FieldDoesNotExist
    from django.db.models.constants import LOOKUP_SEP

    if name in qs.query.annotations:
        return True
    model = qs.model
    nullable = False
    parts = name.split(LOOKUP_SEP)
    for i, part in enumerate(parts):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        last = i == len(parts) - 1
        if field.is_relation:
            if field.many_to_many or field.one_to_many or not getattr(field, "concrete", False):
                return None  # a reverse or many-valued relation: rows repeat
            nullable = nullable or bool(field.null)
            if last:
                # order_by("agency") orders by Agency's own order unless it has none
                if field.related_model._meta.ordering and part != field.attname:
                    return None
                return nullable
            model = field.related_model
        else:
            if not last:
                return None
            return nullable or bool(field.null)
    return nullable


def querystring(request: HttpRequest) -> str:
    """The request's filters as a query string: without the page and its keyset cursor."""
    return urlencode([(k, v) for k, v in request.GET.items()
                      if k != "page" and k not in CURSOR_PARAMS])
