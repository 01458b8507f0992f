"""The yearly report page and its download: the deadline, completeness, the preview
tables, the workbook, and bad parameters answered in Chinese."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from jiguan.conftest import Cast
from jiguan.energy.tests.factories import profile, save

PAGE = "energy:yearly_report"
DOWNLOAD = "energy:yearly_report_download"


@pytest.fixture
def data(cast: Cast) -> Cast:
    for m in range(1, 13):
        save(cast.xihu_agency, f"2025-{m:02d}", {"electricity": 1000, "water_tap": 100})
    save(cast.ningbo_agency, "2025-01", {"electricity": 2000})
    profile(cast.xihu_agency, 2025, headcount=100, area="2000")
    profile(cast.ningbo_agency, 2025, headcount=50, area="1000")
    return cast


def _get(cast: Cast, who: str, name: str, **params: str) -> Any:
    return cast.client(who).get(reverse(name), params)


def _workbook_names(response: Any) -> set[str]:
    content = b"".join(response.streaming_content)
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    rows = book.get_sheet_by_name("基本信息").to_python(skip_empty_area=False)
    return {r[1] for r in rows[6:] if r[0] != "合计"}


def test_the_page_shows_the_deadline_completeness_and_summaries(data: Cast) -> None:
    response = _get(data, "province_admin", PAGE, year="2025")
    html = response.content.decode()
    assert response.status_code == 200
    assert "2026年3月31日" in html
    assert "1 / 2" in html  # Xihu reported 12 months, Ningbo one
    assert 'data-testid="yearly-region-row"' in html and "西湖区" in html
    assert "杭州市（小计）" in html and "国家机关" in html
    assert "yearly-report/download/?year=2025" in html


def test_the_page_defaults_to_last_year(data: Cast) -> None:
    response = _get(data, "xihu", PAGE)
    assert response.context["report"].year == timezone.localdate().year - 1


@pytest.mark.parametrize(("params", "message"), [
    ({"year": "abc"}, "年度应为四位数字的年份"),
    ({"year": "-1"}, "年度不能早于 2000 年"),
    ({"year": "9" * 30}, "未来年度没有统计报表"),
    ({"year": "2025", "coefficient_set": "NOPE"}, "所选折标系数不存在"),
    ({"year": "2025", "region": "330203"}, "不在您的权限范围内"),
])
def test_bad_parameters_get_a_chinese_message(data: Cast, params: dict[str, str],
                                              message: str) -> None:
    for name in (PAGE, DOWNLOAD):
        response = _get(data, "xihu", name, **params)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert response.context["report"] is None


def test_a_future_year_is_refused(data: Cast) -> None:
    response = _get(data, "province_admin", PAGE, year=str(timezone.localdate().year + 1))
    assert "未来年度没有统计报表" in response.content.decode()


def test_the_download_is_the_workbook_of_the_users_scope(data: Cast) -> None:
    response = _get(data, "province_admin", DOWNLOAD, year="2025")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert _workbook_names(response) == {"杭州市西湖区测试局", "宁波市海曙区测试局"}


def test_a_county_bureaus_workbook_only_has_its_county(data: Cast) -> None:
    response = _get(data, "xihu", DOWNLOAD, year="2025")
    assert _workbook_names(response) == {"杭州市西湖区测试局"}


def test_the_ningbo_reporter_cannot_get_xihus_data(data: Cast) -> None:
    response = _get(data, "ningbo_reporter", DOWNLOAD, year="2025", region="330106")
    assert _workbook_names(response) == {"宁波市海曙区测试局"}
    page = _get(data, "ningbo_reporter", PAGE, year="2025").content.decode()
    assert "西湖区测试局" not in page and "区划（含下级）" not in page


def test_a_city_bureau_can_narrow_to_a_county(data: Cast) -> None:
    response = _get(data, "hangzhou", PAGE, year="2025", region="330106")
    report = response.context["report"]
    assert [i.name for i in report.institutions] == ["杭州市西湖区测试局"]
    assert report.scope_label.endswith("西湖区")


def test_the_outsider_is_refused(data: Cast) -> None:
    assert _get(data, "outsider", PAGE).status_code == 403
    assert _get(data, "outsider", DOWNLOAD).status_code == 403


def test_the_tab_is_in_the_energy_subnav(data: Cast) -> None:
    html = _get(data, "auditor", PAGE, year="2025").content.decode()
    assert 'href="/energy/yearly-report/"' in html and "年度统计报表" in html


@pytest.mark.parametrize("value", ["9" * 30, "-1", "abc", "0", "1e5", "", "2025\x00", "%"])
@pytest.mark.parametrize("param", ["year", "coefficient_set", "region"])
def test_no_query_string_gives_a_server_error(cast: Cast, param: str, value: str) -> None:
    for name in (PAGE, DOWNLOAD):
        response = _get(cast, "hangzhou", name, **{param: value})
        assert response.status_code < 500, f"{name} ?{param}={value!r}"
