"""Writes of the energy programmes: water-saving units (节水型单位), energy performance
contracts (合同能源管理) and garbage sorting (垃圾分类). Each is one transaction with its audit
row; the rules a page or the API must not bypass (every criterion met before 已认定, a
reason for 已撤销, the 5-10 year term of 能源费用托管) live here, not in the forms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jiguan.audit.events import register
from jiguan.audit.record import diff, record, snapshot
from jiguan.energy import rules
from jiguan.energy.models import (
    WATER_CRITERIA,
    ContractType,
    EnergyContract,
    GarbageSortingSite,
    SortingSiteKind,
    WaterSavingStatus,
    WaterSavingUnit,
)
from jiguan.energy.programs.shares import shares_changed
from jiguan.orgs.models import Agency
from jiguan.orgs.rules import credit_code_problem, normalize_credit_code

register({
    "energy.water_saving.accepted": "认定节水型单位",
    "energy.water_saving.revoked": "撤销节水型单位",
    "energy.contract.created": "新增合同能源管理项目",
    "energy.sorting.created": "新增垃圾分类点",
    "energy.sorting.ended": "停止垃圾分类",
})

# What a reporter may change on the checklist; status, date and document are the bureau's.
CHECKLIST_FIELDS = ("tiered_metering", "fixtures_all_saving", "named_manager", "ledger",
                    "yearly_plan", "balance_test", "balance_test_date", "evidence")
STATUS_FIELDS = ("status", "accepted_on", "accepted_doc", "revoked_on", "revoke_reason")


def unmet_criteria(unit: WaterSavingUnit) -> list[str]:
    """Labels of the 389号 criteria the unit does not meet yet; a balance test counts only
    with its date, and the named manager only with a name."""
    unmet = [label for code, label, met in unit.criteria() if not met]
    if unit.balance_test and unit.balance_test_date is None:
        unmet.append("水平衡测试日期")
    return unmet


def _unit_for(agency: Agency) -> tuple[WaterSavingUnit, dict[str, Any]]:
    unit = WaterSavingUnit.objects.select_for_update().filter(agency=agency).first()
    if unit is None:
        return WaterSavingUnit(agency=agency), {}
    return unit, snapshot(unit, CHECKLIST_FIELDS + STATUS_FIELDS)


@transaction.atomic
def water_saving_save(*, agency: Agency, data: Mapping[str, Any], actor: Any
                      ) -> WaterSavingUnit:
    """Save the checklist of an institution (created on first save, status 创建中). An
    accepted unit that no longer meets every criterion keeps its status: only the bureau
    revokes, with a reason."""
    unit, before = _unit_for(agency)
    if unit.pk is None:
        unit.created_by = actor
    for name in CHECKLIST_FIELDS:
        if name in data:
            value = data[name]
            setattr(unit, name, value.strip() if isinstance(value, str) else value)
    if unit.balance_test_date and unit.balance_test_date > timezone.localdate():
        raise ValidationError({"balance_test_date": "水平衡测试日期不能晚于今天"})
    unit.updated_by = actor
    unit.full_clean()
    unit.save()
    changes = diff(before, snapshot(unit, CHECKLIST_FIELDS + STATUS_FIELDS))
    if changes:
        record(actor=actor, event="energy.water_saving.saved", target=unit, changes=changes)
    return unit


@transaction.atomic
def water_saving_accept(*, agency: Agency, accepted_on: dt.date, accepted_doc: str,
                        actor: Any) -> WaterSavingUnit:
    """The bureau accepts the unit (已认定) — only when every criterion is met."""
    unit, before = _unit_for(agency)
    if unit.pk is None:
        raise ValidationError("该单位尚未填报节水型单位创建清单")
    unmet = unmet_criteria(unit)
    if unmet:
        raise ValidationError(f"尚有未达到的创建标准，不能认定：{'、'.join(unmet)}")
    if accepted_on > timezone.localdate():
        raise ValidationError({"accepted_on": "认定日期不能晚于今天"})
    if not accepted_doc.strip():
        raise ValidationError({"accepted_doc": "请填写认定文号"})
    unit.status = WaterSavingStatus.ACCEPTED
    unit.accepted_on, unit.accepted_doc = accepted_on, accepted_doc.strip()
    unit.updated_by = actor
    unit.full_clean()
    unit.save()
    shares_changed()
    record(actor=actor, event="energy.water_saving.accepted", target=unit,
           changes=diff(before, snapshot(unit, CHECKLIST_FIELDS + STATUS_FIELDS)))
    return unit


@transaction.atomic
def water_saving_revoke(*, agency: Agency, revoked_on: dt.date, reason: str,
                        actor: Any) -> WaterSavingUnit:
    """The bureau revokes an accepted unit (已撤销), with the date and the reason."""
    unit, before = _unit_for(agency)
    if unit.pk is None or unit.status != WaterSavingStatus.ACCEPTED:
        raise ValidationError("只有已认定的节水型单位可以撤销")
    if not reason.strip():
        raise ValidationError({"reason": "请填写撤销原因"})
    if revoked_on > timezone.localdate():
        raise ValidationError({"revoked_on": "撤销日期不能晚于今天"})
    if unit.accepted_on and revoked_on < unit.accepted_on:
        raise ValidationError({"revoked_on": "撤销日期不能早于认定日期"})
    unit.status = WaterSavingStatus.REVOKED
    unit.revoked_on, unit.revoke_reason = revoked_on, reason.strip()[:300]
    unit.updated_by = actor
    unit.save()
    shares_changed()
    record(actor=actor, event="energy.water_saving.revoked", target=unit,
           changes=diff(before, snapshot(unit, CHECKLIST_FIELDS + STATUS_FIELDS)),
           extra={"reason": reason.strip(), "revoked_on": revoked_on})
    return unit


# ---------------------------------------------------------------- contracts

CONTRACT_FIELDS = ("name", "contract_type", "provider", "provider_credit_code", "start_date",
                   "end_date", "baseline_start", "baseline_end", "baseline_kgce",
                   "measurement", "sharing_ratio", "guaranteed_kgce", "contract_amount")


def contract_problems(data: Mapping[str, Any]) -> dict[str, str]:
    """Chinese messages per field for a contract's terms (shared by the form and the API)."""
    errors: dict[str, str] = {}
    code = normalize_credit_code(str(data.get("provider_credit_code") or ""))
    if code and (problem := credit_code_problem(code)):
        errors["provider_credit_code"] = problem
    start, end = data.get("start_date"), data.get("end_date")
    if start and end:
        if end <= start:
            errors["end_date"] = "合同终止日期应晚于起始日期"
        elif data.get("contract_type") == ContractType.OUTSOURCING:
            problem = rules.outsourcing_term_problem(start, end)
            if problem:
                errors["end_date"] = problem
    b_start, b_end = data.get("baseline_start"), data.get("baseline_end")
    if b_start and b_end:
        if b_end < b_start:
            errors["baseline_end"] = "基准期终止月不能早于起始月"
        elif start and b_end.replace(day=1) >= start.replace(day=1):
            errors["baseline_end"] = "基准期应在合同起始之前"
    kind = data.get("contract_type")
    if kind == ContractType.SHARED and data.get("sharing_ratio") is None:
        errors["sharing_ratio"] = "节能效益分享型须填写服务公司分享比例"
    if kind == ContractType.GUARANTEED and data.get("guaranteed_kgce") is None:
        errors["guaranteed_kgce"] = "节能量保证型须填写保证节能量"
    return errors


