"""The computed measures of travel, governance, services and internal audit: each reads its
module's data for the year and the bureau's region (a city counts its counties), gives its
inputs and the address of the rows behind it, and no data is ``missing`` with a reason,
never 0."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from django.utils import timezone

from jiguan.assessment import measures
from jiguan.assessment.tests import fixtures as fx
from jiguan.conftest import Cast
from jiguan.governance.contracts.models import Contract
from jiguan.governance.library import actions as library
from jiguan.governance.library.models import RuleStatus
from jiguan.governance.tests.contract_fixtures import signed
from jiguan.governance.tests.fixtures import rule_data
from jiguan.internalaudit.tests.fixtures import reported_project
from jiguan.orgs.models import Agency
from jiguan.services.inspections.models import Inspection, InspectionStatus
from jiguan.services.standards.models import ServiceStandard
from jiguan.services.tests.fixtures import build as build_services
from jiguan.travel.trips.models import Trip, TripStatus
from jiguan.travel.vehicles.models import Platform, Vehicle, VehicleStatus

pytestmark = pytest.mark.django_db


def read(code: str, region: str, year: int) -> Any:
    measure = measures.get(code)
    assert measure is not None
    return measure.compute(fx.region(region), year)


def rows_of(cast: Cast, url: str) -> str:
    response = cast.client("province_admin").get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_module_registers_its_measures() -> None:
    codes = {code for code, _ in measures.measure_choices()}
    assert {"travel.vehicle_use_rate", "governance.rules_past_validity",
            "governance.late_contract_filings", "services.inspection_score",
            "internalaudit.audit_coverage"} <= codes
    assert all(measures.get(c).note for c in codes  # type: ignore[union-attr]
               if not c.startswith(("space.", "energy.")))


# Travel ------------------------------------------------------------------------------------

def _vehicle(plate: str, region: str, *, platform: Platform | None = None,
             agency: Agency | None = None, status: str = VehicleStatus.IN_SERVICE) -> Vehicle:
    return Vehicle.objects.create(plate=plate, category="other", make="测试", price=D(150000),
                                  purchase_date=dt.date(2022, 1, 1), region=fx.region(region),
                                  platform=platform, agency=agency, status=status)


def _trip(cast: Cast, vehicle: Vehicle, platform: Platform, day: dt.date, hour: int = 9,
          status: str = TripStatus.CLOSED) -> Trip:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    return Trip.objects.create(
        agency=cast.xihu_agency, requester=cast.xihu, platform=platform, passengers=1,
        start_at=start, end_at=start + dt.timedelta(hours=2), origin="甲", destinations="乙",
        purpose="公务", status=status, vehicle=vehicle,
        actual_start=start if status == TripStatus.CLOSED else None)


def test_vehicle_use_rate_counts_days_out_over_vehicle_working_days(cast: Cast) -> None:
    platform = Platform.objects.create(region=fx.region("330100"), name="杭州市公务用车平台")
    pool = _vehicle("浙A·00001", "330100", platform=platform)
    xihu = _vehicle("浙A·00002", "330106", agency=cast.xihu_agency)
    gone = _vehicle("浙A·00003", "330100", platform=platform, status=VehicleStatus.DISPOSED)
    _vehicle("浙B·00001", "330200", agency=cast.ningbo_agency)
    day = dt.date(2025, 6, 10)
    _trip(cast, pool, platform, day, 8)
    _trip(cast, pool, platform, day, 14)           # a second trip the same day: one day out
    _trip(cast, pool, platform, day + dt.timedelta(days=1))
    _trip(cast, xihu, platform, day)               # a county's vehicle counts for its city
    _trip(cast, gone, platform, day)               # disposed: not in the ledger any more
    _trip(cast, xihu, platform, day + dt.timedelta(days=2), status=TripStatus.DISPATCHED)
    _trip(cast, pool, platform, dt.date(2024, 6, 11))  # another year
    reading = read("travel.vehicle_use_rate", "330100", 2025)
    # 3 days out over 2 vehicles × 248 working days of 2025 (chinese-calendar) = 0.60 %
    assert reading.value == D("0.60")
    assert ("出车天数合计", "3 天") in reading.inputs and ("在册车辆", "2 辆") in reading.inputs
    assert reading.url == f"/travel/vehicles/?region={fx.region('330100').pk}"
    listed = rows_of(cast, reading.url)
    assert "浙A·00001" in listed and "浙B·00001" not in listed
    nothing = read("travel.vehicle_use_rate", "330300", 2025)
    assert nothing.value is None and nothing.missing == "本地区没有在册公务用车"


# Governance --------------------------------------------------------------------------------

def test_rules_past_validity_count_rules_still_in_force_after_their_end(cast: Cast) -> None:
    admin = cast.province_admin
    lapsed = library.rule_create(data=rule_data(fx.region("330100"), title="已届满的办法",
                                                number="杭机管发〔2018〕1号"), actor=admin)
    assert lapsed.valid_until == dt.date(2023, 5, 31)  # 5 years from 2018-06-01
    library.rule_create(data=rule_data(fx.region("330106"), title="仍在有效期的办法",
                                       number="西机管〔2022〕1号",
                                       effective_on=dt.date(2022, 1, 1)), actor=admin)
    repealed = library.rule_create(data=rule_data(fx.region("330106"), title="已废止的办法",
                                                  number="西机管〔2017〕2号"), actor=admin)
    repealed.status = RuleStatus.REPEALED
    repealed.save(update_fields=["status"])
    library.rule_create(data=rule_data(fx.region("330000"), title="省级办法"), actor=admin)
    reading = read("governance.rules_past_validity", "330100", 2025)
    assert reading.value == D(1)
    assert ("设有效期的制度", "3 件") in reading.inputs
    assert "lapsed_by=2025-12-31" in reading.url
    listed = rows_of(cast, reading.url)
    assert "已届满的办法" in listed and "仍在有效期的办法" not in listed
    assert "已废止的办法" not in listed and "省级办法" not in listed
    # the rule valid until 2026-12-31 has not lapsed at the end of 2026 either
    assert read("governance.rules_past_validity", "330100", 2026).value == D(1)
    nothing = read("governance.rules_past_validity", "330200", 2025)
    assert nothing.value is None and nothing.missing == "本地区制度库中没有设有效期的制度"


def test_late_contract_filings_share_of_the_years_signed_contracts(cast: Cast) -> None:
    overdue = signed(cast, dt.date(2026, 1, 5), title="逾期未备案合同", number="HT-1")
    late = signed(cast, dt.date(2026, 3, 2), title="逾期备案合同", number="HT-2")
    on_time = [signed(cast, dt.date(2026, 4, 1), title=f"按期备案合同{i}", number=f"HT-3{i}")
               for i in range(2)]
    earlier = signed(cast, dt.date(2025, 3, 2), title="上年逾期合同", number="HT-4")
    for c, days in ((late, 5), (on_time[0], 0), (on_time[1], -3), (earlier, 9)):
        Contract.objects.filter(pk=c.pk).update(filed_on=c.filing_due + dt.timedelta(days=days))
    assert overdue.filed_on is None
    reading = read("governance.late_contract_filings", "330100", 2026)
    assert reading.value == D("50.00")
    assert ("本年度签订合同", "4 份") in reading.inputs and ("逾期备案", "2 份") in reading.inputs
    listed = rows_of(cast, reading.url)
    assert "逾期未备案合同" in listed and "逾期备案合同" in listed
    assert "按期备案合同0" not in listed and "上年逾期合同" not in listed
    nothing = read("governance.late_contract_filings", "330200", 2026)
    assert nothing.value is None and nothing.missing == "2026 年没有签订的合同"


# Services ----------------------------------------------------------------------------------

def _inspection(cast: Cast, s: Any, agency: Agency, period: str, total: str,
                full: str = "100", status: str = InspectionStatus.SUBMITTED) -> Inspection:
    return Inspection.objects.create(
        supplier=s.supplier, agency=agency, period=period,
        standard=ServiceStandard.objects.first(), place=f"食堂{period}",
        inspected_on=dt.date.fromisoformat(f"{period}-15"), inspector=cast.xihu, status=status,
        total=D(total), full_marks=D(full))


def test_inspection_score_is_the_mean_of_the_years_submitted_inspections(cast: Cast) -> None:
    s = build_services(cast)
    _inspection(cast, s, cast.xihu_agency, "2026-03", "80")
    _inspection(cast, s, cast.hangzhou_agency, "2026-06", "45", full="50")  # 90 on 100
    _inspection(cast, s, cast.xihu_agency, "2026-07", "10", status=InspectionStatus.DRAFT)
    _inspection(cast, s, cast.xihu_agency, "2025-12", "10")
    _inspection(cast, s, cast.ningbo_agency, "2026-05", "20")
    reading = read("services.inspection_score", "330100", 2026)
    assert reading.value == D("85.00")
    assert ("已提交检查", "2 次") in reading.inputs
    listed = rows_of(cast, reading.url)
    assert "食堂2026-03" in listed and "食堂2026-06" in listed
    assert "食堂2025-12" not in listed and "食堂2026-07" not in listed
    assert "食堂2026-05" not in listed
    nothing = read("services.inspection_score", "330300", 2026)
    assert nothing.value is None and nothing.missing == "2026 年没有已提交的服务检查"


# Internal audit ----------------------------------------------------------------------------

def test_audit_coverage_counts_units_audited_in_the_cycle_to_the_years_end(cast: Cast) -> None:
    reported_project(cast, cast.xihu_agency, dt.date(2026, 3, 10))
    reported_project(cast, cast.hangzhou_agency, dt.date(2020, 5, 6))  # before both cycles
    this_year = read("internalaudit.audit_coverage", "330100", 2026)
    assert this_year.value == D("50.00")
    assert ("在册单位", "2 家") in this_year.inputs
    assert ("审计周期", "5 年（2022 至 2026）") in this_year.inputs
    last_year = read("internalaudit.audit_coverage", "330100", 2025)
    assert last_year.value == D("0.00") and last_year.missing == ""  # a real 0, audited later
    listed = rows_of(cast, this_year.url)
    assert "as_of=2026-12-31" in this_year.url and cast.xihu_agency.name in listed
    nothing = read("internalaudit.audit_coverage", "330300", 2026)
    assert nothing.value is None and nothing.missing == "本地区没有在册单位"
