"""The region pages count only the agencies the user may see (issue 9 §4)."""

from __future__ import annotations

import re

from django.urls import reverse

from jiguan.access.models import Grant, Region
from jiguan.access.roles import Role
from jiguan.conftest import Cast, make_credit_code
from jiguan.orgs.models import Agency


def _another_haishu_agency() -> Agency:
    return Agency.objects.create(name="宁波市海曙区另一单位", level="county",
                                 region=Region.objects.get(code="330203"),
                                 credit_code=make_credit_code("330203", 99))


def _count_in_row(html: str, code: str) -> int:
    """The 单位数 cell of the region list's row for `code`."""
    row = re.search(rf"<tr><td>{code}</td>.*?</tr>", html, re.S)
    assert row is not None, f"no row for {code}"
    cells = re.findall(r'<td class="text-end">(\d+)</td>', row.group(0))
    return int(cells[-1])


def test_an_agency_reporter_sees_only_their_own_agency_counted(cast: Cast) -> None:
    _another_haishu_agency()
    html = cast.client("ningbo_reporter").get(reverse("orgs:region_list")).content.decode()
    assert _count_in_row(html, "330203") == 1


def test_a_region_user_sees_every_agency_of_their_region_counted(cast: Cast) -> None:
    _another_haishu_agency()
    html = cast.client("province_admin").get(
        reverse("orgs:region_list"), {"q": "330203"}).content.decode()
    assert _count_in_row(html, "330203") == 2


def test_a_county_user_sees_the_counts_of_their_county(cast: Cast) -> None:
    html = cast.client("xihu").get(reverse("orgs:region_list")).content.decode()
    assert _count_in_row(html, "330106") == 1
    assert "330203" not in html


def test_the_region_page_counts_child_regions_within_scope(cast: Cast) -> None:
    """A reporter of a Ningbo city agency and a Haishu one sees both regions; the Haishu
    row under Ningbo counts their one agency there, not the other."""
    _another_haishu_agency()
    city_agency = Agency.objects.create(
        name="宁波市测试局", region=Region.objects.get(code="330200"), level="city",
        credit_code=make_credit_code("330200", 98))
    Grant.objects.create(user=cast.ningbo_reporter, role=Role.AGENCY_REPORTER, agency=city_agency)
    html = cast.client("ningbo_reporter").get(
        reverse("orgs:region_detail", args=["330200"])).content.decode()
    assert _count_in_row(html, "330203") == 1
