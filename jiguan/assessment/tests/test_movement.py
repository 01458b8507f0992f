"""Year-on-year movement (score and rank against the previous year's published scheme) on
the ranking, a bureau's page and the result workbook; the exports of every list."""

from __future__ import annotations

import io
from decimal import Decimal as D
from typing import Any

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jiguan.assessment.results import actions, queries
from jiguan.assessment.tests import fixtures as fx
from jiguan.conftest import Cast
from jiguan.space.compliance.models import FindingStatus

pytestmark = pytest.mark.django_db


def _book(response: Any) -> CalamineWorkbook:
    assert response.status_code == 200
    data = (b"".join(response.streaming_content) if hasattr(response, "streaming_content")
            else response.content)
    return CalamineWorkbook.from_filelike(io.BytesIO(data))


def _two_years(cast: Cast) -> tuple[Any, Any]:
    """2025: Ningbo 67.00 first, Hangzhou 55.00 second (no office-space findings yet, the
    manual indicator decides); 2026: Hangzhou 95.40 first, Ningbo 63.00 second."""
    fx.finding("330106", status=FindingStatus.FIXED)  # first seen in 2026
    fx.finding("330203", status=FindingStatus.OPEN)
    last = fx.published(cast, year=2025)
    fx.complete(cast, last, {"330100": D(10), "330200": D(40)})
    actions.publish_results(scheme=last, actor=cast.province_admin)
    current = fx.published(cast, year=2026)
    fx.complete(cast, current)
    actions.publish_results(scheme=current, actor=cast.province_admin)
    return last, current


def test_the_ranking_moves_against_last_years_published_result(cast: Cast) -> None:
    last, current = _two_years(cast)
    rows = {r.assessment.region.code: r for r in queries.ranking(current)}
    hz, nb = rows["330100"], rows["330200"]
    assert (hz.assessment.total, hz.previous_total, hz.total_change) == (
        D("95.40"), D("55.00"), D("40.40"))
    assert (hz.assessment.rank, hz.previous_rank, hz.movement) == (1, 2, 1)
    assert (nb.total_change, nb.movement, nb.drop) == (D("-4.00"), -1, 1)
    page = cast.client("province_admin").get(reverse("assessment:ranking", args=[current.pk]))
    text = page.content.decode()
    assert "+40.40" in text and "↑1" in text and "-4.00" in text and "↓1" in text
    # last year's own ranking has nothing to compare with
    assert all(r.previous_rank is None for r in queries.ranking(last))


def test_a_bureaus_page_and_the_workbook_show_the_movement(cast: Cast) -> None:
    last, current = _two_years(cast)
    nb = current.assessments.get(region__code="330200")
    page = cast.client("province_admin").get(reverse("assessment:assessment_detail",
                                                     args=[nb.pk]))
    text = page.content.decode()
    assert 'data-testid="year-on-year"' in text
    assert "上年总分" in text and "67.00 分" in text and "减少 4.00 分" in text
    assert "下降 1 位" in text
    before = last.assessments.get(region__code="330200")
    assert reverse("assessment:assessment_detail", args=[before.pk]) in text
    book = _book(cast.client("province_admin").get(
        reverse("assessment:ranking_export", args=[current.pk])))
    sheet = book.get_sheet_by_name("排名").to_python()
    header = sheet[1]
    assert header[-4:] == ["上年总分", "总分变化", "上年名次", "名次变化"]
    by_name = {row[1]: row for row in sheet[2:]}
    assert by_name["杭州市"][-4:] == [55.0, 40.4, 2.0, 1.0]
    assert by_name["宁波市"][-4:] == [67.0, -4.0, 1.0, -1.0]


def test_a_bureau_not_assessed_last_year_shows_no_movement(cast: Cast) -> None:
    scheme = fx.results_scheme(cast)
    hz = scheme.assessments.get()
    assert queries.year_on_year(hz) is None
    page = cast.client("hangzhou").get(reverse("assessment:assessment_detail", args=[hz.pk]))
    assert 'data-testid="year-on-year"' not in page.content.decode()


def test_the_scheme_list_exports_with_its_filters(cast: Cast) -> None:
    fx.draft(cast, 2029)
    fx.published(cast, ("330100",), year=2031)
    client = cast.client("province_admin")
    page = client.get(reverse("assessment:home"), {"year": "2031"})
    assert "2031 年度" in page.content.decode() and "2029 年度" not in page.content.decode()
    cells = _cells(client.get(reverse("assessment:scheme_export"), {"year": "2031"}))
    assert any("2031 年度" in str(c) for c in cells)
    assert not any("2029 年度" in str(c) for c in cells)
    assert any("考核年度=2031" in str(c) for c in cells)  # the filters, in words
    cells = _cells(client.get(reverse("assessment:scheme_export")))
    assert any("2029 年度" in str(c) for c in cells)
    bad = client.get(reverse("assessment:home"), {"year": "二〇三一"})
    assert bad.status_code == 200 and "考核年度格式不正确" in bad.content.decode()


def _cells(response: Any) -> list[Any]:
    book = _book(response)
    return [c for row in book.get_sheet_by_name(book.sheet_names[0]).to_python() for c in row]


def test_a_schemes_indicators_bureaus_and_scores_export(cast: Cast) -> None:
    fx.finding("330106", status=FindingStatus.FIXED)
    scheme = fx.published(cast)
    client = cast.client("province_admin")
    cells = _cells(client.get(reverse("assessment:indicator_export"), {"scheme": scheme.pk}))
    assert "整改完成率" in cells and "办公用房：办公用房问题整改完成率（%）" in cells
    assert "区间线性：起评值 0.00，目标值 100.00" in cells
    cells = _cells(client.get(reverse("assessment:bureau_export"), {"scheme": scheme.pk}))
    assert "杭州市" in cells and "宁波市" in cells and "自评中" in cells
    hz = scheme.assessments.get(region__code="330100")
    cells = _cells(cast.client("hangzhou").get(reverse("assessment:score_export"),
                                               {"assessment": hz.pk}))
    assert "整改完成率" in cells and 100.0 in cells and "问题总数 1；已整改 1；未整改 0" in cells
    # a bureau reads its own scores only; a missing or foreign row is answered 404
    nb = scheme.assessments.get(region__code="330200")
    assert cast.client("hangzhou").get(reverse("assessment:score_export"),
                                       {"assessment": nb.pk}).status_code == 404
    assert client.get(reverse("assessment:bureau_export")).status_code == 404
    assert client.get(reverse("assessment:bureau_export"), {"scheme": "x"}).status_code == 404
