"""One institution's year page: profile, totals, indicators against last year and 2020."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from jiguan.conftest import Cast
from jiguan.energy.indicators import queries as indicators
from jiguan.energy.tests.factories import profile, save


def _url(cast: Cast, pk: int | None = None, **params: str) -> str:
    url = reverse("energy:institution", args=[pk or cast.xihu_agency.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def _xihu_two_years(cast: Cast) -> None:
    profile(cast.xihu_agency, 2025, headcount=10, area="100")
    profile(cast.xihu_agency, 2024, headcount=10, area="100")
    profile(cast.xihu_agency, 2020, headcount=10, area="100")
    save(cast.xihu_agency, "2025-01", {"electricity": 1000, "water_tap": 50}, cost=10)
    save(cast.xihu_agency, "2024-01", {"electricity": 2000, "water_tap": 40})
    save(cast.xihu_agency, "2020-03", {"electricity": 1000, "natural_gas": 100})


def test_it_computes_the_three_indicators_and_their_changes(cast: Cast) -> None:
    _xihu_two_years(cast)
    report = indicators.institution_year(cast.xihu_agency, 2025)
    row = report.row
    assert row.now.kgce == Decimal("122.900")            # 1000 kWh x 0.1229
    assert row.per_capita == Decimal("12.29")
    assert row.per_area == Decimal("1.23")               # 122.9 / 100 m²
    assert row.water_per_capita == Decimal("5.00")
    assert row.per_capita_vs_last == Decimal("-50.00")   # 12.29 against 24.58
    # 2020: 122.9 + 100 m³ x 1.2143 = 244.33 kgce -> 24.43 per head
    assert row.per_capita_vs_base == Decimal("-49.69")
    assert row.water_vs_last == Decimal("25.00")
    assert row.water_vs_base is None                     # no water in 2020


def test_the_months_table_has_one_column_per_type_reported(cast: Cast) -> None:
    _xihu_two_years(cast)
    report = indicators.institution_year(cast.xihu_agency, 2025)
    assert [code for code, _, _ in report.types] == ["electricity", "water_tap"]
    assert report.months[0]["cells"] == [Decimal("1000.000"), Decimal("50.000")]
    assert report.months[1]["cells"] == [None, None]
    assert report.trend["series"][0]["data"][0] == 122.9
    assert report.trend["series"][1]["data"][0] == 245.8


def test_the_page_shows_profile_indicators_and_chart_data(cast: Cast) -> None:
    _xihu_two_years(cast)
    response = cast.client("xihu").get(_url(cast, year="2025"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "12.29" in html and "-50.0%" in html
    assert "321.27" in html and "全国参考（2022年）" in html  # the latest national figure
    assert 'id="institution-trend"' in html
    assert "<script>" not in html.replace('<script type="application/json"', "")


def test_a_county_bureau_gets_404_for_a_ningbo_institution(cast: Cast) -> None:
    response = cast.client("xihu").get(_url(cast, cast.ningbo_agency.pk))
    assert response.status_code == 404


def test_a_reporter_sees_its_own_institution_only(cast: Cast) -> None:
    client = cast.client("ningbo_reporter")
    assert client.get(_url(cast, cast.ningbo_agency.pk)).status_code == 200
    assert client.get(_url(cast)).status_code == 404


def test_hostile_years_and_ids_never_give_a_500(cast: Cast) -> None:
    client = cast.client("xihu")
    response = client.get(_url(cast, year="abc"))
    assert response.status_code == 200
    assert "年度“abc”无效" in response.content.decode()
    assert client.get(_url(cast, year="99999")).status_code == 200
    assert client.get(_url(cast, year="-1")).status_code == 200
    huge = "/energy/reports/institution/" + "9" * 30 + "/"
    assert client.get(huge).status_code == 404


def test_without_a_profile_the_page_says_the_ratios_cannot_be_computed(cast: Cast) -> None:
    save(cast.xihu_agency, "2025-02", {"electricity": 10})
    html = cast.client("xihu").get(_url(cast, year="2025")).content.decode()
    assert "无法计算" in html
