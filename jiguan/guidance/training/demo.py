"""Demo training (wired into `manage.py guidance_demo`): the yearly course for leaders
(领导干部培训) of last year and this year at the province, with leaders of the city and
county bureaus from the register as trainees, three days of sessions and attendance (most
complete, a few do not), and a business course of the first city. Through the real actions.
Deterministic for a given `rng`; does nothing when courses exist."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.guidance.training import actions, rules
from jiguan.guidance.training.models import Course
from jiguan.orgs.models import Person, PersonStatus


def _course(region: Region, organiser: str, kind: str, title: str, start: dt.date,
            rng: random.Random, size: int) -> Course:
    course = actions.course_create(data={
        "region": region, "organiser": organiser, "kind": kind, "title": title,
        "starts_on": start, "ends_on": start + dt.timedelta(days=2), "hours": Decimal(18),
        "place": "省委党校" if region.level == "province" else "市委党校",
        "required_share": Decimal("0.80")}, actor=None)
    sessions = [actions.session_add(course=course, on=start + dt.timedelta(days=d),
                                    hours=Decimal(6), topic=topic, actor=None)
                for d, topic in enumerate(("机关事务法规与政策", "办公用房与公务用车管理",
                                           "公共机构节能与后勤服务"))]
    found = Person.objects.filter(status=PersonStatus.SERVING, rank__in=rules.LEADER_RANKS,
                                  agency__region__path__startswith=region.path)
    if region.level == "province":  # the course for the leaders of the bureaus below
        found = found.exclude(agency__region=region)
    people = list(found.order_by("pk")[:400])
    trainees = [actions.trainee_add(course=course, person=p, actor=None)
                for p in rng.sample(people, min(size, len(people)))]
    for session in sessions:
        actions.attendance_set(session=session,
                               present=[t for t in trainees if rng.random() < 0.9], actor=None)
    return course


@transaction.atomic
def seed(rng: random.Random) -> int:
    if Course.objects.exists():
        return 0
    province = Region.objects.filter(level="province").order_by("code").first()
    if province is None:
        return 0
    today = timezone.localdate()
    made = 0
    for year in (today.year - 1, today.year):
        start = min(dt.date(year, 5, 12), today - dt.timedelta(days=3))
        _course(province, "浙江省机关事务管理局", "leaders",
                f"{year}年全省机关事务系统领导干部培训班", start, rng, 40)
        made += 1
    city = Region.objects.filter(level="city").order_by("code").first()
    if city is not None:
        _course(city, f"{city.name}机关事务管理局", "business",
                f"{today.year}年{city.name}机关事务业务培训班",
                min(dt.date(today.year, 6, 2), today - dt.timedelta(days=3)), rng, 20)
        made += 1
    return made
