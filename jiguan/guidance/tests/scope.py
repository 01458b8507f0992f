"""This app's endpoints in the scope matrix (jiguan/core/tests/test_scope_matrix.py)."""

from __future__ import annotations

from django.urls import reverse

from jiguan.core.tests.test_scope_matrix import Endpoint

READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 403,
        "auditor": 200, "outsider": 403}

SCOPE_MATRIX = [
    Endpoint("guidance:home", "GET", lambda c: reverse("guidance:home"), READ),
]

# Meetings, training, liaison (branch meet16): their cases live in scope_meet16.py.
from jiguan.guidance.tests.scope_meet16 import MATRIX as MEET16_MATRIX  # noqa: E402

SCOPE_MATRIX += MEET16_MATRIX
