
import datetime as dt
from typing import Any

from ninja import Router, Schema
from ninja.pagination import paginate

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.audit.filters import events_for
from jiguan.core.api_params import Pagination
from jiguan.core.types import AuthedRequest

router = Router(tags=["审计日志"])


class EventOut(Schema):
    id: int
    created_at: dt.datetime
    actor_name: str
    event_type: str
    outcome: str
    target_type: str
    target_id: str
    target_repr: str
    region_path: str
    changes: dict[str, Any]


@router.get("/events", response=list[EventOut])
@paginate(Pagination, page_size=100)
def list_events(request: AuthedRequest, q: str = "", event_type: str = "", outcome: str = "",
                start: dt.date | None = None, end: dt.date | None = None) -> Any:
    require(request.user, Perm.VIEW_AUDIT)
    params = {"q": q, "event_type": event_type, "outcome": outcome,
              "start": start.isoformat() if start else "", "end": end.isoformat() if end else ""}
    events, _ = events_for(request.user, params)
    return events
