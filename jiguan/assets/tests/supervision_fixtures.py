"""The supervision cast on top of the assets cast: the Xihu guesthouse is a holding of the
group (its route closed through the transfer's actions), the Ningbo hotel is one too, and
the province's supervisory board supervises both."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from jiguan.access.models import Region
from jiguan.assets.entities import actions as entity_actions
from jiguan.assets.entities.models import Entity, Step, StepKind
from jiguan.assets.supervision import actions
from jiguan.assets.supervision.models import SupervisoryBoard
from jiguan.assets.tests.fixtures import Assets

DAY = dt.date(2025, 4, 1)


def _extra(kind: str, entity: Entity) -> dict[str, Any]:
    if kind == StepKind.APPRAISAL:
        return {"appraised_value": entity.book_value}
    if kind == StepKind.PLACEMENT:
        return {"placed": entity.staff_count, "retired": 0, "other": 0}
    if kind in (StepKind.AGREEMENT, StepKind.REGISTRATION):
        return {"documents": "文件"}
    return {}


def make_holding(a: Assets, entity: Entity) -> Entity:
    """Take the entity along the transfer route to the group (status 集团持有)."""
    entity_actions.entity_assign(entity=entity, batch=a.batch, route="transfer", actor=a.staff)
    for step in Step.objects.filter(entity=entity).order_by("order"):
        entity_actions.step_complete(step=step, done_on=DAY, actor=a.staff,
                                     **_extra(step.kind, entity))
    return Entity.objects.get(pk=entity.pk)


@dataclass
class Supervision:
    a: Assets
    guesthouse: Entity
    hotel: Entity
    board: SupervisoryBoard


def figures(**over: Any) -> dict[str, Decimal | None]:
    """A balanced year: assets 2,600万 = liabilities 900万 + equity 1,700万."""
    data = {"revenue": Decimal("8300000"), "profit": Decimal("420000"),
            "total_assets": Decimal("26000000"), "liabilities": Decimal("9000000"),
            "equity": Decimal("17000000"), "equity_start": None,
            "capital_injected": Decimal(0), "capital_withdrawn": Decimal(0)}
    data.update({k: Decimal(str(v)) if v is not None else None for k, v in over.items()})
    return data


def build_supervision(a: Assets) -> Supervision:
    guesthouse = make_holding(a, a.guesthouse)
    hotel = make_holding(a, a.hotel)
    board = actions.board_create(region=Region.objects.get(code="330000"),
                                 name="第一监事会", formed_on=dt.date(2021, 1, 1),
                                 companies=[guesthouse, hotel], actor=a.staff)
    return Supervision(a=a, guesthouse=guesthouse, hotel=hotel, board=board)


@pytest.fixture
def supervision(assets: Assets) -> Supervision:
    return build_supervision(assets)
