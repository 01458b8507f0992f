"""The roll-up: exact numbers on small data, drill-down, coefficient sets, scope, export."""

from __future__ import annotations

import io
from decimal import Decimal

from django.urls import reverse
from python_calamine import CalamineWorkbook

from jiguan.access.models import Region
from jiguan.conftest import Cast, make_credit_code
from jiguan.energy.indicators import charts as indicators_charts
from jiguan.energy.indicators import queries as indicators
from jiguan.energy.models import CoefficientSet
from jiguan.energy.tests.factories import profile, save
from jiguan.orgs.models import Agency


def _second_xihu(cast: Cast, parent: Agency | None = None, type_code: str = "01") -> Agency:
    return Agency.objects.create(name="西湖区第二测试单位", region=cast.xihu_agency.region,
                                 level="county", parent=parent, type_code=type_code,
                                 credit_code=make_credit_code("330106", 77))


def _two_in_xihu(cast: Cast) -> Agency:
    """Xihu: A (10 people, 100 m²) 1000 kWh + 50 m³; B (20 people, 400 m²) 4000 kWh +
    100 m³ in 2025; in 2024 A used 2000 kWh. B is A's subordinate, of type 024."""
    b = _second_xihu(cast, parent=cast.xihu_agency, type_code="024")
    profile(cast.xihu_agency, 2025, headcount=10, area="100")
    profile(b, 2025, headcount=20, area="400")
    profile(cast.xihu_agency, 2024, headcount=10, area="100")
    save(cast.xihu_agency, "2025-01", {"electricity": 1000, "water_tap": 50}, cost=100)
    save(b, "2025-01", {"electricity": 4000, "water_tap": 100})
    save(cast.xihu_agency, "2024-01", {"electricity": 2000})
    save(cast.ningbo_agency, "2025-01", {"electricity": 99999})
    return b


def _rows(rollup: indicators.Rollup) -> dict[str, indicators.Row]:
    return {r.label: r for r in rollup.rows}


def _region(code: str) -> Region:
    return Region.objects.get(code=code)


def test_xihu_institutions_get_exact_indicators_and_ranks(cast: Cast) -> None:
    b = _two_in_xihu(cast)
    result = indicators.rollup(cast.xihu, _region("330106"), 2025)
    assert result.institutions_level
    rows = _rows(result)
    a_row, b_row = rows[cast.xihu_agency.name], rows[b.name]
    assert a_row.per_capita == Decimal("12.29") and b_row.per_capita == Decimal("24.58")
    assert a_row.per_area == Decimal("1.23") and b_row.per_area == Decimal("1.23")
    assert a_row.water_per_capita == Decimal("5.00") and b_row.water_per_capita == Decimal("5.00")
    assert a_row.per_capita_vs_last == Decimal("-50.00")
    assert (a_row.rank, b_row.rank) == (1, 2)
    # total: 614.5 kgce over 30 people and 500 m²
    assert result.total.now.kgce == Decimal("614.500")
    assert result.total.per_capita == Decimal("20.48")
    assert result.total.per_area == Decimal("1.23")
    assert result.total.now.cost == Decimal("200.00")  # 100 per reading, A has two


def test_the_province_drills_to_cities_then_counties(cast: Cast) -> None:
    _two_in_xihu(cast)
    province = indicators.rollup(cast.province_admin, _region("330000"), 2025)
    rows = _rows(province)
    assert not province.institutions_level
    assert rows["杭州市"].region_code == "330100"
    assert rows["杭州市"].now.kgce == Decimal("614.500")
    assert rows["杭州市"].now.institutions == 2 and rows["杭州市"].now.headcount == 30
    assert rows["宁波市"].now.kgce == Decimal("12289.877")   # 99999 x 0.1229
    assert rows["宁波市"].per_capita is None                   # no profile, no ratio
    assert rows["杭州市"].rank == 1
    city = _rows(indicators.rollup(cast.province_admin, _region("330100"), 2025))
    assert city["西湖区"].now.kgce == Decimal("614.500")
    assert city["西湖区"].region_code == "330106"


def test_the_alternative_set_changes_kgce_by_the_electricity_difference(cast: Cast) -> None:
    _two_in_xihu(cast)
    alt = CoefficientSet.objects.get(code="SH-EQUIV-PRIMARY")
    hangzhou = _region("330100")
    default = _rows(indicators.rollup(cast.hangzhou, hangzhou, 2025))["西湖区"]
    other = _rows(indicators.rollup(cast.hangzhou, hangzhou, 2025, coefficient_set=alt))["西湖区"]
    difference = Decimal(5000) * (Decimal("0.28078") - Decimal("0.1229"))
    assert other.now.kgce - default.now.kgce == difference
    institutions = _rows(indicators.rollup(cast.xihu, _region("330106"), 2025,
                                           coefficient_set=alt))
    assert institutions[cast.xihu_agency.name].now.kgce == Decimal("280.78")


def test_by_department_folds_subordinates_into_their_top_agency(cast: Cast) -> None:
    _two_in_xihu(cast)
    rows = _rows(indicators.rollup(cast.xihu, _region("330106"), 2025, by="department"))
    assert list(rows) == [cast.xihu_agency.name]
    assert rows[cast.xihu_agency.name].now.kgce == Decimal("614.500")


def test_by_type_groups_on_the_profile_type(cast: Cast) -> None:
    _two_in_xihu(cast)
    rows = _rows(indicators.rollup(cast.xihu, _region("330106"), 2025, by="type"))
    assert rows["01 国家机关"].now.kgce == Decimal("122.900")
    assert rows["024 事业单位（卫生）"].now.kgce == Decimal("491.600")


