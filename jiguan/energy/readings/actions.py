"""Every write of readings, profiles and coefficient sets: one transaction with its audit row,
and the summary tables rebuilt for what changed in that same transaction.

The page, the Excel importer and the metering API all end in ``readings_save``; they
differ only in how they collect rows (``prepare_reading`` checks one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.audit.record import diff, record, snapshot
from jiguan.energy import rules, summaries
from jiguan.energy.models import CoefficientSet, InstitutionYear, Reading, Source
from jiguan.energy.quality import actions as quality_actions
from jiguan.energy.quality import queries as quality_queries
from jiguan.energy.rules import ENERGY_TYPES, RuleError
from jiguan.energy.targets import actions as targets_actions
from jiguan.orgs.models import Agency

# Money per reading: above this a cost is a typing error (yuan, one institution, one month).
MAX_COST = Decimal("100000000")
# Reading.ncv holds 12 digits with 2 decimals; coal is ~20,000 kJ/kg, gas ~35,000 kJ/m³.
MAX_NCV = Decimal("10000000000")
# No amount of a reading has more integer digits than this (the largest column holds 15).
MAX_DIGITS = 15


@dataclass(frozen=True)
class ReadingIn:
    """One checked reading, ready to save (quantity already canonical)."""

    agency: Agency
    month: dt.date
    energy_type: str
    quantity: Decimal
    entered_quantity: Decimal
    entered_unit: str
    cost: Decimal
    ncv: Decimal | None

    @property
    def key(self) -> tuple[int, dt.date, str]:
        return (self.agency.pk, self.month, self.energy_type)


def _decimal(value: object, label: str, *, required: bool = True) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RuleError(f"请填写{label}")
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise RuleError(f"{label}“{value}”不是数字") from None
    if not number.is_finite():
        raise RuleError(f"{label}“{value}”不是数字")
    if number and number.adjusted() > MAX_DIGITS:
        # 1e1000000 is a valid Decimal that overflows the first multiplication.
        raise RuleError(f"{label}“{value}”超出合理范围，请核对")
    return number


def prepare_reading(*, agency: Agency, month: object, energy_type: object, quantity: object,
                    unit: object = None, cost: object = None, ncv: object = None,
                    today: dt.date | None = None) -> ReadingIn:
    """Check one reading as a user typed it; RuleError names what is wrong in Chinese."""
    today = today or timezone.localdate()
    month_date = rules.parse_month(month)
    rules.check_month(month_date, today)
    t = rules.energy_type(str(energy_type or ""))
    entered = _decimal(quantity, f"{t.label}用量")
    assert entered is not None
    if entered < 0:
        raise RuleError(f"{t.label}用量不能为负数")
    unit_text = str(unit).strip() if unit not in (None, "") else t.unit
    canonical = rules.to_canonical(t.code, entered, unit_text)
    rules.check_quantity(t.code, canonical)
    cost_value = _decimal(cost, f"{t.label}费用", required=False) or Decimal(0)
    if cost_value < 0:
        raise RuleError(f"{t.label}费用不能为负数")
    if cost_value > MAX_COST:
        raise RuleError(f"{t.label}费用超过 {MAX_COST:,} 元，请核对")
    ncv_value = _decimal(ncv, "实测低位发热量", required=False)
    if ncv_value is not None:
        if not t.energy or t.code == "other":
            raise RuleError(f"{t.label}不适用实测低位发热量")
        if ncv_value >= MAX_NCV:
            raise RuleError("实测低位发热量过大，请核对单位")
        if ncv_value.quantize(Decimal("0.01")) <= 0:
            raise RuleError("实测低位发热量必须大于 0（保留两位小数）")
    return ReadingIn(agency=agency, month=month_date, energy_type=t.code,
                     quantity=canonical.quantize(Decimal("0.001")),
                     entered_quantity=entered.quantize(Decimal("0.001")),
                     entered_unit=unit_text, cost=cost_value.quantize(Decimal("0.01")),
                     ncv=ncv_value.quantize(Decimal("0.01")) if ncv_value is not None else None)


class Converter:
    """kgce of a reading by the default coefficient set in force in its month."""

    def __init__(self) -> None:
        self.sets = {s.pk: s.decimals() for s in CoefficientSet.objects.defaults()}
        self.chain = list(CoefficientSet.objects.defaults().values_list("pk", "effective_from"))
        self._by_month: dict[dt.date, int | None] = {}

    def set_for(self, month: dt.date) -> int | None:
        if month not in self._by_month:
            self._by_month[month] = rules.pick_set(self.chain, month)
        return self._by_month[month]

    def kgce(self, type_code: str, quantity: Decimal, month: dt.date,
             ncv: Decimal | None) -> tuple[Decimal, int | None]:
        set_id = self.set_for(month)
        if set_id is None:
            if ENERGY_TYPES[type_code].energy and ncv is None:
                raise RuleError("尚未配置默认折标系数，无法折算标准煤")
            coefficients: Mapping[str, Decimal] = {}
        else:
            coefficients = self.sets[set_id]
        value = rules.to_kgce(type_code, quantity, coefficients, ncv)
        return value.quantize(Decimal("0.001")), set_id


@dataclass
class SaveResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


def _common_region(agencies: Iterable[Agency]) -> Region | None:
    paths = [a.region.path for a in agencies]
    if not paths:
        return None
    prefix = paths[0]
    for p in paths[1:]:
        while not p.startswith(prefix):
            prefix = prefix.rstrip("/").rsplit("/", 1)[0] + "/"
    return Region.objects.filter(path=prefix).first() if prefix != "/" else None


@transaction.atomic
def readings_save(*, items: Sequence[ReadingIn], actor: Any, source: str = Source.PAGE,
                  event: str = "energy.readings.saved",
                  extra: Mapping[str, Any] | None = None) -> SaveResult:
    """Insert or update readings (one per institution, month and type); unchanged ones are
    not written. Rebuilds the summaries, re-checks quotas and closes the "missing month"
    to-dos that the new readings answer."""
    keys = [i.key for i in items]
    if len(set(keys)) != len(keys):
        raise ValueError("readings_save: the same institution, month and type twice")
    result = SaveResult()
    if not items:
        return result
    converter = Converter()
    touched = summaries.Touched()
    existing: dict[tuple[int, dt.date, str], Reading] = {}
    agency_ids = sorted({i.agency.pk for i in items})
    months = sorted({i.month for i in items})
    for batch in summaries.chunks(agency_ids):
        for r in Reading.objects.filter(agency_id__in=batch, month__in=months):
            existing[(r.agency_id, r.month, r.energy_type)] = r
    before = {k: f"{r.entered_quantity} {r.entered_unit}" for k, r in existing.items()}
    stat_ids: dict[int, int] = {}
    new: list[Reading] = []
    changed: list[Reading] = []
    now = timezone.now()
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    for item in items:
        kgce, set_id = converter.kgce(item.energy_type, item.quantity, item.month, item.ncv)
        old = existing.get(item.key)
        if old is not None:
            same = (old.quantity == item.quantity and old.cost == item.cost
                    and old.ncv == item.ncv and old.entered_unit == item.entered_unit
                    and old.entered_quantity == item.entered_quantity and old.kgce == kgce)
            if same:
                result.unchanged += 1
                continue
            old.quantity, old.entered_quantity = item.quantity, item.entered_quantity
            old.entered_unit, old.cost, old.ncv = item.entered_unit, item.cost, item.ncv
            old.kgce, old.coefficient_set_id, old.source = kgce, set_id, source
            old.revisions += 1
            old.updated_by, old.updated_at = actor_obj, now
            changed.append(old)
            touched.add_reading(old.agency_id, old.stat_region_id, old.month)
            continue
        if item.agency.pk not in stat_ids:
            stat_ids[item.agency.pk] = summaries.stat_region_id(item.agency)
        reading = Reading(
            agency=item.agency, stat_region_id=stat_ids[item.agency.pk], month=item.month,
            energy_type=item.energy_type, quantity=item.quantity,
            entered_quantity=item.entered_quantity, entered_unit=item.entered_unit,
            cost=item.cost, ncv=item.ncv, kgce=kgce, coefficient_set_id=set_id, source=source,
            created_by=actor_obj, updated_by=actor_obj)
        new.append(reading)
        touched.add_reading(item.agency.pk, reading.stat_region_id, item.month)
    Reading.objects.bulk_create(new, batch_size=500)
    Reading.objects.bulk_update(changed, ["quantity", "entered_quantity", "entered_unit",
                                          "cost", "ncv", "kgce", "coefficient_set",
                                          "source", "revisions", "updated_by", "updated_at"],
                                batch_size=500)
    result.created, result.updated = len(new), len(changed)
    after_readings_change(touched, actor)
    agencies = {i.agency.pk: i.agency for i in items}
    only = next(iter(agencies.values())) if len(agencies) == 1 else None
    details: dict[str, Any] = {**result.as_dict(), "source": source,
                               "months": sorted({f"{m:%Y-%m}" for m in months})[:24],
                               "institutions": len(agencies), **(extra or {})}
    if only is not None and len(items) <= 20:
        changes = {}
        for item in items:
            label = f"{item.month:%Y-%m} {ENERGY_TYPES[item.energy_type].label}"
            now_text = f"{item.entered_quantity} {item.entered_unit}"
            if before.get(item.key) != now_text:
                changes[label] = [before.get(item.key), now_text]
        record(actor=actor, event=event, target=only, changes=changes, extra=details)
    else:
        record(actor=actor, event=event, target=only,
               region=None if only else _common_region(agencies.values()), extra=details)
    return result


def after_readings_change(touched: summaries.Touched, actor: Any) -> None:
    """What follows any change of readings or profiles, in the same transaction: summaries,
    quota breaches, and the "missing month" to-dos the new readings answer."""
    if not touched:
        return
    summaries.refresh(touched)
    years = {year for _, year in touched.agency_years}
    # Most imports meet no quota and no open chase to-do: one query each to know it, not
    # one per slice of 5,000 agencies.
    with_quotas = targets_actions.any_for_years(years)
    with_chases = quality_queries.any_open_for_years(years)
    if not (with_quotas or with_chases):
        return
    # In slices: both look agencies up with IN (...), and SQLite builds may cap a statement
    # at 32,766 parameters; a province import touches 40,000 agency-years.
    for keys in summaries.chunks(sorted(touched.agency_years), 5000):
        if with_quotas:
            targets_actions.sync_breaches(keys, actor=actor)
        if with_chases:
            quality_actions.close_answered(summaries.Touched(agency_years=set(keys)), actor=actor)


PROFILE_FIELDS = ("type_code", "on_register", "building_area", "energy_headcount",
                  "authorized_headcount")


@transaction.atomic
def profile_save(*, agency: Agency, year: int, data: Mapping[str, Any],
                 actor: Any) -> InstitutionYear:
    """Create or update an institution's profile (基本信息) for one year."""
    if not 2000 <= year <= timezone.localdate().year:
        raise ValidationError({"year": f"年度应在 2000 至 {timezone.localdate().year} 之间"})
    profile = InstitutionYear.objects.select_for_update().filter(agency=agency, year=year).first()
    before = snapshot(profile, PROFILE_FIELDS) if profile else {}
    if profile is None:
        profile = InstitutionYear(agency=agency, year=year, created_by=actor,
                                  stat_region_id=summaries.stat_region_id(agency),
                                  type_code=agency.type_code,
                                  energy_headcount=agency.energy_headcount or 0,
                                  authorized_headcount=agency.authorized_headcount)
    for k in PROFILE_FIELDS:
        if k in data:
            setattr(profile, k, data[k])
    profile.updated_by = actor
    profile.full_clean()
    profile.save()
    changes = diff(before, snapshot(profile, PROFILE_FIELDS))
    touched = summaries.Touched()
    touched.add_profile(agency.pk, year)
    after_readings_change(touched, actor)
    record(actor=actor, event="energy.profile.saved", target=profile, changes=changes)
    return profile


