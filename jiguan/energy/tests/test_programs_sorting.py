"""Garbage sorting (垃圾分类): institutions and residential compounds that sort, since when;
the share of institutions in scope that sort, by region."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.urls import reverse
from python_calamine import CalamineWorkbook

from jiguan.access.models import Region
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.energy.models import GarbageSortingSite


def _post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": "institution", "agency": "", "name": "", "region": "",
                            "since": "2024-05-01", "note": ""}
    data.update(overrides)
    return data


def test_a_reporter_registers_its_institution_which_takes_its_region(cast: Cast) -> None:
    response = cast.client("ningbo_reporter").post(
        reverse("energy:sorting_create"), _post(agency=cast.ningbo_agency.credit_code))
    assert response.status_code == 302
    site = GarbageSortingSite.objects.get()
    assert site.agency == cast.ningbo_agency and site.name == cast.ningbo_agency.name
    assert site.region == cast.ningbo_agency.region
    assert AuditEvent.objects.for_target(site).filter(event_type="energy.sorting.created").exists()


def test_an_institution_site_needs_its_agency(cast: Cast) -> None:
    response = cast.client("xihu").post(reverse("energy:sorting_create"), _post())
    assert response.status_code == 422
    assert "未找到该信用代码的单位" in response.content.decode()
    assert not GarbageSortingSite.objects.exists()


def test_a_compound_needs_a_name_and_a_region(cast: Cast) -> None:
    client = cast.client("xihu")
    text = client.post(reverse("energy:sorting_create"), _post(kind="compound")).content.decode()
    assert "居住小区须填写名称" in text and "居住小区须选择所在区划" in text
    xihu = Region.objects.get(code="330106")
    response = client.post(reverse("energy:sorting_create"),
                           _post(kind="compound", name="文新小区", region=xihu.pk))
    assert response.status_code == 302
    assert GarbageSortingSite.objects.get().agency is None


def test_a_reporter_may_not_register_a_compound(cast: Cast) -> None:
    haishu = Region.objects.get(code="330203")
    response = cast.client("ningbo_reporter").post(
        reverse("energy:sorting_create"), _post(kind="compound", name="某小区", region=haishu.pk))
    assert response.status_code == 422
    assert "所选区划不存在或不在您的权限范围内" in response.content.decode()


def test_a_future_start_is_refused(cast: Cast) -> None:
    response = cast.client("xihu").post(
        reverse("energy:sorting_create"),
        _post(agency=cast.xihu_agency.credit_code, since="2999-01-01"))
    assert response.status_code == 422
    assert "开始分类日期不能晚于今天" in response.content.decode()


def test_ending_a_site_records_the_date_and_not_before_its_start(cast: Cast) -> None:
    site = GarbageSortingSite.objects.create(kind="institution", agency=cast.xihu_agency,
                                             name="x", region=cast.xihu_agency.region,
                                             since=dt.date(2024, 5, 1))
    client = cast.client("xihu")
    client.post(reverse("energy:sorting_end", args=[site.pk]), {"ended_on": "2024-01-01"})
    site.refresh_from_db()
    assert site.ended_on is None
    client.post(reverse("energy:sorting_end", args=[site.pk]), {"ended_on": "2025-01-01"})
    site.refresh_from_db()
    assert site.ended_on == dt.date(2025, 1, 1)


def test_the_list_shows_the_share_of_institutions_that_sort(cast: Cast) -> None:
    for agency in (cast.xihu_agency, cast.ningbo_agency):
        GarbageSortingSite.objects.create(kind="institution", agency=agency, name=agency.name,
                                          region=agency.region, since=dt.date(2024, 1, 1))
    GarbageSortingSite.objects.create(kind="institution", agency=cast.hangzhou_agency,
                                      name="停了", region=cast.hangzhou_agency.region,
                                      since=dt.date(2023, 1, 1), ended_on=dt.date(2024, 1, 1))
    response = cast.client("province_admin").get(reverse("energy:sorting_list"))
    total = response.context["rollup"][-1]
    assert (total["total"], total["flagged"], str(total["share"])) == (4, 2, "50.0")


def test_the_export_follows_scope(cast: Cast) -> None:
    for agency in (cast.xihu_agency, cast.ningbo_agency):
        GarbageSortingSite.objects.create(kind="institution", agency=agency, name=agency.name,
                                          region=agency.region, since=dt.date(2024, 1, 1))
    response = cast.client("hangzhou").get(reverse("energy:sorting_export"))
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.getvalue()))
    text = repr(book.get_sheet_by_index(0).to_python())
    assert "杭州市西湖区测试局" in text and "宁波市海曙区测试局" not in text
    assert cast.client("xihu").get(reverse("energy:sorting_list"),
                                   {"region": "1" * 30, "kind": "?"}).status_code == 200
