"""This app's endpoints in the scope matrix (jiguan/core/tests/test_scope_matrix.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from jiguan.conftest import Cast
from jiguan.core.tests.test_scope_matrix import Endpoint


def _all(code: int, **overrides: int) -> dict[str, int]:
    base = dict.fromkeys(("province_admin", "hangzhou", "xihu", "ningbo_reporter", "auditor"),
                         code)
    base["outsider"] = 403
    base.update(overrides)
    return base


# Who sees an object where: the Xihu agency is seen by the province, Hangzhou and Xihu
# bureaus and the province-wide auditor; the Ningbo agency by the province, its own reporter
# and the auditor.
XIHU_READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 404,
             "auditor": 200, "outsider": 404}
XIHU_WRITE = {"province_admin": 302, "hangzhou": 302, "xihu": 302, "ningbo_reporter": 404,
              "auditor": 403, "outsider": 404}
NINGBO_READ = {"province_admin": 200, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 200,
               "auditor": 200, "outsider": 404}
PROVINCE_READ = {"province_admin": 200, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 404,
                 "auditor": 200, "outsider": 404}


def _agency_form(c: Cast) -> dict[str, Any]:
    a = c.xihu_agency
    return {"name": a.name, "credit_code": a.credit_code, "region": a.region_id,
            "level": a.level, "type_code": a.type_code,
            "authorized_headcount": a.authorized_headcount,
            "actual_headcount": a.actual_headcount, "energy_headcount": "", "note": ""}


def _agency_api(c: Cast) -> dict[str, Any]:
    a = c.xihu_agency
    return {"name": a.name, "credit_code": a.credit_code, "region_code": "330106",
            "level": "county", "authorized_headcount": 60, "actual_headcount": 45}


SCOPE_MATRIX = [
    Endpoint("orgs:agency_list", "GET", lambda c: reverse("orgs:agency_list"), _all(200)),
    # The agency picker's suggestions: inside each actor's scope (test_agency_picker.py
    # checks what each one sees), 403 for the outsider, who holds no grant.
    Endpoint("orgs:agency_pick", "GET",
             lambda c: reverse("orgs:agency_pick") + "?agency__q=测试局", _all(200)),
    Endpoint("orgs:agency_export", "GET", lambda c: reverse("orgs:agency_export"), _all(200)),
    Endpoint("orgs:agency_detail(xihu)", "GET",
             lambda c: reverse("orgs:agency_detail", args=[c.xihu_agency.pk]), XIHU_READ),
    Endpoint("orgs:agency_detail(ningbo)", "GET",
             lambda c: reverse("orgs:agency_detail", args=[c.ningbo_agency.pk]), NINGBO_READ),
    Endpoint("orgs:agency_detail(province)", "GET",
             lambda c: reverse("orgs:agency_detail", args=[c.province_agency.pk]),
             PROVINCE_READ),
    Endpoint("orgs:agency_create", "GET", lambda c: reverse("orgs:agency_create"),
             _all(200, ningbo_reporter=403, auditor=403)),
    Endpoint("orgs:agency_edit(xihu)", "POST",
             lambda c: reverse("orgs:agency_edit", args=[c.xihu_agency.pk]), XIHU_WRITE,
             data=_agency_form),
    Endpoint("orgs:agency_status(xihu)", "POST",
             lambda c: reverse("orgs:agency_status", args=[c.xihu_agency.pk]), XIHU_WRITE,
             data=lambda c: {"status": "abolished", "status_date": "2026-01-01"}),
    Endpoint("orgs:agency_list(import_job)", "GET",
             lambda c: reverse("orgs:agency_list") + "?import_job=1", _all(200)),
    Endpoint("orgs:person_list", "GET", lambda c: reverse("orgs:person_list"), _all(200)),
    Endpoint("orgs:person_list(import_job)", "GET",
             lambda c: reverse("orgs:person_list") + "?import_job=1", _all(200)),
    Endpoint("orgs:person_export", "GET", lambda c: reverse("orgs:person_export"), _all(200)),
    Endpoint("orgs:person_detail(xihu)", "GET",
             lambda c: reverse("orgs:person_detail", args=[c.xihu_person.pk]), XIHU_READ),
    Endpoint("orgs:person_edit(xihu)", "POST",
             lambda c: reverse("orgs:person_edit", args=[c.xihu_person.pk]), XIHU_WRITE,
             data=lambda c: {"name": "张三", "staff_no": "", "post": "局长",
                             "rank": "section_head"}),
    Endpoint("orgs:person_status(xihu)", "POST",
             lambda c: reverse("orgs:person_status", args=[c.xihu_person.pk]), XIHU_WRITE,
             data=lambda c: {"status": "retired", "status_date": "2026-10-01"}),
    Endpoint("orgs:person_create(ningbo)", "GET",
             lambda c: reverse("orgs:person_create", args=[c.ningbo_agency.pk]),
             {**NINGBO_READ, "auditor": 403}),
    Endpoint("orgs:region_list", "GET", lambda c: reverse("orgs:region_list"), _all(200)),
    Endpoint("orgs:region_detail(xihu)", "GET",
             lambda c: reverse("orgs:region_detail", args=["330106"]), XIHU_READ),
    Endpoint("orgs:township_create(xihu)", "POST",
             lambda c: reverse("orgs:township_create", args=["330106"]),
             {"province_admin": 302, "hangzhou": 403, "xihu": 403, "ningbo_reporter": 404,
              "auditor": 403, "outsider": 404},
             data=lambda c: {"code": "330106001", "name": "北山街道"}),
    Endpoint("orgs:api_agencies", "GET", lambda c: "/api/v1/orgs/agencies", _all(200),
             api=True),
    Endpoint("orgs:api_regions", "GET", lambda c: "/api/v1/orgs/regions", _all(200), api=True),
    Endpoint("orgs:api_agency(xihu)", "GET",
             lambda c: f"/api/v1/orgs/agencies/{c.xihu_agency.pk}", XIHU_READ, api=True),
    Endpoint("orgs:api_agency_update(xihu)", "PUT",
             lambda c: f"/api/v1/orgs/agencies/{c.xihu_agency.pk}",
             {**XIHU_WRITE, "province_admin": 200, "hangzhou": 200, "xihu": 200},
             data=_agency_api, api=True),
    Endpoint("orgs:api_people", "GET", lambda c: "/api/v1/orgs/people", _all(200), api=True),
    Endpoint("orgs:api_person(xihu)", "GET",
             lambda c: f"/api/v1/orgs/people/{c.xihu_person.pk}", XIHU_READ, api=True),
    Endpoint("orgs:api_person_create(ningbo)", "POST", lambda c: "/api/v1/orgs/people",
             {"province_admin": 201, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 201,
              "auditor": 403, "outsider": 404},
             data=lambda c: {"agency_id": c.ningbo_agency.pk, "name": "王五",
                             "rank": "below_section"}, api=True),
]
