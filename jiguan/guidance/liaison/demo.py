"""Demo liaison (wired into `manage.py guidance_demo`): this year's liaison of three
provincial leaders with the cities (and one county each), and a visit per leader with the
issues raised, some answered, some open (a to-do of the visited bureau). Through the real
actions. Deterministic for a given `rng`; does nothing when assignments exist."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.guidance.liaison import actions
from jiguan.guidance.liaison.models import Assignment

LEADERS = (("陈建国", "局长"), ("王立新", "副局长"), ("李春华", "副局长"))
TOPICS = ("办公用房清理整改进展；公物仓建设", "公共机构节能目标完成情况；节水型单位建设",
          "公务用车平台运行；机关食堂服务保障")
ISSUES = ("老旧办公楼维修资金缺口较大，请省局协调专项资金",
          "县级公务用车平台数据与省平台对接尚未完成",
          "节水型单位建设标准中的计量要求请省局予以解释",
          "机关事务人员编制偏紧，请省局指导",
          "公物仓信息系统建设缺乏统一规范")


@transaction.atomic
def seed(rng: random.Random) -> int:
    if Assignment.objects.exists():
        return 0
    cities = list(Region.objects.filter(level="city").order_by("code"))
    if not cities:
        return 0
    today = timezone.localdate()
    made = 0
    for i, (name, post) in enumerate(LEADERS):
        mine = cities[i::len(LEADERS)]
        for city in mine:
            actions.assignment_create(year=today.year, region=city, leader_name=name,
                                      leader_post=post, actor=None)
            made += 1
        county = Region.objects.filter(parent=mine[0], level="county").order_by("code").first()
        if county is not None:
            actions.assignment_create(year=today.year, region=county, leader_name=name,
                                      leader_post=post, actor=None)
            made += 1
        visited_on = today - dt.timedelta(days=20 + 15 * i)
        visit = actions.visit_create(region=mine[0], visited_on=visited_on, leader_name=name,
                                     topics=TOPICS[i], issues=rng.sample(ISSUES, 2),
                                     actor=None, today=today)
        first = visit.issues.order_by("seq").first()
        if i != 1 and first is not None:
            actions.issue_answer(issue=first,
                                 answer="省局已研究，相关处室将于近期专题答复并跟踪落实。",
                                 answered_on=min(today, visited_on + dt.timedelta(days=10)),
                                 answered_by="省局综合处", actor=None, today=today)
    return made
