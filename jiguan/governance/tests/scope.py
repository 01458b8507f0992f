"""The governance endpoints in the scope matrix (jiguan/core/tests/test_scope_matrix.py).

The objects are a Xihu rule (seen by the province, Hangzhou and Xihu; read by nobody in
Ningbo), the province's rule (read by every holder of view_rules: the libraries above are
read), and a Xihu clean-up campaign."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.core.tests.test_scope_matrix import Endpoint
from jiguan.governance.library import actions
from jiguan.governance.library.models import CleanupCampaign, Rule, RuleKind, RuleSubject


def _rule(c: Cast, code: str) -> Rule:
    return actions.rule_create(data={
        "region": Region.objects.get(code=code), "title": "测试办法", "issuer": "测试局",
        "number": f"测〔2020〕{code[-3:]}号", "kind": RuleKind.objects.get(name="内部管理制度"),
        "subject": RuleSubject.objects.get(name="会议")}, text="第一条 测试。",
        actor=c.province_admin)


def _xihu(c: Cast) -> Rule:
    return _rule(c, "330106")


def _province(c: Cast) -> Rule:
    return _rule(c, "330000")


def _attachment_url(c: Cast) -> str:
    rule = _xihu(c)
    att = actions.attachment_add(rule=rule, name="a.pdf", data=b"%PDF-1.4", actor=None)
    return reverse("governance:attachment_download", args=[rule.pk, att.pk])


def _campaign(c: Cast) -> CleanupCampaign:
    _xihu(c)
    return actions.campaign_open(region=Region.objects.get(code="330106"), year=2026,
                                 actor=c.province_admin)


def _status(c: Cast) -> dict[str, Any]:
    return {"status": "expired", "on": "2026-01-01", "document": "测〔2026〕1号"}


def _status_api(c: Cast) -> dict[str, Any]:
    return {"status": "expired", "on": "2026-01-01", "document": "测〔2026〕1号"}


def _decide(c: Cast) -> dict[str, Any]:
    return {"decision": "keep", "note": ""}


def _new_api(c: Cast) -> dict[str, Any]:
    return {"region_id": Region.objects.get(code="330106").pk, "title": "新办法",
            "issuer": "西湖区局", "number": "西机管〔2026〕9号", "kind": "内部管理制度",
            "subject": "会议"}


def _decide_url(c: Cast) -> str:
    campaign = _campaign(c)
    item = campaign.items.first()
    assert item is not None
    return reverse("governance:campaign_decide", args=[campaign.pk, item.pk])


ALL = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 200,
       "auditor": 200, "outsider": 403}
MANAGERS = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 403,
            "auditor": 403, "outsider": 403}
XIHU_READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 404,
             "auditor": 200, "outsider": 404}
XIHU_FORM = {**XIHU_READ, "auditor": 403}
XIHU_WRITE = {"province_admin": 302, "hangzhou": 302, "xihu": 302, "ningbo_reporter": 404,
              "auditor": 403, "outsider": 404}
PROVINCE_READ = {**ALL, "outsider": 404}
PROVINCE_WRITE = {"province_admin": 302, "hangzhou": 403, "xihu": 403, "ningbo_reporter": 403,
                  "auditor": 403, "outsider": 404}
# The kind and subject lists are the province's (manage_rules over the province itself).
VOCAB_WRITE = {"province_admin": 302, "hangzhou": 403, "xihu": 403, "ningbo_reporter": 403,
               "auditor": 403, "outsider": 403}
CAMPAIGN_READ = {**XIHU_READ}
CAMPAIGN_WRITE = {**XIHU_WRITE}


def _url(name: str, obj: Any = None) -> Any:
    return lambda c: reverse(f"governance:{name}", args=[obj(c).pk] if obj else [])


SCOPE_MATRIX = [
    Endpoint("governance:rule_list", "GET", _url("rule_list"), ALL),
    Endpoint("governance:rule_list(q)", "GET", _url("rule_list"), ALL,
             data=lambda c: {"q": "测试", "year": "2020"}),
    Endpoint("governance:rule_export", "GET", _url("rule_export"), ALL),
    Endpoint("governance:counts", "GET", _url("counts"), ALL),
    Endpoint("governance:vocabularies", "GET", _url("vocabularies"), ALL),
    Endpoint("governance:vocabulary_add", "POST",
             lambda c: reverse("governance:vocabulary_add", args=["subjects"]), VOCAB_WRITE,
             data=lambda c: {"name": "新增主题", "order": "5"}),
    Endpoint("governance:vocabulary_edit", "POST",
             lambda c: reverse("governance:vocabulary_edit",
                               args=["kinds", RuleKind.objects.order_by("pk")[0].pk]),
             VOCAB_WRITE, data=lambda c: {"name": "改名后的类别", "order": "1"}),
    Endpoint("governance:policy", "GET", _url("policy"), ALL),
    Endpoint("governance:ending", "GET", _url("ending"), ALL),
    Endpoint("governance:campaign_list", "GET", _url("campaign_list"), ALL),
    Endpoint("governance:rule_create", "GET", _url("rule_create"), MANAGERS),
    Endpoint("governance:rule_detail(xihu)", "GET", _url("rule_detail", _xihu), XIHU_READ),
    Endpoint("governance:rule_detail(province)", "GET", _url("rule_detail", _province),
             PROVINCE_READ),
    Endpoint("governance:rule_edit(xihu)", "GET", _url("rule_edit", _xihu), XIHU_FORM),
    Endpoint("governance:rule_text(xihu)", "GET", _url("rule_text", _xihu), XIHU_FORM),
    Endpoint("governance:rule_attach(xihu)", "GET", _url("rule_attach", _xihu), XIHU_FORM),
    Endpoint("governance:rule_relate(xihu)", "GET", _url("rule_relate", _xihu), XIHU_FORM),
    Endpoint("governance:attachment_download(xihu)", "GET", _attachment_url, XIHU_READ),
    Endpoint("governance:rule_status(xihu)", "POST", _url("rule_status", _xihu), XIHU_WRITE,
             data=_status),
    Endpoint("governance:rule_status(province)", "POST", _url("rule_status", _province),
             PROVINCE_WRITE, data=_status),
    Endpoint("governance:campaign_detail(xihu)", "GET", _url("campaign_detail", _campaign),
             CAMPAIGN_READ),
    Endpoint("governance:campaign_decide(xihu)", "POST", _decide_url, CAMPAIGN_WRITE,
             data=_decide),
    Endpoint("governance:api_rules", "GET", lambda c: "/api/v1/governance/rules", ALL,
             api=True),
    Endpoint("governance:api_counts", "GET", lambda c: "/api/v1/governance/rules/counts", ALL,
             api=True),
    Endpoint("governance:api_rule(xihu)", "GET",
             lambda c: f"/api/v1/governance/rules/{_xihu(c).pk}", XIHU_READ, api=True),
    Endpoint("governance:api_create(xihu)", "POST", lambda c: "/api/v1/governance/rules",
             {**MANAGERS, "province_admin": 201, "hangzhou": 201, "xihu": 201},
             data=_new_api, api=True),
    Endpoint("governance:api_status(xihu)", "POST",
             lambda c: f"/api/v1/governance/rules/{_xihu(c).pk}/status",
             {**XIHU_WRITE, "province_admin": 200, "hangzhou": 200, "xihu": 200},
             data=_status_api, api=True),
]


# --- legality reviews (branch `decisions`) ---------------------------------------------------
# A Xihu review (seen by the province, Hangzhou, Xihu and the province's auditor); only the
# holders of review_legality (the province administrator here) write its opinions.

def _review(c: Cast) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jiguan.governance.reviews import actions as reviews
    from jiguan.governance.reviews.models import SubjectKind

    upload = SimpleUploadedFile("草案.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    return reviews.review_submit(kind=SubjectKind.DECISION, subject=_xihu(c), title="测试决策",
                                 url="", region=Region.objects.get(code="330106"), agency=None,
                                 materials=[("草案", upload)], actor=c.province_admin)


def _review_with_opinion(c: Cast) -> Any:
    from jiguan.governance.reviews import actions as reviews

    review = _review(c)
    reviews.opinion_add(review=review, item="权限", verdict="lawful", actor=c.province_admin)
    return review


def _opinion(c: Cast) -> dict[str, Any]:
    return {"item": "是否符合法定权限", "verdict": "lawful"}


def _material_url(c: Cast) -> str:
    review = _review(c)
    material = review.materials.get(seq=1)
    return reverse("governance:review_material", args=[review.pk, material.pk])


REVIEW_LIST = {**ALL, "ningbo_reporter": 403}
REVIEW_WRITE = {"province_admin": 302, "hangzhou": 403, "xihu": 403, "ningbo_reporter": 404,
                "auditor": 403, "outsider": 404}
REVIEW_API_WRITE = {**REVIEW_WRITE, "province_admin": 200}

SCOPE_MATRIX += [
    Endpoint("governance:review_list", "GET", _url("review_list"), REVIEW_LIST),
    Endpoint("governance:review_list(overdue)", "GET", _url("review_list"), REVIEW_LIST,
             data=lambda c: {"overdue": "on", "kind": "decision", "status": "pending"}),
    Endpoint("governance:review_detail(xihu)", "GET", _url("review_detail", _review),
             XIHU_READ),
    Endpoint("governance:review_material(xihu)", "GET", _material_url, XIHU_READ),
    Endpoint("governance:review_opinion(xihu)", "POST", _url("review_opinion", _review),
             REVIEW_WRITE, data=_opinion),
    Endpoint("governance:review_conclude(xihu)", "POST",
             _url("review_conclude", _review_with_opinion), REVIEW_WRITE,
             data=lambda c: {"summary": "合法"}),
    Endpoint("governance:api_reviews", "GET", lambda c: "/api/v1/governance/reviews",
             REVIEW_LIST, api=True),
    Endpoint("governance:api_review(xihu)", "GET",
             lambda c: f"/api/v1/governance/reviews/{_review(c).pk}", XIHU_READ, api=True),
    Endpoint("governance:api_review_opinion(xihu)", "POST",
             lambda c: f"/api/v1/governance/reviews/{_review(c).pk}/opinions",
             REVIEW_API_WRITE, data=_opinion, api=True),
    Endpoint("governance:api_review_conclude(xihu)", "POST",
             lambda c: f"/api/v1/governance/reviews/{_review_with_opinion(c).pk}/conclude",
             REVIEW_API_WRITE, data=lambda c: {"summary": "合法"}, api=True),
]

# Major contracts (branch `contracts`).
from jiguan.governance.tests.scope_contracts import CONTRACTS_MATRIX  # noqa: E402

SCOPE_MATRIX += CONTRACTS_MATRIX

# --- major decisions (branch `decisions`) ----------------------------------------------------
# A decision of the Xihu agency: read by the province, Hangzhou, Xihu and the auditor, run by
# the three bureaus; Ningbo's reporter and the outsider get 404 (403 on the lists).

def _decision(c: Cast) -> Any:
    from jiguan.governance.decisions import actions as decisions

    return decisions.decision_create(data={
        "agency": c.xihu_agency, "title": "测试决策", "kind": "business", "sponsor": "后勤处"},
        actor=c.province_admin)


def _discussed(c: Cast) -> Any:
    import datetime as dt

    from jiguan.governance.decisions import actions as decisions
    from jiguan.governance.reviews import actions as reviews

    decision = _decision(c)
    for kind in ("participation", "experts", "risk"):
        decisions.step_record(decision=decision, kind=kind, status="na", reason="不适用",
                              actor=c.province_admin)
    review = decisions.review_submit(decision=decision, materials=[("草案", None)],
                                     actor=c.province_admin)
    reviews.opinion_add(review=review, item="权限", verdict="lawful", actor=c.province_admin)
    reviews.review_conclude(review=review, summary="", actor=c.province_admin)
    decisions.discussion_open(decision=decision, meeting="局长办公会议", held_on=dt.date.today(),
                              chair="王局长", attendees="王局长", actor=c.province_admin)
    return decision


def _decision_url(name: str, *extra: str) -> Any:
    return lambda c: reverse(f"governance:{name}", args=[_decision(c).pk, *extra])


def _opinion_url(c: Cast) -> str:
    decision = _discussed(c)
    return reverse("governance:decision_opinion",
                   args=[decision.pk, decision.discussions.get().pk])


def _document_url(c: Cast) -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jiguan.governance.decisions import actions as decisions

    decision = _decision(c)
    doc = decisions.document_add(decision=decision, step="participation", title="汇总",
                                 upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"),
                                 actor=c.province_admin)
    return reverse("governance:decision_document_download", args=[decision.pk, doc.pk])


def _step(c: Cast) -> dict[str, Any]:
    return {"status": "na", "reason": "不涉及专业性问题"}


def _meeting(c: Cast) -> dict[str, Any]:
    import datetime as dt

    return {"meeting": "局长办公会议", "held_on": dt.date.today().isoformat(),
            "chair": "王局长", "attendees": "王局长"}


def _new_decision(c: Cast) -> dict[str, Any]:
    return {"agency_id": c.xihu_agency.pk, "title": "新决策", "kind": "policy",
            "sponsor": "办公室"}


DECISION_API_WRITE = {**XIHU_WRITE, "province_admin": 200, "hangzhou": 200, "xihu": 200}
DECISION_REFUSED = {**XIHU_WRITE, "province_admin": 422, "hangzhou": 422, "xihu": 422}

SCOPE_MATRIX += [
    Endpoint("governance:decision_list", "GET", _url("decision_list"), REVIEW_LIST),
    Endpoint("governance:decision_list(filters)", "GET", _url("decision_list"), REVIEW_LIST,
             data=lambda c: {"q": "测试", "year": "2026", "kind": "business",
                             "status": "draft"}),
    Endpoint("governance:decision_export", "GET", _url("decision_export"), REVIEW_LIST),
    Endpoint("governance:catalogue_list", "GET", _url("catalogue_list"), REVIEW_LIST),
    Endpoint("governance:catalogue_export", "GET",
             lambda c: reverse("governance:catalogue_export") + "?year=2026", REVIEW_LIST),
    Endpoint("governance:decision_create", "GET", _url("decision_create"), MANAGERS),
    Endpoint("governance:decision_detail(xihu)", "GET", _decision_url("decision_detail"),
             XIHU_READ),
    Endpoint("governance:decision_archive(xihu)", "GET", _decision_url("decision_archive"),
             XIHU_READ),
    Endpoint("governance:decision_document_download(xihu)", "GET", _document_url, XIHU_READ),
    Endpoint("governance:decision_step(xihu)", "GET",
             _decision_url("decision_step", "experts"), XIHU_FORM),
    Endpoint("governance:decision_step(xihu) POST", "POST",
             _decision_url("decision_step", "experts"), XIHU_WRITE, data=_step),
    Endpoint("governance:decision_document(xihu)", "GET", _decision_url("decision_document"),
             XIHU_FORM),
    Endpoint("governance:decision_review(xihu)", "GET", _decision_url("decision_review"),
             XIHU_FORM),
    Endpoint("governance:decision_discussion(xihu)", "GET",
             _decision_url("decision_discussion"), XIHU_FORM),
    Endpoint("governance:decision_discussion(xihu) POST refused", "POST",
             _decision_url("decision_discussion"),
             {**XIHU_WRITE, "province_admin": 422, "hangzhou": 422, "xihu": 422},
             data=_meeting),
    Endpoint("governance:decision_opinion(xihu)", "POST", _opinion_url, XIHU_WRITE,
             data=lambda c: {"speaker": "李副局长", "position": "agree"}),
    Endpoint("governance:decision_decide(xihu)", "GET", _decision_url("decision_decide"),
             XIHU_FORM),
    Endpoint("governance:api_decisions", "GET", lambda c: "/api/v1/governance/decisions",
             REVIEW_LIST, api=True),
    Endpoint("governance:api_catalogue", "GET",
             lambda c: "/api/v1/governance/decisions/catalogue", REVIEW_LIST, api=True),
    Endpoint("governance:api_decision(xihu)", "GET",
             lambda c: f"/api/v1/governance/decisions/{_decision(c).pk}", XIHU_READ, api=True),
    Endpoint("governance:api_decision_create(xihu)", "POST",
             lambda c: "/api/v1/governance/decisions",
             {**MANAGERS, "province_admin": 201, "hangzhou": 201, "xihu": 201},
             data=_new_decision, api=True),
    Endpoint("governance:api_decision_step(xihu)", "POST",
             lambda c: f"/api/v1/governance/decisions/{_decision(c).pk}/steps/experts",
             DECISION_API_WRITE, data=_step, api=True),
    Endpoint("governance:api_decision_review(xihu)", "POST",
             lambda c: f"/api/v1/governance/decisions/{_decision(c).pk}/review",
             DECISION_REFUSED, data=lambda c: {"materials": ["草案"]}, api=True),
    Endpoint("governance:api_decision_discussion(xihu)", "POST",
             lambda c: f"/api/v1/governance/decisions/{_decision(c).pk}/discussion",
             DECISION_REFUSED, data=_meeting, api=True),
    Endpoint("governance:api_decision_opinion(xihu)", "POST",
             lambda c: (lambda d: f"/api/v1/governance/decisions/{d.pk}/discussions/"
                                  f"{d.discussions.get().pk}/opinions")(_discussed(c)),
             DECISION_API_WRITE, data=lambda c: {"speaker": "李副局长", "position": "agree"},
             api=True),
    Endpoint("governance:api_decision_decide(xihu)", "POST",
             lambda c: f"/api/v1/governance/decisions/{_decision(c).pk}/decide",
             DECISION_REFUSED, data=lambda c: {"decided_on": "2026-01-01",
                                               "decided_by": "王局长", "result": "adopt"},
             api=True),
]
