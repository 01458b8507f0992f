"""The management API: breaches, quotas and completeness, with scope and Chinese 422s."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.test import Client

from jiguan.conftest import Cast
from jiguan.energy.models import BreachStatus, Quota
from jiguan.energy.quality.queries import task_kind
from jiguan.energy.tests.factories import profile, save
from jiguan.energy.tests.manage_factories import EXPLANATION, make_breach
from jiguan.todo.models import Task

API = "/api/v1/energy"


def _text(response: Any) -> str:
    return json.dumps(response.json(), ensure_ascii=False)


def _send(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    return client.generic(method, url, data=json.dumps(data), content_type="application/json")


def test_breaches_are_listed_in_scope_and_filtered(cast: Cast) -> None:
    make_breach(cast.xihu_agency)
    make_breach(cast.ningbo_agency)
    admin = cast.client("province_admin")
    assert admin.get(f"{API}/breaches").json()["count"] == 2
    hangzhou = admin.get(f"{API}/breaches", {"region": "330100", "year": 2025}).json()
    assert [b["agency_name"] for b in hangzhou["items"]] == ["杭州市西湖区测试局"]
    assert hangzhou["items"][0]["actual"] == "1229.00"
    own = cast.client("ningbo_reporter").get(f"{API}/breaches").json()
    assert [b["agency_name"] for b in own["items"]] == ["宁波市海曙区测试局"]
    bad = admin.get(f"{API}/breaches", {"year": "abc"})
    assert bad.status_code == 422
    outside = cast.client("xihu").get(f"{API}/breaches", {"region": "330200"})
    assert outside.status_code == 422 and "不在您的权限范围内" in _text(outside)


def test_explain_and_review_through_the_api(cast: Cast) -> None:
    breach = make_breach(cast.ningbo_agency)
    reporter = cast.client("ningbo_reporter")
    short = _send(reporter, "POST", f"{API}/breaches/{breach.pk}/explain",
                  {"explanation": "用电多"})
    assert short.status_code == 422 and "至少 10 个字" in _text(short)
    ok = _send(reporter, "POST", f"{API}/breaches/{breach.pk}/explain",
               {"explanation": EXPLANATION})
    assert ok.status_code == 200 and ok.json()["status"] == BreachStatus.EXPLAINED
    assert _send(reporter, "POST", f"{API}/breaches/{breach.pk}/review",
                 {"accept": True}).status_code == 403
    admin = cast.client("province_admin")
    back = _send(admin, "POST", f"{API}/breaches/{breach.pk}/review", {"accept": False})
    assert back.status_code == 422 and "退回时请填写意见" in _text(back)
    accepted = _send(admin, "POST", f"{API}/breaches/{breach.pk}/review", {"accept": True})
    assert accepted.json()["status"] == BreachStatus.ACCEPTED
    assert cast.client("xihu").get(f"{API}/breaches/{breach.pk}").status_code == 404


def test_quotas_are_set_and_listed(cast: Cast) -> None:
    save(cast.xihu_agency, "2025-03", {"electricity": 10000})
    client = cast.client("xihu")
    data = {"agency_id": cast.xihu_agency.pk, "year": 2025, "kgce_quota": "1000"}
    response = _send(client, "PUT", f"{API}/quotas", data)
    assert response.status_code == 200 and response.json()["kgce_quota"] == "1000.00"
    assert Task.objects.open().filter(kind="energy.quota_breach").count() == 1
    listed = client.get(f"{API}/quotas", {"year": 2025}).json()
    assert [q["agency_name"] for q in listed["items"]] == ["杭州市西湖区测试局"]
    zero = _send(client, "PUT", f"{API}/quotas", {**data, "kgce_quota": "0"})
    assert zero.status_code == 422 and "定额必须大于 0" in _text(zero)
    ningbo = _send(client, "PUT", f"{API}/quotas", {**data, "agency_id": cast.ningbo_agency.pk})
    assert ningbo.status_code == 404
    assert _send(cast.client("ningbo_reporter"), "PUT", f"{API}/quotas",
                 {**data, "agency_id": cast.ningbo_agency.pk}).status_code == 403
    huge = _send(client, "PUT", f"{API}/quotas", {**data, "agency_id": 10**30})
    assert huge.status_code == 422
    assert Quota.objects.get().kgce_quota == Decimal("1000.00")


def test_completeness_and_chase_through_the_api(cast: Cast) -> None:
    profile(cast.xihu_agency, 2025)
    profile(cast.hangzhou_agency, 2025)
    save(cast.hangzhou_agency, "2025-03", {"electricity": 100})
    client = cast.client("hangzhou")
    board = client.get(f"{API}/completeness", {"region": "330100", "month": "2025-03"}).json()
    assert board["total"]["expected"] == 2 and board["total"]["missing"] == 1
    assert [r["label"] for r in board["regions"]] == ["杭州市本级", "西湖区"]
    assert [a["name"] for a in board["late"]] == ["杭州市西湖区测试局"]
    sent = _send(client, "POST", f"{API}/completeness/chase",
                 {"region_code": "330100", "month": "2025-03"})
    assert sent.json() == {"created": 1, "already_open": 0, "missing": 1}
    again = _send(client, "POST", f"{API}/completeness/chase",
                  {"region_code": "330100", "month": "2025-03"})
    assert again.json()["created"] == 0
    future = _send(client, "POST", f"{API}/completeness/chase",
                   {"region_code": "330100", "month": "2099-01"})
    assert future.status_code == 422 and "未来月份" in _text(future)
    assert _send(cast.client("xihu"), "POST", f"{API}/completeness/chase",
                 {"region_code": "330100", "month": "2025-03"}).status_code == 404
    assert Task.objects.filter(kind=task_kind(dt.date(2025, 3, 1))).count() == 1
