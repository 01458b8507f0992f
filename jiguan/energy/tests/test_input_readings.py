"""The readings list (能源资源消费明细), its filters and its Excel export."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.energy.tests.factories import save

pytestmark = pytest.mark.django_db


@pytest.fixture
def readings(cast: Cast) -> Cast:
    save(cast.xihu_agency, "2025-01", {"electricity": 1000, "water_tap": 50})
    save(cast.xihu_agency, "2025-02", {"electricity": 1100})
    save(cast.ningbo_agency, "2025-02", {"electricity": 2000, "natural_gas": 30})
    return cast


def _page(cast: Cast, who: str, **params: str) -> str:
    response = cast.client(who).get(reverse("energy:reading_list"), params)
    assert response.status_code == 200
    return response.content.decode()


def _sheet(cast: Cast, who: str, **params: str) -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    response = cast.client(who).get(reverse("energy:reading_export"), params)
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.getvalue()))
    rows: list[list[object]] = book.get_sheet_by_index(0).to_python()
    return rows


def test_the_list_follows_the_scope(readings: Cast) -> None:
    page = _page(readings, "ningbo_reporter")
    assert readings.ningbo_agency.name in page and readings.xihu_agency.name not in page
    page = _page(readings, "xihu")
    assert readings.xihu_agency.name in page and readings.ningbo_agency.name not in page
    assert "共 3 条" in page


@pytest.mark.parametrize(("params", "count"), [
    ({"month_from": "2025-02"}, 3),
    ({"month_to": "2025-01"}, 2),
    ({"energy_type": "natural_gas"}, 1),
    ({"q": "海曙"}, 2),
    ({"source": "api"}, 0),
])
def test_each_filter_narrows_the_list(readings: Cast, params: dict[str, str],
                                      count: int) -> None:
    assert f"共 {count} 条" in _page(readings, "province_admin", **params)


def test_the_region_filter_takes_the_subtree(readings: Cast) -> None:
    hangzhou = Region.objects.get(code="330100")
    page = _page(readings, "province_admin", region=str(hangzhou.pk))
    assert "共 3 条" in page and readings.ningbo_agency.name not in page


@pytest.mark.parametrize("params", [
    {"month_from": "abc"}, {"page": "-1"}, {"page": "abc"}, {"region": "9" * 30},
    {"energy_type": "蒸汽"}, {"month_to": "2025-13"},
])
def test_hostile_query_strings_get_a_page_not_a_500(readings: Cast,
                                                    params: dict[str, str]) -> None:
    _page(readings, "province_admin", **params)


def test_a_bad_month_filter_names_the_field_and_shows_nothing(readings: Cast) -> None:
    page = _page(readings, "province_admin", month_from="abc")
    assert "月份“abc”格式不正确" in page and "共 0 条" in page


def test_the_export_has_the_import_columns_first_and_follows_the_filters(
        readings: Cast) -> None:
    rows = _sheet(readings, "province_admin", energy_type="electricity")
    header_at = next(i for i, row in enumerate(rows) if row and row[0] == "统一社会信用代码")
    header = rows[header_at]
    assert header[:8] == ["统一社会信用代码", "单位名称", "月份", "能源品种", "用量", "计量单位",
                          "费用（元）", "实测低位发热量"]
    body = [r for r in rows[header_at + 1:] if r and r[0]]
    assert len(body) == 3 and {r[3] for r in body} == {"电"}
    assert "所在区划" in header


def test_the_export_follows_the_scope(readings: Cast) -> None:
    text = repr(_sheet(readings, "ningbo_reporter"))
    assert readings.ningbo_agency.name in text and readings.xihu_agency.name not in text


def test_outsiders_get_no_list(cast: Cast) -> None:
    assert cast.client("outsider").get(reverse("energy:reading_list")).status_code == 403
