"""Demo research: the province's 2017 topic on the reform of office-space management,
whose report won the national first prize, with its team (the bureau's people, Zhejiang
University and the research society), milestones, report and uses; and this year's topics
under way."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from jiguan.access.models import Region, User
from jiguan.access.roles import Role
from jiguan.governance.library.models import Rule
from jiguan.guidance.plans.models import Target
from jiguan.guidance.research import actions
from jiguan.orgs.models import Person


def _user(name: str) -> Any:
    """The demo's account, else (a database without it) a province administrator."""
    return (User.objects.filter(username=name).first()
            or User.objects.filter(grants__role=Role.PROVINCE_ADMIN,
                                   grants__region__code="330000").order_by("pk").first())


def _pdf(title: str) -> SimpleUploadedFile:
    body = f"%PDF-1.4\n% {title}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()
    return SimpleUploadedFile(f"{title}.pdf", body, content_type="application/pdf")


TOPICS = [
    (2024, "机关运行成本统计分析与控制研究", "财务处", "done"),
    (2025, "公共机构节能降碳路径研究", "节能处", "done"),
    (2026, "数字化赋能机关事务管理研究", "综合处", "active"),
    (2026, "机关事务标准化体系建设研究", "综合处", "proposed"),
]


def seed(rng: random.Random) -> str:
    province = Region.objects.filter(code="330000").first()
    if province is None:
        return "未找到省级区划，未生成"
    admin = _user("demo_admin")
    people = list(Person.objects.filter(agency__region=province).select_related("agency")
                  .order_by("pk")[:20])
    main = actions.topic_create(region=province, data={
        "year": 2017, "title": "党政机关办公用房管理体制改革研究", "division": "综合处",
        "status": "active",
        "summary": "围绕办公用房统一管理、统一配置、统一处置，研究管理体制改革路径。",
        "findings": "提出“统一权属、统一配置、统一处置、统一维修”的管理模式。"},
        actor=admin)
    for i, person in enumerate(rng.sample(people, min(3, len(people)))):
        actions.member_add(topic=main, person=person, role="lead" if i == 0 else "member",
                           actor=admin)
    actions.member_add(topic=main, name="王教授", organisation="浙江大学公共管理学院",
                       role="adviser", actor=admin)
    actions.member_add(topic=main, name="陈研究员", organisation="浙江省机关事务管理研究会",
                       actor=admin)
    for title, due, done in (("开题论证", dt.date(2017, 3, 31), dt.date(2017, 3, 28)),
                             ("实地调研", dt.date(2017, 6, 30), dt.date(2017, 7, 10)),
                             ("形成报告", dt.date(2017, 10, 31), dt.date(2017, 10, 25))):
        m = actions.milestone_add(topic=main, title=title, due=due, actor=admin)
        actions.milestone_done(milestone=m, done_on=done, actor=admin)
    actions.report_add(topic=main, title="党政机关办公用房管理体制改革研究报告",
                       upload=_pdf("办公用房管理体制改革研究报告"), actor=admin)
    actions.topic_update(topic=main, data={"status": "done"}, actor=admin)
    actions.award_add(topic=main, data={
        "level": "national", "rank": "first", "year": 2017, "body": "国家机关事务管理局",
        "name": "全国机关事务工作优秀调研成果"}, actor=admin)
    rule = Rule.objects.filter(region=province).order_by("issued_on", "pk").first()
    uses = 0
    if rule is not None:
        actions.use_add(topic=main, kind="rule", link_id=rule.pk,
                        note="研究成果吸收进办公用房管理制度", actor=admin)
        uses += 1
    target = Target.objects.filter(plan__region=province, indicator__contains="办公用房"
                                   ).order_by("plan__start_year").first()
    if target is not None:
        actions.use_add(topic=main, kind="target", link_id=target.pk,
                        note="研究建议纳入十四五规划指标", actor=admin)
        uses += 1
    made = 1
    for year, title, division, status in TOPICS:
        topic = actions.topic_create(region=province, data={
            "year": year, "title": title, "division": division, "status": "active"},
            actor=admin)
        actions.member_add(topic=topic, name="课题组", organisation="浙江省机关事务管理研究会",
                           actor=admin)
        actions.milestone_add(topic=topic, title="形成报告", due=dt.date(year, 11, 30),
                              actor=admin)
        if status == "done":
            actions.report_add(topic=topic, title=f"{title}报告", upload=_pdf(title),
                               actor=admin)
        if status != "active":
            actions.topic_update(topic=topic, data={"status": status}, actor=admin)
        made += 1
    return f"课题 {made} 个（含 2017 年国家级一等奖）、成果转化 {uses} 项"
