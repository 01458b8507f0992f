"""The indicator pages, exports and API in the scope matrix."""

from __future__ import annotations

from django.urls import reverse

from jiguan.core.tests.test_scope_matrix import Endpoint

XIHU_READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 404,
             "auditor": 200, "outsider": 403}
NINGBO_READ = {"province_admin": 200, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 200,
               "auditor": 200, "outsider": 403}

SCOPE_MATRIX: list[Endpoint] = [
    Endpoint("energy:institution(xihu)", "GET",
             lambda c: reverse("energy:institution", args=[c.xihu_agency.pk]), XIHU_READ),
    Endpoint("energy:institution(ningbo)", "GET",
             lambda c: reverse("energy:institution", args=[c.ningbo_agency.pk]), NINGBO_READ),
]
