"""The person importer (人员名册): its row check (``clean_row``, which words every error),
the same check a column at a time for the common rows, and the set-based write; see
jiguan.orgs.excel for the columns and jiguan.core.upsert for the shared machinery."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from itertools import compress, repeat
from typing import Any, NamedTuple

from django.db import connection
from django.utils import timezone

from jiguan.access.roles import Perm
from jiguan.audit.record import TargetChange, record_many
from jiguan.core.bulk import write_rows
from jiguan.core.excel import Record, cell_str
from jiguan.core.excel.column_checks import verdicts
from jiguan.core.excel.reader import RecordChunk
from jiguan.core.imports import CheckSink, Importer, Progress, RowError, clean_rows, register
from jiguan.core.upsert import (
    BAD,
    ColumnRows,
    Field,
    audit_changes,
    fetch_rows,
    job_id_for,
    judge_columns,
    update_rows,
)
from jiguan.orgs import rules
from jiguan.orgs.excel_columns import PERSON_COLUMNS, code_of, text_of
from jiguan.orgs.models import Agency, Person, PersonStatus
from jiguan.orgs.signals import send_for_regions

#: The fields of a cleaned person row (a tuple in this order); person_id 0: a new person.
ROW_FIELDS = ("agency_id", "name", "staff_no", "post", "rank", "person_id")
_CHECKED = ("agency_credit_code", "name", "staff_no", "post")
_LIMITS = {"name": 50, "staff_no": 30, "post": 100, "rank": 30}
#: The register's columns the import compares (ExistingPerson's order after id, agency).
COMPARED = ("name", "staff_no", "post", "rank")
PERSON_FIELDS = [Field("name", "姓名"), Field("staff_no", "人员编号"), Field("post", "职务"),
                 Field("rank", "职级", rules.rank_label)]
_NEW = ("created_at", "updated_at", "created_by", "updated_by", "agency", "name", "staff_no",
        "post", "rank", "status", "import_job_id")
_CHANGED = ("updated_at", "updated_by", *COMPARED, "import_job_id")


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
        self.agencies: dict[str, Agency] = {}
        self.agency_by_id: dict[int, Agency] = {}
        self.people: dict[int, ExistingPerson] = {}
        self.by_staff_no: dict[tuple[int, str], ExistingPerson] = {}
        self.by_name: dict[tuple[int, str], list[ExistingPerson]] = {}
        self._loaded: set[str] = set()
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
        found: list[Agency] = []
        for chunk in _batches(codes):
            found.extend(visible.filter(credit_code__in=chunk).select_related("region"))
        for agency in found:
            self.agencies[agency.credit_code] = agency
            self.agency_by_id[agency.pk] = agency
        for values in fetch_rows(Person, "agency", [a.pk for a in found],
                                 ("id", *COMPARED)):
            agency_id, pk, name, staff_no, post, rank = values
            person = ExistingPerson(pk, agency_id, name, staff_no, post, rank)
            self.people[pk] = person
            if staff_no:
                self.by_staff_no[(agency_id, staff_no)] = person
            self.by_name.setdefault((agency_id, name), []).append(person)

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
        ranks = verdicts(list(zip(levels, cells[4], strict=True)), self._ranks, _rank)
        by_staff_no, by_name = self.by_staff_no, self.by_name
        agency_ids = [0] * len(good)
        person_ids = [0] * len(good)
        keys: list[Hashable] = [None] * len(good)
        numbers = chunk.numbers
        wants_preview = sink.wants_preview
        start = 0

        def flush(end: int) -> None:
            if end <= start:
                return
            part = slice(start, end)
            for i in store.extend(keys[part], numbers[part], [
                    agency_ids[part], names[part], staff_nos[part], posts[part], ranks[part],
                    person_ids[part]]):
                row = start + i
                sink.repeat(keys[row], numbers[row], "人员编号" if staff_nos[row] else "姓名")

        for i, ok in enumerate(good):
            if ok and ranks[i] is not BAD:
                agency_id = agency_ids[i] = agencies[i].pk
                staff_no = staff_nos[i]
                if staff_no:
                    person = by_staff_no.get((agency_id, staff_no))
                    keys[i] = (agency_id, "staff_no", staff_no)
                else:
                    namesakes = by_name.get((agency_id, names[i]))
                    if namesakes is not None and len(namesakes) > 1:
                        ok = False
                    person = namesakes[0] if namesakes else None
                    keys[i] = (agency_id, "name", names[i])
                if person is not None:
                    person_ids[i] = person.id
            else:
                ok = False
            if not ok:
                flush(i)
                start = i + 1
                clean_rows(self, chunk, sink, (i,))
                continue
            if wants_preview:
                sink.kept(keys[i], chunk.record(i))
                wants_preview = sink.wants_preview
        flush(len(good))

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

    def apply(self, rows: Any, actor: Any, progress: Progress) -> dict[str, int]:
        if not isinstance(rows, ColumnRows):
            store = self.row_store()
            for number, row in enumerate(rows, start=1):
                store.add(self.key(row), row, number)
            rows = store
        skip = self.skip_rows
        job_id = job_id_for(self, Person)
        actor_id = actor.pk if actor is not None else None
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        agency_ids, names, staff_nos, posts, ranks, person_ids = rows.columns
        fresh = [not pk for pk in person_ids]
        skipped = 0
        if skip:
            fresh = [f and number not in skip for f, number in zip(fresh, rows.row, strict=True)]
            skipped = sum(1 for number in rows.row if number in skip)
        values = zip(repeat(now), repeat(now), repeat(actor_id), repeat(actor_id), agency_ids,
                     names, staff_nos, posts, ranks, repeat(PersonStatus.SERVING.value),
                     repeat(job_id))
        created = write_rows(Person, _NEW, compress(values, fresh))
        progress(created)
        touched = set(compress(agency_ids, fresh))
        changed = self._update(rows, actor, now, job_id, touched)
        summary = {"created": created, "updated": changed,
                   "unchanged": len(rows) - created - changed - skipped}
        if skipped:
            summary["skipped"] = skipped
        progress(len(rows))
        send_for_regions(Person, (self.agency_by_id[pk].region.path for pk in touched), actor)
        return summary

    def _update(self, rows: ColumnRows, actor: Any, now: Any, job_id: int,
                touched: set[int]) -> int:
        """Write the rows that change an existing person; their audit events in bulk."""
        actor_id = actor.pk if actor is not None else None
        skip = self.skip_rows
        changed: list[tuple[tuple[Any, ...], ExistingPerson]] = []
        for number, (_agency_id, name, staff_no, post, rank, pk) in zip(rows.row, rows,
                                                                        strict=True):
            if not pk or number in skip:
                continue
            old = self.people[pk]
            values = (name, staff_no or old.staff_no, post or old.post, rank)
            if values != old[2:]:
                changed.append((values, old))
        if not changed:
            return 0
        update_rows(Person, _CHANGED, ((now, actor_id, *values, job_id, old.id)
                                       for values, old in changed))
        items = []
        for values, old in changed:
            region = self.agency_by_id[old.agency_id].region
            touched.add(old.agency_id)
            positions = [i for i, (a, b) in enumerate(zip(old[2:], values, strict=True))
                         if a != b]
            items.append(TargetChange("orgs.person", old.id, values[0], region.pk, region.path,
                                      audit_changes(PERSON_FIELDS, old[2:], values, positions)))
        record_many(actor=actor, event="orgs.person.updated", items=items)
        return len(changed)


def _batches(values: set[str]) -> list[list[str]]:
    from jiguan.core.batches import lookup_batches

    return list(lookup_batches(values))


def _text(field_name: str, *, required: bool = False) -> Any:
    limit = _LIMITS[field_name]

    def decide(cell: object) -> object:
        text = cell_str(cell)
        return text if (text or not required) and len(text) <= limit else BAD
    return decide


def _rank(pair: object) -> object:
    level, cell = pair  # type: ignore[misc]
    text = cell_str(cell)
    if level is None or not text or len(text) > _LIMITS["rank"]:
        return BAD
    return rules.parse_rank(level, text) or BAD
