"""Five-year targets: which plan applies, progress against the baseline, the pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.energy.models import TargetPlan
from jiguan.energy.targets import queries as targets
from jiguan.energy.targets.actions import target_save
from jiguan.energy.tests.factories import profile, save
from jiguan.energy.tests.test_manage_breaches import xlsx


def _plan(cast: Cast, *, region: str | None = None, agency: object = None,
          per_capita: str = "-10") -> TargetPlan:
    plan = TargetPlan(region=Region.objects.get(code=region) if region else None,
                      agency=agency)  # type: ignore[misc]
    return target_save(plan=plan, actor=cast.province_admin, data={
        "baseline_year": 2020, "end_year": 2025, "per_capita_pct": Decimal(per_capita),
        "per_area_pct": Decimal("-5"), "water_per_capita_pct": Decimal("-6")})


def _history(cast: Cast, kwh_2025: int) -> None:
    """Xihu: 100 people; 2020 used 100,000 kWh (12,290 kgce, 122.9 kgce/人)."""
    for year in (2020, 2025):
        profile(cast.xihu_agency, year, headcount=100, area="1000")
    save(cast.xihu_agency, "2020-06", {"electricity": 100000, "water_tap": 1000})
    save(cast.xihu_agency, "2025-06", {"electricity": kwh_2025, "water_tap": 900})


def test_without_plans_the_default_applies(cast: Cast) -> None:
    plan = targets.plan_for_agency(cast.xihu_agency, 2025)
    assert plan.plan is None and plan.baseline_year == 2020
    assert plan.pcts == {"per_capita": Decimal("-6"), "per_area": Decimal("-5"),
                         "water_per_capita": Decimal("-6")}


@override_settings(JIGUAN_ENERGY_TARGETS={"per_capita": "-8"})
def test_the_default_is_a_setting(cast: Cast) -> None:
    assert targets.plan_for_agency(cast.xihu_agency, 2025).pcts["per_capita"] == Decimal("-8")


def test_the_nearest_region_plan_wins_and_the_institution_own_wins_over_it(
        cast: Cast) -> None:
    _plan(cast, region="330000", per_capita="-7")
    assert targets.plan_for_agency(cast.xihu_agency, 2025).pcts["per_capita"] == Decimal("-7")
    _plan(cast, region="330100", per_capita="-8")
    resolved = targets.plan_for_agency(cast.xihu_agency, 2025)
    assert resolved.pcts["per_capita"] == Decimal("-8") and resolved.source == "杭州市目标"
    assert targets.plan_for_agency(cast.ningbo_agency, 2025).pcts["per_capita"] == Decimal("-7")
    _plan(cast, agency=cast.xihu_agency, per_capita="-3")
    own = targets.plan_for_agency(cast.xihu_agency, 2025)
    assert own.pcts["per_capita"] == Decimal("-3") and own.source == "单位目标"


def test_a_second_plan_with_the_same_end_year_is_refused(cast: Cast) -> None:
    _plan(cast, region="330100")
    with pytest.raises(ValidationError, match="已有目标年为 2025"):
        _plan(cast, region="330100")


def test_progress_compares_with_the_baseline(cast: Cast) -> None:
    _history(cast, kwh_2025=95000)  # -5 % per capita: misses the default -6 %
    [p] = targets.agency_progress(Region.objects.get(code="330106"), 2025)
    per_capita = p.measures[0]
    assert per_capita.baseline == Decimal("122.90") and per_capita.current == Decimal("116.76")
    assert per_capita.allowed == Decimal("115.53") and per_capita.met is False
    assert p.measures[2].met is True  # water 10 -> 9 m³/人, -10 %
    assert p.off_track and p.status == "未达标"


def test_an_institution_that_met_its_targets_is_on_track(cast: Cast) -> None:
    _history(cast, kwh_2025=90000)
    [p] = targets.agency_progress(Region.objects.get(code="330100"), 2025)
    assert not p.off_track and all(m.met for m in p.measures)


def test_region_progress_sums_its_subtree(cast: Cast) -> None:
    _history(cast, kwh_2025=95000)
    rows = targets.region_progress(Region.objects.get(code="330100"), 2025)
    assert rows[0].label == "杭州市" and rows[0].measures[0].current == Decimal("116.76")
    assert rows[1].label == "西湖区" and rows[1].off_track  # off-track children first


def test_the_progress_page_and_export(cast: Cast) -> None:
    _history(cast, kwh_2025=95000)
    page = cast.client("hangzhou").get("/energy/targets/progress/", {"year": "2025"})
    text = page.content.decode()
    assert "杭州市西湖区测试局" in text and 'data-testid="off-track-count">1<' in text
    rows = xlsx(cast.client("hangzhou").get("/energy/targets/progress/export.xlsx",
                                            {"year": "2025"}))
    assert rows[0][0] == "杭州市2025年节能目标进度"
    assert [r[0] for r in rows[3:]][:2] == ["杭州市", "西湖区"]
    assert rows[-1][0] == "杭州市西湖区测试局" and rows[-1][-1] == "未达标"


def test_a_reporter_sees_only_its_institution(cast: Cast) -> None:
    _history(cast, kwh_2025=95000)
    text = cast.client("ningbo_reporter").get("/energy/targets/progress/",
                                              {"year": "2025"}).content.decode()
    assert "杭州市西湖区测试局" not in text and 'data-testid="region-progress"' not in text


def test_the_bureau_creates_and_edits_a_region_plan(cast: Cast) -> None:
    client = cast.client("hangzhou")
    data = {"name": "杭州十四五", "region": "330100", "baseline_year": "2020",
            "end_year": "2025", "per_capita_pct": "-8", "per_area_pct": "-5",
            "water_per_capita_pct": "-6"}
    assert client.post("/energy/targets/new/", data).status_code == 302
    plan = TargetPlan.objects.get()
    assert plan.region is not None and plan.region.code == "330100"
    edit = client.post(f"/energy/targets/{plan.pk}/", {**data, "per_capita_pct": "-9"})
    assert edit.status_code == 302
    plan.refresh_from_db()
    assert plan.per_capita_pct == Decimal("-9")
    assert "杭州十四五" in client.get("/energy/targets/").content.decode()


@pytest.mark.parametrize(("data", "message"), [
    ({"region": "330200"}, "所选区划不存在或不在您的权限范围内"),
    ({"end_year": "2019"}, "目标年应晚于基准年"),
    ({"per_capita_pct": "-120"}, "人均综合能耗变化（%）不能小于 -100"),
    ({"per_capita_pct": "abc"}, "人均综合能耗变化应为数字（百分数）"),
    ({"per_capita_pct": "NaN"}, "人均综合能耗变化应为数字（百分数）"),
    ({"water_per_capita_pct": "Infinity"}, "人均用水量变化应为数字（百分数）"),
    ({"region": ""}, "请选择区划或单位"),
])
def test_bad_plans_are_refused_with_a_message(cast: Cast, data: dict[str, str],
                                              message: str) -> None:
    base = {"name": "十四五", "region": "330100", "baseline_year": "2020",
            "end_year": "2025", "per_capita_pct": "-8", "per_area_pct": "-5",
            "water_per_capita_pct": "-6"}
    response = cast.client("hangzhou").post("/energy/targets/new/", {**base, **data})
    assert response.status_code == 422 and message in response.content.decode()
    assert not TargetPlan.objects.exists()


@pytest.mark.parametrize("params", [{"year": "abc"}, {"page": "-1"}, {"region": "x" * 40},
                                    {"year": "1"}])
def test_hostile_progress_queries(cast: Cast, params: dict[str, str]) -> None:
    assert cast.client("hangzhou").get("/energy/targets/progress/", params).status_code == 200
