"""record(): the one way to write the audit trail."""

from __future__ import annotations

import datetime as dt
import decimal
import ipaddress
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.utils import timezone

from jiguan.audit.models import AuditEvent, Outcome
from jiguan.core.db.bulk import write_rows


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The current values of a model's concrete fields (FKs as their display string)."""
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        if f.name in {"created_at", "updated_at", "created_by", "updated_by", "id"}:
            continue
        if isinstance(f, models.ForeignKey):
            related = getattr(obj, f.name) if getattr(obj, f.attname) is not None else None
            out[f.name] = str(related) if related is not None else None
        elif f.choices:
            display = getattr(obj, f"get_{f.name}_display")()
            out[f.name] = _jsonable(display)
        elif isinstance(f, models.DecimalField) and getattr(obj, f.attname) is not None:
            # 2000 and 2000.00 are the same area: compare at the field's precision.
            value = decimal.Decimal(str(getattr(obj, f.attname)))
            out[f.name] = str(value.quantize(decimal.Decimal(1).scaleb(-f.decimal_places)))
        else:
            out[f.name] = _jsonable(getattr(obj, f.attname))
    return out


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    keys = list(before) + [k for k in after if k not in before]
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def record(
    *,
    actor: Any,
    event: str,
    target: models.Model | None = None,
    region: Any = None,
    changes: Mapping[str, Any] | None = None,
    outcome: str = Outcome.SUCCESS,
    extra: Mapping[str, Any] | None = None,
    ip: str | None = None,
    require_transaction: bool = True,
) -> AuditEvent:
    """Append one event. Writes call this inside their own transaction, so the change and
    its audit row commit or roll back together; security events (a failed login, a denied
    request) have no surrounding write and pass require_transaction=False."""
    if require_transaction and not connection.in_atomic_block:
        raise RuntimeError("audit.record() must run inside the write's transaction")
    if region is None and target is not None:
        region = getattr(target, "audit_region", None)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor_obj,
        actor_name=str(actor_obj) if actor_obj else (str(actor) if actor else ""),
        event_type=event,
        outcome=outcome,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        region=region,
        region_path=region.path if region is not None else "",
        changes={k: _jsonable(v) for k, v in (changes or {}).items()},
        extra={k: _jsonable(v) for k, v in (extra or {}).items()},
        ip=ip,
    )


@dataclass(frozen=True)
class TargetChange:
    """One object's event in :func:`record_many`: what :func:`record` takes of a target."""

    target_type: str  # the model's label_lower, e.g. "orgs.agency"
    target_id: int
    target_repr: str
    region_id: int | None
    region_path: str
    changes: Mapping[str, Any]


_MANY_FIELDS = ("created_at", "actor", "actor_name", "event_type", "outcome", "target_type",
                "target_id", "target_repr", "region", "region_path", "changes", "extra")


def record_many(*, actor: Any, event: str, items: Iterable[TargetChange],
                extra: Mapping[str, Any] | None = None) -> int:
    """Append one ``event`` per item in one bulk write (``COPY`` / ``executemany`` through
    jiguan.core.db.bulk): what :func:`record` would write for each, with the same time. For
    the per-object events of a large import (its changed rows); returns how many."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record_many() must run inside the write's transaction")
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    actor_id = actor_obj.pk if actor_obj is not None else None
    actor_name = str(actor_obj) if actor_obj else (str(actor) if actor else "")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    extra_json = json.dumps({k: _jsonable(v) for k, v in (extra or {}).items()},
                            ensure_ascii=False)
    rows = ((now, actor_id, actor_name, event, Outcome.SUCCESS.value, item.target_type,
             str(item.target_id), item.target_repr[:200], item.region_id, item.region_path,
             json.dumps({k: _jsonable(v) for k, v in item.changes.items()},
                        ensure_ascii=False), extra_json) for item in items)
    return write_rows(AuditEvent, _MANY_FIELDS, rows)


def client_ip(request: Any) -> str | None:
    """The client's address: REMOTE_ADDR, or behind a reverse proxy the header the proxy
    sets (JIGUAN_CLIENT_IP_HEADER, e.g. X-Real-IP). The lockout counts by it too
    (AXES_CLIENT_IP_CALLABLE)."""
    if request is None:
        return None
    header = settings.JIGUAN_CLIENT_IP_HEADER
    if header:
        named = str(request.META.get("HTTP_" + header.upper().replace("-", "_"), "")).strip()
        try:
            return str(ipaddress.ip_address(named))
        except ValueError:
            pass  # missing or not an address: the connection's own address
    ip: str | None = request.META.get("REMOTE_ADDR")
    return ip or None
