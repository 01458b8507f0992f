"""A small scheme for the tests: two groups, two computed indicators (office-space
rectification, linear; water-saving share, rank), an evidence and a manual indicator, a
bonus and a penalty item; published for Hangzhou and Ningbo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jiguan.access.models import Region
from jiguan.assessment.results import actions as result_actions
from jiguan.assessment.schemes import actions
from jiguan.assessment.schemes.models import Indicator, Scheme
from jiguan.conftest import Cast
from jiguan.space.compliance.models import Finding, FindingKind, FindingStatus

D = Decimal
YEAR = 2026
_keys = count(1)


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def finding(code: str, status: str = FindingStatus.OPEN,
            kind: str = FindingKind.OVER_STANDARD, measure: str = "10") -> Finding:
    r = region(code)
    now = timezone.now()
    codes = r.path.strip("/").split("/")
    return Finding.objects.create(
        kind=kind, key=f"test-{next(_keys)}", region=r, region_path=r.path,
        city_code=codes[1] if len(codes) > 1 else "",
        county_code=codes[2] if len(codes) > 2 else "",
        detail="测试", status=status, measure=Decimal(measure), first_seen_at=now,
        last_seen_at=now)


def draft(c: Cast, year: int = YEAR) -> Scheme:
    scheme = actions.scheme_create(region=region("330000"), year=year, data={
        "self_eval_due": dt.date(year + 1, 1, 31), "review_due": dt.date(year + 1, 2, 28),
        "appeal_days": 10, "bonus_cap": Decimal(2), "penalty_cap": Decimal(4)},
        actor=c.province_admin)
    space = actions.group_add(scheme=scheme, name="办公用房管理", weight=Decimal(60), order=1,
                              actor=c.province_admin)
    energy = actions.group_add(scheme=scheme, name="节约能源资源", weight=Decimal(40), order=2,
                               actor=c.province_admin)
    add = lambda **d: actions.indicator_add(scheme=scheme, data=d, actor=c.province_admin)  # noqa: E731
    add(group=space, name="整改完成率", kind="computed", weight=Decimal(50),
        measure="space.rectification_rate", rule="linear", floor=Decimal(0),
        target=Decimal(100))
    add(group=space, name="制度建设", kind="evidence", weight=Decimal(50), criteria="有制度得满分")
    add(group=energy, name="节水型单位建成率", kind="computed", weight=Decimal(60),
        measure="energy.water_saving_share", rule="rank", last_share=Decimal(60))
    add(group=energy, name="工作创新", kind="manual", weight=Decimal(40))
    add(name="获国家表彰", kind="bonus", weight=Decimal(3))
    add(name="发生违纪问题", kind="penalty", weight=Decimal(5))
    return scheme


def published(c: Cast, codes: tuple[str, ...] = ("330100", "330200"), year: int = YEAR
              ) -> Scheme:
    scheme = draft(c, year)
    return result_actions.scheme_publish(scheme=scheme, regions=[region(x) for x in codes],
                                         actor=c.province_admin)


def indicator(scheme: Scheme, name: str) -> Indicator:
    return scheme.indicators.get(name=name)


def score(scheme: Scheme, code: str, name: str) -> Any:
    a = scheme.assessments.get(region__code=code)
    return a.scores.select_related("indicator", "assessment__scheme").get(indicator__name=name)


# Schemes in each state, one per year (the scope matrix and the page tests), Hangzhou alone.
def staged(c: Cast, year: int, state: str) -> Scheme:
    found = Scheme.objects.filter(year=year).first()
    if found:
        return found
    if state == "draft":
        return draft(c, year)
    scheme = published(c, ("330100",), year=year)
    if state in ("submitted", "results"):
        own = score(scheme, "330100", "制度建设")
        result_actions.self_evaluate(score=own, points=D(40), note="材料",
                                     files=[SimpleUploadedFile("材料.pdf", b"%PDF-1.4\n")],
                                     actor=c.hangzhou)
        result_actions.submit(assessment=own.assessment, actor=c.hangzhou)
    if state == "results":
        result_actions.review(score=score(scheme, "330100", "工作创新"), agree=False,
                              points=D(30), reason="评分", actor=c.province_admin)
        result_actions.review(score=score(scheme, "330100", "制度建设"), agree=True,
                              points=None, reason="", actor=c.province_admin)
        result_actions.review_finish(assessment=scheme.assessments.get(),
                                     actor=c.province_admin)
        result_actions.publish_results(scheme=scheme, actor=c.province_admin)
    return scheme


def draft_scheme(c: Cast) -> Scheme:
    return staged(c, 2030, "draft")


def published_scheme(c: Cast) -> Scheme:
    return staged(c, 2031, "published")


def submitted_scheme(c: Cast) -> Scheme:
    return staged(c, 2032, "submitted")


def results_scheme(c: Cast) -> Scheme:
    return staged(c, 2033, "results")


def hz_score(scheme: Scheme, name: str) -> Any:
    return score(scheme, "330100", name)


PDF = b"%PDF-1.4\n%%EOF\n"


def ningbo_staff() -> Any:
    from jiguan.access.models import Grant, User
    from jiguan.access.roles import Role

    user, created = User.objects.get_or_create(username="ningbo_staff",
                                               defaults={"full_name": "宁波"})
    if created:
        Grant.objects.create(user=user, role=Role.BUREAU_STAFF, region=region("330200"))
    return user


def self_submit(scheme: Scheme, code: str, user: Any) -> None:
    result_actions.self_evaluate(score=score(scheme, code, "制度建设"), points=D(45),
                                 note="已建立制度",
                                 files=[SimpleUploadedFile("制度汇编.pdf", PDF)], actor=user)
    result_actions.submit(assessment=scheme.assessments.get(region__code=code), actor=user)


def complete(c: Cast, scheme: Scheme, manual: dict[str, Decimal] | None = None) -> None:
    """Hangzhou and Ningbo self-evaluate and the province reviews them (工作创新 scored
    ``manual[code]``: Hangzhou 36, Ningbo 30 unless told)."""
    manual = manual or {"330100": D(36), "330200": D(30)}
    self_submit(scheme, "330100", c.hangzhou)
    self_submit(scheme, "330200", ningbo_staff())
    for code, points in manual.items():
        result_actions.review(score=score(scheme, code, "工作创新"), agree=False, points=points,
                              reason="按创新成效评分", actor=c.province_admin)
        for name in ("制度建设", "获国家表彰", "发生违纪问题"):
            claimed = score(scheme, code, name)
            if claimed.self_score is not None:
                result_actions.review(score=claimed, agree=True, points=None, reason="",
                                      actor=c.province_admin)
        result_actions.review_finish(assessment=scheme.assessments.get(region__code=code),
                                     actor=c.province_admin)
