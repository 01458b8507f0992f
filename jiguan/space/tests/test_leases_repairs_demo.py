from __future__ import annotations

from typing import Any

from django.core.management import call_command

from jiguan.orgs import demo as orgs_demo
from jiguan.space.leases.models import Lease, LeaseStatus
from jiguan.space.leases.rules import TASK_EXPIRY
from jiguan.space.repairs.models import Repair, RepairStatus
from jiguan.todo.models import Task


def test_the_space_demo_has_leases_and_repairs_at_every_stage(db: Any) -> None:
    orgs_demo.load(orgs_demo.generate("small", 7, agencies=40, people=300))
    call_command("space_demo", "--seed", "7", verbosity=0)
    statuses = set(Lease.objects.values_list("status", flat=True))
    assert {LeaseStatus.ACTIVE, LeaseStatus.SUBMITTED, LeaseStatus.RETURNED} <= statuses
    assert Task.objects.open().filter(kind=TASK_EXPIRY).exists()  # one lease ends soon
    statuses = set(Repair.objects.values_list("status", flat=True))
    assert {RepairStatus.SUBMITTED, RepairStatus.IN_PROGRESS, RepairStatus.ACCEPTED,
            RepairStatus.BUDGET_REVIEW} <= statuses
    assert Task.objects.open().filter(kind="space.repair.bureau").exists()
