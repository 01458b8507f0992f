"""/api/v1/services/standards: the standards with their items, and their pilot units."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404
from ninja import Router, Schema
from pydantic import Field

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.services.standards import queries
from jiguan.services.standards.models import ServiceStandard

router = Router(tags=["后勤服务"])


class ServicesStandardItemOut(Schema):
    id: int
    no: int
    aspect: str
    requirement: str
    method: str
    frequency: str
    weight: Decimal
    deduction: Decimal
    source: str
    ours: bool


class ServicesStandardOut(Schema):
    id: int
    code: str
    title: str
    version: str
    effective_from: dt.date
    category: str = Field(alias="category.name")
    source: str
    previous_id: int | None


class ServicesStandardDetailOut(ServicesStandardOut):
    items: list[ServicesStandardItemOut]

    @staticmethod
    def resolve_items(obj: ServiceStandard) -> list[Any]:
        return list(obj.items.all())


class ServicesPilotOut(Schema):
    id: int
    standard_code: str
    agency_id: int
    agency: str = Field(alias="agency.name")
    since: dt.date


@router.get("/standards", response=list[ServicesStandardOut])
def list_standards(request: Any) -> Any:
    require(request.user, Perm.VIEW_SERVICES)
    return queries.standards()


@router.get("/standards/{standard_id}", response=ServicesStandardDetailOut)
def get_standard(request: Any, standard_id: int) -> Any:
    require(request.user, Perm.VIEW_SERVICES)
    try:
        s = queries.standards().get(pk=standard_id)
    except ServiceStandard.DoesNotExist:
        raise Http404 from None
    return s


@router.get("/standards/{standard_id}/pilots", response=list[ServicesPilotOut])
def list_pilots(request: Any, standard_id: int) -> Any:
    require(request.user, Perm.VIEW_SERVICES)
    try:
        s = ServiceStandard.objects.get(pk=standard_id)
    except ServiceStandard.DoesNotExist:
        raise Http404 from None
    return queries.pilots(request.user, s)