def _contract_data(data: Mapping[str, Any]) -> dict[str, Any]:
    errors = contract_problems(data)
    if errors:
        raise ValidationError(errors)
    out = {k: data.get(k) for k in CONTRACT_FIELDS if k in data}
    out["provider_credit_code"] = normalize_credit_code(
        str(data.get("provider_credit_code") or ""))
    for k in ("baseline_start", "baseline_end"):
        value = out.get(k)
        if value is not None:
            out[k] = value.replace(day=1)
    return out


@transaction.atomic
def contract_create(*, agency: Agency, data: Mapping[str, Any], actor: Any) -> EnergyContract:
    contract = EnergyContract(agency=agency, created_by=actor, updated_by=actor,
                              **_contract_data(data))
    contract.full_clean()
    contract.save()
    record(actor=actor, event="energy.contract.created", target=contract,
           changes=diff({}, snapshot(contract, CONTRACT_FIELDS)))
    return contract


@transaction.atomic
def contract_update(*, contract: EnergyContract, data: Mapping[str, Any], actor: Any
                    ) -> dict[str, list[Any]]:
    contract = EnergyContract.objects.select_for_update().get(pk=contract.pk)
    before = snapshot(contract, CONTRACT_FIELDS)
    for k, v in _contract_data(data).items():
        setattr(contract, k, v)
    contract.updated_by = actor
    contract.full_clean()
    contract.save()
    changes = diff(before, snapshot(contract, CONTRACT_FIELDS))
    if changes:
        record(actor=actor, event="energy.contract.saved", target=contract, changes=changes)
    return changes


