"""The yearly statistical report in the scope matrix. The page and the download read only
what the user may see, so every role with a read grant gets 200 (a county bureau its
county, a reporter its institution: see test_yearly_pages.py); the outsider, with no grant,
gets 403. A region outside the scope is a message on the page, not a leak. A background
job (made here for the Xihu bureau) is its owner's alone: anyone else gets 404."""

from __future__ import annotations

from django.urls import reverse

from jiguan.conftest import Cast
from jiguan.core.tests.test_scope_matrix import Endpoint
from jiguan.energy.reports import tasks as yearly_jobs

READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 200,
        "auditor": 200, "outsider": 403}
QUEUE = {**READ, **dict.fromkeys(("province_admin", "hangzhou", "xihu", "ningbo_reporter",
                                  "auditor"), 302)}
OWNER = {"province_admin": 404, "hangzhou": 404, "xihu": 200, "ningbo_reporter": 404,
         "auditor": 404, "outsider": 403}
XIHU_TOKEN = "0123456789abcdef0123456789abcdef"


def _xihu_job(c: Cast) -> str:
    """A finished report of the Xihu bureau (idempotent)."""
    if not yearly_jobs.job_state(c.xihu.pk, XIHU_TOKEN):
        yearly_jobs.queue(user=c.xihu, token=XIHU_TOKEN, year=2025, set_code="",
                          region_code="", scope_label="西湖区")
    return XIHU_TOKEN


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
    Endpoint("energy:yearly_report_generate", "POST",
             lambda c: reverse("energy:yearly_report_generate"), QUEUE,
             data=lambda c: {"year": "2025"}),
    Endpoint("energy:yearly_report_job", "GET",
             lambda c: reverse("energy:yearly_report_job", args=[_xihu_job(c)]), OWNER),
    Endpoint("energy:yearly_report_file", "GET",
             lambda c: reverse("energy:yearly_report_file", args=[_xihu_job(c)]), OWNER),
]
