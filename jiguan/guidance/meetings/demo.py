"""Demo meetings (wired into `manage.py guidance_demo`): the yearly provincial work
conference of last year and this year, every city invited, two people per city from the
register, a report as material, and decisions for cities — some done, some open, one past
its due date (flagged, a to-do of its city). Through the real actions (audit rows, to-dos).
Deterministic for a given `rng`; does nothing when meetings exist."""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.guidance.meetings import actions
from jiguan.guidance.meetings.models import Meeting
from jiguan.orgs.models import Person, PersonStatus

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DECISIONS = ("全面完成党政机关办公用房清理整改", "推进公共机构节约能源资源示范单位创建",
             "建立公务用车平台运行监测机制", "开展机关事务标准化建设试点",
             "完成本地区机关事务工作“十五五”规划编制")


@transaction.atomic
def seed(rng: random.Random) -> int:
    if Meeting.objects.exists():
        return 0
    province = Region.objects.filter(level="province").order_by("code").first()
    if province is None:
        return 0
    cities = list(Region.objects.filter(level="city").order_by("code"))
    today = timezone.localdate()
    made = 0
    for year in (today.year - 1, today.year):
        start = dt.date(year, 3, 10)
        if start > today:
            start = today - dt.timedelta(days=2)
        meeting = actions.meeting_create(data={
            "region": province, "kind": "conference", "title": f"{year}年全省机关事务工作会议",
            "starts_on": start, "ends_on": start + dt.timedelta(days=1), "place": "杭州",
            "note": "总结上年工作，部署本年度全省机关事务重点任务。"}, invited=cities, actor=None)
        for invitation in meeting.invitations.select_related("region"):
            people = list(Person.objects.filter(
                status=PersonStatus.SERVING,
                agency__region__path__startswith=invitation.region.path)
                .select_related("agency").order_by("agency_id", "pk")[:20])
            for person in rng.sample(people, min(2, len(people))):
                actions.attendee_add(invitation=invitation, person=person, actor=None)
        actions.material_add(meeting=meeting, title="全省机关事务工作报告",
                             upload=SimpleUploadedFile(f"{year}年工作报告.pdf", PDF), actor=None)
        for i, text in enumerate(rng.sample(DECISIONS, 3)):
            city = rng.choice(cities) if cities else province
            due = start + dt.timedelta(days=90 * (i + 1))
            decision = actions.decision_add(meeting=meeting, text=text, responsible=city,
                                            due_on=due, actor=None)
            if year < today.year and i < 2:
                done_on = min(due, today)
                actions.decision_progress(decision=decision, on=done_on,
                                          text="已按期完成，报省局备案", done=True,
                                          actor=None, today=today)
        made += 1
    return made
