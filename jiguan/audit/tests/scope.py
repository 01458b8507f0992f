from django.urls import reverse

from jiguan.core.tests.test_scope_matrix import Endpoint

AUDIT_READ = {"province_admin": 200, "hangzhou": 403, "xihu": 403, "ningbo_reporter": 403,
              "auditor": 200, "outsider": 403}

SCOPE_MATRIX = [
    Endpoint("audit:event_list", "GET", lambda c: reverse("audit:event_list"), AUDIT_READ),
    Endpoint("audit:event_export", "GET", lambda c: reverse("audit:event_export"), AUDIT_READ),
    Endpoint("audit:api_events", "GET", lambda c: "/api/v1/audit/events", AUDIT_READ, api=True),
]
