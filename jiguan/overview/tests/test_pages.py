"""The page, the export and the API: what they show, bad input, the tiles' links."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jiguan.assessment.tests.fixtures import finding
from jiguan.conftest import Cast

pytestmark = pytest.mark.django_db


def test_the_province_admin_sees_the_province_and_its_eleven_cities(cast: Cast) -> None:
    finding("330106", measure="12.5")
    r = cast.client("province_admin").get(reverse("overview:home"),
                                          {"figure": "space.over_standard_area"})
    assert r.status_code == 200
    board = r.context["board"]
    assert board.region.code == "330000"
    assert len(board.tiles) == 11
    tiles = {t.region.code: t for t in board.tiles}
    assert tiles["330100"].text == "12.50" and tiles["330100"].shade != "none"
    assert tiles["330200"].text == "无数据" and tiles["330200"].shade == "none"
    assert "region=330100" in tiles["330100"].url
    assert tiles["330100"].url.startswith(reverse("space_compliance:finding_list"))
    assert (tiles["330100"].row, tiles["330100"].column) == (2, 2)
    html = r.content.decode()
    assert 'data-testid="tile-330100"' in html and "无数据" in html
    assert "12.50 m²" in html  # the card: separators and unit


def test_a_city_bureau_sees_its_city_over_its_counties(cast: Cast) -> None:
    r = cast.client("hangzhou").get(reverse("overview:home"))
    board = r.context["board"]
    assert board.region.code == "330100"
    assert {t.region.code for t in board.tiles} >= {"330106"}
    assert all(t.row == 0 for t in board.tiles)  # code order, no fixed places


@pytest.mark.parametrize("params", [{"year": "abc"}, {"year": "1900"}, {"figure": "nope"},
                                    {"region": "x" * 40}, {"year": "2025.5"}])
def test_bad_input_is_a_message_or_404_never_500(cast: Cast, params: dict) -> None:
    r = cast.client("province_admin").get(reverse("overview:home"), params)
    assert r.status_code in (200, 404)
    if r.status_code == 200 and "region" not in params:
        assert "无效" in r.content.decode() or "不存在" in r.content.decode()


def test_the_export_has_a_row_per_city_and_the_total(cast: Cast) -> None:
    finding("330106", measure="12.5")
    r = cast.client("province_admin").get(reverse("overview:export"), {"year": "2025"})
    assert r.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(r.streaming_content)))
    rows = book.get_sheet_by_index(0).to_python()
    header = next(row for row in rows if row and row[0] == "区划")
    col = header.index("办公用房：超标准使用面积（m²）")
    hz = next(row for row in rows if row and row[0] == "杭州市")
    assert float(hz[col]) == 12.5
    assert any(row and row[0] == "浙江省合计" for row in rows)
    assert sum(1 for row in rows if row and str(row[1] or "").startswith("33")) == 12


def test_the_api_gives_the_figures_per_child(cast: Cast) -> None:
    finding("330106", measure="12.5")
    r = cast.client("hangzhou").get("/api/v1/overview/", {"year": "2025"})
    assert r.status_code == 200
    data = r.json()
    assert data["region"] == "330100" and data["year"] == 2025
    over = next(f for f in data["figures"] if f["code"] == "space.over_standard_area")
    assert over["unit"] == "m²" and float(over["total"]) == 12.5
    xihu = next(c for c in over["children"] if c["code"] == "330106")
    assert float(xihu["value"]) == 12.5 and "region=330106" in xihu["url"]
