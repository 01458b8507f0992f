"""A user's scope is read once per request, in one query, with the labels the page header
shows (jiguan.access.scope.Scope.for_user; bench/README.md session 10)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiguan.access.models import Grant, Region, User
from jiguan.access.roles import Role
from jiguan.access.scope import Scope
from jiguan.conftest import Cast


def test_one_query_reads_every_grant_with_its_full_label(cast: Cast) -> None:
    xihu = Region.objects.get(code="330106")
    township = Region.objects.create(code="330106001", name="北山街道", level="township",
                                     parent=xihu, path=f"{xihu.path}330106001/")
    Grant.objects.create(user=cast.xihu, role=Role.AUDITOR, region=township)
    Grant.objects.create(user=cast.xihu, role=Role.AGENCY_REPORTER, agency=cast.xihu_agency)
    revoked = Grant.objects.create(user=cast.xihu, role=Role.AUDITOR, region=township.parent)
    revoked.revoked_at = revoked.created_at
    revoked.save()
    user = User.objects.get(pk=cast.xihu.pk)
    with CaptureQueriesContext(connection) as ctx:
        scope = Scope.for_user(user)
    assert len(ctx.captured_queries) == 1
    assert scope.labels == [
        "机关事务局工作人员：浙江省杭州市西湖区",
        "审计查阅：浙江省杭州市西湖区北山街道",
        "单位填报员：杭州市西湖区测试局"]
    expected = [f"{g.get_role_display()}：{g.scope_label}"
                for g in Grant.objects.active().filter(user=user).order_by("pk")]
    assert scope.labels == expected  # the model's own wording, read the slow way
    assert scope.region_paths("view_orgs")[0] == "/330000/330100/330106/"
    assert [g.agency_id for g in scope.grants] == [None, None, cast.xihu_agency.pk]
    assert scope.grants[2].agency_region_path == "/330000/330100/330106/"
    assert scope.grants[1].region_id == township.pk


def test_the_header_shows_the_labels(cast: Cast) -> None:
    html = cast.client("province_admin").get(reverse("core:home")).content.decode()
    assert "省局管理员：浙江省" in html
    html = cast.client("ningbo_reporter").get(reverse("core:home")).content.decode()
    assert "单位填报员：宁波市海曙区测试局" in html
