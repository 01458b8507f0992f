"""The share panels of the water-saving and sorting lists are computed once for the users
who see their region whole and kept until a write that changes them commits
(energy.programs.shares): a unit accepted, a sorting site added or ended, an institution
added, abolished or moved shows on the next page; a reporter's panel is its own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.conftest import Cast, make_credit_code
from jiguan.energy.models import WaterSavingStatus, WaterSavingUnit
from jiguan.energy.programs import actions, views
from jiguan.orgs import actions as orgs_actions
from jiguan.orgs.models import Agency

FULL = {"tiered_metering": True, "fixtures_all_saving": True, "named_manager": "王五",
        "ledger": True, "yearly_plan": True, "balance_test": True,
        "balance_test_date": dt.date(2024, 6, 1), "evidence": "水平衡测试报告"}


@pytest.fixture(autouse=True)
def _empty_cache(db: None) -> None:
    cache.clear()  # a per-process cache (JIGUAN_CACHE=locmem) outlives a test's rollback


def _total(cast: Cast, who: str = "province_admin", name: str = "water_saving_list"
           ) -> dict[str, Any]:
    response = cast.client(who).get(reverse(f"energy:{name}"))
    assert response.status_code == 200
    total: dict[str, Any] = response.context["rollup"][-1]
    return total


def _committed(capture: Any, write: Callable[[], Any]) -> None:
    """`write` as a request would run it: its on-commit work done when it returns."""
    with capture(execute=True):
        write()


def test_the_panel_is_computed_once_for_every_user_who_sees_the_region_whole(
        cast: Cast) -> None:
    with mock.patch.object(views, "share_rollup", wraps=views.share_rollup) as computed:
        first = _total(cast)
        assert _total(cast) == first
        assert computed.call_count == 1
        _total(cast, name="sorting_list")  # the other panel is its own
        assert computed.call_count == 2


@override_settings(CACHES={"default": {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_a_cache_of_each_worker_keeps_no_panel(cast: Cast) -> None:
    """JIGUAN_CACHE=locmem: another worker would not see a write's new version."""
    with mock.patch.object(views, "share_rollup", wraps=views.share_rollup) as computed:
        _total(cast)
        _total(cast)
        assert computed.call_count == 2


def test_a_reporters_panel_is_computed_from_its_own_scope_every_time(cast: Cast) -> None:
    with mock.patch.object(views, "share_rollup", wraps=views.share_rollup) as computed:
        province = _total(cast)
        reporter = _total(cast, "ningbo_reporter")
        _total(cast, "ningbo_reporter")
        assert computed.call_count == 3
    assert reporter["total"] == 1 < province["total"]


def test_an_accepted_unit_shows_on_the_next_page(
        cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    before = _total(cast)
    agency = cast.province_agency
    _committed(django_capture_on_commit_callbacks, lambda: actions.water_saving_save(
        agency=agency, data=FULL, actor=cast.province_admin))
    _committed(django_capture_on_commit_callbacks, lambda: actions.water_saving_accept(
        agency=agency, accepted_on=dt.date(2025, 3, 1), accepted_doc="浙水节〔2025〕3号",
        actor=cast.province_admin))
    assert _total(cast)["flagged"] == before["flagged"] + 1
    _committed(django_capture_on_commit_callbacks, lambda: actions.water_saving_revoke(
        agency=agency, revoked_on=dt.date(2025, 4, 1), reason="复查不合格",
        actor=cast.province_admin))
    assert _total(cast)["flagged"] == before["flagged"]


def test_a_sorting_site_shows_on_the_next_page(
        cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    before = _total(cast, name="sorting_list")
    site = actions.sorting_site_save(site=None, data={
        "kind": "institution", "agency": cast.province_agency, "name": "省测试单位分类点",
        "region": cast.province_agency.region, "since": dt.date(2024, 1, 1)},
        actor=cast.province_admin)
    assert _total(cast, name="sorting_list") == before  # not committed yet: the old panel
    _committed(django_capture_on_commit_callbacks, lambda: actions.sorting_site_end(
        site=site, ended_on=dt.date(2024, 6, 1), actor=cast.province_admin))
    assert _total(cast, name="sorting_list")["flagged"] == before["flagged"]
    _committed(django_capture_on_commit_callbacks, lambda: actions.sorting_site_save(
        site=None, data={"kind": "institution", "agency": cast.province_agency,
                         "name": "省测试单位分类点二", "region": cast.province_agency.region,
                         "since": dt.date(2024, 7, 1)}, actor=cast.province_admin))
    assert _total(cast, name="sorting_list")["flagged"] == before["flagged"] + 1


def test_an_institution_added_or_abolished_shows_on_the_next_page(
        cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    before = _total(cast)
    province = Region.objects.get(code="330000")
    created: list[Agency] = []
    _committed(django_capture_on_commit_callbacks, lambda: created.append(
        orgs_actions.agency_create(data={
            "name": "省新设单位", "region": province, "level": "province", "type_code": "01",
            "credit_code": make_credit_code("330000", 901)}, actor=cast.province_admin)))
    assert _total(cast)["total"] == before["total"] + 1
    _committed(django_capture_on_commit_callbacks, lambda: orgs_actions.agency_set_status(
        agency=created[0], status="abolished", date=dt.date(2025, 1, 1),
        actor=cast.province_admin))
    assert _total(cast)["total"] == before["total"]


def test_an_agency_import_shows_on_the_next_page(
        cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    """The register's bulk import writes rows without saving them one by one: its
    `org_changed` renews the panels."""
    from jiguan.orgs.signals import send_for_regions

    before = _total(cast)
    WaterSavingUnit.objects.create(agency=cast.xihu_agency, status=WaterSavingStatus.ACCEPTED)
    assert _total(cast) == before  # a write outside the actions: the kept panel
    _committed(django_capture_on_commit_callbacks, lambda: send_for_regions(
        Agency, [cast.xihu_agency.region.path], cast.province_admin))
    assert _total(cast)["flagged"] == before["flagged"] + 1


def test_a_persons_change_keeps_the_panels(
        cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    """`org_changed` is sent for people too: not a fact the panels count."""
    from jiguan.energy.programs.shares import shares_changed
    from jiguan.orgs.models import Person

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        shares_changed(sender=Person, region_path="/330000/", actor=None)
    assert callbacks == []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        shares_changed(sender=Agency, region_path="/330000/", actor=None)
    assert len(callbacks) == 1
