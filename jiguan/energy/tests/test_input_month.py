"""The page for one institution's month (能源资源数据填报)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.energy.models import Reading
from jiguan.energy.tests.factories import save

pytestmark = pytest.mark.django_db


def _url(agency_pk: int, month: str = "2025-03") -> str:
    return reverse("energy:month_entry", args=[agency_pk, month])


def _post(cast: Cast, who: str, agency_pk: int, rows: dict[str, dict[str, str]],
          month: str = "2025-03") -> Any:
    data: dict[str, str] = {}
    for code, fields in rows.items():
        for k, v in fields.items():
            data[f"{code}-{k}"] = v
    return cast.client(who).post(_url(agency_pk, month), data)


def test_the_url_name_takes_an_agency_and_a_month_text() -> None:
    assert _url(7, "2026-03") == "/energy/institutions/7/months/2026-03/"


def test_it_saves_every_filled_row_in_one_go(cast: Cast) -> None:
    agency = cast.ningbo_agency
    response = _post(cast, "ningbo_reporter", agency.pk, {
        "electricity": {"quantity": "12000", "unit": "kWh", "cost": "9600"},
        "water_tap": {"quantity": "350", "unit": "吨", "cost": "1200"},
        "diesel": {"quantity": "100", "unit": "L"},
    })
    assert response.status_code == 302
    rows = {r.energy_type: r for r in Reading.objects.filter(agency=agency)}
    assert set(rows) == {"electricity", "water_tap", "diesel"}
    assert rows["electricity"].quantity == Decimal("12000")
    assert rows["electricity"].cost == Decimal("9600")
    # 100 L of diesel at the configured 0.84 kg/L.
    assert rows["diesel"].quantity == Decimal("84")
    assert rows["diesel"].entered_unit == "L"
    assert AuditEvent.objects.filter(event_type="energy.readings.saved").count() == 1


def test_one_bad_row_shows_its_message_at_the_row_and_saves_nothing(cast: Cast) -> None:
    response = _post(cast, "ningbo_reporter", cast.ningbo_agency.pk, {
        "electricity": {"quantity": "12000", "unit": "kWh"},
        "natural_gas": {"quantity": "-5", "unit": "m³"},
    })
    assert response.status_code == 422
    assert "天然气用量不能为负数" in response.content.decode()
    assert 'data-testid="error-natural_gas"' in response.content.decode()
    assert not Reading.objects.exists()


def test_it_refuses_a_future_month(cast: Cast) -> None:
    future = dt.date.today().replace(day=1) + dt.timedelta(days=40)
    month = f"{future:%Y-%m}"
    response = _post(cast, "ningbo_reporter", cast.ningbo_agency.pk,
                     {"electricity": {"quantity": "100", "unit": "kWh"}}, month=month)
    assert response.status_code == 422
    assert "不能填报未来月份" in response.content.decode()
    assert not Reading.objects.exists()


def test_cost_without_quantity_is_a_row_error(cast: Cast) -> None:
    response = _post(cast, "ningbo_reporter", cast.ningbo_agency.pk,
                     {"electricity": {"quantity": "", "cost": "500"}})
    assert response.status_code == 422
    assert "没有填写用量" in response.content.decode()


def test_an_empty_form_is_refused_with_a_message(cast: Cast) -> None:
    response = _post(cast, "ningbo_reporter", cast.ningbo_agency.pk, {})
    assert response.status_code == 422
    assert "没有填写任何用量" in response.content.decode()


def test_it_shows_last_month_and_last_year_beside_each_type(cast: Cast) -> None:
    agency = cast.ningbo_agency
    save(agency, "2025-02", {"electricity": 1111})
    save(agency, "2024-03", {"electricity": 2222})
    save(agency, "2025-03", {"electricity": 3333})
    page = cast.client("ningbo_reporter").get(_url(agency.pk)).content.decode()
    assert "1111 kWh" in page and "2222 kWh" in page
    assert 'value="3333"' in page  # the month's own reading is the form's starting value


def test_saving_the_same_values_again_changes_nothing(cast: Cast) -> None:
    client = cast.client("ningbo_reporter")
    data = {"electricity-quantity": "500", "electricity-unit": "kWh", "electricity-cost": "400"}
    client.post(_url(cast.ningbo_agency.pk), data)
    response = client.post(_url(cast.ningbo_agency.pk), data)
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert "未变 1 项" in follow.content.decode()
    assert Reading.objects.get().revisions == 0


@pytest.mark.parametrize("month", ["2025-3", "abc", "2025-13", "1999-01", "2025-03-01"])
def test_a_garbage_month_is_a_404(cast: Cast, month: str) -> None:
    assert cast.client("ningbo_reporter").get(_url(cast.ningbo_agency.pk, month)).status_code == 404


def test_a_30_digit_agency_id_is_a_404(cast: Cast) -> None:
    url = f"/energy/institutions/{'9' * 30}/months/2025-03/"
    assert cast.client("province_admin").get(url).status_code == 404


def test_the_picker_lists_only_the_reporters_own_institution(cast: Cast) -> None:
    page = cast.client("ningbo_reporter").get(reverse("energy:entry"), {"month": "2025-03"})
    text = page.content.decode()
    assert cast.ningbo_agency.name in text and cast.xihu_agency.name not in text
    assert _url(cast.ningbo_agency.pk) in text


def test_the_picker_shrugs_off_a_bad_month(cast: Cast) -> None:
    page = cast.client("xihu").get(reverse("energy:entry"), {"month": "abc", "page": "-1"})
    assert page.status_code == 200
    assert "格式不正确" in page.content.decode()


def test_an_absurd_calorific_value_is_a_row_error_not_a_database_error(cast: Cast) -> None:
    # 1e30 is past Decimal's 28 digits: it must be refused before anything rounds it.
    for ncv, message in (("1e15", "实测低位发热量过大"), ("1e30", "超出合理范围"),
                         ("0.004", "实测低位发热量必须大于 0")):
        response = _post(cast, "ningbo_reporter", cast.ningbo_agency.pk,
                         {"natural_gas": {"quantity": "100", "unit": "m³", "ncv": ncv}})
        assert response.status_code == 422
        assert message in response.content.decode()
    response = _post(cast, "ningbo_reporter", cast.ningbo_agency.pk,
                     {"electricity": {"quantity": "1e1000000", "unit": "kWh"}})
    assert response.status_code == 422
    assert "超出合理范围" in response.content.decode()


def test_a_value_far_from_the_institutions_history_asks_for_confirmation(cast: Cast) -> None:
    agency = cast.ningbo_agency
    save(agency, "2024-03", {"electricity": 10000})
    for month in ("2024-09", "2024-10", "2024-11", "2024-12", "2025-01", "2025-02"):
        save(agency, month, {"electricity": 9000})
    # 10x last year's March (a kWh typed where 万kWh was meant, say): not saved unasked.
    rows = {"electricity": {"quantity": "100000", "unit": "kWh"}}
    response = _post(cast, "ningbo_reporter", agency.pk, rows)
    assert response.status_code == 422
    page = response.content.decode()
    assert "与本单位历史数据差异很大" in page
    assert "是去年同月（10,000 kWh）的 10.0 倍" in page
    assert 'data-testid="confirm-unusual"' in page
    assert not Reading.objects.filter(agency=agency, month=dt.date(2025, 3, 1)).exists()
    # Confirmed, it is saved.
    data = {"electricity-quantity": "100000", "electricity-unit": "kWh",
            "confirm_unusual": "on"}
    assert cast.client("ningbo_reporter").post(_url(agency.pk), data).status_code == 302
    assert Reading.objects.get(agency=agency, month=dt.date(2025, 3, 1)).quantity == 100000
    # A usual value needs no confirmation.
    assert _post(cast, "ningbo_reporter", agency.pk, {
        "electricity": {"quantity": "11000", "unit": "kWh"}}, month="2025-04").status_code == 302


def test_without_history_nothing_needs_confirmation(cast: Cast) -> None:
    response = _post(cast, "ningbo_reporter", cast.ningbo_agency.pk,
                     {"electricity": {"quantity": "900000", "unit": "kWh"}})
    assert response.status_code == 302


def test_the_median_of_recent_months_is_a_reference_too() -> None:
    from jiguan.energy.rules import far_from_history

    why = far_from_history("water_tap", Decimal("600"), None, Decimal("100"), Decimal("5"))
    assert why == "自来水 600 m³ 是近 12 个月中位数（100 m³）的 6.0 倍"
    assert far_from_history("water_tap", Decimal("500"), Decimal("0"), Decimal("100"),
                            Decimal("5")) is None


def test_each_unit_is_offered_once_with_its_synonyms() -> None:
    from jiguan.energy.readings.forms import unit_choice, unit_choices
    from jiguan.energy.rules import ENERGY_TYPES

    diesel = unit_choices(ENERGY_TYPES["diesel"])
    assert diesel == [("kg", "kg（千克、公斤）"), ("t", "t（吨）"), ("L", "L（升）")]
    values = [v for v, _label in unit_choices(ENERGY_TYPES["natural_gas"])]
    assert len(values) == len(set(values))
    assert unit_choice(ENERGY_TYPES["diesel"], "公斤") == "kg"
    assert unit_choice(ENERGY_TYPES["diesel"], "升") == "L"
