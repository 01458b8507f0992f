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
# plans16: the five-year plan and research ------------------------------------------------
from jiguan.guidance.tests import plans_fixtures as pfx  # noqa: E402

HZ_READ = {"province_admin": 200, "hangzhou": 200, "xihu": 404, "ningbo_reporter": 404,
           "auditor": 200, "outsider": 404}
HZ_MANAGE = {"province_admin": 302, "hangzhou": 302, "xihu": 404, "ningbo_reporter": 404,
             "auditor": 403, "outsider": 404}
HZ_MANAGE_GET = {k: (200 if v == 302 else v) for k, v in HZ_MANAGE.items()}
PLAN_CREATE = {"province_admin": 302, "hangzhou": 302, "xihu": 403, "ningbo_reporter": 403,
               "auditor": 403, "outsider": 403}
TOPIC_CREATE = {**PLAN_CREATE, "xihu": 302}
API = "/api/v1/guidance"


def _api(codes: dict[str, int], ok: int = 200) -> dict[str, int]:
    return {k: (ok if v == 302 else v) for k, v in codes.items()}


SCOPE_MATRIX += [
    Endpoint("guidance:plan_list", "GET", lambda c: reverse("guidance:plan_list"), READ),
    Endpoint("guidance:plan_list_export", "GET", lambda c: reverse("guidance:plan_list_export"),
             READ),
    Endpoint("guidance:plan_create", "POST", lambda c: reverse("guidance:plan_create"),
             PLAN_CREATE, data=lambda c: {"name": "十五五", "start_year": 2026,
                                          "end_year": 2030}),
    Endpoint("guidance:plan_detail", "GET",
             lambda c: reverse("guidance:plan_detail", args=[pfx.plan(c).pk]), HZ_READ),
    Endpoint("guidance:plan_edit", "POST",
             lambda c: reverse("guidance:plan_edit", args=[pfx.plan(c).pk]), HZ_MANAGE,
             data=lambda c: {"name": "十四五", "start_year": 2021, "end_year": 2025,
                             "baseline_year": 2020}),
    Endpoint("guidance:plan_export", "GET",
             lambda c: reverse("guidance:plan_export", args=[pfx.plan(c).pk]), HZ_READ),
    Endpoint("guidance:target_create", "POST",
             lambda c: reverse("guidance:target_create", args=[pfx.plan(c).pk]), HZ_MANAGE,
             data=lambda c: {"indicator": "新指标", "source": "reported", "direction": "lower",
                             "baseline_value": "10", "target_value": "5"}),
    Endpoint("guidance:plan_review", "POST",
             lambda c: reverse("guidance:plan_review", args=[pfx.plan(c).pk]), HZ_MANAGE,
             data=lambda c: {"reviewed_on": "2023-09-30", "text": "总体符合进度"}),
    Endpoint("guidance:plan_check", "POST",
             lambda c: reverse("guidance:plan_check", args=[pfx.plan(c).pk]), HZ_MANAGE),
    Endpoint("guidance:target_detail", "GET",
             lambda c: reverse("guidance:target_detail", args=[pfx.target(c).pk]), HZ_READ),
    Endpoint("guidance:target_edit", "POST",
             lambda c: reverse("guidance:target_edit", args=[pfx.target(c).pk]), HZ_MANAGE,
             data=lambda c: {"indicator": "标准化试点单位", "source": "reported",
                             "direction": "higher", "baseline_value": "10",
                             "target_value": "40"}),
    Endpoint("guidance:target_report", "POST",
             lambda c: reverse("guidance:target_report", args=[pfx.target(c).pk]), HZ_MANAGE,
             data=lambda c: {"year": 2022, "value": "15"}),
    Endpoint("guidance:research_list", "GET", lambda c: reverse("guidance:research_list"),
             READ),
    Endpoint("guidance:research_export", "GET", lambda c: reverse("guidance:research_export"),
             READ),
    Endpoint("guidance:research_create", "POST", lambda c: reverse("guidance:research_create"),
             TOPIC_CREATE, data=lambda c: {"year": 2026, "title": "新课题", "status": "proposed"}),
    Endpoint("guidance:research_detail", "GET",
             lambda c: reverse("guidance:research_detail", args=[pfx.topic(c).pk]), HZ_READ),
    Endpoint("guidance:research_edit", "POST",
             lambda c: reverse("guidance:research_edit", args=[pfx.topic(c).pk]), HZ_MANAGE,
             data=lambda c: {"year": 2026, "title": "测试课题", "status": "active"}),
    Endpoint("guidance:research_member_add", "POST",
             lambda c: reverse("guidance:research_member_add", args=[pfx.topic(c).pk]),
             HZ_MANAGE, data=lambda c: {"name": "王教授", "organisation": "浙江大学",
                                        "role": "adviser"}),
    Endpoint("guidance:research_milestone_add", "POST",
             lambda c: reverse("guidance:research_milestone_add", args=[pfx.topic(c).pk]),
             HZ_MANAGE, data=lambda c: {"title": "中期", "due": "2026-06-30"}),
    Endpoint("guidance:research_milestone_done", "POST",
             lambda c: reverse("guidance:research_milestone_done", args=[pfx.milestone(c).pk]),
             HZ_MANAGE, data=lambda c: {"done_on": "2026-03-01"}),
    Endpoint("guidance:research_report_add", "GET",
             lambda c: reverse("guidance:research_report_add", args=[pfx.topic(c).pk]),
             HZ_MANAGE_GET),
    Endpoint("guidance:research_report", "GET",
             lambda c: reverse("guidance:research_report", args=[pfx.report(c).pk]), HZ_READ),
    Endpoint("guidance:research_award_add", "POST",
             lambda c: reverse("guidance:research_award_add", args=[pfx.topic(c).pk]),
             HZ_MANAGE, data=lambda c: {"level": "city", "rank": "first", "year": 2026,
                                        "body": "杭州市人民政府"}),
    Endpoint("guidance:research_use_add", "POST",
             lambda c: reverse("guidance:research_use_add", args=[pfx.topic(c).pk]),
             HZ_MANAGE, data=lambda c: {"kind": "target", "link": f"target:{pfx.target(c).pk}"}),
    # API
    Endpoint("guidance:api_plans", "GET", lambda c: f"{API}/plans", READ, api=True),
    Endpoint("guidance:api_plan", "GET", lambda c: f"{API}/plans/{pfx.plan(c).pk}", HZ_READ,
             api=True),
    Endpoint("guidance:api_plan_create", "POST", lambda c: f"{API}/plans",
             _api(PLAN_CREATE, 201), api=True,
             data=lambda c: {"name": "十五五", "start_year": 2026, "end_year": 2030}),
    Endpoint("guidance:api_target", "GET", lambda c: f"{API}/targets/{pfx.target(c).pk}",
             HZ_READ, api=True),
    Endpoint("guidance:api_target_create", "POST",
             lambda c: f"{API}/plans/{pfx.plan(c).pk}/targets", _api(HZ_MANAGE, 201),
             api=True, data=lambda c: {"indicator": "新指标", "baseline_value": "1",
                                       "target_value": "2"}),
    Endpoint("guidance:api_target_values", "POST",
             lambda c: f"{API}/targets/{pfx.target(c).pk}/values", _api(HZ_MANAGE),
             api=True, data=lambda c: {"year": 2022, "value": "15"}),
    Endpoint("guidance:api_plan_check", "POST",
             lambda c: f"{API}/plans/{pfx.plan(c).pk}/check", _api(HZ_MANAGE), api=True),
    Endpoint("guidance:api_topics", "GET", lambda c: f"{API}/research/topics", READ,
             api=True),
    Endpoint("guidance:api_topic", "GET",
             lambda c: f"{API}/research/topics/{pfx.topic(c).pk}", HZ_READ, api=True),
    Endpoint("guidance:api_topic_create", "POST", lambda c: f"{API}/research/topics",
             _api(TOPIC_CREATE, 201), api=True,
             data=lambda c: {"year": 2026, "title": "新课题"}),
    Endpoint("guidance:api_topic_member", "POST",
             lambda c: f"{API}/research/topics/{pfx.topic(c).pk}/members",
             _api(HZ_MANAGE, 201), api=True,
             data=lambda c: {"name": "王教授", "organisation": "浙江大学"}),
    Endpoint("guidance:api_topic_milestone", "POST",
             lambda c: f"{API}/research/topics/{pfx.topic(c).pk}/milestones",
             _api(HZ_MANAGE, 201), api=True,
             data=lambda c: {"title": "中期", "due": "2026-06-30"}),
    Endpoint("guidance:api_topic_award", "POST",
             lambda c: f"{API}/research/topics/{pfx.topic(c).pk}/awards",
             _api(HZ_MANAGE, 201), api=True,
             data=lambda c: {"level": "city", "rank": "first", "year": 2026,
                             "body": "杭州市人民政府"}),
    Endpoint("guidance:api_topic_use", "POST",
             lambda c: f"{API}/research/topics/{pfx.topic(c).pk}/uses",
             _api(HZ_MANAGE, 201), api=True,
             data=lambda c: {"kind": "target", "link_id": pfx.target(c).pk}),
]
