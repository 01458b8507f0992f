"""This app's endpoints in the scope matrix (jiguan/core/tests/test_scope_matrix.py).

The province (province_admin) keeps the scheme and reviews; Hangzhou's bureau staff
self-evaluate Hangzhou and appeal; Xihu (a county under Hangzhou) reads the province's
scheme but not Hangzhou's scores; the auditor reads everything and writes nothing; the
Ningbo reporter and the outsider hold no assessment permission."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from jiguan.assessment.results import actions
from jiguan.assessment.results.models import Evidence
from jiguan.assessment.tests import fixtures as fx
from jiguan.conftest import Cast
from jiguan.core.tests.test_scope_matrix import Endpoint

READ_LIST = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 403,
             "auditor": 200, "outsider": 403}
SCHEME_READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 404,
               "auditor": 200, "outsider": 404}
SCHEME_MANAGE = {"province_admin": 302, "hangzhou": 403, "xihu": 403, "ningbo_reporter": 404,
                 "auditor": 403, "outsider": 404}
HANGZHOU_READ = {"province_admin": 200, "hangzhou": 200, "xihu": 404, "ningbo_reporter": 404,
                 "auditor": 200, "outsider": 404}
HANGZHOU_SELF = {"province_admin": 403, "hangzhou": 302, "xihu": 404, "ningbo_reporter": 404,
                 "auditor": 403, "outsider": 404}
HANGZHOU_MANAGE = {"province_admin": 302, "hangzhou": 403, "xihu": 404, "ningbo_reporter": 404,
                   "auditor": 403, "outsider": 404}
CREATE = {"province_admin": 302, "hangzhou": 302, "xihu": 403, "ningbo_reporter": 403,
          "auditor": 403, "outsider": 403}


def _export(codes: dict[str, int]) -> dict[str, int]:
    """A list export checks the permission before it looks for the row: who holds no
    assessment permission is refused (403) before the row could be missing (404)."""
    return {**codes, "ningbo_reporter": 403, "outsider": 403}


def _api(codes: dict[str, int], ok: int = 200) -> dict[str, int]:
    return {k: (ok if v == 302 else v) for k, v in codes.items()}


def hz(scheme: Any, name: str) -> int:
    return int(fx.hz_score(scheme, name).pk)


def _appeal(c: Cast) -> Any:
    s = fx.hz_score(fx.results_scheme(c), "工作创新")
    if not hasattr(s, "appeal"):
        actions.appeal_file(score=s, reason="理由", actor=c.hangzhou)
    return s.appeal


def _scheme_form(c: Cast) -> dict[str, Any]:
    return {"year": 2040, "self_eval_due": "2041-01-31", "review_due": "2041-02-28",
            "appeal_days": 10, "bonus_cap": 5, "penalty_cap": 10}


API = "/api/v1/assessment"

SCOPE_MATRIX = [
    Endpoint("assessment:home", "GET", lambda c: reverse("assessment:home"), READ_LIST),
    Endpoint("assessment:scheme_create", "POST", lambda c: reverse("assessment:scheme_create"),
             CREATE, data=_scheme_form),
    Endpoint("assessment:scheme_detail", "GET",
             lambda c: reverse("assessment:scheme_detail",
                               args=[fx.published_scheme(c).pk]), SCHEME_READ),
    Endpoint("assessment:group_create", "POST",
             lambda c: reverse("assessment:group_create",
                               args=[fx.draft_scheme(c).pk]), SCHEME_MANAGE,
             data=lambda c: {"name": "新组", "weight": "10"}),
    Endpoint("assessment:indicator_create", "POST",
             lambda c: reverse("assessment:indicator_create",
                               args=[fx.draft_scheme(c).pk]), SCHEME_MANAGE,
             data=lambda c: {"name": "加分", "kind": "bonus", "weight": "1"}),
    Endpoint("assessment:indicator_delete", "POST",
             lambda c: reverse("assessment:indicator_delete",
                               args=[fx.indicator(fx.draft_scheme(c), "获国家表彰").pk]),
             SCHEME_MANAGE),
    Endpoint("assessment:scheme_publish", "POST",
             lambda c: reverse("assessment:scheme_publish",
                               args=[fx.draft_scheme(c).pk]), SCHEME_MANAGE,
             data=lambda c: {"regions": [fx.region("330100").pk]}),
    Endpoint("assessment:scheme_compute", "POST",
             lambda c: reverse("assessment:scheme_compute", args=[fx.published_scheme(c).pk]),
             SCHEME_MANAGE),
    Endpoint("assessment:results_publish", "POST",
             lambda c: reverse("assessment:results_publish", args=[fx.published_scheme(c).pk]),
             SCHEME_MANAGE),
    Endpoint("assessment:scheme_close", "POST",
             lambda c: reverse("assessment:scheme_close",
                               args=[fx.results_scheme(c).pk]), SCHEME_MANAGE),
    Endpoint("assessment:ranking", "GET",
             lambda c: reverse("assessment:ranking", args=[fx.results_scheme(c).pk]), SCHEME_READ),
    Endpoint("assessment:ranking_export", "GET",
             lambda c: reverse("assessment:ranking_export",
                               args=[fx.results_scheme(c).pk]), SCHEME_READ),
    Endpoint("assessment:assessment_detail(hangzhou)", "GET",
             lambda c: reverse("assessment:assessment_detail",
                               args=[fx.published_scheme(c).assessments.get().pk]), HANGZHOU_READ),
    Endpoint("assessment:score_self(hangzhou)", "POST",
             lambda c: reverse("assessment:score_self",
                               args=[hz(fx.published_scheme(c), "制度建设")]),
             HANGZHOU_SELF, data=lambda c: {"points": "40", "note": "材料"}),
    Endpoint("assessment:assessment_submit(hangzhou)", "POST",
             lambda c: reverse("assessment:assessment_submit",
                               args=[fx.published_scheme(c).assessments.get().pk]), HANGZHOU_SELF),
    Endpoint("assessment:score_review(hangzhou)", "POST",
             lambda c: reverse("assessment:score_review",
                               args=[hz(fx.submitted_scheme(c), "工作创新")]),
             HANGZHOU_MANAGE, data=lambda c: {"agree": "0", "points": "30", "reason": "评分"}),
    Endpoint("assessment:assessment_review_finish(hangzhou)", "POST",
             lambda c: reverse("assessment:assessment_review_finish",
                               args=[fx.submitted_scheme(c).assessments.get().pk]),
             HANGZHOU_MANAGE),
    Endpoint("assessment:score_appeal(hangzhou)", "POST",
             lambda c: reverse("assessment:score_appeal",
                               args=[hz(fx.results_scheme(c), "制度建设")]),
             HANGZHOU_SELF, data=lambda c: {"reason": "理由"}),
    Endpoint("assessment:appeal_answer(hangzhou)", "POST",
             lambda c: reverse("assessment:appeal_answer", args=[_appeal(c).pk]),
             HANGZHOU_MANAGE, data=lambda c: {"upheld": "0", "answer": "不成立"}),
    Endpoint("assessment:evidence_download(hangzhou)", "GET",
             lambda c: reverse("assessment:evidence_download", args=[
                 Evidence.objects.filter(score__assessment__scheme=fx.submitted_scheme(c)).get().pk]),
             HANGZHOU_READ),
    Endpoint("assessment:scheme_export", "GET", lambda c: reverse("assessment:scheme_export"),
             READ_LIST),
    Endpoint("assessment:indicator_export", "GET",
             lambda c: reverse("assessment:indicator_export")
             + f"?scheme={fx.published_scheme(c).pk}", _export(SCHEME_READ)),
    Endpoint("assessment:bureau_export", "GET",
             lambda c: reverse("assessment:bureau_export")
             + f"?scheme={fx.published_scheme(c).pk}", _export(SCHEME_READ)),
    Endpoint("assessment:score_export(hangzhou)", "GET",
             lambda c: reverse("assessment:score_export")
             + f"?assessment={fx.published_scheme(c).assessments.get().pk}",
             _export(HANGZHOU_READ)),
    # API
    Endpoint("assessment:api_schemes", "GET", lambda c: f"{API}/schemes", READ_LIST, api=True),
    Endpoint("assessment:api_scheme", "GET", lambda c: f"{API}/schemes/{fx.published_scheme(c).pk}",
             SCHEME_READ, api=True),
    Endpoint("assessment:api_assessments", "GET",

             lambda c: f"{API}/schemes/{fx.published_scheme(c).pk}/assessments", SCHEME_READ,
             api=True),
    Endpoint("assessment:api_assessment(hangzhou)", "GET",

             lambda c: f"{API}/assessments/{fx.published_scheme(c).assessments.get().pk}",
             HANGZHOU_READ,
             api=True),
    Endpoint("assessment:api_self(hangzhou)", "POST",
             lambda c: f"{API}/scores/{hz(fx.published_scheme(c), '制度建设')}/self",
             _api(HANGZHOU_SELF), api=True, data=lambda c: {"points": "40", "note": "材料"}),
    Endpoint("assessment:api_review(hangzhou)", "POST",
             lambda c: f"{API}/scores/{hz(fx.submitted_scheme(c), '工作创新')}/review",
             _api(HANGZHOU_MANAGE), api=True,
             data=lambda c: {"agree": False, "points": "30", "reason": "评分"}),
    Endpoint("assessment:api_appeal(hangzhou)", "POST",
             lambda c: f"{API}/scores/{hz(fx.results_scheme(c), '制度建设')}/appeal",
             _api(HANGZHOU_SELF, 201), api=True, data=lambda c: {"reason": "理由"}),
]
