"""/api/v1/energy/: readings and profiles for metering systems and other clients, through
the same checks, scope and actions as the pages (填报与导入).

The batch endpoint is all or nothing: every row is checked (actions.prepare_reading, the
caller's scope, duplicates within the batch); one refused row means nothing is written and
the 422 answer lists every refused row by its index. Institutions out of the caller's scope
are refused rows, not a 404 of the whole call. Sending the same batch again changes nothing.
"""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import IdQuery, Pagination
from jiguan.core.types import MAX_ID, AuthedRequest
from jiguan.energy.models import InstitutionYear, Reading, Source
from jiguan.energy.readings import actions
from jiguan.energy.readings.forms import ProfileForm, readings_for
from jiguan.energy.readings.queries import unusual_readings
from jiguan.energy.rules import ENERGY_TYPES, RuleError
from jiguan.orgs.models import Agency
from jiguan.orgs.rules import normalize_credit_code

router = Router(tags=["公共机构节能"])

MAX_BATCH = 5000
OUT_OF_SCOPE = "单位不存在或不在您的权限范围内"


class ReadingOut(Schema):
    id: int
    agency_id: int
    agency_name: str = Field(alias="agency.name")
    credit_code: str = Field(alias="agency.credit_code")
    month: str
    energy_type: str
    energy_type_label: str
    quantity: Decimal
    unit: str
    entered_quantity: Decimal
    entered_unit: str
    cost: Decimal
    ncv: Decimal | None
    kgce: Decimal
    source: str
    revisions: int
    updated_at: dt.datetime

    @staticmethod
    def resolve_month(r: Reading) -> str:
        return f"{r.month:%Y-%m}"

    @staticmethod
    def resolve_energy_type_label(r: Reading) -> str:
        return ENERGY_TYPES[r.energy_type].label

    @staticmethod
    def resolve_unit(r: Reading) -> str:
        return ENERGY_TYPES[r.energy_type].unit


class BatchIn(Schema):
    # Rows stay loose dicts: a bad row is a refused row with its reason, not a schema error
    # for the whole call.
    readings: list[Any]
    # A value far from the institution's own history (JIGUAN_ENERGY_ENTRY_CONFIRM_FACTOR, as
    # on the month page) is written only when the caller confirms it.
    confirm_unusual: bool = False


class Refused(Schema):
    index: int
    reason: str


class BatchRefused(Schema):
    detail: str
    refused: list[Refused]


class BatchOut(Schema):
    created: int
    updated: int
    unchanged: int


class ProfileIn(Schema):
    type_code: str
    on_register: bool = True
    building_area: Decimal
    energy_headcount: int
    authorized_headcount: int = 0


class ProfileOut(Schema):
    agency_id: int
    year: int
    type_code: str
    on_register: bool
    building_area: Decimal
    energy_headcount: int
    authorized_headcount: int


def _agencies(user: Any, rows: list[Any]) -> tuple[dict[int, Agency], dict[str, Agency]]:
    """The institutions the batch names that the caller reports for, in two queries."""
    ids: set[int] = set()
    codes: set[str] = set()
    for row in rows:
        if not isinstance(row, dict):
            continue
        value = row.get("agency_id")
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID:
            ids.add(value)
        code = row.get("credit_code")
        if isinstance(code, str) and code.strip():
            codes.add(normalize_credit_code(code))
    visible = Agency.objects.visible_to(user, Perm.REPORT_ENERGY).select_related("region")
    by_id = {a.pk: a for a in visible.filter(pk__in=ids)} if ids else {}
    by_code = {a.credit_code: a for a in visible.filter(credit_code__in=codes)} if codes else {}
    return by_id, by_code


def _row(row: Any, by_id: dict[int, Agency], by_code: dict[str, Agency],
         today: dt.date) -> actions.ReadingIn:
    if not isinstance(row, dict):
        raise RuleError("每一行应为一个对象")
    code = row.get("credit_code")
    agency_id = row.get("agency_id")
    if isinstance(code, str) and code.strip():
        agency = by_code.get(normalize_credit_code(code))
    elif agency_id is not None:
        agency = by_id.get(agency_id) if isinstance(agency_id, int) else None
    else:
        raise RuleError("请填写 credit_code（统一社会信用代码）或 agency_id")
    if agency is None:
        raise RuleError(OUT_OF_SCOPE)
    item = actions.prepare_reading(agency=agency, month=row.get("month") or "",
                                   energy_type=row.get("energy_type") or "",
                                   quantity=row.get("quantity"), unit=row.get("unit"),
                                   cost=row.get("cost"), ncv=row.get("ncv"), today=today)
    return item