@transaction.atomic
def coefficient_set_create(*, data: Mapping[str, Any], actor: Any) -> CoefficientSet:
    """A new coefficient set. It must name its source document; every energy type needs a
    value. A new default set re-converts the readings from its effective month on."""
    errors: dict[str, str] = {}
    source = str(data.get("source") or "").strip()
    if not source:
        errors["source"] = "请填写依据文件（折标系数必须注明来源）"
    try:
        values = rules.validate_coefficients(data.get("values") or {})
    except RuleError as exc:
        errors["values"] = str(exc)
        values = {}
    code = str(data.get("code") or "").strip()
    if not code:
        errors["code"] = "请填写编号"
    elif CoefficientSet.objects.filter(code=code).exists():
        errors["code"] = f"编号“{code}”已存在"
    if not data.get("effective_from"):
        errors["effective_from"] = "请填写施行日期"
    if errors:
        raise ValidationError(errors)
    cs = CoefficientSet(code=code, name=str(data.get("name") or code).strip(), source=source,
                        effective_from=data["effective_from"],
                        is_default=bool(data.get("is_default")),
                        values={k: str(v) for k, v in values.items()},
                        note=str(data.get("note") or ""), created_by=actor, updated_by=actor)
    cs.full_clean()
    cs.save()
    record(actor=actor, event="energy.coefficients.created", target=cs,
           changes={"source": [None, source], "values": [None, cs.values],
                    "is_default": [None, cs.is_default]})
    if cs.is_default:
        reconvert(since=cs.effective_from.replace(day=1), actor=actor)
    return cs


@transaction.atomic
def reconvert(*, since: dt.date, actor: Any) -> int:
    """Re-convert readings from `since` with the default chain, then rebuild the summaries
    of the years touched. Measured values (ncv) keep their own conversion."""
    converter = Converter()
    count = 0
    readings = Reading.objects.filter(month__gte=since, ncv__isnull=True)
    for month in readings.dates("month", "month"):
        set_id = converter.set_for(month)
        if set_id is None:
            continue
        coefficients = converter.sets[set_id]
        for code, t in ENERGY_TYPES.items():
            factor = coefficients.get(code, Decimal(0)) if t.energy else Decimal(0)
            count += readings.filter(month=month, energy_type=code).update(
                kgce=F("quantity") * factor, coefficient_set_id=set_id)
    years = range(since.year, timezone.localdate().year + 1)
    summaries.rebuild_all(years)
    record(actor=actor, event="energy.coefficients.reconverted", region=None,
           extra={"since": since.isoformat(), "readings": count})
    return count
