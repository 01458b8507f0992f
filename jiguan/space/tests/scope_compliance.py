"""The compliance pages in the scope matrix (jiguan/core/tests/test_scope_matrix.py).

Not collected by itself: the space app's tests/scope.py adds ``COMPLIANCE_MATRIX`` to its
``SCOPE_MATRIX``.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from jiguan.core.tests.test_scope_matrix import Endpoint
from jiguan.orgs.models import Agency
from jiguan.space.compliance.models import Finding, FindingKind, FindingStatus


def make_finding(agency: Agency, status: str = FindingStatus.OPEN,
                 kind: str = FindingKind.AGENCY_OVER_APPROVED) -> Finding:
    """A finding on an agency (as the recompute would write it)."""
    now = timezone.now()
    path = agency.region.path
    parts = path.strip("/").split("/")
    return Finding.objects.create(
        kind=kind, key=f"{kind}:agency:{agency.pk}", region=agency.region, region_path=path,
        city_code=parts[1] if len(parts) > 1 else "",
        county_code=parts[2] if len(parts) > 2 else "", agency=agency,
        measure=Decimal(10), detail=f"{agency.name} 超出核定面积 10 m²", status=status,
        first_seen_at=now, last_seen_at=now)


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
# 整改中: the agency (CHANGE_OCCUPANTS) or its bureau; the auditor only reads.
NINGBO_START = {"province_admin": 302, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 302,
                "auditor": 403, "outsider": 404}
# 核验: the bureau only (VERIFY_RECTIFICATION).
XIHU_VERIFY = {"province_admin": 302, "hangzhou": 302, "xihu": 302, "ningbo_reporter": 404,
               "auditor": 403, "outsider": 404}


def _url(name: str, *args: object) -> str:
    return reverse(f"space_compliance:{name}", args=args)


COMPLIANCE_MATRIX = [
    Endpoint("space:compliance_rollup", "GET", lambda c: _url("rollup"), _all(200)),
    Endpoint("space:compliance_rollup(hangzhou)", "GET",
             lambda c: _url("rollup") + "?region=330100",
             {**_all(200), "xihu": 404, "ningbo_reporter": 404}),
    Endpoint("space:compliance_rollup_export", "GET", lambda c: _url("rollup_export"),
             _all(200)),
    Endpoint("space:compliance_findings", "GET", lambda c: _url("finding_list"), _all(200)),
    Endpoint("space:compliance_finding_export", "GET", lambda c: _url("finding_export"),
             _all(200)),
    Endpoint("space:compliance_finding(xihu)", "GET",
             lambda c: _url("finding_detail", make_finding(c.xihu_agency).pk), XIHU_READ),
    Endpoint("space:compliance_finding(ningbo)", "GET",
             lambda c: _url("finding_detail", make_finding(c.ningbo_agency).pk), NINGBO_READ),
    Endpoint("space:compliance_finding_start(ningbo)", "POST",
             lambda c: _url("finding_start", make_finding(c.ningbo_agency).pk), NINGBO_START,
             data=lambda c: {"note": "已腾退多余用房"}),
    Endpoint("space:compliance_finding_verify(xihu)", "POST",
             lambda c: _url("finding_verify",
                            make_finding(c.xihu_agency, FindingStatus.FIXED).pk), XIHU_VERIFY),
    Endpoint("space:compliance_agency_report(xihu)", "GET",
             lambda c: _url("agency_report", c.xihu_agency.pk), XIHU_READ),
    Endpoint("space:compliance_agency_report(ningbo)", "GET",
             lambda c: _url("agency_report", c.ningbo_agency.pk), NINGBO_READ),
    Endpoint("space:compliance_recompute(xihu)", "POST", lambda c: _url("recompute"),
             {"province_admin": 302, "hangzhou": 302, "xihu": 302, "ningbo_reporter": 404,
              "auditor": 403, "outsider": 404},
             data=lambda c: {"region": "330106"}),
]


# The API (/api/v1/space/compliance/): the same scope; a write answers 200, not 302.
API = "/api/v1/space/compliance"


def _ok(expect: dict[str, int]) -> dict[str, int]:
    return {who: 200 if code == 302 else code for who, code in expect.items()}


COMPLIANCE_MATRIX += [
    Endpoint("space:api_compliance_rollup", "GET", lambda c: f"{API}/rollup", _all(200),
             api=True),
    Endpoint("space:api_compliance_rollup(hangzhou)", "GET",
             lambda c: f"{API}/rollup?region=330100",
             {**_all(200), "xihu": 404, "ningbo_reporter": 404}, api=True),
    Endpoint("space:api_compliance_findings", "GET", lambda c: f"{API}/findings", _all(200),
             api=True),
    Endpoint("space:api_compliance_finding(xihu)", "GET",
             lambda c: f"{API}/findings/{make_finding(c.xihu_agency).pk}", XIHU_READ,
             api=True),
    Endpoint("space:api_compliance_finding(ningbo)", "GET",
             lambda c: f"{API}/findings/{make_finding(c.ningbo_agency).pk}", NINGBO_READ,
             api=True),
    Endpoint("space:api_compliance_finding_start(ningbo)", "POST",
             lambda c: f"{API}/findings/{make_finding(c.ningbo_agency).pk}/start",
             _ok(NINGBO_START), data=lambda c: {"note": "已腾退多余用房"}, api=True),
    Endpoint("space:api_compliance_finding_verify(xihu)", "POST",
             lambda c: f"{API}/findings/"
                       f"{make_finding(c.xihu_agency, FindingStatus.FIXED).pk}/verify",
             _ok(XIHU_VERIFY), api=True),
]
