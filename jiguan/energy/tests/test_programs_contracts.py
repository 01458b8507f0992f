"""Energy performance contracts (合同能源管理): terms checked with Chinese messages, and the
verified savings of each contract year and month computed from the readings."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.urls import reverse
from python_calamine import CalamineWorkbook

from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast, make_credit_code
from jiguan.energy.models import EnergyContract
from jiguan.energy.programs import queries as contracts
from jiguan.energy.tests.factories import save
from jiguan.orgs.models import Agency


def _post(agency: Agency, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "agency": agency.credit_code, "name": "照明节能改造", "contract_type": "shared",
        "provider": "浙江某节能服务有限公司", "provider_credit_code": "",
        "start_date": "2025-01-01", "end_date": "2027-12-31",
        "baseline_start": "2024-01-01", "baseline_end": "2024-12-01", "baseline_kgce": "",
        "measurement": "基期能耗-影响因素调整法", "sharing_ratio": "70",
        "guaranteed_kgce": "", "contract_amount": "500000"}
    data.update(overrides)
    return data


def _contract(agency: Agency, **fields: Any) -> EnergyContract:
    values: dict[str, Any] = {
        "name": "空调改造", "contract_type": "shared", "provider": "某公司",
        "start_date": dt.date(2025, 1, 1), "end_date": dt.date(2027, 12, 31),
        "baseline_start": dt.date(2024, 1, 1), "baseline_end": dt.date(2024, 12, 1),
        "sharing_ratio": Decimal("70")}
    values.update(fields)
    return EnergyContract.objects.create(agency=agency, **values)


def test_a_reporter_registers_its_contract_with_an_audit_row(cast: Cast) -> None:
    response = cast.client("ningbo_reporter").post(reverse("energy:contract_create"),
                                                   _post(cast.ningbo_agency))
    assert response.status_code == 302
    contract = EnergyContract.objects.get(agency=cast.ningbo_agency)
    assert contract.sharing_ratio == Decimal("70")
    assert AuditEvent.objects.for_target(contract).filter(
        event_type="energy.contract.created").exists()


def test_it_refuses_an_institution_out_of_scope(cast: Cast) -> None:
    response = cast.client("ningbo_reporter").post(reverse("energy:contract_create"),
                                                   _post(cast.xihu_agency))
    assert response.status_code == 422
    assert "未找到该信用代码的单位" in response.content.decode()
    assert not EnergyContract.objects.exists()


def test_it_validates_the_provider_credit_code_only_when_given(cast: Cast) -> None:
    client = cast.client("xihu")
    response = client.post(reverse("energy:contract_create"),
                           _post(cast.xihu_agency, provider_credit_code="91330000ABCDEFGH12"))
    assert response.status_code == 422
    assert "校验码错误" in response.content.decode() or "无效字符" in response.content.decode()
    good = make_credit_code("330106", 777, category="91")
    response = client.post(reverse("energy:contract_create"),
                           _post(cast.xihu_agency, provider_credit_code=good.lower()))
    assert response.status_code == 302
    assert EnergyContract.objects.get().provider_credit_code == good


def test_an_outsourcing_contract_runs_five_to_ten_years(cast: Cast) -> None:
    client = cast.client("xihu")
    response = client.post(reverse("energy:contract_create"),
                           _post(cast.xihu_agency, contract_type="outsourcing",
                                 sharing_ratio="", end_date="2027-12-31"))
    assert response.status_code == 422
    assert "能源费用托管型合同期限应为 5 至 10 年" in response.content.decode()
    response = client.post(reverse("energy:contract_create"),
                           _post(cast.xihu_agency, contract_type="outsourcing",
                                 sharing_ratio="", end_date="2029-12-31"))
    assert response.status_code == 302


def test_shared_savings_need_a_ratio_and_guaranteed_savings_a_guarantee(cast: Cast) -> None:
    client = cast.client("xihu")
    text = client.post(reverse("energy:contract_create"),
                       _post(cast.xihu_agency, sharing_ratio="")).content.decode()
    assert "节能效益分享型须填写服务公司分享比例" in text
    text = client.post(reverse("energy:contract_create"),
                       _post(cast.xihu_agency, contract_type="guaranteed",
                             sharing_ratio="")).content.decode()
    assert "节能量保证型须填写保证节能量" in text
    assert not EnergyContract.objects.exists()


def test_the_baseline_must_precede_the_contract(cast: Cast) -> None:
    response = cast.client("xihu").post(reverse("energy:contract_create"),
                                        _post(cast.xihu_agency, baseline_end="2025-03-01"))
    assert "基准期应在合同起始之前" in response.content.decode()


def test_the_baseline_is_computed_from_the_readings_when_not_entered(cast: Cast) -> None:
    for m in range(1, 13):
        save(cast.xihu_agency, f"2024-{m:02d}", {"electricity": 10000})  # 1229 kgce
    base = contracts.baseline(_contract(cast.xihu_agency))
    assert base.computed and base.months == 12
    assert base.total == Decimal("14748.000")


def test_it_computes_each_year_and_month_and_the_providers_share(cast: Cast) -> None:
    for m in range(1, 13):
        save(cast.xihu_agency, f"2024-{m:02d}", {"electricity": 10000})
    for m in range(1, 7):
        save(cast.xihu_agency, f"2025-{m:02d}", {"electricity": 8000})  # 983.2 kgce
    contract = _contract(cast.xihu_agency)
    result = contracts.contract_savings(contract, today=dt.date(2025, 9, 15))
    year = result.years[0]
    assert (year.months, year.reported) == (9, 6)  # unreported months are not savings
    assert year.savings is not None
    assert year.savings.baseline == Decimal("7374.00")
    assert year.savings.actual == Decimal("5899.20")
    assert year.savings.saved == Decimal("1474.80")
    assert year.savings.rate == Decimal("20.00")
    assert year.savings.provider_share == Decimal("1032.36")
    assert len(result.months) == 9 and result.months[8].savings is None
    assert result.months[0].savings is not None
    assert result.months[0].savings.saved == Decimal("245.80")


def test_a_guaranteed_contract_shows_whether_the_guarantee_was_met(cast: Cast) -> None:
    for m in range(1, 13):
        save(cast.xihu_agency, f"2024-{m:02d}", {"electricity": 10000})
        save(cast.xihu_agency, f"2025-{m:02d}", {"electricity": 9000})
    saved_per_year = Decimal("1474.80")  # 12 x 122.9
    met = _contract(cast.xihu_agency, contract_type="guaranteed", sharing_ratio=None,
                    guaranteed_kgce=saved_per_year)
    missed = _contract(cast.xihu_agency, contract_type="guaranteed", sharing_ratio=None,
                       guaranteed_kgce=saved_per_year + 1)
    today = dt.date(2025, 12, 31)
    assert contracts.contract_savings(met, today).years[0].guarantee_met is True
    assert contracts.contract_savings(missed, today).years[0].guarantee_met is False


def test_an_entered_baseline_wins_over_the_readings(cast: Cast) -> None:
    save(cast.xihu_agency, "2024-01", {"electricity": 10000})
    base = contracts.baseline(_contract(cast.xihu_agency, baseline_kgce=Decimal("24000")))
    assert not base.computed and (base.total, base.months) == (Decimal("24000"), 12)


def test_without_baseline_readings_the_page_says_what_to_do(cast: Cast) -> None:
    contract = _contract(cast.xihu_agency)
    page = cast.client("xihu").get(reverse("energy:contract_detail", args=[contract.pk]))
    assert page.status_code == 200
    assert "基准期没有能耗读数，请在合同中填写基准期能耗" in page.content.decode()


def test_the_savings_export_lists_years_and_months(cast: Cast) -> None:
    for m in range(1, 13):
        save(cast.xihu_agency, f"2024-{m:02d}", {"electricity": 10000})
    save(cast.xihu_agency, "2025-01", {"electricity": 8000})
    contract = _contract(cast.xihu_agency)
    response = cast.client("hangzhou").get(reverse("energy:contract_savings_export",
                                                    args=[contract.pk]))
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.getvalue()))
    text = repr(book.get_sheet_by_index(0).to_python())
    assert "第 1 合同年" in text and "2025-01" in text


def test_the_bureau_edits_a_contract_and_the_change_is_audited(cast: Cast) -> None:
    contract = _contract(cast.xihu_agency)
    response = cast.client("hangzhou").post(
        reverse("energy:contract_edit", args=[contract.pk]),
        {k: v for k, v in _post(cast.xihu_agency, sharing_ratio="60").items() if k != "agency"})
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.sharing_ratio == Decimal("60")
    assert AuditEvent.objects.for_target(contract).filter(
        event_type="energy.contract.saved").exists()


def test_the_list_and_export_follow_scope_and_filters(cast: Cast) -> None:
    _contract(cast.xihu_agency, name="西湖项目")
    _contract(cast.ningbo_agency, name="海曙项目", contract_type="lease", sharing_ratio=None)
    page = cast.client("hangzhou").get(reverse("energy:contract_list")).content.decode()
    assert "西湖项目" in page and "海曙项目" not in page
    response = cast.client("province_admin").get(reverse("energy:contract_export"),
                                                  {"contract_type": "lease"})
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.getvalue()))
    text = repr(book.get_sheet_by_index(0).to_python())
    assert "海曙项目" in text and "西湖项目" not in text
    assert cast.client("xihu").get(reverse("energy:contract_list"),
                                   {"region": "x" * 40, "page": "-3"}).status_code == 200
