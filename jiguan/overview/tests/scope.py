"""This app's endpoints in the scope matrix (jiguan/core/tests/test_scope_matrix.py)."""

from __future__ import annotations

from django.urls import reverse

from jiguan.core.tests.test_scope_matrix import Endpoint

READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 403,
        "auditor": 200, "outsider": 403}

SCOPE_MATRIX = [
    Endpoint("overview:home", "GET", lambda c: reverse("overview:home"), READ),
]
