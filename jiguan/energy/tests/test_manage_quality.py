"""Data quality: outlier months, missing months, repeated submissions, jumps, missing
profiles; the page, its export and its pagination."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.energy.quality import queries as quality
from jiguan.energy.tests.factories import profile, save
from jiguan.energy.tests.test_manage_breaches import xlsx


def _kinds(cast: Cast, upto: int = 6, year: int = 2025) -> dict[str, list[str]]:
    issues = quality.issues_for([cast.xihu_agency.pk], year, upto)
    out: dict[str, list[str]] = {}
    for i in issues:
        out.setdefault(i.kind, []).append(i.detail)
    return out


def _six_months(cast: Cast, may: int = 1000) -> None:
    profile(cast.xihu_agency, 2025)
    for m in range(1, 7):
        save(cast.xihu_agency, f"2025-{m:02d}", {"electricity": may if m == 5 else 1000})


def test_a_month_over_three_times_the_median_is_flagged(cast: Cast) -> None:
    _six_months(cast, may=3500)
    issues = [i for i in quality.issues_for([cast.xihu_agency.pk], 2025, 6)
              if i.kind == "outlier"]
    assert [i.month for i in issues] == [dt.date(2025, 5, 1)]
    assert "2025-05 电 3,500.000 kWh" in issues[0].detail


def test_three_times_the_median_exactly_is_not_flagged(cast: Cast) -> None:
    _six_months(cast, may=3000)
    assert "outlier" not in _kinds(cast)


@override_settings(JIGUAN_ENERGY_OUTLIER_FACTOR="2")
def test_the_outlier_factor_is_a_setting(cast: Cast) -> None:
    _six_months(cast, may=2500)
    assert "outlier" in _kinds(cast)


def test_missing_months_up_to_the_last_one_asked(cast: Cast) -> None:
    profile(cast.xihu_agency, 2025)
    save(cast.xihu_agency, "2025-01", {"electricity": 100})
    save(cast.xihu_agency, "2025-03", {"electricity": 100})
    assert _kinds(cast, upto=4)["missing"] == ["2025年2月、4月未报送"]
    assert "missing" not in _kinds(cast, upto=1)


def test_a_repeated_submission_with_other_values_is_listed(cast: Cast) -> None:
    _six_months(cast)
    save(cast.xihu_agency, "2025-02", {"electricity": 1000})  # same values: not a revision
    assert "revised" not in _kinds(cast)
    save(cast.xihu_agency, "2025-02", {"electricity": 1100})
    assert _kinds(cast)["revised"] == ["2025-02 电（1 次）"]


def test_area_or_headcount_jumps_over_30_percent(cast: Cast) -> None:
    profile(cast.xihu_agency, 2024, headcount=100, area="1000")
    profile(cast.xihu_agency, 2025, headcount=131, area="1300")
    assert _kinds(cast)["jump"] == ["用能人数由 100 人 变为 131 人（超过 30%）"]


def test_an_institution_without_this_year_profile_is_listed(cast: Cast) -> None:
    profile(cast.xihu_agency, 2024)
    ids = quality.institution_ids(Region.objects.get(code="330106"), 2025)
    assert ids == [cast.xihu_agency.pk]
    assert "no_profile" in _kinds(cast)


def test_a_clean_year_has_no_issues(cast: Cast) -> None:
    profile(cast.xihu_agency, 2024)
    _six_months(cast)
    assert _kinds(cast) == {}


def test_the_page_counts_and_lists_and_exports(cast: Cast) -> None:
    _six_months(cast, may=3500)
    profile(cast.ningbo_agency, 2025)
    client = cast.client("province_admin")
    page = client.get("/energy/quality/", {"year": "2025", "month": "6"}).content.decode()
    assert "异常月份" in page and "缺报月份" in page
    assert "杭州市西湖区测试局" in page and "宁波市海曙区测试局" in page
    assert 'data-testid="count-missing">1<' in page
    assert f"/energy/institutions/{cast.xihu_agency.pk}/months/2025-05/" in page
    rows = xlsx(client.get("/energy/quality/export.xlsx",
                           {"region": "330100", "year": "2025", "month": "6"}))
    assert rows[0][0] == "杭州市2025年能源数据质量"
    assert {(r[1], r[3]) for r in rows[3:]} == {("杭州市西湖区测试局", "异常月份")}


def test_the_page_paginates_by_institution(cast: Cast, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    monkeypatch.setattr(quality, "BATCH", 1)
    profile(cast.xihu_agency, 2025)
    profile(cast.ningbo_agency, 2025)
    client = cast.client("province_admin")
    first = client.get("/energy/quality/", {"year": "2025", "month": "3"}).content.decode()
    second = client.get("/energy/quality/", {"year": "2025", "month": "3",
                                             "page": "2"}).content.decode()
    assert "共 2 页" in first and 'aria-current="page"><span class="page-link">1<' in first
    assert ("杭州市西湖区测试局" in first) != ("杭州市西湖区测试局" in second)


def test_a_reporter_sees_only_its_institution(cast: Cast) -> None:
    profile(cast.xihu_agency, 2025)
    profile(cast.ningbo_agency, 2025)
    page = cast.client("ningbo_reporter").get("/energy/quality/",
                                              {"year": "2025", "month": "3"}).content.decode()
    assert "宁波市海曙区测试局" in page and "杭州市西湖区测试局" not in page


@pytest.mark.parametrize("params", [{"year": "abc"}, {"month": "13"}, {"page": "-1"},
                                    {"region": "9" * 30}, {"year": "3000"}])
def test_hostile_quality_queries(cast: Cast, params: dict[str, str]) -> None:
    client = cast.client("hangzhou")
    assert client.get("/energy/quality/", params).status_code == 200
    assert client.get("/energy/quality/export.xlsx", params).status_code == 200
