"""The major contracts' endpoints in the scope matrix (added to tests/scope.py's list).

The objects are contracts of the Xihu agency: seen by the province, Hangzhou, Xihu and the
auditor (read only); the Ningbo agency's reporter and the outsider get 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.conftest import Cast
from jiguan.core.tests.test_scope_matrix import Endpoint
from jiguan.governance.contracts import actions
from jiguan.governance.contracts.models import Contract
from jiguan.governance.tests.contract_fixtures import contract_data


def _draft(c: Cast) -> Contract:
    return actions.contract_create(data=contract_data(
        c.xihu_agency, kind="procurement", amount=Decimal("500000")), actor=c.province_admin)


def _signed(c: Cast) -> Contract:
    return actions.contract_sign(contract=_draft(c), signed_on=dt.date.today(),
                                 actor=c.province_admin)


def _milestone_url(c: Cast) -> str:
    contract = _signed(c)
    m = actions.milestone_add(contract=contract, title="验收", due_on=dt.date.today(),
                              actor=c.province_admin)
    return reverse("governance:milestone_done", args=[contract.pk, m.pk])


def _dispute_url(c: Cast) -> str:
    contract = _signed(c)
    d = actions.dispute_add(contract=contract, raised_on=dt.date.today(), kind="negotiation",
                            summary="延期", actor=c.province_admin)
    return reverse("governance:dispute_resolve", args=[contract.pk, d.pk])


def _attachment_url(c: Cast) -> str:
    contract = _draft(c)
    att = actions.attachment_add(contract=contract,
                                 upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
                                 actor=c.province_admin)
    return reverse("governance:contract_attachment", args=[contract.pk, att.pk])


def _sign(c: Cast) -> dict[str, Any]:
    return {"signed_on": dt.date.today().isoformat()}


def _file(c: Cast) -> dict[str, Any]:
    return {"region": Region.objects.get(code="330106").pk,
            "filed_on": dt.date.today().isoformat()}


def _file_api(c: Cast) -> dict[str, Any]:
    return {"region_id": Region.objects.get(code="330106").pk,
            "filed_on": dt.date.today().isoformat()}


def _new_api(c: Cast) -> dict[str, Any]:
    data = {k: str(v) for k, v in contract_data(c.xihu_agency, kind="procurement",
                                                 amount=Decimal("500000")).items()
            if k != "agency"}
    return {**data, "agency_id": c.xihu_agency.pk}


def _payment_api(c: Cast) -> dict[str, Any]:
    return {"paid_on": dt.date.today().isoformat(), "amount": "1000"}


ALL = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 200,
       "auditor": 200, "outsider": 403}
MANAGERS = {**ALL, "auditor": 403}
READ = {"province_admin": 200, "hangzhou": 200, "xihu": 200, "ningbo_reporter": 404,
        "auditor": 200, "outsider": 404}
FORM = {**READ, "auditor": 403}
WRITE = {"province_admin": 302, "hangzhou": 302, "xihu": 302, "ningbo_reporter": 404,
         "auditor": 403, "outsider": 404}
API_WRITE = {**WRITE, "province_admin": 200, "hangzhou": 200, "xihu": 200}


def _url(name: str, obj: Any = None) -> Any:
    return lambda c: reverse(f"governance:{name}", args=[obj(c).pk] if obj else [])


def _api(path: str = "", obj: Any = None) -> Any:
    return lambda c: (f"/api/v1/governance/contracts/{obj(c).pk}{path}" if obj
                      else f"/api/v1/governance/contracts{path}")


CONTRACTS_MATRIX = [
    Endpoint("governance:contract_list", "GET", _url("contract_list"), ALL),
    Endpoint("governance:contract_list(late)", "GET", _url("contract_list"), ALL,
             data=lambda c: {"filing": "late", "year": "2026", "kind": "procurement"}),
    Endpoint("governance:contract_export", "GET", _url("contract_export"), ALL),
    Endpoint("governance:contract_counts", "GET", _url("contract_counts"), ALL),
    Endpoint("governance:contract_create", "GET", _url("contract_create"), MANAGERS),
    Endpoint("governance:contract_detail(xihu)", "GET", _url("contract_detail", _draft), READ),
    Endpoint("governance:contract_edit(xihu)", "GET", _url("contract_edit", _draft), FORM),
    Endpoint("governance:contract_change(xihu)", "GET", _url("contract_change", _signed), FORM),
    Endpoint("governance:contract_review(xihu)", "GET", _url("contract_review", _draft), FORM),
    Endpoint("governance:contract_sign(xihu)", "GET", _url("contract_sign", _draft), FORM),
    Endpoint("governance:contract_sign(xihu) POST", "POST", _url("contract_sign", _draft),
             WRITE, data=_sign),
    Endpoint("governance:contract_file(xihu)", "GET", _url("contract_file", _signed), FORM),
    Endpoint("governance:contract_file(xihu) POST", "POST", _url("contract_file", _signed),
             WRITE, data=_file),
    Endpoint("governance:milestone_add(xihu)", "GET", _url("milestone_add", _signed), FORM),
    Endpoint("governance:milestone_done(xihu)", "GET", _milestone_url, FORM),
    Endpoint("governance:payment_add(xihu)", "GET", _url("payment_add", _signed), FORM),
    Endpoint("governance:dispute_add(xihu)", "GET", _url("dispute_add", _signed), FORM),
    Endpoint("governance:dispute_resolve(xihu)", "GET", _dispute_url, FORM),
    Endpoint("governance:contract_close(xihu)", "GET", _url("contract_close", _signed), FORM),
    Endpoint("governance:contract_attach(xihu)", "GET", _url("contract_attach", _draft), FORM),
    Endpoint("governance:contract_attachment(xihu)", "GET", _attachment_url, READ),
    Endpoint("governance:api_contracts", "GET", _api(), ALL, api=True),
    Endpoint("governance:api_contract_counts", "GET", _api("/counts"), ALL, api=True),
    Endpoint("governance:api_contract(xihu)", "GET", _api("", _draft), READ, api=True),
    Endpoint("governance:api_contract_create(xihu)", "POST", _api(),
             {**MANAGERS, "province_admin": 201, "hangzhou": 201, "xihu": 201,
              "ningbo_reporter": 422}, data=_new_api, api=True),
    Endpoint("governance:api_contract_sign(xihu)", "POST", _api("/sign", _draft), API_WRITE,
             data=_sign, api=True),
    Endpoint("governance:api_contract_file(xihu)", "POST", _api("/file", _signed), API_WRITE,
             data=_file_api, api=True),
    Endpoint("governance:api_contract_payment(xihu)", "POST", _api("/payments", _signed),
             API_WRITE, data=_payment_api, api=True),
]