# ---------------------------------------------------------------- garbage sorting

SITE_FIELDS = ("kind", "agency", "name", "region", "since", "ended_on", "note")


def _site_check(site: GarbageSortingSite) -> None:
    errors: dict[str, str] = {}
    if site.kind == SortingSiteKind.INSTITUTION:
        if site.agency_id is None:
            errors["agency"] = "公共机构须选择单位"
        else:
            assert site.agency is not None
            site.region = site.agency.region
            site.name = site.name.strip() or site.agency.name
    else:
        site.agency = None
        if not site.name.strip():
            errors["name"] = "居住小区须填写名称"
        if site.region_id is None:
            errors["region"] = "居住小区须选择所在区划"
    if site.since and site.since > timezone.localdate():
        errors["since"] = "开始分类日期不能晚于今天"
    if site.ended_on and site.since and site.ended_on < site.since:
        errors["ended_on"] = "停止日期不能早于开始分类日期"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def sorting_site_save(*, site: GarbageSortingSite | None, data: Mapping[str, Any],
                      actor: Any) -> GarbageSortingSite:
    """Create (site=None) or edit a garbage-sorting site."""
    before: dict[str, Any] = {}
    if site is None:
        site = GarbageSortingSite(created_by=actor)
    else:
        site = GarbageSortingSite.objects.select_for_update().get(pk=site.pk)
        before = snapshot(site, SITE_FIELDS)
    for k in SITE_FIELDS:
        if k in data:
            setattr(site, k, data[k])
    _site_check(site)
    site.updated_by = actor
    site.full_clean()
    created = site.pk is None
    site.save()
    shares_changed()
    changes = diff(before, snapshot(site, SITE_FIELDS))
    if changes:
        record(actor=actor, event="energy.sorting.created" if created else "energy.sorting.saved",
               target=site, changes=changes)
    return site


@transaction.atomic
def sorting_site_end(*, site: GarbageSortingSite, ended_on: dt.date, actor: Any
                     ) -> GarbageSortingSite:
    site = GarbageSortingSite.objects.select_for_update().get(pk=site.pk)
    if site.ended_on is not None:
        raise ValidationError({"ended_on": f"该分类点已于 {site.ended_on} 停止"})
    if ended_on < site.since:
        raise ValidationError({"ended_on": "停止日期不能早于开始分类日期"})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "停止日期不能晚于今天"})
    site.ended_on, site.updated_by = ended_on, actor
    site.save()
    shares_changed()
    record(actor=actor, event="energy.sorting.ended", target=site,
           changes={"ended_on": [None, ended_on]})
    return site


CRITERIA_LABELS = dict(WATER_CRITERIA)
