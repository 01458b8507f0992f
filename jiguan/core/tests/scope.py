"""The import pages in the scope matrix (jiguan/core/tests/test_scope_matrix.py)."""

from django.urls import reverse

from jiguan.conftest import Cast
from jiguan.core.models import ImportJob, ImportStatus
from jiguan.core.tests.test_scope_matrix import Endpoint


def _xihu_job(c: Cast) -> ImportJob:
    return ImportJob.objects.create(kind="orgs.agency", filename="单位.xlsx",
                                    status=ImportStatus.INVALID, created_by=c.xihu)


# Agencies are imported by those who may change agencies; people also by agency reporters.
AGENCY_IMPORT = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 403,
                 "auditor": 403, "outsider": 403}
PERSON_IMPORT = {**AGENCY_IMPORT, "ningbo_reporter": 200}
# A job is seen by its uploader only.
OWN_JOB = {"province_admin": 404, "hangzhou": 404, "xihu": 200, "ningbo_reporter": 404,
           "auditor": 404, "outsider": 404}

SCOPE_MATRIX = [
    Endpoint("imports:start(agency)", "GET", lambda c: reverse("imports:start",
                                                                 args=["orgs.agency"]),
             AGENCY_IMPORT),
    Endpoint("imports:template(agency)", "GET",
             lambda c: reverse("imports:template", args=["orgs.agency"]), AGENCY_IMPORT),
    Endpoint("imports:start(person)", "GET", lambda c: reverse("imports:start",
                                                                 args=["orgs.person"]),
             PERSON_IMPORT),
    Endpoint("imports:job(xihu)", "GET", lambda c: reverse("imports:job", args=[_xihu_job(c).pk]),
             OWN_JOB),
    Endpoint("imports:progress(xihu)", "GET",
             lambda c: reverse("imports:progress", args=[_xihu_job(c).pk]),
             {**OWN_JOB, "xihu": 302}),  # a finished job sends the poller to its page
    Endpoint("imports:confirm(xihu)", "POST",
             lambda c: reverse("imports:confirm", args=[_xihu_job(c).pk]),
             {**OWN_JOB, "xihu": 302}),
]
