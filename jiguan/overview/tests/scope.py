"""This app's endpoints in the scope matrix (jiguan/core/tests/test_scope_matrix.py)."""

from __future__ import annotations

from django.urls import reverse

from jiguan.core.tests.test_scope_matrix import Endpoint

READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 403,
        "auditor": 200, "outsider": 403}
# Ningbo's board: the province sees it; Hangzhou and Xihu do not (404, as a missing region).
NINGBO = {"province_admin": 200, "hangzhou": 404, "xihu": 404, "ningbo_reporter": 403,
          "auditor": 200, "outsider": 403}
# Hangzhou's board: Xihu's bureau sees only its district.
HANGZHOU = {"province_admin": 200, "hangzhou": 200, "xihu": 404, "ningbo_reporter": 403,
            "auditor": 200, "outsider": 403}
API = "/api/v1/overview/"

SCOPE_MATRIX = [
    Endpoint("overview:home", "GET", lambda c: reverse("overview:home"), READ),
    Endpoint("overview:home-ningbo", "GET",
             lambda c: reverse("overview:home") + "?region=330200&figure=orgs.people", NINGBO),
    Endpoint("overview:home-hangzhou", "GET",
             lambda c: reverse("overview:home") + "?region=330100", HANGZHOU),
    Endpoint("overview:export", "GET", lambda c: reverse("overview:export"), READ),
    Endpoint("overview:export-ningbo", "GET",
             lambda c: reverse("overview:export") + "?region=330200", NINGBO),
    Endpoint("overview:api", "GET", lambda c: API, READ, api=True),
    Endpoint("overview:api-ningbo", "GET", lambda c: API + "?region=330200&year=2025",
             NINGBO, api=True),
    Endpoint("overview:api-hangzhou", "GET", lambda c: API + "?region=330100", HANGZHOU,
             api=True),
]
