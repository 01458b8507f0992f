"""This app's endpoints in the scope matrix (jiguan/core/tests/test_scope_matrix.py).

The objects are made here, inside the url lambdas (idempotent): a province programme with
one batch, a Xihu guesthouse of the Xihu agency on that batch's transfer route, and a
Ningbo hotel of the Ningbo agency. A bureau sees the entities of its regions, an agency
the entities it ran; every reader sees the programmes and batches, but only a grant at the
programme's region (the province) writes them or puts an entity on one of its batches."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from jiguan.access.models import Region
from jiguan.assets.entities import actions
from jiguan.assets.entities.models import Batch, Entity, Step
from jiguan.conftest import Cast, make_credit_code
from jiguan.core.tests.test_scope_matrix import Endpoint

ACTORS = ("province_admin", "hangzhou", "xihu", "ningbo_reporter", "auditor", "outsider")


def _codes(*codes: int) -> dict[str, int]:
    return dict(zip(ACTORS, codes, strict=True))


READ_ALL = _codes(200, 200, 200, 200, 200, 403)
MANAGE = _codes(200, 200, 200, 403, 403, 403)
XIHU_READ = _codes(200, 200, 200, 404, 200, 404)
XIHU_WRITE_GET = _codes(200, 200, 200, 404, 403, 404)
XIHU_WRITE = _codes(302, 302, 302, 404, 403, 404)
NINGBO_READ = _codes(200, 404, 404, 200, 200, 404)
PROVINCE_ONLY = _codes(200, 403, 403, 403, 403, 404)
BATCH_READ = _codes(200, 200, 200, 200, 200, 404)


def _batch(c: Cast) -> Batch:
    found = Batch.objects.first()
    if found is not None:
        return found
    province = Region.objects.get(code="330000")
    programme = actions.programme_create(region=province, name="省级方案",
                                         started_on=dt.date(2025, 1, 1), actor=None)
    return actions.batch_create(programme=programme, number=1, name="首批",
                                start_date=dt.date(2025, 1, 1),
                                deadline=dt.date(2025, 6, 30), actor=None)


def _entity(c: Cast, agency: Any, region_code: str, serial: int) -> Entity:
    code = make_credit_code(region_code, serial, "12")
    found = Entity.objects.filter(credit_code=code).first()
    if found is not None:
        return found
    return actions.entity_create(data={
        "name": f"{agency.name}招待所", "credit_code": code, "kind": "guesthouse",
        "agency": agency, "book_value": Decimal("1000000"), "staff_count": 5,
        "revenue_last_year": Decimal("0")}, actor=None)


def _xihu(c: Cast) -> Entity:
    e = _entity(c, c.xihu_agency, "330106", 801)
    if not e.steps.exists():
        e = actions.entity_assign(entity=e, batch=_batch(c), route="transfer", actor=None)
    return e


def _ningbo(c: Cast) -> Entity:
    return _entity(c, c.ningbo_agency, "330203", 802)


def _audit_step(c: Cast) -> Step:
    return _xihu(c).steps.get(kind="audit")


def _new_entity(c: Cast) -> dict[str, Any]:
    return {"name": "新登记招待所", "credit_code": make_credit_code("330106", 803, "12"),
            "kind": "guesthouse", "agency_id": c.xihu_agency.pk, "book_value": "100",
            "staff_count": 2, "revenue_last_year": "0"}


SCOPE_MATRIX = [
    Endpoint("assets:home", "GET", lambda c: reverse("assets:home"), READ_ALL),
    Endpoint("assets:entity_list", "GET", lambda c: reverse("assets:entity_list"), READ_ALL),
    Endpoint("assets:entity_export", "GET", lambda c: reverse("assets:entity_export"),
             READ_ALL),
    Endpoint("assets:entity_create", "GET", lambda c: reverse("assets:entity_create"), MANAGE),
    Endpoint("assets:entity_detail(xihu)", "GET",
             lambda c: reverse("assets:entity_detail", args=[_xihu(c).pk]), XIHU_READ),
    Endpoint("assets:entity_detail(ningbo)", "GET",
             lambda c: reverse("assets:entity_detail", args=[_ningbo(c).pk]), NINGBO_READ),
    Endpoint("assets:entity_edit(xihu)", "GET",
             lambda c: reverse("assets:entity_edit", args=[_xihu(c).pk]), XIHU_WRITE_GET),
    Endpoint("assets:entity_assign(xihu)", "POST",
             lambda c: reverse("assets:entity_assign", args=[_xihu(c).pk]),
             # a city or county bureau may not use the province's batch: the form says so
             _codes(302, 422, 422, 404, 403, 404),
             data=lambda c: {"batch": _batch(c).pk, "route": "dissolve"}),
    Endpoint("assets:step_complete(xihu)", "POST",
             lambda c: reverse("assets:step_complete", args=[_audit_step(c).pk]), XIHU_WRITE,
             data=lambda c: {"done_on": "2025-02-01", "documents": "审计报告"}),
    Endpoint("assets:programme_list", "GET", lambda c: reverse("assets:programme_list"),
             READ_ALL),
    Endpoint("assets:programme_create", "GET", lambda c: reverse("assets:programme_create"),
             MANAGE),
    Endpoint("assets:batch_create", "GET",
             lambda c: reverse("assets:batch_create", args=[_batch(c).programme_id]),
             PROVINCE_ONLY),
    Endpoint("assets:batch_board", "GET",
             lambda c: reverse("assets:batch_board", args=[_batch(c).pk]), BATCH_READ),
    Endpoint("assets:batch_add", "POST",
             lambda c: reverse("assets:batch_add", args=[_batch(c).pk]),
             _codes(302, 403, 403, 403, 403, 404),
             data=lambda c: {"entities": [_ningbo(c).pk], "route": "transfer"}),
    # API
    Endpoint("assets:api_entities", "GET", lambda c: "/api/v1/assets/entities", READ_ALL,
             api=True),
    Endpoint("assets:api_entity(xihu)", "GET",
             lambda c: f"/api/v1/assets/entities/{_xihu(c).pk}", XIHU_READ, api=True),
    Endpoint("assets:api_entity(ningbo)", "GET",
             lambda c: f"/api/v1/assets/entities/{_ningbo(c).pk}", NINGBO_READ, api=True),
    Endpoint("assets:api_entity_create", "POST", lambda c: "/api/v1/assets/entities",
             _codes(201, 201, 201, 403, 403, 403), data=_new_entity, api=True),
    Endpoint("assets:api_entity_assign(xihu)", "POST",
             lambda c: f"/api/v1/assets/entities/{_xihu(c).pk}/assign",
             _codes(200, 404, 404, 404, 403, 404),
             data=lambda c: {"batch_id": _batch(c).pk, "route": "transfer"}, api=True),
    Endpoint("assets:api_steps(xihu)", "GET",
             lambda c: f"/api/v1/assets/entities/{_xihu(c).pk}/steps", XIHU_READ, api=True),
    Endpoint("assets:api_step_complete(xihu)", "POST",
             lambda c: f"/api/v1/assets/steps/{_audit_step(c).pk}/complete",
             _codes(200, 200, 200, 404, 403, 404),
             data=lambda c: {"done_on": "2025-02-01"}, api=True),
    Endpoint("assets:api_board", "GET", lambda c: "/api/v1/assets/board", READ_ALL, api=True),
    Endpoint("assets:api_programmes", "GET", lambda c: "/api/v1/assets/programmes", READ_ALL,
             api=True),
    Endpoint("assets:api_batches", "GET", lambda c: "/api/v1/assets/batches", READ_ALL,
             api=True),
    Endpoint("assets:api_batch_create", "POST",
             lambda c: f"/api/v1/assets/programmes/{_batch(c).programme_id}/batches",
             _codes(201, 403, 403, 403, 403, 404),
             data=lambda c: {"number": 2, "name": "第二批", "start_date": "2025-07-01",
                             "deadline": "2025-12-31"}, api=True),
]

# supervision (jiguan/assets/supervision, branch supervision)
from jiguan.assets.tests.scope_supervision import SUPERVISION_MATRIX  # noqa: E402

SCOPE_MATRIX += SUPERVISION_MATRIX
# asset cards, disposals and leases (jiguan/assets/cards, branch cards)
from jiguan.assets.tests.scope_cards import CARDS_MATRIX  # noqa: E402

SCOPE_MATRIX += CARDS_MATRIX
