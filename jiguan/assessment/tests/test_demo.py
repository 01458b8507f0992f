"""The demo: the 2025 ranking of the 11 cities is published from the demo's own data and
the 2026 scheme waits for the bureaus' self-evaluation."""

from __future__ import annotations

import pytest

from jiguan.assessment import demo
from jiguan.assessment.results.models import Assessment
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
