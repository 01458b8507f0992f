"""Late reporters (催报): who is expected, the chase to-dos (never twice), and the whole
loop through the completeness board until the readings close them."""

from __future__ import annotations

import datetime as dt

from jiguan.access.models import Region
from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.energy.quality import actions as chase
from jiguan.energy.quality.queries import expected_agencies, task_kind
from jiguan.energy.tests.factories import profile, save
from jiguan.todo.models import Task

MARCH = dt.date(2025, 3, 1)


def _open(month: dt.date = MARCH) -> dict[int, Task]:
    return {int(t.subject_id): t for t in Task.objects.open().filter(
        kind=task_kind(month))}


def _province() -> Region:
    return Region.objects.get(code="330000")


def test_expected_are_institutions_on_the_register_with_a_recent_profile(cast: Cast) -> None:
    profile(cast.xihu_agency, 2025)
    profile(cast.ningbo_agency, 2024)  # last year's profile still counts
    profile(cast.hangzhou_agency, 2025, on_register=False)
    profile(cast.province_agency, 2022)  # too old
    expected = set(expected_agencies(_province(), 2025).values_list("pk", flat=True))
    assert expected == {cast.xihu_agency.pk, cast.ningbo_agency.pk}


def test_chasing_creates_one_todo_per_late_institution_and_never_twice(cast: Cast) -> None:
    profile(cast.xihu_agency, 2025)
    profile(cast.ningbo_agency, 2025)
    save(cast.ningbo_agency, "2025-03", {"electricity": 100})
    first = chase.chase_late_reporters(region=_province(), month=MARCH,
                                       actor=cast.province_admin)
    assert (first.created, first.already_open, first.missing) == (1, 0, 1)
    [task] = _open().values()
    assert task.agency_id == cast.xihu_agency.pk and task.assignee_role == "agency_reporter"
    assert task.subject_url == f"/energy/institutions/{cast.xihu_agency.pk}/months/2025-03/"
    again = chase.chase_late_reporters(region=_province(), month=MARCH,
                                       actor=cast.province_admin)
    assert (again.created, again.already_open) == (0, 1)
    assert Task.objects.filter(kind=task_kind(MARCH)).count() == 1
    assert AuditEvent.objects.filter(event_type="energy.chase.sent").count() == 2


def test_the_readings_of_the_month_close_the_todo_and_other_months_do_not(
        cast: Cast) -> None:
    profile(cast.xihu_agency, 2025)
    chase.chase_late_reporters(region=_province(), month=MARCH, actor=cast.province_admin)
    save(cast.xihu_agency, "2025-04", {"electricity": 100})
    assert cast.xihu_agency.pk in _open()
    save(cast.xihu_agency, "2025-03", {"electricity": 100})
    assert _open() == {}
    done = Task.objects.get(kind=task_kind(MARCH))
    assert done.done_note == "已报送"


def test_a_city_bureau_chases_only_its_city(cast: Cast) -> None:
    profile(cast.xihu_agency, 2025)
    profile(cast.ningbo_agency, 2025)
    chase.chase_late_reporters(region=Region.objects.get(code="330100"), month=MARCH,
                               actor=cast.hangzhou)
    assert set(_open()) == {cast.xihu_agency.pk}


def test_the_board_counts_by_region_and_the_button_chases(cast: Cast) -> None:
    profile(cast.xihu_agency, 2025)
    profile(cast.hangzhou_agency, 2025)
    profile(cast.ningbo_agency, 2025)
    save(cast.hangzhou_agency, "2025-03", {"electricity": 100})
    admin = cast.client("province_admin")
    page = admin.get("/energy/completeness/", {"month": "2025-03"}).content.decode()
    assert "杭州市" in page and "宁波市" in page
    assert "浙江省合计" in page and "66.7%" not in page  # 1 of 3 reported: 33.3 %
    assert "33.3%" in page and "催报（2 家）" in page
    city = admin.get("/energy/completeness/", {"region": "330100", "month": "2025-03"})
    text = city.content.decode()
    assert "杭州市本级" in text and "西湖区" in text and "50.0%" in text
    assert f"/energy/institutions/{cast.xihu_agency.pk}/months/2025-03/" in text
    response = cast.client("hangzhou").post("/energy/completeness/chase/",
                                            {"region": "330100", "month": "2025-03"})
    assert response.status_code == 302
    assert set(_open()) == {cast.xihu_agency.pk}
    marked = admin.get("/energy/completeness/", {"region": "330100", "month": "2025-03"})
    assert "已催报" in marked.content.decode()
    save(cast.xihu_agency, "2025-03", {"electricity": 100})
    assert _open() == {}
    after = admin.get("/energy/completeness/", {"region": "330100", "month": "2025-03"})
    assert "全部已报送" in after.content.decode()


def test_only_the_bureau_of_the_region_may_chase(cast: Cast) -> None:
    profile(cast.xihu_agency, 2025)
    data = {"region": "330100", "month": "2025-03"}
    assert cast.client("ningbo_reporter").post("/energy/completeness/chase/",
                                               data).status_code == 404
    assert cast.client("auditor").post("/energy/completeness/chase/", data).status_code == 403
    assert cast.client("xihu").post("/energy/completeness/chase/", data).status_code == 404
    assert _open() == {}


def test_a_future_or_bad_month_is_a_message_not_a_chase(cast: Cast) -> None:
    profile(cast.xihu_agency, 2025)
    client = cast.client("province_admin")
    page = client.get("/energy/completeness/", {"month": "2099-01"})
    assert page.status_code == 200 and "不能填报未来月份" in page.content.decode()
    bad = client.get("/energy/completeness/", {"month": "abc"})
    assert bad.status_code == 200 and "格式不正确" in bad.content.decode()
    response = client.post("/energy/completeness/chase/", {"region": "330000",
                                                           "month": "2099-01"}, follow=True)
    assert "不能填报未来月份" in response.content.decode() and _open() == {}


def test_a_reporter_sees_its_own_institution_only(cast: Cast) -> None:
    profile(cast.xihu_agency, 2025)
    profile(cast.ningbo_agency, 2025)
    page = cast.client("ningbo_reporter").get("/energy/completeness/",
                                              {"month": "2025-03"}).content.decode()
    assert "宁波市海曙区测试局" in page and "杭州市西湖区测试局" not in page
    assert 'data-testid="chase-form"' not in page
