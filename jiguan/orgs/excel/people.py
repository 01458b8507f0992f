"""The person importer (人员名册): its row check (``clean_row``, which words every error),
the same check a column at a time for the common rows, and the set-based write; see
jiguan.orgs.excel for the columns and jiguan.core.imports.upsert for the shared machinery."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from itertools import compress, islice, repeat
from operator import and_, is_not
from typing import Any, NamedTuple, cast

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from jiguan.access.roles import Perm
from jiguan.audit.record import TargetChange, record_many
from jiguan.core.db.batches import LOOKUP_BATCH, lookup_batches
from jiguan.core.excel import Record, cell_str
from jiguan.core.excel.column_checks import KEYABLE, verdicts
from jiguan.core.excel.reader import RecordChunk
from jiguan.core.imports.pipeline import (
    PLAN_ROWS,
    CheckSink,
    Importer,
    ImportPlan,
    PlannedRow,
    Progress,
    RowError,
    clean_rows,
    register,
)
from jiguan.core.imports.upsert import (
    ARRAY_BATCH,
    BAD,
    ColumnRows,
    Field,
    audit_changes,
    change_texts,
    created_texts,
    fetch_rows,
    insert_rows,
    job_id_for,
    judge_columns,
    touched_url,
    update_rows,
    without_gc,
)
from jiguan.core.models import ImportJob
from jiguan.orgs import rules
from jiguan.orgs.excel.columns import PERSON_COLUMNS, code_of, text_of
from jiguan.orgs.models import Agency, AgencyStatus, Person, PersonStatus
from jiguan.orgs.signals import send_for_regions

#: The fields of a cleaned person row (a tuple in this order); person_id 0: a new person.
ROW_FIELDS = ("agency_id", "name", "staff_no", "post", "rank", "person_id")
_CHECKED = ("agency_credit_code", "name", "staff_no", "post")
_LIMITS = {"name": 50, "staff_no": 30, "post": 100, "rank": 30}
#: The register's columns the import compares (ExistingPerson's order after id, agency).
COMPARED = ("name", "staff_no", "post", "rank")
PERSON_FIELDS = [Field("name", "姓名"), Field("staff_no", "人员编号"), Field("post", "职务"),
                 Field("rank", "职级", rules.rank_label)]
_NEW = ("agency", "name", "staff_no", "post", "rank")
_CHANGED = ("updated_at", "updated_by", *COMPARED, "import_job_id")


class AgencyOf(NamedTuple):
    """An agency people are imported into, as the check reads it."""

    pk: int
    name: str
    level: str
    is_archived: bool
    region_id: int
    region_path: str


class ExistingPerson(NamedTuple):
    id: int
    agency_id: int
    name: str
    staff_no: str
    post: str
    rank: str


@register
class PersonImporter(Importer):
    kind = "orgs.person"
    label = "人员名册"
    columns = PERSON_COLUMNS
    template_example = {c.field: c.example for c in PERSON_COLUMNS}
    perms = (Perm.IMPORT_DATA, Perm.CHANGE_PERSON)
    key_label = "人员编号"
    streaming = True
    depends_on = ("access.Region", "access.Grant", "orgs.Agency", "orgs.Person")
    instructions = (
        "按“单位信用代码 + 人员编号”识别人员；未填人员编号时按“单位信用代码 + 姓名”识别。",
        "单位须已登记且在您的权限范围内；职级须属于该单位的层级。",
    )
    field_map = {"agency": "agency_credit_code"}

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        self.agencies: dict[str, AgencyOf] = {}
        self.agency_by_id: dict[int, AgencyOf] = {}
        self.people: dict[int, ExistingPerson] = {}
        self.by_staff_no: dict[tuple[int, str], ExistingPerson] = {}
        self.by_name: dict[tuple[int, str], list[ExistingPerson]] = {}
        self._loaded: set[str] = set()
        self._with_people: set[int] = set()
        self._verdicts: list[dict[object, Any]] = [{} for _ in _CHECKED]
        self._ranks: dict[object, Any] = {}

    def prepare(self, records: Sequence[Record]) -> None:
        self._load([r.values.get("agency_credit_code") for r in records])

    def prepare_chunk(self, chunk: RecordChunk) -> None:
        self._load(chunk.columns(("agency_credit_code",))[0])

    def _load(self, cells: Sequence[object]) -> None:
        codes = {code_of(cell) for cell in set(cells)} - self._loaded - {""}
        self._loaded |= codes
        if not codes:
            return
        visible = Agency.objects.visible_to(self.user, Perm.CHANGE_PERSON)
        found: list[AgencyOf] = []
        for chunk in _batches(codes):
            for pk, code, name, level, status, region_id, path in visible.filter(
                    credit_code__in=chunk).values_list("pk", "credit_code", "name", "level",
                                                       "status", "region_id", "region__path"):
                agency = AgencyOf(pk, name, level, status != AgencyStatus.ACTIVE, region_id,
                                  path)
                self.agencies[code] = agency
                self.agency_by_id[pk] = agency
                found.append(agency)
        for values in fetch_rows(Person, "agency", [a.pk for a in found],
                                 ("id", *COMPARED)):
            agency_id, pk, name, staff_no, post, rank = values
            person = ExistingPerson(pk, agency_id, name, staff_no, post, rank)
            self.people[pk] = person
            if staff_no:
                self.by_staff_no[(agency_id, staff_no)] = person
            self.by_name.setdefault((agency_id, name), []).append(person)
            self._with_people.add(agency_id)

    def clean_row(self, record: Record) -> tuple[tuple[Any, ...] | None, list[RowError]]:
        errors: list[RowError] = []
        err = self.error
        code = code_of(record.values.get("agency_credit_code"))
        agency = self.agencies.get(code)
        if not code:
            errors.append(err(record, "agency_credit_code", "单位信用代码不能为空"))
        elif agency is None:
            errors.append(err(record, "agency_credit_code",
                              f"单位“{code}”未登记或不在您的权限范围内"))
        elif agency.is_archived:
            errors.append(err(record, "agency_credit_code",
                              f"单位“{agency.name}”已撤并，不能导入在职人员"))
        name = text_of(record, "name", 50, "姓名", errors, self, required=True)
        staff_no = text_of(record, "staff_no", 30, "人员编号", errors, self)
        post = text_of(record, "post", 100, "职务", errors, self)
        rank_text = text_of(record, "rank", 30, "职级", errors, self, required=True)
        rank = None
        if agency is not None and rank_text:
            rank = rules.parse_rank(agency.level, rank_text)
            if rank is None:
                allowed = "、".join(r.label for r in rules.ranks_for_level(agency.level))
                errors.append(err(record, "rank", f"职级“{rank_text}”不属于"
                                  f"{rules.level_label(agency.level)}机关，可选：{allowed}"))
        person = None
        if agency is not None and staff_no:
            person = self.by_staff_no.get((agency.pk, staff_no))
        elif agency is not None and name:
            namesakes = self.by_name.get((agency.pk, name), [])
            if len(namesakes) > 1:
                errors.append(err(record, "staff_no", f"该单位有{len(namesakes)}名名为“{name}”"
                                                      "的人员，请填写人员编号以区分"))
            person = namesakes[0] if namesakes else None
        if errors:
            return None, errors
        assert agency is not None
        return (agency.pk, name, staff_no, post, rank, person.id if person else 0), []

    def check_chunk(self, chunk: RecordChunk, sink: CheckSink) -> None:
        store = sink.store
        if not isinstance(store, ColumnRows) or chunk.rows is None:
            clean_rows(self, chunk, sink, range(len(chunk)))
            return
        cells = chunk.columns((*_CHECKED, "rank"))
        judged, good = judge_columns(cells[:4], [
            (known, decide) for known, decide in zip(self._verdicts, (
                self._agency, _text("name", required=True), _text("staff_no"),
                _text("post")), strict=True)])
        agencies, names, staff_nos, posts = judged
        levels = [a.level if a is not BAD else None for a in agencies]
        ranks = verdicts(list(zip(levels, cells[4], strict=True)), self._ranks, _rank,
                         all_keyable=set(map(type, cells[4])) <= KEYABLE)
        count = len(good)
        good = list(map(and_, good, map(is_not, ranks, repeat(BAD))))
        agency_ids = [0 if a is BAD else a.pk for a in agencies]
        keys: list[Hashable] = [(a, "staff_no", s) if s else (a, "name", n)
                                for a, s, n in zip(agency_ids, staff_nos, names, strict=True)]
        person_ids = [0] * count
        with_people = self._with_people
        if with_people:  # rows of agencies with registered people: who they are
            by_staff_no, by_name = self.by_staff_no, self.by_name
            for i in compress(range(count), map(with_people.__contains__, agency_ids)):
                if not good[i]:
                    continue
                if staff_nos[i]:
                    person = by_staff_no.get((agency_ids[i], staff_nos[i]))
                else:
                    namesakes = by_name.get((agency_ids[i], names[i]))
                    if namesakes is not None and len(namesakes) > 1:
                        good[i] = False  # clean_row asks for the staff number
                    person = namesakes[0] if namesakes else None
                if person is not None:
                    person_ids[i] = person.id
        numbers = chunk.numbers

        def flush(start: int, end: int) -> None:
            if end <= start:
                return
            part = slice(start, end)
            if sink.wants_preview:
                for i in range(start, end):
                    sink.kept(keys[i], chunk.record(i))
                    if not sink.wants_preview:
                        break
            for i in store.extend(keys[part], numbers[part], [
                    agency_ids[part], names[part], staff_nos[part], posts[part], ranks[part],
                    person_ids[part]]):
                row = start + i
                sink.repeat(keys[row], numbers[row], "人员编号" if staff_nos[row] else "姓名")

        start = 0
        for i in [i for i, ok in enumerate(good) if not ok]:  # in file order
            flush(start, i)
            clean_rows(self, chunk, sink, (i,))
            start = i + 1
        flush(start, count)

    def _agency(self, cell: object) -> object:
        agency = self.agencies.get(code_of(cell))
        return BAD if agency is None or agency.is_archived else agency

    def key_column(self, cleaned: tuple[Any, ...]) -> str:
        return "人员编号" if cleaned[2] else "姓名"

    def key(self, cleaned: tuple[Any, ...]) -> Hashable:
        agency_id, name, staff_no = cleaned[:3]
        if staff_no:
            return (agency_id, "staff_no", staff_no)
        return (agency_id, "name", name)

    def row_store(self) -> ColumnRows:
        return ColumnRows(ROW_FIELDS, self.key)

    def checked(self) -> None:
        self._verdicts = [{} for _ in _CHECKED]
        self._ranks = {}
        self.by_staff_no = {}
        self.by_name = {}
        self._loaded = set()
        self._with_people = set()

    def _store(self, rows: Any) -> ColumnRows:
        if isinstance(rows, ColumnRows):
            return rows
        store = self.row_store()
        for number, row in enumerate(rows, start=1):
            store.add(self.key(row), row, number)
        return store

    def touched_url(self, job: ImportJob) -> str:
        return touched_url(job, "orgs:person_list")

    def plan(self, rows: Any) -> ImportPlan:
        """New and changed people (no probable duplicates: a namesake without a staff
        number is already an error of the check)."""
        with without_gc():
            return self._plan(rows)

    def _plan(self, rows: Any) -> ImportPlan:
        rows = self._store(rows)
        plan = ImportPlan()
        agency_ids, names, staff_nos, posts, ranks, person_ids = rows.columns
        agencies = self.agency_by_id
        plan.created = person_ids.count(0)
        fresh = (i for i, pk in enumerate(person_ids) if not pk)
        for i in islice(fresh, PLAN_ROWS):
            values = (names[i], staff_nos[i], posts[i], ranks[i])
            plan.rows.append(PlannedRow(rows.row[i], "create",
                                        f"{names[i]}（{agencies[agency_ids[i]].name}）",
                                        created_texts(PERSON_FIELDS, values)))
        for i in compress(range(len(rows)), person_ids):
            old = self.people[person_ids[i]]
            values = (names[i], staff_nos[i] or old.staff_no, posts[i] or old.post, ranks[i])
            before = tuple(old[2:])
            if values == before:
                continue
            plan.updated += 1
            if plan.updated <= PLAN_ROWS:
                changed = [k for k, (a, b) in enumerate(zip(before, values, strict=True))
                           if a != b]
                plan.rows.append(PlannedRow(
                    rows.row[i], "update", f"{names[i]}（{agencies[agency_ids[i]].name}）",
                    change_texts(PERSON_FIELDS, before, values, changed),
                    reverse("orgs:person_detail", args=[old.id])))
        plan.unchanged = len(rows) - plan.created - plan.updated
        plan.rows.sort(key=lambda r: r.row)
        return plan

    def apply(self, rows: Any, actor: Any, progress: Progress) -> dict[str, int]:
        with without_gc():
            return self._apply(self._store(rows), actor, progress)

    def _apply(self, rows: ColumnRows, actor: Any, progress: Progress) -> dict[str, int]:
        skip = self.skip_rows
        job_id = job_id_for(self)
        actor_id = actor.pk if actor is not None else None
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        agency_ids, names, staff_nos, posts, ranks, person_ids = rows.columns
        fresh = [not pk for pk in person_ids]
        skipped = 0
        if skip:
            fresh = [f and number not in skip for f, number in zip(fresh, rows.row, strict=True)]
            skipped = sum(1 for number in rows.row if number in skip)
        values = zip(agency_ids, names, staff_nos, posts, ranks, strict=True)
        head = {"created_at": now, "updated_at": now, "created_by": actor_id,
                "updated_by": actor_id, "status": PersonStatus.SERVING.value,
                "import_job_id": job_id}
        created = insert_rows(Person, head, _NEW, compress(values, fresh))
        progress(created)
        touched = set(compress(agency_ids, fresh))
        changed = self._update(rows, actor, now, job_id, touched)
        summary = {"created": created, "updated": changed,
                   "unchanged": len(rows) - created - changed - skipped}
        if skipped:
            summary["skipped"] = skipped
        progress(len(rows))
        send_for_regions(Person, (self.agency_by_id[pk].region_path for pk in touched), actor)
        return summary

    def _update(self, rows: ColumnRows, actor: Any, now: Any, job_id: int,
                touched: set[int]) -> int:
        """Write the rows that change an existing person; their audit events in bulk."""
        actor_id = actor.pk if actor is not None else None
        skip = self.skip_rows
        changed: list[tuple[tuple[Any, ...], ExistingPerson]] = []
        _agency_ids, names, staff_nos, posts, ranks, person_ids = rows.columns
        for i in compress(range(len(rows)), person_ids):  # the rows of registered people
            if rows.row[i] in skip:
                continue
            name, staff_no, post, rank = names[i], staff_nos[i], posts[i], ranks[i]
            old = self.people[person_ids[i]]
            values = (name, staff_no or old.staff_no, post or old.post, rank)
            if values != old[2:]:
                changed.append((values, old))
        if not changed:
            return 0
        update_rows(Person, _CHANGED, ((now, actor_id, *values, job_id, old.id)
                                       for values, old in changed))
        items = []
        for values, old in changed:
            agency = self.agency_by_id[old.agency_id]
            touched.add(old.agency_id)
            positions = [i for i, (a, b) in enumerate(zip(old[2:], values, strict=True))
                         if a != b]
            items.append(TargetChange("orgs.person", old.id, values[0], agency.region_id,
                                      agency.region_path,
                                      audit_changes(PERSON_FIELDS, old[2:], values, positions)))
        record_many(actor=actor, event="orgs.person.updated", items=items)
        return len(changed)


def _batches(values: set[str]) -> list[list[str]]:
    """Credit codes per ``IN (...)``: PostgreSQL takes many more parameters than SQLite."""
    size = ARRAY_BATCH if connection.vendor == "postgresql" else LOOKUP_BATCH
    return list(lookup_batches(values, size))


def _text(field_name: str, *, required: bool = False) -> Any:
    limit = _LIMITS[field_name]

    def decide(cell: object) -> object:
        text = cell_str(cell)
        return text if (text or not required) and len(text) <= limit else BAD
    return decide


def _rank(pair: object) -> object:
    level, cell = cast(tuple[str | None, object], pair)
    text = cell_str(cell)
    if level is None or not text or len(text) > _LIMITS["rank"]:
        return BAD
    return rules.parse_rank(level, text) or BAD
