"""The plan's rules (progress, expected share, off track), its actions and their refusals
(Chinese messages), the off-track to-do, the computed source and the energy target, the
pages, the export and the API."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.guidance.plans import actions, queries, rules
from jiguan.guidance.plans.models import Target
from jiguan.guidance.tests import plans_fixtures as pfx
from jiguan.todo.models import Task

D = Decimal
pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------------ rules

def test_share_covers_both_directions() -> None:
    assert rules.share(D(10), D(30), D(20)) == D(50)
    assert rules.share(D(100), D(80), D(90)) == D(50)      # lower is better
    assert rules.share(D(100), D(80), D(105)) == D(-25)    # moved away
    assert rules.share(D(10), D(30), None) is None


def test_expected_share_is_elapsed_time() -> None:
    assert rules.expected_share(2020, 2025, 2023) == D(60)
    assert rules.expected_share(2020, 2025, 2019) == D(0)
    assert rules.expected_share(2020, 2025, 2030) == D(100)


def test_off_track_below_expected_by_more_than_the_margin() -> None:
    assert rules.is_off_track(D(49), D(60), D(10)) is True
    assert rules.is_off_track(D(50), D(60), D(10)) is False
    assert rules.is_off_track(None, D(60), D(10)) is False


@override_settings(JIGUAN_GUIDANCE_OFF_TRACK_MARGIN=0)
def test_margin_is_a_setting() -> None:
    assert rules.off_track_margin() == D(0)
    assert rules.is_off_track(D(59), D(60)) is True


def test_default_margin_is_ten_points() -> None:
    assert rules.off_track_margin() == D(10)


def test_target_must_lie_in_its_direction() -> None:
    assert "高于基准值" in rules.target_problem(D(10), D(5), "higher")
    assert "低于基准值" in rules.target_problem(D(10), D(15), "lower")
    assert rules.target_problem(D(10), D(5), "lower") == ""


# ---------------------------------------------------------------------- actions

def _values(c: Cast, target: Target, values: dict[int, str]) -> None:
    for year, v in values.items():
        actions.target_report(target=target, year=year, value=D(v), actor=c.province_admin)


def test_progress_and_off_track_flag(cast: Cast) -> None:
    t = pfx.target(cast)                      # baseline 10 (2020), target 30 (2025)
    _values(cast, t, {2021: "14", 2022: "16", 2023: "18"})
    p = queries.progress_of(t, today=dt.date(2023, 12, 31))
    assert [pt.year for pt in p.points] == [2021, 2022, 2023]
    latest = p.latest
    assert latest is not None and latest.year == 2023
    assert latest.share == D(40) and latest.expected == D(60)
    assert p.off_track is True and p.status == "进度滞后"
    _values(cast, t, {2023: "20"})            # 50 %: within the 10-point margin
    assert queries.progress_of(t, today=dt.date(2023, 12, 31)).off_track is False


def test_check_opens_and_closes_the_owner_region_todo(cast: Cast) -> None:
    t = pfx.target(cast)
    plan = t.plan
    _values(cast, t, {2021: "10", 2022: "11"})
    result = actions.plan_check(plan=plan, actor=cast.province_admin,
                                today=dt.date(2022, 12, 31))
    assert result == {"opened": 1, "closed": 0}
    task = Task.objects.open().get(kind=actions.OFF_TRACK_TASK)
    assert task.region == plan.region and task.assignee_role == "bureau_staff"
    assert Task.objects.inbox(cast.hangzhou).filter(pk=task.pk).exists()
    again = actions.plan_check(plan=plan, actor=cast.province_admin,
                               today=dt.date(2022, 12, 31))
    assert again == {"opened": 0, "closed": 0}
    _values(cast, t, {2022: "20"})
    closed = actions.plan_check(plan=plan, actor=cast.province_admin,
                                today=dt.date(2022, 12, 31))
    assert closed == {"opened": 0, "closed": 1}
    assert not Task.objects.open().filter(kind=actions.OFF_TRACK_TASK).exists()


def test_province_plan_todo_goes_to_the_province_admin(cast: Cast) -> None:
    t = pfx.target(cast, "330000")
    _values(cast, t, {2021: "10"})
    actions.plan_check(plan=t.plan, actor=cast.province_admin, today=dt.date(2021, 12, 31))
    assert Task.objects.open().get(kind=actions.OFF_TRACK_TASK).assignee_role == \
        "province_admin"


def test_every_write_is_audited(cast: Cast) -> None:
    t = pfx.target(cast)
    _values(cast, t, {2021: "12"})
    events = set(AuditEvent.objects.values_list("event_type", flat=True))
    assert {"guidance.plan.created", "guidance.target.created",
            "guidance.target.reported"} <= events


@pytest.mark.parametrize(("data", "field", "text"), [
    ({"baseline_value": D(10), "target_value": D(5), "direction": "higher"}, "target_value",
     "目标值应高于基准值"),
    ({"baseline_value": D(10), "target_value": D(15), "direction": "lower"}, "target_value",
     "目标值应低于基准值"),
    ({"target_value": D(5)}, "baseline_value", "请填写基准值"),
    ({"source": "computed", "measure": "no.such", "target_value": D(5)}, "measure",
     "平台数据指标"),
    ({"source": "reported", "measure": "space.rectification_rate", "baseline_value": D(1),
      "target_value": D(5)}, "measure", "逐年填报的指标不选择"),
    ({"baseline_value": D(1), "target_value": D(5), "baseline_year": 2030},
     "baseline_year", "基准年度应早于"),
])
def test_target_refusals(cast: Cast, data: dict, field: str, text: str) -> None:
    plan = pfx.plan(cast)
    with pytest.raises(ValidationError) as exc:
        actions.target_add(plan=plan, data={"indicator": "坏指标", "direction": "higher",
                                            "source": "reported", **data},
                           actor=cast.province_admin)
    assert text in " ".join(exc.value.message_dict[field])
    assert not plan.targets.filter(indicator="坏指标").exists()


def test_report_refusals(cast: Cast) -> None:
    t = pfx.target(cast)
    with pytest.raises(ValidationError, match="2021 年至 2025 年"):
        actions.target_report(target=t, year=2026, value=D(1), actor=cast.province_admin)
    computed = actions.target_add(plan=t.plan, data={
        "indicator": "整改率", "source": "computed", "measure": "space.rectification_rate",
        "baseline_value": D(50), "target_value": D(100)}, actor=cast.province_admin)
    assert computed.direction == "higher" and computed.unit == "%"
    with pytest.raises(ValidationError, match="平台数据计算"):
        actions.target_report(target=computed, year=2022, value=D(1),
                              actor=cast.province_admin)


def test_plan_period_refusals(cast: Cast) -> None:
    with pytest.raises(ValidationError) as exc:
        actions.plan_create(region=pfx.region("330000"), data={
            "name": "坏", "start_year": 2026, "end_year": 2024}, actor=cast.province_admin)
    assert "终止年度不能早于起始年度" in exc.value.message_dict["end_year"]
    with pytest.raises(ValidationError, match="省、市"):
        actions.plan_create(region=pfx.region("330106"), data={
            "name": "县", "start_year": 2026, "end_year": 2030}, actor=cast.province_admin)


def test_computed_target_reads_the_measure_and_the_energy_target(cast: Cast) -> None:
    from jiguan.assessment.tests import fixtures as afx
    from jiguan.space.compliance.models import FindingStatus

    plan = pfx.plan(cast, "330100", start=2026)
    afx.finding("330102", status=FindingStatus.FIXED)
    afx.finding("330102")
    t = actions.target_add(plan=plan, data={
        "indicator": "整改率", "source": "computed", "measure": "space.rectification_rate",
        "baseline_value": D(0), "target_value": D(100)}, actor=cast.province_admin)
    p = queries.progress_of(t, today=dt.date(2026, 12, 31))
    assert p.points[0].value == D(50) and p.points[0].share == D(50)
    assert p.points[0].url  # links to the rows behind the value
    energy = actions.target_add(plan=plan, data={
        "indicator": "人均能耗下降率", "source": "computed",
        "measure": "energy.per_capita_reduction", "baseline_value": D(0)},
        actor=cast.province_admin)
    assert energy.target_value == D(6)      # the energy module's default -6 % per capita


def test_mid_term_review_replaces_itself(cast: Cast) -> None:
    t = pfx.target(cast)
    actions.review_save(plan=t.plan, reviewed_on=dt.date(2023, 9, 30), text="滞后",
                        conclusions={t.pk: ("behind", "加快")}, actor=cast.province_admin)
    review = actions.review_save(plan=t.plan, reviewed_on=dt.date(2023, 10, 8), text="达标",
                                 conclusions={t.pk: ("on_track", "")},
                                 actor=cast.province_admin)
    assert [i.conclusion for i in review.items.all()] == ["on_track"]
    with pytest.raises(ValidationError) as exc:
        actions.review_save(plan=t.plan, reviewed_on=dt.date(2035, 1, 1), text="x",
                            conclusions={}, actor=cast.province_admin)
    assert "规划期内" in exc.value.message_dict["reviewed_on"][0]


# -------------------------------------------------------------- pages, Excel, API

def test_pages_show_progress_and_export(cast: Cast) -> None:
    t = pfx.target(cast)
    _values(cast, t, {2021: "11"})
    client = cast.client("hangzhou")
    page = client.get(reverse("guidance:target_detail", args=[t.pk]))
    assert page.status_code == 200 and "target-chart" in page.content.decode()
    detail = client.get(reverse("guidance:plan_detail", args=[t.plan_id])).content.decode()
    assert "标准化试点单位" in detail
    response = client.get(reverse("guidance:plan_export", args=[t.plan_id]))
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["规划指标", "年度进度", "中期评估"]
    row = book.get_sheet_by_name("规划指标").to_python()[2]
    assert "标准化试点单位" in row and 11.0 in row


def test_bad_input_on_the_page_is_a_chinese_422(cast: Cast) -> None:
    plan = pfx.plan(cast)
    response = cast.client("hangzhou").post(
        reverse("guidance:target_create", args=[plan.pk]),
        {"indicator": "坏", "source": "reported", "direction": "higher",
         "baseline_value": "10", "target_value": "abc"})
    assert response.status_code == 422
    assert "目标值格式不正确" in response.content.decode()


def test_api_reports_and_refuses(cast: Cast) -> None:
    t = pfx.target(cast)
    client = cast.client("hangzhou")
    url = f"/api/v1/guidance/targets/{t.pk}/values"
    ok = client.post(url, {"year": 2021, "value": "12"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["points"][0]["value"] == "12.00"
    bad = client.post(url, {"year": 2031, "value": "12"}, content_type="application/json")
    assert bad.status_code == 422 and "2021 年至 2025 年" in bad.json()["errors"]["year"][0]


def test_the_plan_list_exports_what_the_user_sees(cast: Cast) -> None:
    pfx.plan(cast)  # Hangzhou's 十四五
    pfx.plan(cast, code="330200")  # Ningbo's
    page = cast.client("hangzhou").get(reverse("guidance:plan_list")).content.decode()
    assert 'data-testid="plan-list-export"' in page
    response = cast.client("hangzhou").get(reverse("guidance:plan_list_export"))
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[2][:3] == ["规划期", "规划名称", "区划"]
    regions = [row[2] for row in rows[3:]]
    assert "杭州市" in regions and "宁波市" not in regions  # scope, as the list
    assert [row[6] for row in rows[3:]] == [1.0]  # the fixture's one target
