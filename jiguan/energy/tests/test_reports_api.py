"""The indicator API: the same numbers as the pages; 404 out of scope; 422 for bad input."""

from __future__ import annotations

from jiguan.conftest import Cast
from jiguan.energy.tests.factories import profile, save

ROLLUP = "/api/v1/energy/rollup/"


def _institution(pk: int | str) -> str:
    return f"/api/v1/energy/institutions/{pk}/indicators/"


def _data(cast: Cast) -> None:
    profile(cast.xihu_agency, 2025, headcount=10, area="100")
    profile(cast.xihu_agency, 2024, headcount=10, area="100")
    save(cast.xihu_agency, "2025-01", {"electricity": 1000, "water_tap": 50})
    save(cast.xihu_agency, "2024-01", {"electricity": 2000})


def test_the_rollup_gives_the_pages_numbers(cast: Cast) -> None:
    _data(cast)
    body = cast.client("hangzhou").get(ROLLUP, {"year": "2025"}).json()
    assert body["region_code"] == "330100" and body["national"]["year"] == 2022
    rows = {r["label"]: r for r in body["rows"]}
    assert rows["西湖区"]["per_capita"] == "12.29"
    assert rows["西湖区"]["per_capita_vs_last"] == "-50.00"
    assert rows["西湖区"]["now"]["headcount"] == 10
    assert body["total"]["now"]["kgce"] == "122.900"


def test_the_rollup_with_another_set_names_it(cast: Cast) -> None:
    _data(cast)
    body = cast.client("hangzhou").get(ROLLUP, {"year": "2025", "set": "SH-EQUIV-PRIMARY"}
                                       ).json()
    assert body["coefficient_set"] == "SH-EQUIV-PRIMARY"
    assert body["total"]["now"]["kgce"] == "280.780"


def test_the_rollup_refuses_bad_input_in_chinese(cast: Cast) -> None:
    client = cast.client("province_admin")
    response = client.get(ROLLUP, {"year": "abc", "set": "nope", "by": "x"})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["year"][0].startswith("年度“abc”无效")
    assert errors["set"] == ["折标系数“nope”不存在"]
    assert errors["by"][0].startswith("汇总方式“x”无效")
    assert client.get(ROLLUP, {"region": "999999"}).status_code == 404
    assert cast.client("xihu").get(ROLLUP, {"region": "330200"}).status_code == 404
    assert cast.client("outsider").get(ROLLUP).status_code == 403


def test_an_institution_s_indicators_and_months(cast: Cast) -> None:
    _data(cast)
    response = cast.client("xihu").get(_institution(cast.xihu_agency.pk), {"year": "2025"})
    assert response.status_code == 200
    body = response.json()
    assert body["indicators"]["per_capita"] == "12.29"
    assert body["indicators"]["water_per_capita"] == "5.00"
    assert body["months"][0]["quantities"] == {"electricity": "1000.000", "water_tap": "50.000"}
    assert body["months"][1]["quantities"] == {}


def test_an_institution_out_of_scope_or_absurd_is_404(cast: Cast) -> None:
    client = cast.client("xihu")
    assert client.get(_institution(cast.ningbo_agency.pk)).status_code == 404
    assert client.get(_institution("9" * 30)).status_code == 404
    assert client.get(_institution(cast.xihu_agency.pk), {"year": "abc"}).status_code == 422
