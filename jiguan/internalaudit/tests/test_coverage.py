"""Coverage (全覆盖): last audit per category per unit, the shares of units and funds in the
cycle, never-audited units first, the region roll-up, the export, the query count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.conftest import Cast, make_credit_code
from jiguan.internalaudit.coverage import queries, rules
from jiguan.internalaudit.projects import actions
from jiguan.internalaudit.tests import fixtures as fx
from jiguan.orgs.models import Agency

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 30)


def _budgets(cast: Cast) -> None:
    for agency, amount in ((cast.province_agency, "6000000"), (cast.hangzhou_agency, "3000000"),
                           (cast.xihu_agency, "1000000"), (cast.ningbo_agency, "0")):
        actions.budget_set(agency=agency, year=2026, amount=Decimal(amount),
                           actor=cast.province_admin)


def test_last_audit_shares_and_order(cast: Cast) -> None:
    _budgets(cast)
    fx.reported_project(cast, cast.xihu_agency, dt.date(2026, 3, 10))
    fx.reported_project(cast, cast.hangzhou_agency, dt.date(2020, 3, 10))  # before the cycle
    fx.reported_project(cast, cast.hangzhou_agency, dt.date(2026, 3, 20), kind="state_assets")
    result, _ = queries.coverage_for(cast.province_admin, {}, today=TODAY)
    names = [r.name for r in result.rows]
    # never audited first (province, ningbo), then by the oldest last audit
    assert set(names[:2]) == {cast.province_agency.name, cast.ningbo_agency.name}
    assert names[2:] == [cast.xihu_agency.name, cast.hangzhou_agency.name]
    hz = next(r for r in result.rows if r.pk == cast.hangzhou_agency.pk)
    assert hz.last["funds"] == dt.date(2020, 3, 10) and not hz.covered["funds"]
    assert hz.covered["assets"]
    t = result.total
    assert (t.units, t.covered_any, t.never) == (4, 2, 2)
    assert t.shares == {"funds": Decimal("25.0"), "assets": Decimal("25.0"),
                        "leaders": Decimal("0.0")}
    # funds: only Xihu's 1,000,000 of 10,000,000 is covered for public funds
    assert t.share_funds == Decimal("10.0")


def test_cycle_years_come_from_settings_and_the_filter(cast: Cast, settings: Any) -> None:
    fx.reported_project(cast, cast.hangzhou_agency, dt.date(2022, 3, 10))
    settings.INTERNAL_AUDIT_CYCLE_YEARS = 3
    short, _ = queries.coverage_for(cast.province_admin, {}, today=TODAY)
    assert short.total.covered_any == 0 and short.years == 3
    settings.INTERNAL_AUDIT_CYCLE_YEARS = 5
    default, _ = queries.coverage_for(cast.province_admin, {}, today=TODAY)
    assert default.total.covered_any == 1
    one, _ = queries.coverage_for(cast.province_admin, {"years": "1"}, today=TODAY)
    assert one.total.covered_any == 0


def test_a_report_not_yet_issued_does_not_count(cast: Cast) -> None:
    p = fx.project(cast, cast.xihu_agency)
    fx.advance(cast, p, "comments", dt.date(2026, 3, 1))
    result, _ = queries.coverage_for(cast.province_admin, {}, today=TODAY)
    assert result.total.covered_any == 0


def test_region_rollup_and_scope(cast: Cast) -> None:
    fx.reported_project(cast, cast.xihu_agency, dt.date(2026, 3, 10))
    result, _ = queries.coverage_for(cast.province_admin, {}, today=TODAY)
    by_name = {t.name: t for t in result.regions}
    assert by_name["杭州市"].units == 2 and by_name["杭州市"].covered_any == 1
    assert by_name["宁波市"].units == 1 and by_name["宁波市"].covered_any == 0
    assert by_name["浙江省（本级）"].units == 1
    hz, _ = queries.coverage_for(cast.hangzhou, {}, today=TODAY)
    assert {r.pk for r in hz.rows} == {cast.hangzhou_agency.pk, cast.xihu_agency.pk}
    assert {t.name for t in hz.regions} == {"杭州市（本级）", "西湖区"}


def test_state_filter_lists_never_audited(cast: Cast) -> None:
    fx.reported_project(cast, cast.xihu_agency, dt.date(2026, 3, 10))
    never, _ = queries.coverage_for(cast.province_admin, {"state": "never"}, today=TODAY)
    assert cast.xihu_agency.pk not in {r.pk for r in never.rows} and len(never.rows) == 3
    leaders, _ = queries.coverage_for(cast.province_admin,
                                      {"state": "uncovered", "category": "leaders"}, today=TODAY)
    assert len(leaders.rows) == 4


def test_one_grouped_query_whatever_the_number_of_units(cast: Cast) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            queries.compute(Agency.objects.all(), as_of=TODAY, years=5,
                            root=Region.objects.get(code="330000"))
        return len(ctx.captured_queries)

    fx.reported_project(cast, cast.xihu_agency, dt.date(2026, 3, 10))
    before = count()
    region = Region.objects.get(code="330106")
    Agency.objects.bulk_create([
        Agency(name=f"测试单位{i}", region=region, level="county",
               credit_code=make_credit_code("330106", 100 + i)) for i in range(30)])
    assert count() == before
    assert before <= 5


def test_page_and_export(cast: Cast) -> None:
    from python_calamine import CalamineWorkbook

    _budgets(cast)
    fx.reported_project(cast, cast.xihu_agency, dt.date.today() - dt.timedelta(days=5))
    client = cast.client("province_admin")
    page = client.get(reverse("internalaudit:coverage")).content.decode()
    assert "从未审计" in page and "10.0%" in page
    assert client.get(reverse("internalaudit:coverage"), {"years": "99"}).status_code == 200
    response = client.get(reverse("internalaudit:coverage_export"), {"state": "never"})
    rows = CalamineWorkbook.from_filelike(BytesIO(b"".join(response.streaming_content))
                                          ).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "内部审计全覆盖情况"
    units = [r[0] for r in rows[3:]]
    assert len(units) == 3 and cast.xihu_agency.name not in units


def test_cycle_start_rule() -> None:
    assert rules.cycle_start(dt.date(2026, 6, 30), 5) == dt.date(2021, 7, 1)
    assert rules.cycle_start(dt.date(2028, 2, 29), 1) == dt.date(2027, 3, 1)
    assert rules.share(1, 3) == Decimal("33.3")
    assert rules.share(1, 0) is None
