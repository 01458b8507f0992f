"""Background work of the office-space module (django-tasks; the database worker runs it)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks import task


@task()
def refresh_compliance(region_path: str, actor_id: int | None = None) -> dict[str, int | float]:
    """Recompute the compliance findings of the county around `region_path`."""
    from jiguan.space.compliance import refresh_after_change

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return refresh_after_change(region_path=region_path, actor=actor).as_dict()


def refresh_after_commit(region_path: str, actor: Any) -> None:
    """Findings are recomputed whenever the data changes: after the write commits, in the
    task worker (a county takes seconds at province scale, too long for the request)."""
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    transaction.on_commit(lambda: refresh_compliance.enqueue(region_path, actor_id))
