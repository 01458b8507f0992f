"""The landing page shows each role what to look at today, counted within its scope."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction

from jiguan.access.roles import Role
from jiguan.conftest import Cast
from jiguan.todo.actions import task_create


def _figures(page: str) -> dict[str, str]:
    return dict(re.findall(r'<span class="small text-secondary">([^<]+)</span>\s*'
                           r'<span class="fs-3 fw-semibold[^"]*">([^<]+)</span>', page))


def test_a_bureau_sees_its_to_dos_the_late_ones_and_open_breaches(cast: Cast) -> None:
    with transaction.atomic():
        task_create(kind="test.home", title="逾期事项", assignee_role=Role.BUREAU_STAFF,
                    region=cast.hangzhou_agency.region,
                    due_date=dt.date.today() - dt.timedelta(days=3), actor=None)
        task_create(kind="test.home", title="未到期事项", assignee_role=Role.BUREAU_STAFF,
                    region=cast.hangzhou_agency.region, actor=None)
    figures = _figures(cast.client("hangzhou").get("/").content.decode())
    assert figures["我的待办"] == "2"
    assert figures["已逾期待办"] == "1"
    assert figures["超定额待说明"] == "0"
    assert "上月能耗未报送" not in figures  # a bureau's late institutions are on 报送进度


def test_a_reporter_sees_whether_its_agency_reported_last_month(cast: Cast) -> None:
    figures = _figures(cast.client("ningbo_reporter").get("/").content.decode())
    assert figures["上月能耗未报送"] == "1"
    from jiguan.energy.rules import last_finished_month
    from jiguan.energy.tests.factories import save

    month = last_finished_month(dt.date.today())
    save(cast.ningbo_agency, f"{month:%Y-%m}", {"electricity": 1000},
         today=dt.date.today())
    figures = _figures(cast.client("ningbo_reporter").get("/").content.decode())
    assert figures["上月能耗未报送"] == "0"


def test_the_system_administrator_sees_no_business_figures(cast: Cast) -> None:
    page = cast.client("sysadmin").get("/").content.decode()
    assert 'data-testid="home-figures"' not in page
