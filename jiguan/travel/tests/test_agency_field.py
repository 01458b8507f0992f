"""The trip form picks its agency with the agency picker (jiguan/orgs/fields.py): a
reporter of one agency sees it chosen already; the vehicle form takes a typed code."""

from __future__ import annotations

import re

from django.urls import reverse

from jiguan.travel.tests.fixtures import Travel
from jiguan.travel.trips.models import Trip
from jiguan.travel.vehicles.actions import establishment_set
from jiguan.travel.vehicles.models import Vehicle


def test_a_reporter_sees_the_one_agency_chosen_and_submits(travel: Travel) -> None:
    agency = travel.cast.xihu_agency
    client = travel.client("requester")
    html = client.get(reverse("travel:trip_create")).content.decode()
    assert re.findall(r"<option[^>]*>[^<]*测试局", html) == []
    assert f'type="hidden" name="agency" value="{agency.pk}"' in html
    assert f'value="{agency.name}（{agency.credit_code}）"' in html
    r = client.post(reverse("travel:trip_create"), {
        "agency": str(agency.pk), "agency__q": f"{agency.name}（{agency.credit_code}）",
        "passengers": "2", "start_at": "2026-06-09 09:00", "end_at": "2026-06-09 12:00",
        "origin": "西湖区政府", "destinations": "省政府", "purpose": "参加会议",
        "category": "other"})
    assert r.status_code == 302, r.content.decode()
    assert Trip.objects.get().agency == agency


def test_the_vehicle_form_takes_a_typed_credit_code(travel: Travel) -> None:
    agency = travel.cast.xihu_agency
    establishment_set(agency=agency, category="other", quota=1, actor=None)
    client = travel.client("xihu")
    html = client.get(reverse("travel:vehicle_create")).content.decode()
    assert re.findall(r"<option[^>]*>[^<]*测试局", html) == []
    r = client.post(reverse("travel:vehicle_create"), {
        "plate": "浙A·T0099", "category": "other", "body": "saloon", "make": "大众 朗逸",
        "domestic": "on", "price": "120000", "displacement": "1.5", "tank_litres": "50",
        "seats": "4", "purchase_date": "2024-03-01", "odometer_km": "0", "platform": "",
        "agency": "", "agency__q": agency.credit_code})
    assert r.status_code == 302, r.content.decode()
    assert Vehicle.objects.get(plate="浙A·T0099").agency == agency
