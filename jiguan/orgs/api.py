"""/api/v1/orgs/: the same querysets, filters and actions as the pages."""


import datetime as dt
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import IdQuery, Pagination
from jiguan.core.types import AuthedRequest
from jiguan.orgs import actions, rules
from jiguan.orgs.filters import agencies_for, people_for
from jiguan.orgs.models import Agency, Person

router = Router(tags=["单位与人员"])


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None = Field(None, alias="parent.code")
    sub_provincial: bool


class AgencyOut(Schema):
    id: int
    name: str
    credit_code: str
    region_code: str = Field(alias="region.code")
    level: str
    type_code: str
    parent_id: int | None
    authorized_headcount: int
    actual_headcount: int
    energy_headcount: int | None
    status: str
    status_date: dt.date | None


class AgencyIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    credit_code: str = Field(min_length=1, max_length=20)
    region_code: str = Field(max_length=12)
    level: str
    type_code: str = "01"
    parent_credit_code: str = ""
    authorized_headcount: int = Field(0, ge=0)
    actual_headcount: int = Field(0, ge=0)
    energy_headcount: int | None = Field(None, ge=0)
    note: str = ""


class PersonOut(Schema):
    id: int
    name: str
    agency_id: int
    staff_no: str
    post: str
    rank: str
    rank_label: str
    status: str
    status_date: dt.date | None


class PersonIn(Schema):
    agency_id: int
    name: str = Field(min_length=1, max_length=50)
    staff_no: str = ""
    post: str = ""
    rank: str


def _agency_data(user: Any, payload: AgencyIn) -> dict[str, Any]:
    """Resolve the payload's codes within the user's scope; ValidationError names the field."""
    from django.core.exceptions import ValidationError

    region = Region.objects.visible_to(user, Perm.CHANGE_AGENCY).filter(
        code=payload.region_code).first()
    errors: dict[str, str] = {}
    if region is None:
        errors["region_code"] = f"区划代码“{payload.region_code}”不存在或不在您的权限范围内"
    level = rules.parse_level(payload.level)
    if level is None:
        errors["level"] = f"单位层级“{payload.level}”无效，应为 省级/市级/县级/乡级"
    type_code = rules.parse_agency_type(payload.type_code)
    if type_code is None:
        errors["type_code"] = f"单位性质“{payload.type_code}”无效"
    parent = None
    if payload.parent_credit_code:
        parent = Agency.objects.visible_to(user).filter(
            credit_code=rules.normalize_credit_code(payload.parent_credit_code)).first()
        if parent is None:
            errors["parent_credit_code"] = "未找到该信用代码的上级单位（或不在您的权限范围内）"
    if errors:
        raise ValidationError(errors)
    return {"name": payload.name, "credit_code": payload.credit_code, "region": region,
            "level": level, "type_code": type_code, "parent": parent,
            "authorized_headcount": payload.authorized_headcount,
            "actual_headcount": payload.actual_headcount,
            "energy_headcount": payload.energy_headcount, "note": payload.note}


@router.get("/regions", response=list[RegionOut])
@paginate(Pagination, page_size=200)
def list_regions(request: AuthedRequest) -> Any:
    require(request.user, Perm.VIEW_ORGS)
    return Region.objects.visible_to(request.user).select_related("parent")


@router.get("/agencies", response=list[AgencyOut])
@paginate(Pagination, page_size=100)
def list_agencies(request: AuthedRequest, q: str = "", region: IdQuery = None, level: str = "",
                  type_code: str = "", status: str = "") -> Any:
    require(request.user, Perm.VIEW_ORGS)
    params = {"q": q, "region": region or "", "level": level, "type_code": type_code,
              "status": status}
    agencies, _ = agencies_for(request.user, params)
    return agencies


@router.get("/agencies/{agency_id}", response=AgencyOut)
def get_agency(request: AuthedRequest, agency_id: int) -> Any:
    return get_object_or_404(Agency.objects.visible_to(request.user).select_related("region"),
                             pk=agency_id)


@router.post("/agencies", response={201: AgencyOut})
def create_agency(request: AuthedRequest, payload: AgencyIn) -> Any:
    require(request.user, Perm.CHANGE_AGENCY)
    from django.core.exceptions import ValidationError

    data = _agency_data(request.user, payload)
    if Agency.objects.filter(credit_code=rules.normalize_credit_code(payload.credit_code)).exists():
        raise ValidationError({"credit_code": "该统一社会信用代码已登记"})
    return 201, actions.agency_create(data=data, actor=request.user)


@router.put("/agencies/{agency_id}", response=AgencyOut)
def update_agency(request: AuthedRequest, agency_id: int, payload: AgencyIn) -> Any:
    agency = get_object_or_404(Agency.objects.visible_to(request.user), pk=agency_id)
    require(request.user, Perm.CHANGE_AGENCY, agency)
    from django.core.exceptions import ValidationError

    code = rules.normalize_credit_code(payload.credit_code)
    if Agency.objects.filter(credit_code=code).exclude(pk=agency.pk).exists():
        raise ValidationError({"credit_code": "该统一社会信用代码已登记"})
    actions.agency_update(agency=agency, data=_agency_data(request.user, payload),
                          actor=request.user)
    return agency


@router.get("/people", response=list[PersonOut])
@paginate(Pagination, page_size=100)
def list_people(request: AuthedRequest, q: str = "", agency: IdQuery = None, region: IdQuery = None,
                status: str = "") -> Any:
    require(request.user, Perm.VIEW_ORGS)
    params = {"q": q, "agency": agency or "", "region": region or "", "status": status}
    people, _ = people_for(request.user, params)
    return people


@router.get("/people/{person_id}", response=PersonOut)
def get_person(request: AuthedRequest, person_id: int) -> Any:
    return get_object_or_404(Person.objects.visible_to(request.user), pk=person_id)


@router.post("/people", response={201: PersonOut})
def create_person(request: AuthedRequest, payload: PersonIn) -> Any:
    agency = get_object_or_404(Agency.objects.visible_to(request.user), pk=payload.agency_id)
    require(request.user, Perm.CHANGE_PERSON, agency)
    data = {"agency": agency, "name": payload.name, "staff_no": payload.staff_no.strip(),
            "post": payload.post, "rank": rules.parse_rank(agency.level, payload.rank)
            or payload.rank}
    return 201, actions.person_create(data=data, actor=request.user)
