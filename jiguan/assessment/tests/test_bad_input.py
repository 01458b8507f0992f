"""Bad input of the issue, through the pages and the API (the actions' own refusals are in
test_flow.py): each a Chinese message naming the field, nothing half-written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jiguan.assessment.results.models import Appeal, Assessment, Evidence
from jiguan.assessment.schemes.models import SchemeStatus
from jiguan.assessment.tests import fixtures as fx
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast

pytestmark = pytest.mark.django_db
API = "/api/v1/assessment"


def test_points_within_a_group_not_summing_to_100_stop_publication(cast: Cast) -> None:
    scheme = fx.draft(cast, 2029)
    fx.indicator(scheme, "制度建设").delete()  # 办公用房管理 now holds 50 points
    client = cast.client("province_admin")
    page = client.get(reverse("assessment:scheme_detail", args=[scheme.pk])).content.decode()
    assert "指标组“办公用房管理”内各指标分值合计应为 100，现为 50" in page
    response = client.post(reverse("assessment:scheme_publish", args=[scheme.pk]),
                           {"regions": [fx.region("330100").pk]})
    assert response.status_code == 422
    assert "指标组“办公用房管理”内各指标分值合计应为 100，现为 50" in response.content.decode()
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.DRAFT and not Assessment.objects.exists()


def test_a_target_below_the_floor_is_refused_on_the_form(cast: Cast) -> None:
    scheme = fx.draft(cast, 2029)
    before = scheme.indicators.count()
    response = cast.client("province_admin").post(
        reverse("assessment:indicator_create", args=[scheme.pk]),
        {"group": scheme.groups.first().pk, "name": "车辆使用率", "kind": "computed",
         "weight": "10", "measure": "travel.vehicle_use_rate", "rule": "linear",
         "floor": "60", "target": "30"})
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors["target"] == ["该指标越大越好，目标值须高于起评值（60）"]
    assert scheme.indicators.count() == before


def test_a_score_beyond_the_indicators_points_on_the_review_page_and_the_api(cast: Cast
                                                                               ) -> None:
    scheme = fx.submitted_scheme(cast)
    manual = fx.hz_score(scheme, "工作创新")  # 40 points
    response = cast.client("province_admin").post(
        reverse("assessment:score_review", args=[manual.pk]),
        {"agree": "0", "points": "41", "reason": "评分"})
    assert response.status_code == 422
    assert response.context["form"].errors["points"] == ["分数不能超过该指标分值 40.00"]
    api = cast.client("province_admin").post(f"{API}/scores/{manual.pk}/review", {
        "agree": False, "points": "41", "reason": "评分"}, content_type="application/json")
    assert api.status_code == 422
    assert api.json()["errors"] == {"points": ["分数不能超过该指标分值 40.00"]}
    manual.refresh_from_db()
    assert manual.review_score is None
    assert not AuditEvent.objects.filter(event_type="assessment.score.reviewed").exists()


def test_a_self_score_beyond_the_points_through_the_api(cast: Cast) -> None:
    scheme = fx.published_scheme(cast)
    evidence = fx.hz_score(scheme, "制度建设")  # 50 points
    response = cast.client("hangzhou").post(f"{API}/scores/{evidence.pk}/self", {
        "points": "50.5", "note": "材料"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == {"points": ["分数不能超过该指标分值 50.00"]}
    evidence.refresh_from_db()
    assert evidence.self_score is None and evidence.self_note == ""


def test_an_appeal_after_its_deadline_on_the_page_and_the_api(cast: Cast) -> None:
    scheme = fx.results_scheme(cast)
    scheme.appeal_due = dt.date.today() - dt.timedelta(days=1)
    scheme.save(update_fields=["appeal_due"])
    score = fx.hz_score(scheme, "制度建设")
    message = f"申诉期已于 {scheme.appeal_due:%Y-%m-%d} 截止，不能再申诉"
    page = cast.client("hangzhou").post(reverse("assessment:score_appeal", args=[score.pk]),
                                        {"reason": "材料已补充"})
    assert page.status_code == 422 and message in page.content.decode()
    api = cast.client("hangzhou").post(f"{API}/scores/{score.pk}/appeal",
                                       {"reason": "材料已补充"}, content_type="application/json")
    assert api.status_code == 422 and api.json()["errors"] == {"__all__": [message]}
    assert not Appeal.objects.exists()


@pytest.mark.parametrize(("name", "content"), [
    ("工作说明.exe", b"MZ\x90\x00\x03\x00\x00\x00"),   # neither a document nor an image
    ("照片.png", b"not a png at all"),                 # named an image, not one inside
])
def test_evidence_that_is_not_a_document_or_image_is_refused_on_the_page(
        cast: Cast, name: str, content: bytes) -> None:
    scheme = fx.published_scheme(cast)
    evidence = fx.hz_score(scheme, "制度建设")
    response = cast.client("hangzhou").post(
        reverse("assessment:score_self", args=[evidence.pk]),
        {"points": "40", "note": "材料", "evidence": SimpleUploadedFile(name, content)})
    assert response.status_code == 422
    errors = response.context["form"].errors["evidence"]
    assert errors and name in errors[0]
    evidence.refresh_from_db()
    assert evidence.self_score is None and not Evidence.objects.filter(score=evidence).exists()