@router.post("/readings/batch", response={200: BatchOut, 422: BatchRefused})
def readings_batch(request: AuthedRequest, payload: BatchIn) -> Any:
    """Up to 5,000 readings at once, all or nothing; idempotent by institution, month and
    energy type."""
    require(request.user, Perm.REPORT_ENERGY)
    rows = payload.readings
    if not rows:
        return 422, {"detail": "readings 不能为空", "refused": []}
    if len(rows) > MAX_BATCH:
        return 422, {"detail": f"每次最多上报 {MAX_BATCH} 行，本次 {len(rows)} 行",
                     "refused": []}
    by_id, by_code = _agencies(request.user, rows)
    today = timezone.localdate()
    items: list[actions.ReadingIn] = []
    refused: list[dict[str, Any]] = []
    first: dict[tuple[int, dt.date, str], int] = {}
    for index, row in enumerate(rows):
        try:
            item = _row(row, by_id, by_code, today)
        except RuleError as exc:
            refused.append({"index": index, "reason": str(exc)})
            continue
        seen = first.setdefault(item.key, index)
        if seen != index:
            refused.append({"index": index,
                            "reason": f"与第 {seen} 行重复（同一单位、月份、能源品种）"})
            continue
        items.append(item)
    if refused:
        return 422, {"detail": f"有 {len(refused)} 行未通过校验，未写入任何数据",
                     "refused": refused}
    unusual = {} if payload.confirm_unusual else unusual_readings(items)
    if unusual:
        return 422, {"detail": f"有 {len(unusual)} 行与本单位历史数据差异很大，未写入任何数据；"
                               "核对无误请以 confirm_unusual=true（确认异常值）重新提交",
                     "refused": [{"index": index, "reason": why}
                                 for index, why in sorted(unusual.items())]}
    try:
        result = actions.readings_save(items=items, actor=request.user, source=Source.API,
                                       event="energy.readings.api")
    except RuleError as exc:  # e.g. no default coefficient set configured
        return 422, {"detail": str(exc), "refused": []}
    return 200, result.as_dict()


@router.get("/readings/", response=list[ReadingOut])
@paginate(Pagination, page_size=100)
def list_readings(request: AuthedRequest, q: str = "", region: IdQuery = None, month_from: str = "",
                  month_to: str = "", energy_type: str = "", source: str = "") -> Any:
    """Readings in the caller's scope, with the filters of the readings list."""
    require(request.user, Perm.VIEW_ENERGY)
    params = {"q": q, "region": region or "", "month_from": month_from, "month_to": month_to,
              "energy_type": energy_type, "source": source}
    readings, form = readings_for(request.user, params)
    if form.errors:
        raise ValidationError(_messages(form))
    return readings.order_by("-month", "agency_id", "energy_type")


def _messages(form: Any) -> dict[str, list[str]]:
    """A form's errors as {field: [Chinese message]} for the API's 422."""
    return {name: [e["message"] for e in errors]
            for name, errors in form.errors.get_json_data().items()}


def _agency(request: AuthedRequest, agency_id: int, year: int) -> Agency:
    if agency_id > MAX_ID or not 2000 <= year <= timezone.localdate().year:
        raise Http404
    agency: Agency = get_object_or_404(
        Agency.objects.visible_to(request.user, Perm.VIEW_ENERGY).select_related("region"),
        pk=agency_id)
    return agency


@router.get("/institutions/{agency_id}/profile/{year}", response=ProfileOut)
def get_profile(request: AuthedRequest, agency_id: int, year: int) -> Any:
    agency = _agency(request, agency_id, year)
    return get_object_or_404(InstitutionYear, agency=agency, year=year)


@router.put("/institutions/{agency_id}/profile/{year}", response=ProfileOut)
def put_profile(request: AuthedRequest, agency_id: int, year: int, payload: ProfileIn) -> Any:
    agency = _agency(request, agency_id, year)
    require(request.user, Perm.REPORT_ENERGY, agency)
    form = ProfileForm({**payload.model_dump(), "on_register": payload.on_register or ""})
    if not form.is_valid():
        raise ValidationError(_messages(form))
    return actions.profile_save(agency=agency, year=year, data=form.cleaned_data,
                                actor=request.user)
