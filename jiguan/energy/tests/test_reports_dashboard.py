"""The dashboard: KPI cards, map, trend and ranking data, all from the summaries."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from django.urls import reverse

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.energy.indicators import charts as indicators_charts
from jiguan.energy.tests.factories import profile, save


def _json(html: str, element_id: str) -> dict:  # type: ignore[type-arg]
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>',
                      html, re.S)
    assert match, f"no json_script {element_id}"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def _data(cast: Cast) -> None:
    profile(cast.xihu_agency, 2025, headcount=10, area="100")
    save(cast.xihu_agency, "2025-01", {"electricity": 1000, "water_tap": 50})
    save(cast.xihu_agency, "2025-02", {"electricity": 2000})
    save(cast.xihu_agency, "2024-01", {"electricity": 500})
    profile(cast.ningbo_agency, 2025, headcount=5, area="100")
    save(cast.ningbo_agency, "2025-01", {"electricity": 1000})


def test_the_province_dashboard_colours_cities_and_links_them(cast: Cast) -> None:
    _data(cast)
    html = cast.client("province_admin").get(reverse("energy:dashboard") + "?year=2025"
                                             ).content.decode()
    chart = _json(html, "dashboard-map")
    assert chart["map"] == "浙江"
    values = {v["name"]: v["value"] for v in chart["values"]}
    assert values["杭州市"] == 36.87          # 3000 kWh x 0.1229 / 10 people
    assert values["宁波市"] == 24.58
    assert values["温州市"] is None
    assert chart["links"]["杭州市"].endswith("?region=330100&year=2025")
    assert "echarts-china-provinces/zhejiang.js" in html


def test_the_map_follows_the_chosen_indicator(cast: Cast) -> None:
    _data(cast)
    html = cast.client("province_admin").get(
        reverse("energy:dashboard") + "?year=2025&indicator=water_per_capita").content.decode()
    values = {v["name"]: v["value"] for v in _json(html, "dashboard-map")["values"]}
    assert values["杭州市"] == 5.0


def test_a_city_dashboard_draws_the_city_map_of_counties(cast: Cast) -> None:
    _data(cast)
    html = cast.client("hangzhou").get(reverse("energy:dashboard") + "?year=2025"
                                       ).content.decode()
    chart = _json(html, "dashboard-map")
    assert chart["map"] == "杭州"
    assert {v["name"]: v["value"] for v in chart["values"]}["西湖区"] == 36.87


def test_the_trend_compares_this_year_with_last_year_by_month(cast: Cast) -> None:
    _data(cast)
    trend = indicators_charts.trend_chart(cast.hangzhou, Region.objects.get(code="330100"), 2025)
    assert trend["series"][0]["data"][:3] == [122.9, 245.8, None]
    assert trend["series"][1]["data"][0] == 61.45


def test_kpis_and_ranking_carry_the_national_reference(cast: Cast) -> None:
    _data(cast)
    html = cast.client("province_admin").get(reverse("energy:dashboard") + "?year=2025"
                                             ).content.decode()
    assert re.search(r'data-testid="kpi-kgce">0.49 吨标准煤', html)
    ranking = _json(html, "dashboard-ranking")
    assert ranking["labels"] == ["宁波市", "杭州市"]
    assert ranking["reference"] == float(Decimal("321.27"))


def test_a_county_bureau_sees_its_county_only(cast: Cast) -> None:
    _data(cast)
    client = cast.client("xihu")
    html = client.get(reverse("energy:dashboard") + "?year=2025").content.decode()
    assert "西湖区" in html and "宁波" not in html
    assert 'id="dashboard-map"' not in html  # institutions: a table and a ranking, no map
    assert client.get(reverse("energy:dashboard") + "?region=330200").status_code == 404


def test_hostile_dashboard_query_strings(cast: Cast) -> None:
    client = cast.client("province_admin")
    response = client.get(reverse("energy:dashboard") + "?year=abc&indicator=<script>")
    assert response.status_code == 200
    assert "指标“&lt;script&gt;”无效" in response.content.decode()
    assert cast.client("outsider").get(reverse("energy:dashboard")).status_code == 403


def test_a_reporter_sees_only_the_tabs_of_its_own_work(cast: Cast) -> None:
    bureau_tabs = ("报送进度", "数据质量", "目标进度", "年度统计报表")
    reporter = cast.client("ningbo_reporter").get("/energy/").content.decode()
    assert "数据填报" in reporter and "消费明细" in reporter and "超定额" in reporter
    for label in bureau_tabs:
        assert f">{label}</a>" not in reporter, label
    bureau = cast.client("hangzhou").get("/energy/").content.decode()
    for label in bureau_tabs:
        assert f">{label}</a>" in bureau, label


def _counts(html: str) -> tuple[str, str, str]:
    reporting = re.search(r'data-testid="count-reporting">([^<]*)<', html)
    register = re.search(r'data-testid="count-register">([^<]*)<', html)
    definitions = re.search(r'data-testid="count-definitions">([^<]*)<', html)
    assert reporting and register and definitions
    return reporting.group(1), register.group(1), definitions.group(1)


def test_the_dashboard_and_the_completeness_page_count_alike(cast: Cast) -> None:
    """报送单位 and 名录库: one definition, said on both pages, with the same numbers."""
    _data(cast)
    profile(cast.hangzhou_agency, 2025, headcount=8, area="90")       # on the register, silent
    profile(cast.xihu_agency, 2024, headcount=8, area="90", on_register=False)
    for user, region in (("province_admin", "330000"), ("hangzhou", "330100")):
        client = cast.client(user)
        dashboard = client.get(reverse("energy:dashboard") + f"?year=2025&region={region}")
        board = client.get(reverse("energy:completeness") + f"?month=2025-02&region={region}")
        assert dashboard.status_code == board.status_code == 200
        d_reporting, d_register, d_definition = _counts(dashboard.content.decode())
        b_reporting, b_register, b_definition = _counts(board.content.decode())
        assert (d_reporting, d_register) == (b_reporting, b_register)
        assert "报送单位：本年至少报送过一个月读数的单位" in d_definition
        assert "名录库：本年基本信息列入公共机构名录库的单位" in b_definition
    # The province: xihu and ningbo reported in 2025; xihu, ningbo and hangzhou's own are
    # on the register with a 2025 profile.
    html = cast.client("province_admin").get(reverse("energy:dashboard") + "?year=2025")
    assert _counts(html.content.decode())[:2] == ("2", "3")
