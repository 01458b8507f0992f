"""Background work of compliance (django-tasks; the database worker runs it) and what queues
it: a receiver of the register's ``register_changed`` and orgs' ``org_changed`` signals
(connected in jiguan/space/apps.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks import task

from jiguan.space.compliance.actions import county_path, refresh_after_change


@task()
def refresh_compliance(region_path: str, actor_id: int | None = None) -> dict[str, int | float]:
    """Recompute the compliance findings of the county around `region_path`."""
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return refresh_after_change(region_path=region_path, actor=actor).as_dict()


def refresh_after_commit(region_path: str, actor: Any) -> None:
    """Findings are recomputed whenever the data changes: after the write commits, in the
    task worker (a county takes seconds at province scale, too long for the request).

    One transaction (an import of 5,000 rooms, say) queues each county once: the counties
    touched are gathered with a single on-commit callback. If that callback is no longer
    registered (the transaction or its savepoint rolled back), a fresh one is started."""
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    path = county_path(region_path)
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        refresh_compliance.enqueue(path, actor_id)
        return
    current: tuple[Any, dict[str, int | None]] | None = getattr(conn, "_jiguan_refresh", None)
    registered = current is not None and any(
        entry[1] is current[0] for entry in conn.run_on_commit)
    if current is None or not registered:
        pending: dict[str, int | None] = {}

        def _enqueue() -> None:
            conn._jiguan_refresh = None
            for queued_path, queued_actor in pending.items():
                refresh_compliance.enqueue(queued_path, queued_actor)

        current = (_enqueue, pending)
        conn._jiguan_refresh = current
        transaction.on_commit(_enqueue)
    current[1].setdefault(path, actor_id)


def on_data_changed(sender: Any, *, region_path: str, actor: Any = None, **kwargs: Any) -> None:
    """Receiver of ``register_changed`` and ``org_changed``: the findings of the county around
    ``region_path`` are recomputed after the commit. Cheap enough to be called once per region
    a write touches: it only notes the county (once per transaction) for the on-commit queue."""
    refresh_after_commit(region_path, actor)
