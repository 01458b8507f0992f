"""Water-saving units (节水型单位): the reporter keeps the checklist, only the bureau accepts
(every criterion met) or revokes (with a reason); the list shows the share of provincial
institutions that are accepted against the 60 % target, by region, and exports it."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jiguan.access.models import Region
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast, make_credit_code
from jiguan.energy.models import WaterSavingStatus, WaterSavingUnit
from jiguan.orgs.models import Agency

FULL = {"tiered_metering": "on", "fixtures_all_saving": "on", "named_manager": "王五",
        "ledger": "on", "yearly_plan": "on", "balance_test": "on",
        "balance_test_date": "2024-06-01", "evidence": "水平衡测试报告 2024"}


def _url(name: str, agency: Agency) -> str:
    return reverse(f"energy:{name}", args=[agency.pk])


def _accept(client: Any, agency: Agency) -> Any:
    return client.post(_url("water_saving_accept", agency),
                       {"accepted_on": "2025-03-01", "accepted_doc": "浙水节〔2025〕3号"})


def test_a_reporter_saves_its_checklist_with_an_audit_row(cast: Cast) -> None:
    client = cast.client("ningbo_reporter")
    response = client.post(_url("water_saving_edit", cast.ningbo_agency), FULL)
    assert response.status_code == 302
    unit = WaterSavingUnit.objects.get(agency=cast.ningbo_agency)
    assert unit.status == WaterSavingStatus.PLANNED
    assert unit.criteria_met and unit.named_manager == "王五"
    assert AuditEvent.objects.for_target(unit).filter(
        event_type="energy.water_saving.saved").exists()


def test_a_reporter_may_not_accept_its_own_unit(cast: Cast) -> None:
    client = cast.client("ningbo_reporter")
    client.post(_url("water_saving_edit", cast.ningbo_agency), FULL)
    assert _accept(client, cast.ningbo_agency).status_code == 403
    assert WaterSavingUnit.objects.get(agency=cast.ningbo_agency).status == "planned"


def test_the_bureau_accepts_only_when_every_criterion_is_met(cast: Cast) -> None:
    cast.client("xihu").post(_url("water_saving_edit", cast.xihu_agency),
                             {**FULL, "ledger": "", "yearly_plan": ""})
    response = _accept(cast.client("xihu"), cast.xihu_agency)
    assert response.status_code == 422
    text = response.content.decode()
    assert "尚有未达到的创建标准，不能认定" in text
    assert "用水记录和统计台账" in text and "年度节水计划" in text
    assert WaterSavingUnit.objects.get(agency=cast.xihu_agency).status == "planned"


def test_a_balance_test_without_its_date_is_not_met(cast: Cast) -> None:
    cast.client("xihu").post(_url("water_saving_edit", cast.xihu_agency),
                             {**FULL, "balance_test_date": ""})
    response = _accept(cast.client("xihu"), cast.xihu_agency)
    assert "水平衡测试日期" in response.content.decode()


def test_the_bureau_accepts_a_complete_unit_with_date_and_document(cast: Cast) -> None:
    client = cast.client("xihu")
    client.post(_url("water_saving_edit", cast.xihu_agency), FULL)
    assert _accept(client, cast.xihu_agency).status_code == 302
    unit = WaterSavingUnit.objects.get(agency=cast.xihu_agency)
    assert unit.status == WaterSavingStatus.ACCEPTED
    assert unit.accepted_on == dt.date(2025, 3, 1)
    assert unit.accepted_doc == "浙水节〔2025〕3号"


def test_revoking_needs_a_reason_and_keeps_it_on_the_page(cast: Cast) -> None:
    client = cast.client("xihu")
    client.post(_url("water_saving_edit", cast.xihu_agency), FULL)
    _accept(client, cast.xihu_agency)
    response = client.post(_url("water_saving_revoke", cast.xihu_agency),
                           {"revoked_on": "2025-06-01", "reason": ""})
    assert response.status_code == 422
    assert "请填写撤销原因" in response.content.decode()
    response = client.post(_url("water_saving_revoke", cast.xihu_agency),
                           {"revoked_on": "2025-06-01", "reason": "复查发现跑冒滴漏"})
    assert response.status_code == 302
    unit = WaterSavingUnit.objects.get(agency=cast.xihu_agency)
    assert (unit.status, unit.revoked_on, unit.revoke_reason) == (
        "revoked", dt.date(2025, 6, 1), "复查发现跑冒滴漏")
    page = client.get(_url("water_saving_detail", cast.xihu_agency)).content.decode()
    assert "复查发现跑冒滴漏" in page


def test_only_an_accepted_unit_can_be_revoked(cast: Cast) -> None:
    client = cast.client("xihu")
    client.post(_url("water_saving_edit", cast.xihu_agency), FULL)
    response = client.post(_url("water_saving_revoke", cast.xihu_agency),
                           {"revoked_on": "2025-06-01", "reason": "x"})
    assert response.status_code == 422
    assert "只有已认定的节水型单位可以撤销" in response.content.decode()


def test_a_future_balance_test_date_is_refused(cast: Cast) -> None:
    response = cast.client("xihu").post(_url("water_saving_edit", cast.xihu_agency),
                                        {**FULL, "balance_test_date": "2999-01-01"})
    assert response.status_code == 422
    assert "水平衡测试日期不能晚于今天" in response.content.decode()
    assert not WaterSavingUnit.objects.filter(agency=cast.xihu_agency).exists()


def _provincial(n: int, serial: int) -> list[Agency]:
    region = Region.objects.get(code="330000")
    return [Agency.objects.create(name=f"省测试单位{i}", region=region, level="province",
                                  credit_code=make_credit_code("330000", serial + i))
            for i in range(n)]


def test_the_list_shows_the_provincial_share_against_the_target(cast: Cast) -> None:
    agencies = [cast.province_agency, *_provincial(4, 100)]
    for a in agencies[:3]:
        WaterSavingUnit.objects.create(agency=a, status=WaterSavingStatus.ACCEPTED,
                                       accepted_on=dt.date(2025, 1, 1))
    WaterSavingUnit.objects.create(agency=agencies[3], status=WaterSavingStatus.PLANNED)
    response = cast.client("province_admin").get(reverse("energy:water_saving_list"))
    assert response.status_code == 200
    rollup = response.context["rollup"]
    total = rollup[-1]
    assert (total["province_total"], total["province_flagged"]) == (5, 3)
    assert str(total["province_share"]) == "60.0"
    assert total["total"] == 8  # the 4 cast agencies + 4 more provincial ones
    text = response.content.decode()
    assert "目标：省级公共机构 60%" in text and "达到" in text


@override_settings(JIGUAN_WATER_SAVING_TARGET="0.75")
def test_the_target_is_a_setting(cast: Cast) -> None:
    response = cast.client("province_admin").get(reverse("energy:water_saving_list"))
    assert "目标：省级公共机构 75%" in response.content.decode()


def test_the_rollup_drills_down_from_the_province_to_a_city(cast: Cast) -> None:
    WaterSavingUnit.objects.create(agency=cast.xihu_agency, status=WaterSavingStatus.ACCEPTED)
    client = cast.client("province_admin")
    rows = client.get(reverse("energy:water_saving_list")).context["rollup"]
    hangzhou = next(r for r in rows if r["label"] == "杭州市")
    assert (hangzhou["total"], hangzhou["flagged"]) == (2, 1)
    rows = client.get(reverse("energy:water_saving_list"),
                      {"region": hangzhou["region"].pk}).context["rollup"]
    labels = {r["label"]: r for r in rows}
    assert labels["西湖区"]["flagged"] == 1
    assert labels["杭州市本级"]["total"] == 1


def test_a_city_bureau_sees_only_its_city(cast: Cast) -> None:
    response = cast.client("hangzhou").get(reverse("energy:water_saving_list"))
    names = {a.name for a in response.context["page_obj"]}
    assert names == {"杭州市测试局", "杭州市西湖区测试局"}


@pytest.mark.parametrize("query", [{"region": "abc"}, {"page": "-1"},
                                   {"region": "9" * 30}, {"status": "nope"}])
def test_hostile_query_strings_do_not_fail(cast: Cast, query: dict[str, str]) -> None:
    assert cast.client("xihu").get(reverse("energy:water_saving_list"),
                                   query).status_code == 200
    assert cast.client("xihu").get(reverse("energy:water_saving_export"),
                                   query).status_code == 200


def test_the_export_has_every_institution_of_the_filter(cast: Cast) -> None:
    WaterSavingUnit.objects.create(agency=cast.xihu_agency, status=WaterSavingStatus.ACCEPTED,
                                   accepted_doc="杭水〔2025〕1号")
    response = cast.client("hangzhou").get(reverse("energy:water_saving_export"),
                                           {"status": "accepted"})
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.getvalue()))
    values = [c for row in book.get_sheet_by_index(0).to_python() for c in row]
    assert "杭州市西湖区测试局" in values and "杭水〔2025〕1号" in values
    assert "杭州市测试局" not in values


def test_an_institution_out_of_scope_is_404(cast: Cast) -> None:
    client = cast.client("ningbo_reporter")
    assert client.get(_url("water_saving_detail", cast.xihu_agency)).status_code == 404
    assert client.post(_url("water_saving_edit", cast.xihu_agency), FULL).status_code == 404


@pytest.mark.parametrize("name", ["energy:water_saving_list", "energy:sorting_list"])
def test_the_share_panel_counts_have_separators(cast: Cast, name: str) -> None:
    Agency.objects.bulk_create(
        Agency(name=f"分隔单位{i:04d}", region=cast.xihu_agency.region, level="county",
               credit_code=make_credit_code("330106", 5000 + i)) for i in range(1000))
    html = cast.client("province_admin").get(reverse(name)).content.decode()
    panel = html.split('data-testid="water-rollup"' if "water" in name
                       else 'data-testid="sorting-rollup"')[1].split("</table>")[0]
    assert ">1,002<" in panel  # 杭州市: the two cast agencies and the 1,000 new ones
    assert ">1002<" not in panel and ">1,004<" in panel  # and the total
