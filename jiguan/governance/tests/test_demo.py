"""The seed and demo: on an empty database (regions only) and twice without duplicates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management import call_command
from django.db.models import F

from jiguan.governance.contracts.actions import TASK_ENDING, TASK_FILING
from jiguan.governance.contracts.models import Contract
from jiguan.governance.demo import NATIONAL, NOT_ON_FILE, SUPERSEDED, load_contracts_demo
from jiguan.governance.library.models import Rule, RuleStatus
from jiguan.todo.models import Task


def test_demo_seeds_on_an_empty_database(db: Any) -> None:
    call_command("governance_demo")
    seeded = Rule.objects.filter(region__code="330000")
    assert seeded.count() == len(NATIONAL) + len(SUPERSEDED)
    assert all(r.text_note == NOT_ON_FILE for r in seeded)
    old = Rule.objects.get(number="计投资〔1999〕2250号")
    assert (old.status, old.status_doc) == (RuleStatus.REPEALED, "发改投资〔2014〕2674号")
    demo = Rule.objects.filter(source_note="演示数据")
    assert demo.count() == 3 and all(r.articles.exists() for r in demo)
    assert Task.objects.filter(kind="governance.rule.validity").count() == 1
    call_command("governance_demo")
    assert Rule.objects.count() == len(NATIONAL) + len(SUPERSEDED) + 3



def test_the_contract_demo_shows_each_state_once(cast: Any) -> None:
    today = dt.date(2026, 12, 7)
    assert load_contracts_demo(today) == 4
    assert Contract.objects.filter(filed_on__gt=F("filing_due")).count() == 1
    assert Task.objects.filter(kind=TASK_FILING).count() == 1
    assert Task.objects.filter(kind=TASK_ENDING).count() == 1
    assert Contract.objects.filter(status="draft", review_required=True).count() == 1
    assert load_contracts_demo(today) == 0
    assert Contract.objects.count() == 4


def test_decisions_demo_with_an_agency_and_twice(cast: Any) -> None:
    from jiguan.governance.decisions.models import Decision, DecisionStatus
    from jiguan.governance.demo import load_decisions_demo
    from jiguan.governance.reviews.actions import TASK_REVIEW

    today = dt.date(2026, 12, 7)
    assert load_decisions_demo(today) == 3
    assert load_decisions_demo(today) == 0
    statuses = sorted(Decision.objects.values_list("status", flat=True))
    assert statuses == sorted([DecisionStatus.PUBLISHED, DecisionStatus.DRAFT,
                               DecisionStatus.DRAFT])
    assert Task.objects.open().filter(kind=TASK_REVIEW).count() == 1
