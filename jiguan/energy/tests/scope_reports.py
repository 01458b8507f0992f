"""The indicator pages, exports and API in the scope matrix."""

from __future__ import annotations

from django.urls import reverse

from jiguan.core.tests.test_scope_matrix import Endpoint

XIHU_READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 404,
             "auditor": 200, "outsider": 403}
NINGBO_READ = {"province_admin": 200, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 200,
               "auditor": 200, "outsider": 403}

# Everyone with a read role sees a roll-up of their own scope; the outsider has no perm.
ANY_READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 200,
            "auditor": 200, "outsider": 403}
# A region: visible to its bureaus and the province-wide roles, not found for the others.
HANGZHOU_REGION = {"province_admin": 200, "hangzhou": 200, "xihu": 404,
                   "ningbo_reporter": 404, "auditor": 200, "outsider": 403}

SCOPE_MATRIX: list[Endpoint] = [
    Endpoint("energy:dashboard", "GET", lambda c: reverse("energy:dashboard"), ANY_READ),
    Endpoint("energy:dashboard(hangzhou)", "GET",
             lambda c: reverse("energy:dashboard") + "?region=330100", HANGZHOU_REGION),
    Endpoint("energy:rollup", "GET", lambda c: reverse("energy:rollup"), ANY_READ),
    Endpoint("energy:rollup(hangzhou)", "GET",
             lambda c: reverse("energy:rollup") + "?region=330100", HANGZHOU_REGION),
    Endpoint("energy:rollup(by=department)", "GET",
             lambda c: reverse("energy:rollup") + "?by=department", ANY_READ),
    Endpoint("energy:rollup_export", "GET", lambda c: reverse("energy:rollup_export"),
             ANY_READ),
    Endpoint("energy:rollup_export(hangzhou,type)", "GET",
             lambda c: reverse("energy:rollup_export") + "?region=330100&by=type",
             HANGZHOU_REGION),
    Endpoint("energy:institution(xihu)", "GET",
             lambda c: reverse("energy:institution", args=[c.xihu_agency.pk]), XIHU_READ),
    Endpoint("energy:institution(ningbo)", "GET",
             lambda c: reverse("energy:institution", args=[c.ningbo_agency.pk]), NINGBO_READ),
    Endpoint("energy:api_rollup", "GET", lambda c: "/api/v1/energy/rollup/", ANY_READ,
             api=True),
    Endpoint("energy:api_rollup(hangzhou)", "GET",
             lambda c: "/api/v1/energy/rollup/?region=330100", HANGZHOU_REGION, api=True),
    Endpoint("energy:api_institution_indicators(xihu)", "GET",
             lambda c: f"/api/v1/energy/institutions/{c.xihu_agency.pk}/indicators/",
             XIHU_READ, api=True),
    Endpoint("energy:api_institution_indicators(ningbo)", "GET",
             lambda c: f"/api/v1/energy/institutions/{c.ningbo_agency.pk}/indicators/",
             NINGBO_READ, api=True),
]
