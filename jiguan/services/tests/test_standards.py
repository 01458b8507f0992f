"""The standards: three shipped as data, versions that never change what was scored on the
old one, items frozen once in force, pilot units, the pages and the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiguan.audit.models import AuditEvent
from jiguan.services.standards import actions
from jiguan.services.standards.models import PilotUnit, ServiceStandard, StandardItem
from jiguan.services.tests.fixtures import Services


def _cleaning() -> ServiceStandard:
    return ServiceStandard.objects.get(code="JG-FW-BJ-01")


def test_three_standards_ship_for_catering_cleaning_greening(services: Services) -> None:
    by_category = {s.category.name: s for s in ServiceStandard.objects.all()}
    assert set(by_category) == {"职工食堂", "环境卫生", "绿化"}
    for s in by_category.values():
        assert s.total_weight == Decimal(100)
        assert s.items.filter(ours=True).exists() and s.items.filter(ours=False).exists()


def test_a_new_version_copies_items_and_leaves_the_old_one(services: Services) -> None:
    old = _cleaning()
    old_items = list(old.items.values_list("pk", "requirement", "weight"))
    new = actions.standard_new_version(standard=old, version="2027",
                                       effective_from=dt.date(2099, 1, 1),
                                       actor=services.cast.province_admin)
    assert new.previous == old and new.items.count() == len(old_items)
    item = new.items.get(no=1)
    actions.standard_item_update(item=item, data={"requirement": "地面无垃圾、无污渍",
                                                  "weight": Decimal("15")},
                                 actor=services.cast.province_admin)
    assert list(old.items.values_list("pk", "requirement", "weight")) == old_items
    assert StandardItem.objects.get(pk=item.pk).requirement == "地面无垃圾、无污渍"
    assert AuditEvent.objects.filter(event_type="services.standard.versioned").count() == 1


def test_version_rules(services: Services) -> None:
    old = _cleaning()
    with pytest.raises(ValidationError) as exc:
        actions.standard_new_version(standard=old, version="2023",
                                     effective_from=dt.date(2023, 1, 1),
                                     actor=services.cast.province_admin)
    assert "晚于上一版本" in str(exc.value)


def test_items_in_force_are_frozen_and_weights_checked(services: Services) -> None:
    old = _cleaning()
    item = old.items.get(no=1)
    with pytest.raises(ValidationError) as exc:
        actions.standard_item_update(item=item, data={"weight": Decimal("10")},
                                     actor=services.cast.province_admin)
    assert "新版本" in str(exc.value)
    new = actions.standard_new_version(standard=old, version="2099",
                                       effective_from=dt.date(2099, 1, 1),
                                       actor=services.cast.province_admin)
    item = new.items.get(no=1)
    with pytest.raises(ValidationError) as exc:
        actions.standard_item_update(item=item, data={"weight": Decimal("10")},
                                     actor=services.cast.province_admin)
    assert "合计应为 100 分" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        actions.standard_item_update(item=item, data={"deduction": Decimal("16")},
                                     actor=services.cast.province_admin)
    assert "不能超过该条款分值" in str(exc.value)


def test_pilot_units(services: Services) -> None:
    c = services.cast
    s = _cleaning()
    actions.pilot_add(standard=s, agency=c.xihu_agency, since=dt.date(2025, 7, 1), actor=c.xihu)
    with pytest.raises(ValidationError):
        actions.pilot_add(standard=s, agency=c.xihu_agency, since=dt.date(2025, 8, 1),
                          actor=c.xihu)
    # A new version keeps its pilot units (they run the standard, not one version).
    new = actions.standard_new_version(standard=s, version="2099",
                                       effective_from=dt.date(2099, 1, 1),
                                       actor=c.province_admin)
    page = c.client("xihu").get(reverse("services:standard_detail", args=[new.pk]))
    assert c.xihu_agency.name in page.content.decode()
    # Ningbo's reporter does not see a Xihu pilot.
    r = c.client("ningbo_reporter").get(f"/api/v1/services/standards/{s.pk}/pilots")
    assert r.status_code == 200 and r.json() == []
    assert PilotUnit.objects.count() == 1


def test_standard_pages_and_api(services: Services) -> None:
    c = services.cast
    s = _cleaning()
    client = c.client("hangzhou")
    r = client.get(reverse("services:standard_list"))
    assert r.status_code == 200 and "JG-FW-CY-01" in r.content.decode()
    r = client.get(reverse("services:standard_detail", args=[s.pk]))
    assert "本平台拟定" in r.content.decode() and "已实施" in r.content.decode()
    r = client.post(reverse("services:standard_version", args=[s.pk]),
                    {"version": "2030", "effective_from": "2030-01-01", "title": "",
                     "source": ""})
    assert r.status_code == 302
    r = client.post(reverse("services:standard_version", args=[s.pk]),
                    {"version": "2031", "effective_from": "2029-01-01", "title": "",
                     "source": ""})
    assert r.status_code == 422 and "晚于上一版本" in r.content.decode()
    r = client.get(f"/api/v1/services/standards/{s.pk}")
    body = r.json()
    assert r.status_code == 200 and len(body["items"]) == s.items.count()
    assert sum(Decimal(i["weight"]) for i in body["items"]) == Decimal(100)