def test_a_county_bureau_cannot_open_ningbo(cast: Cast) -> None:
    client = cast.client("xihu")
    assert client.get(reverse("energy:rollup") + "?region=330200").status_code == 404
    assert client.get(reverse("energy:rollup") + "?region=330000").status_code == 404


def test_a_reporter_sees_only_its_institution(cast: Cast) -> None:
    _two_in_xihu(cast)
    save(Agency.objects.create(name="海曙区另一单位", region=cast.ningbo_agency.region,
                               level="county", credit_code=make_credit_code("330203", 88)),
         "2025-01", {"electricity": 10})
    result = indicators.rollup(cast.ningbo_reporter, _region("330203"), 2025)
    assert [r.label for r in result.rows] == [cast.ningbo_agency.name]
    response = cast.client("ningbo_reporter").get(reverse("energy:rollup"))
    assert response.status_code == 200
    assert "海曙区另一单位" not in response.content.decode()


def test_hostile_query_strings_give_a_message_or_404(cast: Cast) -> None:
    client = cast.client("province_admin")
    url = reverse("energy:rollup")
    response = client.get(url + "?year=abc&by=zzz&set=nope")
    assert response.status_code == 200
    html = response.content.decode()
    assert "年度“abc”无效" in html and "汇总方式“zzz”无效" in html
    assert "折标系数“nope”不存在" in html
    assert client.get(url + "?region=999999").status_code == 404
    assert client.get(url + "?region=" + "9" * 30).status_code == 404
    assert client.get(url + "?region=abc").status_code == 404
    assert client.get(url + "?page=-1").status_code == 200


def test_the_page_names_the_set_used_and_its_source(cast: Cast) -> None:
    _two_in_xihu(cast)
    html = cast.client("hangzhou").get(
        reverse("energy:rollup") + "?year=2025&set=SH-EQUIV-PRIMARY").content.decode()
    assert "电力等价值" in html and "上海示例值" in html
    assert "西湖区" in html and 'id="rollup-ranking"' in html


def test_the_export_reads_back_with_the_same_rows(cast: Cast) -> None:
    _two_in_xihu(cast)
    response = cast.client("xihu").get(reverse("energy:rollup_export") + "?year=2025")
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.getvalue()))
    table = book.get_sheet_by_index(0).to_python()
    values = table[2:]
    assert values[0][0] == "名称" and values[0][8] == "人均综合能耗（kgce/人）"
    by_name = {v[0]: v for v in values[1:]}
    assert float(by_name[cast.xihu_agency.name][8]) == 12.29
    assert by_name[cast.xihu_agency.name][17] == 1
    assert float(by_name["西湖区合计"][5]) == 614.5
    assert "年度=2025" in str(table[1][0])


def test_the_province_rollup_reads_only_the_region_summaries(cast: Cast) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _two_in_xihu(cast)
    alt = CoefficientSet.objects.get(code="SH-EQUIV-PRIMARY")
    with CaptureQueriesContext(connection) as ctx:
        indicators.rollup(cast.province_admin, _region("330000"), 2025)
        indicators.rollup(cast.province_admin, _region("330100"), 2025, coefficient_set=alt)
        indicators_charts.trend_chart(cast.province_admin, _region("330000"), 2025)
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "energy_reading" not in sql and "energy_agencyyear" not in sql
    assert len(ctx.captured_queries) <= 16  # a constant, whatever the number of readings


def test_the_city_s_own_institutions_are_a_row_that_drills_to_them(cast: Cast) -> None:
    profile(cast.hangzhou_agency, 2025, headcount=4, area="50")
    save(cast.hangzhou_agency, "2025-01", {"electricity": 100})
    rows = _rows(indicators.rollup(cast.hangzhou, _region("330100"), 2025))
    own = rows["杭州市本级"]
    assert own.own_code == "330100" and own.per_capita == Decimal("3.07")  # 12.29 / 4
    html = cast.client("hangzhou").get(
        reverse("energy:rollup") + "?region=330100&own=1&year=2025").content.decode()
    assert cast.hangzhou_agency.name in html and "西湖区" not in html.split("rollup-table")[1]


def test_a_region_without_reports_reads_no_data_not_zero(cast: Cast) -> None:
    """Ningbo has institutions on the register but no readings in 2025: its row says 无数据
    on the page and leaves the measures empty in the workbook; Hangzhou's figures stay."""
    _two_in_xihu(cast)
    html = cast.client("province_admin").get(
        reverse("energy:rollup") + "?region=330000&year=2026").content.decode()
    assert html.count('data-testid="rollup-no-data"') >= 2  # no city reported in 2026
    html = cast.client("province_admin").get(
        reverse("energy:rollup") + "?region=330000&year=2025").content.decode()
    table = html.split('data-testid="rollup-table"')[1]
    rows = {r.split("</a>")[0].rsplit(">", 1)[-1]: r
            for r in table.split('data-testid="rollup-row"')[1:]}
    assert "rollup-no-data" not in rows["杭州市"]
    assert "无数据" in rows["温州市"] and "0.00" not in rows["温州市"]
    response = cast.client("province_admin").get(
        reverse("energy:rollup_export") + "?region=330000&year=2025")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.getvalue()))
    by_name = {v[0]: v for v in book.get_sheet_by_index(0).to_python()[3:]}
    assert float(by_name["杭州市"][5]) == 614.5
    assert by_name["温州市"][2] == 0  # the count of reporting institutions stays a number
    assert all(cell == "" for cell in by_name["温州市"][3:])
