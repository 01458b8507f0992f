"""Major decisions: the catalogue, a decision's steps, THE RULE (no collective discussion
without a passed legality review), the chief's decision after the discussion, dissent kept,
publication, archiving (.zip with its index sheet), the later evaluation's to-do, the
pages, the export and the API."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jiguan.conftest import Cast
from jiguan.governance.decisions import actions, queries
from jiguan.governance.decisions.models import (
    Decision,
    DecisionKind,
    DecisionStatus,
    DiscussionOpinion,
)
from jiguan.governance.reviews import actions as reviews
from jiguan.governance.reviews.models import Verdict
from jiguan.todo.models import Task

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
TODAY = dt.date.today()


def pdf(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make(cast: Cast, **over: Any) -> Decision:
    data: dict[str, Any] = {"agency": cast.xihu_agency, "title": "机关食堂社会化改革",
                            "kind": DecisionKind.BUSINESS, "amount": Decimal("3200000"),
                            "sponsor": "后勤服务处"}
    data.update(over)
    return actions.decision_create(data=data, actor=cast.xihu)


def settle_first_steps(cast: Cast, decision: Decision) -> None:
    actions.step_record(decision=decision, kind="participation", status="done",
                        on=TODAY, people="干部职工代表 30 人", outcome="收到意见 12 条，采纳 8 条",
                        upload=pdf("征求意见汇总.pdf"), document_title="征求意见汇总",
                        actor=cast.xihu)
    actions.step_record(decision=decision, kind="experts", status="na",
                        reason="不涉及专业性、技术性问题", actor=cast.xihu)
    actions.step_record(decision=decision, kind="risk", status="done", on=TODAY,
                        people="第三方评估机构", outcome="风险等级：低", actor=cast.xihu)


def pass_review(cast: Cast, decision: Decision) -> None:
    review = actions.review_submit(decision=decision, materials=[("决策草案", pdf("草案.pdf"))],
                                   actor=cast.xihu)
    reviews.opinion_add(review=review, item="是否符合法定权限", verdict=Verdict.LAWFUL,
                        actor=cast.province_admin)
    reviews.review_conclude(review=review, summary="合法", actor=cast.province_admin)


def discuss(cast: Cast, decision: Decision, positions: tuple[str, ...] = ("agree", "agree")
            ) -> Any:
    d = actions.discussion_open(decision=decision, meeting="局长办公会议", held_on=TODAY,
                                chair="王局长", attendees="王局长、李副局长、赵副局长",
                                actor=cast.xihu)
    for i, p in enumerate(positions):
        actions.opinion_add(discussion=d, speaker=f"成员{i + 1}", position=p,
                            text="" if p == "agree" else "投资过大，建议分期", actor=cast.xihu)
    return d


def test_catalogue_items_are_numbered_per_region_and_year(cast: Cast) -> None:
    region = cast.xihu_agency.region
    a = actions.catalogue_add(region=region, year=2026, title="机关食堂社会化改革",
                              kind="business", sponsor="后勤服务处", actor=cast.xihu)
    b = actions.catalogue_add(region=region, year=2026, title="办公用房维修", kind="construction",
                              sponsor="房产处", actor=cast.xihu)
    c = actions.catalogue_add(region=region, year=2027, title="x", kind="other", sponsor="y",
                              actor=cast.xihu)
    assert (a.seq, b.seq, c.seq) == (1, 2, 1)
    decision = make(cast, catalogue_item=a)
    assert decision.catalogue_item == a
    other = actions.catalogue_add(region=cast.ningbo_agency.region, year=2026, title="z",
                                  kind="other", sponsor="y", actor=cast.province_admin)
    with pytest.raises(ValidationError) as err:
        make(cast, catalogue_item=other)
    assert "catalogue_item" in err.value.message_dict


def test_an_amount_of_zero_or_below_is_refused(cast: Cast) -> None:
    for amount in (Decimal(0), Decimal(-5)):
        with pytest.raises(ValidationError) as err:
            make(cast, amount=amount)
        assert "金额应大于零" in err.value.message_dict["amount"][0]
    assert not Decision.objects.exists()
    assert make(cast, amount=None).amount is None  # a policy without an amount


def test_the_first_three_steps_come_before_the_review(cast: Cast) -> None:
    decision = make(cast)
    with pytest.raises(ValidationError, match="公众参与、专家论证、风险评估"):
        actions.review_submit(decision=decision, materials=[("草案", None)], actor=cast.xihu)
    with pytest.raises(ValidationError, match="理由"):
        actions.step_record(decision=decision, kind="risk", status="na", actor=cast.xihu)
    with pytest.raises(ValidationError, match="办理结果"):
        actions.step_record(decision=decision, kind="risk", status="done", on=TODAY,
                            actor=cast.xihu)
    with pytest.raises(ValidationError, match="不能标为不适用"):
        actions.step_record(decision=decision, kind="archive", status="na", reason="x",
                            actor=cast.xihu)
    settle_first_steps(cast, decision)
    actions.review_submit(decision=decision, materials=[("草案", None)], actor=cast.xihu)


def test_the_rule_no_discussion_without_a_passed_review(cast: Cast) -> None:
    decision = make(cast)
    settle_first_steps(cast, decision)
    kwargs = {"meeting": "局长办公会议", "held_on": TODAY, "chair": "王局长",
              "attendees": "王局长、李副局长", "actor": cast.xihu}
    with pytest.raises(ValidationError) as err:
        actions.discussion_open(decision=decision, **kwargs)  # type: ignore[arg-type]
    message = err.value.message_dict["meeting"][0]
    assert "未送请合法性审查" in message and "第二十五条" in message
    review = actions.review_submit(decision=decision, materials=[("草案", None)],
                                   actor=cast.xihu)
    with pytest.raises(ValidationError, match="合法性审查审查中"):
        actions.discussion_open(decision=decision, **kwargs)  # type: ignore[arg-type]
    reviews.opinion_add(review=review, item="内容", verdict=Verdict.UNLAWFUL, reasoning="超标准",
                        actor=cast.province_admin)
    reviews.review_conclude(review=review, summary="", actor=cast.province_admin)
    with pytest.raises(ValidationError, match="审查未通过"):
        actions.discussion_open(decision=decision, **kwargs)  # type: ignore[arg-type]
    assert not decision.discussions.exists()
    pass_review(cast, decision)
    assert actions.discussion_open(decision=decision, **kwargs).pk  # type: ignore[arg-type]


def test_the_rule_text_is_a_setting(cast: Cast, settings: Any) -> None:
    settings.JIGUAN_GOVERNANCE_DECISION_REVIEW_RULE = "《浙江省重大行政决策程序规定》第X条"
    decision = make(cast)
    with pytest.raises(ValidationError, match="浙江省重大行政决策程序规定"):
        actions.discussion_open(decision=decision, meeting="m", held_on=TODAY, chair="c",
                                attendees="a", actor=cast.xihu)


def test_the_chief_decides_after_the_discussion_never_before(cast: Cast) -> None:
    decision = make(cast)
    settle_first_steps(cast, decision)
    pass_review(cast, decision)
    with pytest.raises(ValidationError, match="尚未集体讨论"):
        actions.decide(decision=decision, decided_on=TODAY, decided_by="王局长", result="adopt",
                       actor=cast.xihu)
    d = actions.discussion_open(decision=decision, meeting="局长办公会议", held_on=TODAY,
                                chair="王局长", attendees="王局长、李副局长", actor=cast.xihu)
    with pytest.raises(ValidationError, match="尚未集体讨论"):  # no opinion recorded yet
        actions.decide(decision=decision, decided_on=TODAY, decided_by="王局长", result="adopt",
                       actor=cast.xihu)
    with pytest.raises(ValidationError, match="理由"):  # dissent without its reason
        actions.opinion_add(discussion=d, speaker="李副局长", position="disagree",
                            actor=cast.xihu)
    actions.opinion_add(discussion=d, speaker="李副局长", position="disagree",
                        text="投资过大", actor=cast.xihu)
    actions.opinion_add(discussion=d, speaker="赵副局长", position="disagree",
                        text="建议分期", actor=cast.xihu)
    with pytest.raises(ValidationError, match="早于集体讨论日期"):
        actions.decide(decision=decision, decided_on=TODAY - dt.timedelta(days=1),
                       decided_by="王局长", result="adopt", actor=cast.xihu)
    with pytest.raises(ValidationError, match="多数意见不一致"):
        actions.decide(decision=decision, decided_on=TODAY, decided_by="王局长",
                       result="adopt", actor=cast.xihu)
    done = actions.decide(decision=decision, decided_on=TODAY, decided_by="王局长",
                          result="adopt", text="分两期实施，理由：食堂设备已到报废年限",
                          actor=cast.xihu)
    assert done.status == DecisionStatus.DECIDED
    assert done.evaluate_on == TODAY + dt.timedelta(days=365)
    task = Task.objects.open().get(kind=actions.TASK_EVALUATION)
    assert task.due_date == done.evaluate_on
    # The dissent is kept, and no opinion is added after the decision.
    assert DiscussionOpinion.objects.filter(position="disagree").count() == 2
    with pytest.raises(ValidationError, match="决定已作出"):
        actions.opinion_add(discussion=d, speaker="x", position="agree", actor=cast.xihu)


def test_publication_archive_evaluation_and_the_zip(cast: Cast) -> None:
    decision = make(cast)
    settle_first_steps(cast, decision)
    with pytest.raises(ValidationError, match="作出决定后"):
        actions.step_record(decision=decision, kind="publication", status="done", on=TODAY,
                            outcome="x", actor=cast.xihu)
    pass_review(cast, decision)
    discuss(cast, decision)
    actions.decide(decision=decision, decided_on=TODAY, decided_by="王局长", result="adopt",
                   evaluate_on=TODAY + dt.timedelta(days=30), actor=cast.xihu)
    actions.document_add(decision=decision, step="discussion", title="会议纪要",
                         upload=pdf("纪要.pdf"), actor=cast.xihu)
    with pytest.raises(ValidationError, match="决策公布"):
        actions.step_record(decision=decision, kind="archive", status="done", on=TODAY,
                            outcome="x", actor=cast.xihu)
    actions.step_record(decision=decision, kind="publication", status="done", on=TODAY,
                        outcome="区政府网站公布", upload=pdf("公布文本.pdf"), actor=cast.xihu)
    actions.step_record(decision=decision, kind="archive", status="done", on=TODAY,
                        outcome="档案室归档", actor=cast.xihu)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ARCHIVED
    actions.step_record(decision=decision, kind="evaluation", status="done", on=TODAY,
                        outcome="达到预期", actor=cast.xihu)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.EVALUATED
    assert not Task.objects.open().filter(kind=actions.TASK_EVALUATION).exists()

    entries = queries.archive_entries(decision)
    assert [e.step for e in entries] == ["公众参与", "合法性审查", "集体讨论决定", "决策公布"]
    response = cast.client("auditor").get(reverse("governance:decision_archive",
                                                  args=[decision.pk]))
    assert response.status_code == 200
    zf = zipfile.ZipFile(io.BytesIO(response.content))
    names = zf.namelist()
    assert names[0].startswith("01_公众参与/") and names[-1] == "目录.xlsx"
    assert zf.read(names[0]) == PDF
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(zf.read("目录.xlsx"))) \
        .get_sheet_by_index(0).to_python()
    rows = sheet[3:]
    assert [r[1] for r in rows] == ["公众参与", "合法性审查", "集体讨论决定", "决策公布"]
    assert rows[0][6] == names[0]


def test_pages_list_export_and_scope(cast: Cast) -> None:
    decision = make(cast)
    xihu = cast.client("xihu")
    listed = xihu.get(reverse("governance:decision_list"), {"kind": "business"})
    assert listed.status_code == 200 and "机关食堂社会化改革" in listed.content.decode()
    assert "未送审" in listed.content.decode()
    page = xihu.get(reverse("governance:decision_detail", args=[decision.pk]))
    assert page.status_code == 200 and "step-link-participation" in page.content.decode()
    assert cast.client("ningbo_reporter").get(
        reverse("governance:decision_detail", args=[decision.pk])).status_code in (403, 404)
    hangzhou_agency_decision = make(cast, agency=cast.ningbo_agency, title="宁波事项")
    assert xihu.get(reverse("governance:decision_detail",
                            args=[hangzhou_agency_decision.pk])).status_code == 404
    export = xihu.get(reverse("governance:decision_export"), {"kind": "business"})
    assert export.status_code in (200, 302)
    # The form: a zero amount is refused on the field, nothing written.
    refused = xihu.post(reverse("governance:decision_create"), {
        "agency": cast.xihu_agency.pk, "title": "t", "kind": "other", "amount_wan": "0",
        "sponsor": "s"})
    assert refused.status_code == 422 and "金额应大于零" in refused.content.decode()
    # Discussion refused on the page with the rule cited.
    settle_first_steps(cast, decision)
    refused = xihu.post(reverse("governance:decision_discussion", args=[decision.pk]), {
        "meeting": "局长办公会议", "held_on": TODAY.isoformat(), "chair": "王局长",
        "attendees": "王局长"})
    assert refused.status_code == 422 and "第二十五条" in refused.content.decode()
    upload = xihu.post(reverse("governance:decision_step", args=[decision.pk, "risk"]), {
        "status": "done", "on": TODAY.isoformat(), "outcome": "低",
        "file": SimpleUploadedFile("a.exe", b"MZ\x90\x00", content_type="application/pdf")})
    assert upload.status_code == 422


def test_api_flow(cast: Cast) -> None:
    client = cast.client("xihu")

    def post(url: str, body: dict[str, Any]) -> Any:
        return client.post(url, json.dumps(body), content_type="application/json")

    created = post("/api/v1/governance/decisions", {
        "agency_id": cast.xihu_agency.pk, "title": "办公楼节能改造", "kind": "construction",
        "amount_wan": "850", "sponsor": "房产处"})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert Decimal(created.json()["amount"]) == Decimal("8500000")
    assert post("/api/v1/governance/decisions", {
        "agency_id": cast.xihu_agency.pk, "title": "x", "kind": "construction",
        "amount_wan": "-1", "sponsor": "y"}).status_code == 422
    for kind in ("participation", "experts", "risk"):
        assert post(f"/api/v1/governance/decisions/{pk}/steps/{kind}", {
            "status": "done", "on": TODAY.isoformat(), "outcome": "完成"}).status_code == 200
    refused = post(f"/api/v1/governance/decisions/{pk}/discussion", {
        "meeting": "局长办公会议", "held_on": TODAY.isoformat(), "chair": "王局长",
        "attendees": "王局长"})
    assert refused.status_code == 422
    assert "第二十五条" in json.dumps(refused.json(), ensure_ascii=False)
    assert post(f"/api/v1/governance/decisions/{pk}/review",
                {"materials": ["决策草案"]}).json()["review_status"] == "pending"
    got = client.get("/api/v1/governance/decisions", {"status": "draft"}).json()
    assert got["items"][0]["id"] == pk
    assert cast.client("ningbo_reporter").get(
        f"/api/v1/governance/decisions/{pk}").status_code in (403, 404)


def test_the_catalogue_exports_its_year_in_the_users_scope(cast: Cast) -> None:
    actions.catalogue_add(region=cast.xihu_agency.region, year=2026, title="机关食堂社会化改革",
                          kind="business", sponsor="后勤服务处", actor=cast.xihu)
    actions.catalogue_add(region=cast.xihu_agency.region, year=2025, title="上年事项",
                          kind="other", sponsor="办公室", actor=cast.xihu)
    actions.catalogue_add(region=cast.ningbo_agency.region, year=2026, title="宁波事项",
                          kind="other", sponsor="办公室", actor=cast.province_admin)
    page = cast.client("xihu").get(reverse("governance:catalogue_list"), {"year": 2026})
    assert 'data-testid="catalogue-export"' in page.content.decode()
    response = cast.client("xihu").get(reverse("governance:catalogue_export"), {"year": 2026})
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    rows = book.get_sheet_by_index(0).to_python()
    assert "2026 年" in rows[1][0]  # the filter line names the year
    titles = [row[3] for row in rows[3:]]
    assert titles == ["机关食堂社会化改革"]  # not last year's, not Ningbo's
    # a year that is not a number falls back to this year, never a 500
    assert cast.client("xihu").get(reverse("governance:catalogue_export"),
                                   {"year": "abc"}).status_code == 200
