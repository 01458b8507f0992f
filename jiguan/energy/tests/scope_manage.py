"""The management part's pages and API in the scope matrix
(jiguan/core/tests/test_scope_matrix.py): quota breaches, quotas, targets, data quality,
completeness and chasing. Objects are created inside the url lambdas (each case runs in
its own transaction, so they are created once per case)."""

from __future__ import annotations

from django.urls import reverse

from jiguan.core.tests.test_scope_matrix import Endpoint
from jiguan.energy.models import BreachStatus
from jiguan.energy.tests.manage_factories import EXPLANATION, make_breach, make_plan


def _all(code: int, **overrides: int) -> dict[str, int]:
    base = dict.fromkeys(("province_admin", "hangzhou", "xihu", "ningbo_reporter", "auditor"),
                         code)
    base["outsider"] = 403
    base.update(overrides)
    return base


XIHU_READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 404,
             "auditor": 200, "outsider": 404}
NINGBO_READ = {"province_admin": 200, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 200,
               "auditor": 200, "outsider": 404}
# 超定额说明: the institution (REPORT_ENERGY on its agency) or its bureau.
NINGBO_EXPLAIN = {"province_admin": 302, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 302,
                  "auditor": 403, "outsider": 404}
# Reviews, quotas, plans and chasing: the bureau (MANAGE_ENERGY) of the institution/region.
XIHU_MANAGE = {"province_admin": 302, "hangzhou": 302, "xihu": 302, "ningbo_reporter": 404,
               "auditor": 403, "outsider": 404}
XIHU_MANAGE_GET = {**XIHU_MANAGE, "province_admin": 200, "hangzhou": 200, "xihu": 200}
API_EXPLAIN = {**NINGBO_EXPLAIN, "province_admin": 200, "ningbo_reporter": 200}
API_MANAGE = {**XIHU_MANAGE, "province_admin": 200, "hangzhou": 200, "xihu": 200}
HANGZHOU_CHASE = {**XIHU_MANAGE, "xihu": 404}
PLAN_CREATE = {"province_admin": 302, "hangzhou": 302, "xihu": 302, "ningbo_reporter": 403,
               "auditor": 403, "outsider": 403}
PLAN_DATA = {"name": "十四五", "region": "330106", "baseline_year": "2020", "end_year": "2025",
             "per_capita_pct": "-6", "per_area_pct": "-5", "water_per_capita_pct": "-6"}


def _url(name: str, *args: object) -> str:
    return reverse(f"energy:{name}", args=args)


def _api(path: str) -> str:
    return f"/api/v1/energy/{path}"


SCOPE_MATRIX = [
    Endpoint("energy:breach_list", "GET", lambda c: _url("breach_list"), _all(200)),
    Endpoint("energy:breach_export", "GET", lambda c: _url("breach_export"), _all(200)),
    Endpoint("energy:breach_detail(xihu)", "GET",
             lambda c: _url("breach_detail", make_breach(c.xihu_agency).pk), XIHU_READ),
    Endpoint("energy:breach_detail(ningbo)", "GET",
             lambda c: _url("breach_detail", make_breach(c.ningbo_agency).pk), NINGBO_READ),
    Endpoint("energy:breach_explain(ningbo)", "POST",
             lambda c: _url("breach_explain", make_breach(c.ningbo_agency).pk),
             NINGBO_EXPLAIN, data=lambda c: {"explanation": EXPLANATION}),
    Endpoint("energy:breach_review(xihu)", "POST",
             lambda c: _url("breach_review",
                            make_breach(c.xihu_agency, BreachStatus.EXPLAINED).pk),
             XIHU_MANAGE, data=lambda c: {"decision": "accept"}),
    Endpoint("energy:quota_list", "GET", lambda c: _url("quota_list"), _all(200)),
    Endpoint("energy:quota_export", "GET", lambda c: _url("quota_export"), _all(200)),
    Endpoint("energy:quota_set(xihu) GET", "GET",
             lambda c: _url("quota_set", c.xihu_agency.pk), XIHU_MANAGE_GET),
    Endpoint("energy:quota_set(xihu)", "POST",
             lambda c: _url("quota_set", c.xihu_agency.pk), XIHU_MANAGE,
             data=lambda c: {"year": "2025", "kgce_quota": "1000"}),
    Endpoint("energy:target_list", "GET", lambda c: _url("target_list"), _all(200)),
    Endpoint("energy:target_create(xihu)", "POST", lambda c: _url("target_create"),
             PLAN_CREATE, data=lambda c: PLAN_DATA),
    Endpoint("energy:target_edit(xihu) GET", "GET",
             lambda c: _url("target_edit", make_plan("330106").pk), XIHU_MANAGE_GET),
    Endpoint("energy:target_edit(xihu)", "POST",
             lambda c: _url("target_edit", make_plan("330106").pk), XIHU_MANAGE,
             data=lambda c: PLAN_DATA),
    Endpoint("energy:target_progress", "GET", lambda c: _url("target_progress"), _all(200)),
    Endpoint("energy:target_progress(hangzhou)", "GET",
             lambda c: _url("target_progress") + "?region=330100",
             {**_all(200), "xihu": 200, "ningbo_reporter": 200}),
    Endpoint("energy:target_progress_export", "GET",
             lambda c: _url("target_progress_export"), _all(200)),
    Endpoint("energy:quality", "GET", lambda c: _url("quality"), _all(200)),
    Endpoint("energy:quality_export", "GET", lambda c: _url("quality_export"), _all(200)),
    Endpoint("energy:completeness", "GET", lambda c: _url("completeness"), _all(200)),
    Endpoint("energy:completeness_chase(hangzhou)", "POST",
             lambda c: _url("completeness_chase"), HANGZHOU_CHASE,
             data=lambda c: {"region": "330100", "month": "2025-03"}),
    # API
    Endpoint("energy:api_breaches", "GET", lambda c: _api("breaches"), _all(200), api=True),
    Endpoint("energy:api_breach(ningbo)", "GET",
             lambda c: _api(f"breaches/{make_breach(c.ningbo_agency).pk}"), NINGBO_READ,
             api=True),
    Endpoint("energy:api_breach_explain(ningbo)", "POST",
             lambda c: _api(f"breaches/{make_breach(c.ningbo_agency).pk}/explain"),
             API_EXPLAIN, data=lambda c: {"explanation": EXPLANATION}, api=True),
    Endpoint("energy:api_breach_review(xihu)", "POST",
             lambda c: _api(f"breaches/"
                            f"{make_breach(c.xihu_agency, BreachStatus.EXPLAINED).pk}/review"),
             API_MANAGE, data=lambda c: {"accept": True}, api=True),
    Endpoint("energy:api_quotas", "GET", lambda c: _api("quotas"), _all(200), api=True),
    Endpoint("energy:api_quota_set(xihu)", "PUT", lambda c: _api("quotas"), API_MANAGE,
             data=lambda c: {"agency_id": c.xihu_agency.pk, "year": 2025,
                             "kgce_quota": "1000"}, api=True),
    Endpoint("energy:api_completeness", "GET", lambda c: _api("completeness"), _all(200),
             api=True),
    Endpoint("energy:api_chase(hangzhou)", "POST", lambda c: _api("completeness/chase"),
             {**API_MANAGE, "xihu": 404},
             data=lambda c: {"region_code": "330100", "month": "2025-03"}, api=True),
]
