"""Planning and construction and asset transfer in the scope matrix
(jiguan/core/tests/test_scope_matrix.py): a Xihu project drafted by the Xihu bureau and a
Xihu transfer batch of the Xihu agency, through their lists, pages, writes, exports and API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.core.tests.test_scope_matrix import Endpoint
from jiguan.space.projects import actions as project_actions
from jiguan.space.projects.models import Project
from jiguan.space.register.models import Building
from jiguan.space.transfers import actions as transfer_actions
from jiguan.space.transfers.models import TransferBatch

READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 404,
        "auditor": 200, "outsider": 404}
WRITE = {"province_admin": 302, "hangzhou": 302, "xihu": 302, "ningbo_reporter": 404,
         "auditor": 403, "outsider": 404}
LIST = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 200,
        "auditor": 200, "outsider": 403}
# Approval is for the bureau above (Hangzhou, or the province): the draft is refused (422);
# the Xihu bureau itself may not approve (403).
APPROVE = {"province_admin": 422, "hangzhou": 422, "xihu": 403, "ningbo_reporter": 404,
           "auditor": 403, "outsider": 404}
# Only the agency's own reporter confirms a transfer list; nobody in the cast is that.
AGENCY_CONFIRM = {"province_admin": 403, "hangzhou": 403, "xihu": 403, "ningbo_reporter": 404,
                  "auditor": 403, "outsider": 404}


def _memo(c: Cast, name: str, make: Any) -> Any:
    cache: dict[str, Any] = c.__dict__.setdefault("_build_scope", {})
    if name not in cache:
        cache[name] = make()
    return cache[name]


def _project(c: Cast) -> Project:
    return _memo(c, "project", lambda: project_actions.project_create(data={
        "code": "SCOPE-P", "name": "范围测试项目", "kind": "new",
        "region": Region.objects.get(code="330106"), "agencies": [c.xihu_agency.credit_code],
        "building_type": "multi", "planned_area": Decimal("100"),
        "planned_amount": Decimal("1000")}, actor=c.xihu))


def _batch(c: Cast) -> TransferBatch:
    def make() -> TransferBatch:
        Building.objects.create(code="SCOPE-B", name="范围测试楼", building_area=Decimal("500"),
                                region=Region.objects.get(code="330106"), floors_above=3)
        return transfer_actions.batch_create(data={
            "number": "SCOPE-T", "region": Region.objects.get(code="330106"),
            "agency": c.xihu_agency.credit_code, "transfer_date": dt.date.today(),
            "note": ""}, actor=c.xihu)
    return _memo(c, "batch", make)


def _p(name: str, c: Cast) -> str:
    return reverse(f"space_projects:{name}", args=[_project(c).pk])


def _t(name: str, c: Cast) -> str:
    return reverse(f"space_transfers:{name}", args=[_batch(c).pk])


PROJECTS_TRANSFERS_MATRIX = [
    Endpoint("space_projects:project_list", "GET",
             lambda c: reverse("space_projects:project_list"), LIST),
    Endpoint("space_projects:project_export", "GET",
             lambda c: reverse("space_projects:project_export"), LIST),
    Endpoint("space_projects:project_detail", "GET", lambda c: _p("project_detail", c), READ),
    Endpoint("space_projects:project_edit", "GET", lambda c: _p("project_edit", c),
             {**READ, "auditor": 403}),
    Endpoint("space_projects:funding_add", "POST", lambda c: _p("funding_add", c), WRITE,
             data=lambda c: {"source": "budget", "amount": "10"}),
    Endpoint("space_projects:project_approve", "POST", lambda c: _p("project_approve", c),
             APPROVE),
    Endpoint("space:api_project", "GET",
             lambda c: f"/api/v1/space/projects/{_project(c).pk}", READ, api=True),
    Endpoint("space_transfers:batch_list", "GET",
             lambda c: reverse("space_transfers:batch_list"), LIST),
    Endpoint("space_transfers:ledger", "GET", lambda c: reverse("space_transfers:ledger"), LIST),
    Endpoint("space_transfers:ledger_export", "GET",
             lambda c: reverse("space_transfers:ledger_export"), LIST),
    Endpoint("space_transfers:batch_detail", "GET", lambda c: _t("batch_detail", c), READ),
    Endpoint("space_transfers:batch_workbook", "GET", lambda c: _t("batch_workbook", c), READ),
    Endpoint("space_transfers:item_add", "POST", lambda c: _t("item_add", c), WRITE,
             data=lambda c: {"building_code": "SCOPE-B", "original_value": "100"}),
    Endpoint("space_transfers:agency_confirm", "POST", lambda c: _t("agency_confirm", c),
             AGENCY_CONFIRM),
    Endpoint("space:api_transfer", "GET",
             lambda c: f"/api/v1/space/transfers/{_batch(c).pk}", READ, api=True),
]
