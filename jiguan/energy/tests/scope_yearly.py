"""The yearly statistical report in the scope matrix. The page and the download read only
what the user may see, so every role with a read grant gets 200 (a county bureau its
county, a reporter its institution: see test_yearly_pages.py); the outsider, with no grant,
gets 403. A region outside the scope is a message on the page, not a leak."""

from __future__ import annotations

from django.urls import reverse

from jiguan.core.tests.test_scope_matrix import Endpoint

READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 200,
        "auditor": 200, "outsider": 403}

SCOPE_MATRIX: list[Endpoint] = [
    Endpoint("energy:yearly_report", "GET", lambda c: reverse("energy:yearly_report"), READ,
             data=lambda c: {"year": "2025"}),
    Endpoint("energy:yearly_report:xihu", "GET", lambda c: reverse("energy:yearly_report"),
             READ, data=lambda c: {"year": "2025", "region": "330106"}),
    Endpoint("energy:yearly_report:bad", "GET", lambda c: reverse("energy:yearly_report"),
             READ, data=lambda c: {"year": "abc", "coefficient_set": "NOPE",
                                   "region": "9" * 30}),
    Endpoint("energy:yearly_report_download", "GET",
             lambda c: reverse("energy:yearly_report_download"), READ,
             data=lambda c: {"year": "2025", "coefficient_set": "SH-EQUIV-PRIMARY"}),
    Endpoint("energy:yearly_report_download:bad", "GET",
             lambda c: reverse("energy:yearly_report_download"), READ,
             data=lambda c: {"year": "9" * 30}),
]
