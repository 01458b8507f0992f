"""The governance cast on top of the standing cast: a few rules at the province, Hangzhou,
Xihu and Ningbo (kinds and subjects come from migration 0002)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.governance.library import actions
from jiguan.governance.library.models import Rule, RuleKind, RuleSubject

TEXT = """第一章 总则
第一条 为加强办公用房管理，制定本办法。
第二条 各单位应当在核定面积内使用办公用房，不得出租、出借。
第二章 附则
第三条 本办法自发布之日起施行。"""


def rule_data(region: Region, **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "region": region, "title": "办公用房管理办法", "issuer": "机关事务管理局",
        "number": "浙机事发〔2018〕12号", "kind": RuleKind.objects.get(name="行政规范性文件"),
        "subject": RuleSubject.objects.get(name="办公用房"),
        "issued_on": dt.date(2018, 5, 1), "effective_on": dt.date(2018, 6, 1)}
    data.update(over)
    return data


@dataclass
class Library:
    cast: Cast
    province_rule: Rule
    hangzhou_rule: Rule
    xihu_rule: Rule
    ningbo_rule: Rule


@pytest.fixture
def library(cast: Cast) -> Library:
    def region(code: str) -> Region:
        return Region.objects.get(code=code)

    admin = cast.province_admin
    return Library(
        cast=cast,
        province_rule=actions.rule_create(data=rule_data(region("330000")), text=TEXT,
                                          actor=admin),
        hangzhou_rule=actions.rule_create(data=rule_data(
            region("330100"), title="杭州市公务用车平台管理办法", number="杭机管发〔2020〕3号",
            subject=RuleSubject.objects.get(name="公务用车")),
            text="第一条 公务用车实行集中管理、统一调度。\n第二条 驾驶员按派车单出车。",
            actor=admin),
        xihu_rule=actions.rule_create(data=rule_data(
            region("330106"), title="西湖区会议费管理办法", number="西机管〔2021〕5号"),
            actor=admin),
        ningbo_rule=actions.rule_create(data=rule_data(
            region("330203"), title="海曙区公务接待管理办法", number="海机管〔2021〕5号"),
            actor=admin),
    )
