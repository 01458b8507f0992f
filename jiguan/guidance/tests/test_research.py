"""Research: the topic's actions and refusals (a report that is not a document, a person
outside the register, a link outside the scope, an award out of its years), the pages,
the export and the demo."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.guidance.research import actions
from jiguan.guidance.research.models import Award, Topic
from jiguan.guidance.tests import plans_fixtures as pfx

pytestmark = pytest.mark.django_db


def test_report_must_be_a_document(cast: Cast) -> None:
    topic = pfx.topic(cast)
    fake = SimpleUploadedFile("照片.png", b"\x89PNG\r\n\x1a\n0000", content_type="image/png")
    with pytest.raises(ValidationError) as exc:
        actions.report_add(topic=topic, title="照片", upload=fake, actor=cast.province_admin)
    assert "照片.png" in " ".join(exc.value.messages)
    assert topic.reports.count() == 1


def test_report_upload_page_refuses_in_chinese(cast: Cast) -> None:
    topic = pfx.topic(cast)
    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = cast.client("hangzhou").post(
        reverse("guidance:research_report_add", args=[topic.pk]), {"title": "x", "file": exe})
    assert response.status_code == 422
    assert "tool.exe" in response.content.decode()


def test_members_from_the_register_or_outside(cast: Cast) -> None:
    topic = pfx.topic(cast)
    m = actions.member_add(topic=topic, person=cast.xihu_person, role="lead",
                           actor=cast.hangzhou)
    assert m.name == "张三" and m.organisation == cast.xihu_agency.name and not m.is_external
    with pytest.raises(ValidationError) as exc:
        actions.member_add(topic=topic, person=cast.ningbo_person, actor=cast.hangzhou)
    assert "不在本地区在册人员中" in exc.value.message_dict["person"][0]
    with pytest.raises(ValidationError, match="外部成员的姓名和所在单位"):
        actions.member_add(topic=topic, name="王教授", actor=cast.hangzhou)
    outside = actions.member_add(topic=topic, name="王教授", organisation="浙江大学",
                                 actor=cast.hangzhou)
    assert outside.is_external


def test_milestones_and_finishing_needs_a_report(cast: Cast) -> None:
    topic = actions.topic_create(region=pfx.region("330100"), data={
        "year": 2026, "title": "无报告课题", "status": "active"}, actor=cast.hangzhou)
    with pytest.raises(ValidationError) as exc:
        actions.topic_update(topic=topic, data={"status": "done"}, actor=cast.hangzhou)
    assert "调研报告" in exc.value.message_dict["status"][0]
    m = actions.milestone_add(topic=topic, title="开题", due=dt.date(2026, 3, 1),
                              actor=cast.hangzhou)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        actions.milestone_done(milestone=m, done_on=dt.date(2099, 1, 1), actor=cast.hangzhou)
    with pytest.raises(ValidationError, match="2026 年前后"):
        actions.milestone_add(topic=topic, title="远", due=dt.date(2030, 1, 1),
                              actor=cast.hangzhou)


def test_award_years_and_levels(cast: Cast) -> None:
    topic = pfx.topic(cast)
    award = actions.award_add(topic=topic, data={"level": "national", "rank": "first",
                                                 "year": 2026, "body": "国管局"},
                              actor=cast.hangzhou)
    assert str(award) == "国家级一等奖（2026）"
    with pytest.raises(ValidationError) as exc:
        actions.award_add(topic=topic, data={"level": "city", "rank": "first", "year": 2020,
                                             "body": "市政府"}, actor=cast.hangzhou)
    assert "获奖年度" in exc.value.message_dict["year"][0]


def test_uses_link_only_what_the_actor_sees(cast: Cast) -> None:
    topic = pfx.topic(cast, "330106")
    hz_target = pfx.target(cast, "330100")
    with pytest.raises(ValidationError) as exc:
        actions.use_add(topic=topic, kind="target", link_id=hz_target.pk, actor=cast.xihu)
    assert "不在您的查看范围内" in exc.value.message_dict["link"][0]
    use = actions.use_add(topic=pfx.topic(cast), kind="target", link_id=hz_target.pk,
                          note="纳入规划", actor=cast.hangzhou)
    assert use.target == hz_target and use.linked == hz_target
    with pytest.raises(ValidationError, match="已登记"):
        actions.use_add(topic=pfx.topic(cast), kind="target", link_id=hz_target.pk,
                        actor=cast.hangzhou)
    assert AuditEvent.objects.filter(event_type="guidance.research.use_added").count() == 1


def test_list_filters_and_export(cast: Cast) -> None:
    pfx.topic(cast)
    client = cast.client("hangzhou")
    page = client.get(reverse("guidance:research_list"), {"year": 2026}).content.decode()
    assert "测试课题" in page
    none = client.get(reverse("guidance:research_list"), {"year": 2019}).content.decode()
    assert "测试课题" not in none
    bad = client.get(reverse("guidance:research_list"), {"year": "abc"})
    assert bad.status_code == 200 and "年度格式不正确" in bad.content.decode()
    response = client.get(reverse("guidance:research_export"), {"year": 2026})
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    cells = [v for row in book.get_sheet_by_index(0).to_python() for v in row]
    assert "测试课题" in cells


def test_xihu_does_not_see_hangzhou_topics(cast: Cast) -> None:
    pfx.topic(cast)
    assert not Topic.objects.visible_to(cast.xihu).exists()
    assert Topic.objects.visible_to(cast.hangzhou).exists()


def test_demo_seeds_plans_and_the_2017_national_first_prize(cast: Cast) -> None:
    out = io.StringIO()
    call_command("guidance_demo", "--seed", "1", stdout=out)
    assert "发展规划" in out.getvalue() and "调查研究" in out.getvalue()
    award = Award.objects.get(topic__year=2017)
    assert (award.level, award.rank, award.year) == ("national", "first", 2017)
    again = io.StringIO()
    call_command("guidance_demo", stdout=again)
    assert "未生成" in again.getvalue()
