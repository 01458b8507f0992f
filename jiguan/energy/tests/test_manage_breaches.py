"""The breach and quota pages: list, detail, explain, review, set, exports, bad input."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.http import FileResponse
from python_calamine import CalamineWorkbook

from jiguan.conftest import Cast
from jiguan.energy.models import BreachStatus, Quota, QuotaBreach
from jiguan.energy.targets import actions as quotas
from jiguan.energy.tests.factories import save
from jiguan.todo.models import Task

EXPLANATION = "新建食堂投入使用，用电量增加较多。"


def xlsx(response: Any) -> list[list[Any]]:
    assert isinstance(response, FileResponse)
    data = b"".join(response.streaming_content)
    return CalamineWorkbook.from_filelike(BytesIO(data)).get_sheet_by_index(0).to_python()


@pytest.fixture
def breach(cast: Cast) -> QuotaBreach:
    quotas.quota_set(agency=cast.ningbo_agency, year=2025, actor=cast.province_admin,
                     data={"kgce_quota": Decimal("1000")})
    save(cast.ningbo_agency, "2025-03", {"electricity": 10000})
    return QuotaBreach.objects.get(agency=cast.ningbo_agency)


def test_the_detail_shows_quota_and_actual_and_the_reporter_explains(
        cast: Cast, breach: QuotaBreach) -> None:
    reporter = cast.client("ningbo_reporter")
    page = reporter.get(f"/energy/breaches/{breach.pk}/").content.decode()
    assert "1000.00 kgce" in page and "1229.00 kgce" in page and "229.00" in page
    assert 'data-testid="explain-form"' in page and 'data-testid="review-form"' not in page
    response = reporter.post(f"/energy/breaches/{breach.pk}/explain/",
                             {"explanation": EXPLANATION})
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.status == BreachStatus.EXPLAINED
    assert not Task.objects.open().filter(kind=quotas.TASK_KIND).exists()


def test_a_short_explanation_is_shown_on_the_field(cast: Cast, breach: QuotaBreach) -> None:
    response = cast.client("ningbo_reporter").post(f"/energy/breaches/{breach.pk}/explain/",
                                                   {"explanation": "用电多"})
    assert response.status_code == 422
    assert "至少 10 个字" in response.content.decode()


def test_the_bureau_sends_back_then_accepts(cast: Cast, breach: QuotaBreach) -> None:
    quotas.breach_explain(breach=breach, explanation=EXPLANATION, actor=cast.ningbo_reporter)
    admin = cast.client("province_admin")
    page = admin.get(f"/energy/breaches/{breach.pk}/").content.decode()
    assert 'data-testid="review-form"' in page and EXPLANATION in page
    no_note = admin.post(f"/energy/breaches/{breach.pk}/review/", {"decision": "return"})
    assert no_note.status_code == 422 and "退回时请填写意见" in no_note.content.decode()
    admin.post(f"/energy/breaches/{breach.pk}/review/",
               {"decision": "return", "note": "请附食堂用电计量数据"})
    breach.refresh_from_db()
    assert breach.status == BreachStatus.OPEN
    assert Task.objects.open().filter(kind=quotas.TASK_KIND).count() == 1
    quotas.breach_explain(breach=breach, explanation=EXPLANATION + "已附计量数据。",
                          actor=cast.ningbo_reporter)
    assert admin.post(f"/energy/breaches/{breach.pk}/review/",
                      {"decision": "accept"}).status_code == 302
    breach.refresh_from_db()
    assert breach.status == BreachStatus.ACCEPTED


def test_the_reporter_cannot_review_and_the_auditor_cannot_explain(
        cast: Cast, breach: QuotaBreach) -> None:
    assert cast.client("auditor").post(f"/energy/breaches/{breach.pk}/explain/",
                                       {"explanation": EXPLANATION}).status_code == 403
    quotas.breach_explain(breach=breach, explanation=EXPLANATION, actor=cast.ningbo_reporter)
    assert cast.client("ningbo_reporter").post(f"/energy/breaches/{breach.pk}/review/",
                                               {"decision": "accept"}).status_code == 403
    assert cast.client("xihu").get(f"/energy/breaches/{breach.pk}/").status_code == 404


def test_the_list_filters_and_exports(cast: Cast, breach: QuotaBreach) -> None:
    admin = cast.client("province_admin")
    page = admin.get("/energy/breaches/", {"region": "330200", "year": "2025"}).content.decode()
    assert "宁波市海曙区测试局" in page
    other = admin.get("/energy/breaches/", {"region": "330100"}).content.decode()
    assert "宁波市海曙区测试局" not in other
    accepted = admin.get("/energy/breaches/", {"status": "accepted"}).content.decode()
    assert "宁波市海曙区测试局" not in accepted
    rows = xlsx(admin.get("/energy/breaches/export.xlsx", {"status": "pending"}))
    assert rows[0][0] == "超定额单位清单" and "待处理" in rows[1][0]
    header = rows[2]
    data = dict(zip(header, rows[3], strict=True))
    assert data["单位"] == "宁波市海曙区测试局" and data["超出"] == 229


@pytest.mark.parametrize("params", [
    {"year": "abc"}, {"year": "99999"}, {"page": "-1"}, {"agency": "9" * 30},
    {"region": "999999"}, {"status": "nonsense"},
])
def test_hostile_query_strings_do_not_fail(cast: Cast, breach: QuotaBreach,
                                           params: dict[str, str]) -> None:
    admin = cast.client("province_admin")
    assert admin.get("/energy/breaches/", params).status_code == 200
    assert admin.get("/energy/quotas/", params).status_code == 200
    assert admin.get("/energy/breaches/export.xlsx", params).status_code == 200


@pytest.mark.parametrize(("params", "message"), [
    ({"year": "abc"}, "年度应为 4 位数字"),
    ({"region": "999999"}, "所选区划不存在或不在您的权限范围内"),
    ({"status": "nonsense"}, "nonsense 不在可用的选项中"),
])
def test_a_bad_filter_is_named_on_the_page(cast: Cast, breach: QuotaBreach,
                                           params: dict[str, str], message: str) -> None:
    page = cast.client("hangzhou").get("/energy/breaches/", params).content.decode()
    assert message in page


def test_the_bureau_sets_a_quota_and_the_breach_follows(cast: Cast) -> None:
    save(cast.xihu_agency, "2025-03", {"electricity": 10000})
    client = cast.client("xihu")
    url = f"/energy/quotas/agency/{cast.xihu_agency.pk}/"
    assert client.get(url, {"year": "2025"}).status_code == 200
    response = client.post(url, {"year": "2025", "kgce_quota": "1000"})
    assert response.status_code == 302
    assert Quota.objects.get(agency=cast.xihu_agency).kgce_quota == Decimal("1000.00")
    assert QuotaBreach.objects.get(agency=cast.xihu_agency).status == BreachStatus.OPEN
    page = client.get("/energy/quotas/", {"year": "2025"}).content.decode()
    assert "杭州市西湖区测试局" in page and "1,229.00" in page


@pytest.mark.parametrize(("data", "message"), [
    ({"year": "2025", "kgce_quota": "-5"}, "综合能耗定额（kgce）必须大于 0"),
    ({"year": "2025", "kgce_quota": "abc"}, "综合能耗定额（kgce）应为数字"),
    ({"year": "1990", "kgce_quota": "100"}, "年度不能早于 2000 年"),
    ({"year": "2025"}, "请填写综合能耗定额（kgce）"),
])
def test_bad_quota_input_names_the_field(cast: Cast, data: dict[str, str],
                                         message: str) -> None:
    response = cast.client("xihu").post(f"/energy/quotas/agency/{cast.xihu_agency.pk}/", data)
    assert response.status_code == 422 and message in response.content.decode()
    assert not Quota.objects.exists()


def test_quotas_are_for_the_bureau_of_the_institution(cast: Cast) -> None:
    url = f"/energy/quotas/agency/{cast.ningbo_agency.pk}/"
    data = {"year": "2025", "kgce_quota": "1000"}
    assert cast.client("ningbo_reporter").post(url, data).status_code == 403
    assert cast.client("xihu").post(url, data).status_code == 404
    assert cast.client("xihu").get("/energy/quotas/agency/" + "9" * 30 + "/").status_code == 404
