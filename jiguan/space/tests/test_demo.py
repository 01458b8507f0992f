from __future__ import annotations

from typing import Any

from django.core.management import call_command

from jiguan.orgs import demo as orgs_demo
from jiguan.space.compliance.models import Finding
from jiguan.space.register.models import Building, Occupant, Room


def _seed() -> None:
    orgs_demo.load(orgs_demo.generate("small", 7, agencies=40, people=300))


def test_the_space_demo_fills_the_register_and_finds_problems(db: Any) -> None:
    _seed()
    call_command("space_demo", "--seed", "7", verbosity=0)
    assert Building.objects.count() > 0
    assert Room.objects.count() > 100
    assert Occupant.objects.count() > 250
    kinds = set(Finding.objects.values_list("kind", flat=True))
    assert {"over_standard", "vacant"} <= kinds
    # Every building's rooms fit in it.
    for b in Building.objects.all():
        assert sum(r.usable_area for r in b.rooms.all()) <= b.building_area


def test_the_space_demo_does_not_run_twice(db: Any) -> None:
    _seed()
    call_command("space_demo", "--seed", "7", verbosity=0)
    first = sorted(Room.objects.values_list("building__code", "number", "usable_area"))
    call_command("space_demo", "--seed", "7", verbosity=0)  # skipped: data exists
    assert sorted(Room.objects.values_list("building__code", "number", "usable_area")) == first


def test_the_space_demo_runs_the_projects_and_transfers_through_their_actions(db: Any) -> None:
    from jiguan.space.projects.models import Project
    from jiguan.space.transfers.models import TransferBatch
    from jiguan.todo.models import Task

    _seed()
    call_command("space_demo", "--seed", "7", verbosity=0)
    steps = dict(Project.objects.values_list("code", "status"))
    assert sorted(steps.values()) == ["completed", "draft", "submitted"]
    done = Project.objects.get(status="completed")
    assert done.building is not None and done.building.rooms.count() > 1
    assert sorted(TransferBatch.objects.values_list("status", flat=True)) == [
        "agency", "confirmed", "finance"]
    assert Task.objects.open().filter(kind="space.transfer", assignee_role="finance_staff").exists()
    assert Task.objects.open().filter(kind="space.project", assignee_role="bureau_staff",
                                      region__code="330100").exists()
def test_the_space_demo_solves_a_plan_that_clears_findings(db: Any) -> None:
    from decimal import Decimal

    from jiguan.space.optimiser.models import Plan, PlanStatus

    _seed()
    call_command("space_demo", "--seed", "7", verbosity=0)
    plan = Plan.objects.get()
    assert plan.status == PlanStatus.DONE, plan.message
    assert Decimal(plan.after["over_area"]) < Decimal(plan.before["over_area"])
    assert plan.after["findings"] < plan.before["findings"]
    assert plan.moves.exists()
