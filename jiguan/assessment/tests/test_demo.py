"""The demo: the 2025 ranking of the 11 cities is published from the demo's own data and
the 2026 scheme waits for the bureaus' self-evaluation."""

from __future__ import annotations

import pytest

from jiguan.assessment import demo
from jiguan.assessment.results.models import Assessment, Score
from jiguan.assessment.schemes.models import Scheme, SchemeStatus
from jiguan.conftest import Cast
from jiguan.todo.models import Task


@pytest.mark.django_db
def test_the_demo_publishes_last_year_and_opens_this_year(cast: Cast) -> None:
    result = demo.load(1)
    assert (result.schemes, result.bureaus) == (2, 11)
    last, current = Scheme.objects.order_by("year")
    assert (last.status, current.status) == (SchemeStatus.RESULTS, SchemeStatus.PUBLISHED)
    ranks = sorted(Assessment.objects.filter(scheme=last).values_list("rank", flat=True))
    assert ranks[0] == 1 and len(ranks) == 11
    assert Task.objects.open().filter(kind="assessment.self_eval").count() == 11
    assert demo.loaded()
    # 2026 reads the other modules too, in a fourth group; 2025 kept its three
    assert last.groups.count() == 3 and current.groups.count() == 4
    wider = set(current.indicators.exclude(measure="").values_list("measure", flat=True))
    assert {"travel.vehicle_use_rate", "governance.rules_past_validity",
            "governance.late_contract_filings", "services.inspection_score",
            "internalaudit.audit_coverage"} <= wider
    hz = Score.objects.get(assessment__scheme=current, assessment__region__code="330100",
                           indicator__measure="travel.vehicle_use_rate")
    assert hz.computed_at is not None and hz.reading["url"].startswith("/travel/vehicles/")
    assert hz.value is not None or "无数据" in hz.formula  # no vehicles here: said, not hidden
