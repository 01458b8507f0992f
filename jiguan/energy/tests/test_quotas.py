"""Quotas (能耗定额) and their breaches: the whole loop of 第十七条 through the actions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from jiguan.audit.models import AuditEvent
from jiguan.conftest import Cast
from jiguan.energy.models import BreachStatus, QuotaBreach
from jiguan.energy.targets import actions as quotas
from jiguan.energy.tests.factories import save
from jiguan.todo.models import Task


def _open_tasks(breach: QuotaBreach) -> list[Task]:
    return list(Task.objects.open().filter(kind=quotas.TASK_KIND, subject_id=str(breach.pk)))


def _over(cast: Cast) -> QuotaBreach:
    """Ningbo: a 1,000 kgce quota for 2025 and 10,000 kWh (1,229 kgce) in March."""
    quotas.quota_set(agency=cast.ningbo_agency, year=2025, actor=cast.province_admin,
                     data={"kgce_quota": Decimal("1000")})
    save(cast.ningbo_agency, "2025-03", {"electricity": 10000})
    return QuotaBreach.objects.get(agency=cast.ningbo_agency, year=2025, kind="kgce")


def test_an_institution_over_its_quota_gets_a_breach_and_a_todo(cast: Cast) -> None:
    breach = _over(cast)
    assert breach.status == BreachStatus.OPEN
    assert (breach.quota, breach.actual) == (Decimal("1000.00"), Decimal("1229.00"))
    [task] = _open_tasks(breach)
    assert task.agency_id == cast.ningbo_agency.pk and task.assignee_role == "agency_reporter"
    assert task.subject_url == f"/energy/breaches/{breach.pk}/"
    assert AuditEvent.objects.filter(event_type="energy.breach.opened").count() == 1


def test_under_the_quota_there_is_no_breach(cast: Cast) -> None:
    quotas.quota_set(agency=cast.ningbo_agency, year=2025, actor=cast.province_admin,
                     data={"kgce_quota": Decimal("2000")})
    save(cast.ningbo_agency, "2025-03", {"electricity": 10000})
    assert not QuotaBreach.objects.exists()


def test_setting_a_quota_below_what_was_used_opens_a_breach_at_once(cast: Cast) -> None:
    save(cast.ningbo_agency, "2025-03", {"electricity": 10000, "water_tap": 500})
    quotas.quota_set(agency=cast.ningbo_agency, year=2025, actor=cast.province_admin,
                     data={"kgce_quota": Decimal("5000"), "water_quota": Decimal("400")})
    [breach] = QuotaBreach.objects.all()
    assert breach.kind == "water" and breach.actual == Decimal("500.00")


def test_the_explanation_closes_the_todo(cast: Cast) -> None:
    breach = _over(cast)
    quotas.breach_explain(breach=breach, explanation="新建食堂投入使用，用电量增加较多。",
                          actor=cast.ningbo_reporter)
    breach.refresh_from_db()
    assert breach.status == BreachStatus.EXPLAINED and breach.explained_at is not None
    assert _open_tasks(breach) == []


def test_a_too_short_explanation_is_refused(cast: Cast) -> None:
    breach = _over(cast)
    with pytest.raises(ValidationError, match="至少 10 个字"):
        quotas.breach_explain(breach=breach, explanation="用电多", actor=cast.ningbo_reporter)
    assert len(_open_tasks(breach)) == 1


def test_the_bureau_accepts_an_explanation(cast: Cast) -> None:
    breach = _over(cast)
    quotas.breach_explain(breach=breach, explanation="新建食堂投入使用，用电量增加较多。",
                          actor=cast.ningbo_reporter)
    quotas.breach_review(breach=breach, accept=True, note="", actor=cast.province_admin)
    breach.refresh_from_db()
    assert breach.status == BreachStatus.ACCEPTED and _open_tasks(breach) == []


def test_sending_back_opens_a_new_todo_and_needs_a_note(cast: Cast) -> None:
    breach = _over(cast)
    quotas.breach_explain(breach=breach, explanation="新建食堂投入使用，用电量增加较多。",
                          actor=cast.ningbo_reporter)
    with pytest.raises(ValidationError, match="退回时请填写意见"):
        quotas.breach_review(breach=breach, accept=False, note=" ", actor=cast.province_admin)
    quotas.breach_review(breach=breach, accept=False, note="请附食堂用电计量数据",
                         actor=cast.province_admin)
    breach.refresh_from_db()
    assert breach.status == BreachStatus.OPEN and breach.reviewed_note == "请附食堂用电计量数据"
    assert len(_open_tasks(breach)) == 1
    assert Task.objects.filter(kind=quotas.TASK_KIND).count() == 2


def test_only_an_explained_breach_can_be_reviewed(cast: Cast) -> None:
    breach = _over(cast)
    with pytest.raises(ValidationError, match="只能审核已说明"):
        quotas.breach_review(breach=breach, accept=True, note="", actor=cast.province_admin)


def test_corrected_readings_under_the_quota_clear_it_and_going_over_reopens_it(
        cast: Cast) -> None:
    breach = _over(cast)
    save(cast.ningbo_agency, "2025-03", {"electricity": 5000})  # a typing error corrected
    breach.refresh_from_db()
    assert breach.status == BreachStatus.CLEARED and breach.actual == Decimal("614.50")
    assert _open_tasks(breach) == []
    with pytest.raises(ValidationError, match="已消除"):
        quotas.breach_explain(breach=breach, explanation="新建食堂投入使用，用电量增加较多。",
                              actor=cast.ningbo_reporter)
    save(cast.ningbo_agency, "2025-04", {"electricity": 5000})
    breach.refresh_from_db()
    assert breach.status == BreachStatus.OPEN and breach.actual == Decimal("1229.00")
    assert len(_open_tasks(breach)) == 1
    assert QuotaBreach.objects.count() == 1


def test_more_readings_while_over_update_the_actual_without_a_second_todo(cast: Cast) -> None:
    breach = _over(cast)
    save(cast.ningbo_agency, "2025-04", {"electricity": 1000})
    breach.refresh_from_db()
    assert breach.actual == Decimal("1351.90") and len(_open_tasks(breach)) == 1


@pytest.mark.parametrize(("data", "field"), [
    ({"kgce_quota": Decimal("0")}, "kgce_quota"),
    ({"kgce_quota": Decimal("100"), "water_quota": Decimal("-1")}, "water_quota"),
])
def test_a_quota_must_be_positive(cast: Cast, data: dict[str, Decimal], field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        quotas.quota_set(agency=cast.ningbo_agency, year=2025, data=data,
                         actor=cast.province_admin)
    assert field in exc.value.message_dict


def test_a_quota_for_a_far_year_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="年度应在"):
        quotas.quota_set(agency=cast.ningbo_agency, year=1999, actor=cast.province_admin,
                         data={"kgce_quota": Decimal("100")})
