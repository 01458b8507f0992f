"""The asset cards' endpoints in the scope matrix (collected through scope.py).

Objects, made inside the url lambdas (idempotent): a Xihu card of 60万元 in a matter waiting
for the Xihu bureau's approval, a small Xihu card in a matter the unit decides itself
(approved, waiting to be executed), a free Xihu card, and a Ningbo card with a small
matter. A bureau sees and keeps the cards of its regions, the Ningbo reporter its agency's;
the auditor reads; only the bureau at the pending level's region approves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from jiguan.assets.cards import actions
from jiguan.assets.cards.models import AssetCard, AssetClass, Matter
from jiguan.conftest import Cast
from jiguan.core.tests.test_scope_matrix import Endpoint

ACTORS = ("province_admin", "hangzhou", "xihu", "ningbo_reporter", "auditor", "outsider")


def _codes(*codes: int) -> dict[str, int]:
    return dict(zip(ACTORS, codes, strict=True))


READ_ALL = _codes(200, 200, 200, 200, 200, 403)
KEEP = _codes(200, 200, 200, 200, 403, 403)
XIHU_READ = _codes(200, 200, 200, 404, 200, 404)
XIHU_KEEP_GET = _codes(200, 200, 200, 404, 403, 404)
XIHU_WRITE = _codes(302, 302, 302, 404, 403, 404)
NINGBO_READ = _codes(200, 404, 404, 200, 200, 404)
NINGBO_KEEP_GET = _codes(200, 404, 404, 200, 403, 404)


def _card(agency: Any, card_no: str, value: str) -> AssetCard:
    found = AssetCard.objects.filter(agency=agency, card_no=card_no).first()
    if found is not None:
        return found
    return actions.card_create(data={
        "card_no": card_no, "asset_class": AssetClass.objects.get(code="20301"),
        "name": "公务用车", "quantity": 1, "value": Decimal(value),
        "acquired_on": dt.date(2020, 1, 1), "agency": agency}, actor=None)


def _matter(card: AssetCard) -> Matter:
    found = Matter.objects.filter(items__card=card).first()
    if found is not None:
        return found
    return actions.matter_submit(agency=card.agency, kind="scrap", cards=[card],
                                 reason="报废", actor=None)


def _xihu_big(c: Cast) -> Matter:
    return _matter(_card(c.xihu_agency, "SM-BIG", "600000"))


def _xihu_small(c: Cast) -> Matter:
    return _matter(_card(c.xihu_agency, "SM-SMALL", "5000"))


def _xihu_free(c: Cast) -> AssetCard:
    return _card(c.xihu_agency, "SM-FREE", "5000")


def _ningbo(c: Cast) -> AssetCard:
    return _card(c.ningbo_agency, "SM-NB", "5000")


def _new_card(c: Cast) -> dict[str, Any]:
    return {"card_no": "SM-NEW", "class_code": "20301", "name": "轿车", "value": "1000",
            "acquired_on": "2024-01-01", "agency_id": c.xihu_agency.pk}


CARDS_MATRIX = [
    Endpoint("assets:card_list", "GET", lambda c: reverse("assets:card_list"), READ_ALL),
    Endpoint("assets:card_export", "GET", lambda c: reverse("assets:card_export"), READ_ALL),
    Endpoint("assets:card_create", "GET", lambda c: reverse("assets:card_create"), KEEP),
    Endpoint("assets:card_detail(xihu)", "GET",
             lambda c: reverse("assets:card_detail", args=[_xihu_free(c).pk]), XIHU_READ),
    Endpoint("assets:card_detail(ningbo)", "GET",
             lambda c: reverse("assets:card_detail", args=[_ningbo(c).pk]), NINGBO_READ),
    Endpoint("assets:card_edit(xihu)", "GET",
             lambda c: reverse("assets:card_edit", args=[_xihu_free(c).pk]), XIHU_KEEP_GET),
    Endpoint("assets:card_edit(ningbo)", "GET",
             lambda c: reverse("assets:card_edit", args=[_ningbo(c).pk]), NINGBO_KEEP_GET),
    Endpoint("assets:class_list", "GET", lambda c: reverse("assets:class_list"), READ_ALL),
    Endpoint("assets:standard_edit", "GET",
             lambda c: reverse("assets:standard_edit",
                               args=[AssetClass.objects.get(code="60102").pk]),
             _codes(200, 403, 403, 403, 403, 403)),
    Endpoint("assets:disposal_list", "GET", lambda c: reverse("assets:disposal_list"), READ_ALL),
    Endpoint("assets:disposal_create", "GET", lambda c: reverse("assets:disposal_create"), KEEP),
    Endpoint("assets:disposal_detail(xihu)", "GET",
             lambda c: reverse("assets:disposal_detail", args=[_xihu_big(c).pk]), XIHU_READ),
    Endpoint("assets:disposal_detail(ningbo)", "GET",
             lambda c: reverse("assets:disposal_detail", args=[_matter(_ningbo(c)).pk]),
             NINGBO_READ),
    Endpoint("assets:disposal_approve(xihu)", "POST",
             lambda c: reverse("assets:disposal_approve", args=[_xihu_big(c).pk]), XIHU_WRITE),
    Endpoint("assets:disposal_reject(xihu)", "POST",
             lambda c: reverse("assets:disposal_reject", args=[_xihu_big(c).pk]), XIHU_WRITE,
             data=lambda c: {"note": "不同意"}),
    Endpoint("assets:disposal_execute(xihu)", "POST",
             lambda c: reverse("assets:disposal_execute", args=[_xihu_small(c).pk]), XIHU_WRITE,
             data=lambda c: {"done_on": "2025-01-01"}),
    Endpoint("assets:disposal_take_back(xihu)", "GET",
             lambda c: reverse("assets:disposal_take_back", args=[_xihu_small(c).pk]),
             XIHU_KEEP_GET),
    Endpoint("assets:report", "GET", lambda c: reverse("assets:report"), READ_ALL),
    Endpoint("assets:report_download", "GET",
             lambda c: reverse("assets:report_download") + "?year=2024", READ_ALL),
    # API
    Endpoint("assets:api_classes", "GET", lambda c: "/api/v1/assets/classes", READ_ALL,
             api=True),
    Endpoint("assets:api_cards", "GET", lambda c: "/api/v1/assets/cards", READ_ALL, api=True),
    Endpoint("assets:api_card(xihu)", "GET",
             lambda c: f"/api/v1/assets/cards/{_xihu_free(c).pk}", XIHU_READ, api=True),
    Endpoint("assets:api_card(ningbo)", "GET",
             lambda c: f"/api/v1/assets/cards/{_ningbo(c).pk}", NINGBO_READ, api=True),
    Endpoint("assets:api_card_create", "POST", lambda c: "/api/v1/assets/cards",
             _codes(201, 201, 201, 404, 403, 403), data=_new_card, api=True),
    Endpoint("assets:api_disposals", "GET", lambda c: "/api/v1/assets/disposals", READ_ALL,
             api=True),
    Endpoint("assets:api_disposal(xihu)", "GET",
             lambda c: f"/api/v1/assets/disposals/{_xihu_big(c).pk}", XIHU_READ, api=True),
    Endpoint("assets:api_disposal_create", "POST", lambda c: "/api/v1/assets/disposals",
             # the Ningbo reporter does not see the Xihu card: the list names it (422)
             _codes(201, 201, 201, 422, 403, 403),
             data=lambda c: {"kind": "scrap", "card_ids": [_xihu_free(c).pk],
                             "reason": "报废"}, api=True),
    Endpoint("assets:api_disposal_approve(xihu)", "POST",
             lambda c: f"/api/v1/assets/disposals/{_xihu_big(c).pk}/approve",
             _codes(200, 200, 200, 404, 403, 404), data=lambda c: {}, api=True),
    Endpoint("assets:api_disposal_reject(xihu)", "POST",
             lambda c: f"/api/v1/assets/disposals/{_xihu_big(c).pk}/reject",
             _codes(200, 200, 200, 404, 403, 404), data=lambda c: {"note": "不同意"},
             api=True),
    Endpoint("assets:api_disposal_execute(xihu)", "POST",
             lambda c: f"/api/v1/assets/disposals/{_xihu_small(c).pk}/execute",
             _codes(200, 200, 200, 404, 403, 404), data=lambda c: {"done_on": "2025-01-01"},
             api=True),
    Endpoint("assets:api_disposal_take_back(xihu)", "POST",
             lambda c: f"/api/v1/assets/disposals/{_xihu_small(c).pk}/take-back",
             # not rented or lent out: refused by the action
             _codes(422, 422, 422, 404, 403, 404), data=lambda c: {"on": "2025-01-01"},
             api=True),
    Endpoint("assets:api_report", "GET", lambda c: "/api/v1/assets/report?year=2024", READ_ALL,
             api=True),
]
