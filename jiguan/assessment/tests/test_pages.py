"""The assessment's pages as bureau staff use them: Chinese messages naming the field,
figures with units, the source of each computed value, the ranking and its workbook."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jiguan.assessment.tests import fixtures as fx
from jiguan.conftest import Cast
from jiguan.space.compliance.models import FindingStatus

pytestmark = pytest.mark.django_db


def test_a_group_weight_beyond_100_is_refused_on_the_form(cast: Cast) -> None:
    scheme = fx.draft(cast, 2029)
    response = cast.client("province_admin").post(
        reverse("assessment:group_create", args=[scheme.pk]), {"name": "新组", "weight": "120"})
    assert response.status_code == 422
    assert "指标组权重应大于 0、不超过 100" in response.content.decode()
    page = cast.client("province_admin").get(reverse("assessment:scheme_detail", args=[scheme.pk]))
    assert "发布前须解决" not in page.content.decode()  # the fixture's scheme is complete


def test_publishing_an_unbalanced_scheme_lists_every_problem(cast: Cast) -> None:
    scheme = fx.draft(cast, 2029)
    client = cast.client("province_admin")
    client.post(reverse("assessment:group_create", args=[scheme.pk]),
                {"name": "第三组", "weight": "10"})
    response = client.post(reverse("assessment:scheme_publish", args=[scheme.pk]),
                           {"regions": [fx.region("330100").pk]})
    text = response.content.decode()
    assert response.status_code == 422
    assert "各指标组权重合计应为 100，现为 110" in text and "指标组“第三组”尚无指标" in text


def test_the_score_page_shows_the_inputs_and_links_to_the_rows(cast: Cast) -> None:
    for _ in range(3):
        fx.finding("330106", status=FindingStatus.FIXED)
    fx.finding("330106")
    scheme = fx.published(cast, ("330100",))
    page = cast.client("hangzhou").get(
        reverse("assessment:assessment_detail", args=[scheme.assessments.get().pk]))
    text = page.content.decode()
    assert "75.00" in text and "37.50 分" not in text  # the points column has no unit per cell
    assert "问题总数：4" in text and "查看数据来源" in text
    assert "/space/compliance/findings/?region=330100" in text
    assert "提交自评" in text


def test_the_ranking_and_its_workbook(cast: Cast) -> None:
    scheme = fx.results_scheme(cast)
    client = cast.client("xihu")  # a county reads the published ranking
    page = client.get(reverse("assessment:ranking", args=[scheme.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "杭州市" in text and "radar-data" in text
    response = cast.client("province_admin").get(
        reverse("assessment:ranking_export", args=[scheme.pk]))
    data = (b"".join(response.streaming_content) if hasattr(response, "streaming_content")
            else response.content)
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert book.sheet_names == ["排名", "指标明细", "申诉", "考核规则"]
    ranking = book.get_sheet_by_name("排名").to_python()
    assert ranking[2][:2] == [1.0, "杭州市"]
    details = book.get_sheet_by_name("指标明细").to_python()[1:]
    assert {row[2] for row in details} >= {"整改完成率", "制度建设", "工作创新"}
