"""Background work of the optimiser: solving a plan (a city takes up to a minute)."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from jiguan.space.optimiser.actions import plan_solve


@task()
def solve_plan(plan_id: int) -> None:
    """Solve a queued plan; its page polls the progress."""
    plan_solve(plan_id)


def solve_after_commit(plan_id: int) -> None:
    transaction.on_commit(lambda: solve_plan.enqueue(plan_id))
