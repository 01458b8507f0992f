"""/api/v1/space/projects/: planning and construction through the same queries, forms and
actions as its pages. Out-of-scope projects answer 404, a missing permission 403, bad input
or a refused step 422 with the field's Chinese message."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import Pagination
from jiguan.core.api_steps import StepEndpoints, valid
from jiguan.space.projects import actions, queries
from jiguan.space.projects.forms import (
    CompleteForm,
    DocumentForm,
    FundingForm,
    ProjectForm,
    ReturnForm,
    RoomsForm,
    StartForm,
)
from jiguan.space.projects.models import Project
from jiguan.space.projects.queries import project_or_404, projects_for

router = Router(tags=["规划建设"])


class ProjectDocumentOut(Schema):
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    number: str
    issued_on: dt.date
    approved_area: Decimal
    approved_amount: Decimal


class ProjectFundingOut(Schema):
    source: str
    source_label: str = Field(alias="get_source_display")
    amount: Decimal
    document: str


class ProjectRoomOut(Schema):
    floor: int
    number: str
    use_class: str
    subtype: str
    usable_area: Decimal


class ProjectOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    region_code: str = Field(alias="region.code")
    region_name: str = Field(alias="region.name")
    planned_area: Decimal
    planned_amount: Decimal
    status: str
    status_label: str = Field(alias="get_status_display")
    return_reason: str
    started_on: dt.date | None
    completed_on: dt.date | None
    building_id: int | None
    agencies: list[str]

    @staticmethod
    def resolve_agencies(p: Project) -> list[str]:
        return [a.credit_code for a in p.agencies.all()]


class ProjectDetailOut(ProjectOut):
    approved_area_total: Decimal
    documents: list[ProjectDocumentOut]
    funding: list[ProjectFundingOut]
    rooms: list[ProjectRoomOut]

    @staticmethod
    def resolve_approved_area_total(p: Project) -> Decimal:
        return queries.approved_total(p)

    @staticmethod
    def resolve_documents(p: Project) -> Any:
        return list(p.documents.all())

    @staticmethod
    def resolve_funding(p: Project) -> Any:
        return list(p.funding.all())

    @staticmethod
    def resolve_rooms(p: Project) -> Any:
        return list(p.rooms.all())


class ProjectIn(Schema):
    code: str = ""
    name: str = ""
    kind: str = ""
    region: str = Field("", description="区划代码")
    agencies: list[str] = Field(default_factory=list, description="统一社会信用代码")
    building_type: str = "multi"
    address: str = ""
    planned_area: str = ""
    planned_amount: str = ""
    reason: str = ""


class ProjectDocumentIn(Schema):
    kind: str = ""
    number: str = ""
    issued_on: str = ""
    approved_area: str = ""
    approved_amount: str = ""


class ProjectFundingIn(Schema):
    source: str = ""
    amount: str = ""
    document: str = ""


class ProjectRoomIn(Schema):
    floor: str = ""
    number: str = ""
    use_class: str = ""
    usable_area: str = ""
    subtype: str = ""


class ProjectRoomsIn(Schema):
    rooms: list[ProjectRoomIn]


class ProjectReturnIn(Schema):
    reason: str = ""


class ProjectStartIn(Schema):
    started_on: str = ""


class ProjectCompleteIn(Schema):
    building_code: str = ""
    building_name: str = ""
    floors_above: str = ""
    floors_below: str = "0"
    actual_area: str = ""
    final_cost: str = ""
    completed_on: str = ""


steps: StepEndpoints[Project] = StepEndpoints(load=project_or_404, require=require)


def _reviewer(user: Any, project: Project) -> None:
    if not queries.can_review(user, project):
        raise PermissionDenied("只有上级机关事务管理部门可以审核本项目")


@router.get("/", response=list[ProjectOut])
@paginate(Pagination, page_size=100)
def list_projects(request: Any, q: str = "", status: str = "", kind: str = "",
                  region: str = "") -> Any:
    """Projects in the user's scope, with the list page's filters."""
    require(request.user, Perm.VIEW_SPACE)
    params = {k: v for k, v in {"q": q, "status": status, "kind": kind,
                                "region": region}.items() if v}
    qs, form = projects_for(request.user, params)
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return qs.prefetch_related("agencies")


@router.get("/{project_id}", response=ProjectDetailOut)
def get_project(request: Any, project_id: int) -> Any:
    return project_or_404(request.user, project_id)


@router.post("/", response={201: ProjectDetailOut})
def create_project(request: Any, payload: ProjectIn) -> Any:
    require(request.user, Perm.CHANGE_SPACE)
    data = payload.dict()
    data["agencies"] = "\n".join(data["agencies"])
    form = ProjectForm(data, regions=queries.writable_regions(request.user))
    project = actions.project_create(data=valid(form), actor=request.user)
    return 201, project_or_404(request.user, project.pk)


@router.post("/{project_id}/documents", response=ProjectDetailOut)
def save_document(request: Any, project_id: int, payload: ProjectDocumentIn) -> Any:
    return steps.run(request, project_id, Perm.CHANGE_SPACE, DocumentForm(payload.dict()),
                     lambda project, d: actions.document_save(project=project, data=d,
                                                              actor=request.user))


@router.post("/{project_id}/funding", response=ProjectDetailOut)
def add_funding(request: Any, project_id: int, payload: ProjectFundingIn) -> Any:
    """Budget funding only: any other source is refused with the rule cited."""
    return steps.run(request, project_id, Perm.CHANGE_SPACE, FundingForm(payload.dict()),
                     lambda project, d: actions.funding_add(project=project,
                                                            actor=request.user, **d))


@router.put("/{project_id}/rooms", response=ProjectDetailOut)
def set_rooms(request: Any, project_id: int, payload: ProjectRoomsIn) -> Any:
    text = "\n".join(" ".join(x for x in (r.floor, r.number, r.use_class, r.usable_area,
                                          r.subtype) if x.strip()) for r in payload.rooms)
    return steps.run(request, project_id, Perm.CHANGE_SPACE, RoomsForm({"rooms": text}),
                     lambda project, d: actions.rooms_set(project=project, rows=d["rooms"],
                                                          actor=request.user))


@router.post("/{project_id}/submit", response=ProjectDetailOut)
def submit_project(request: Any, project_id: int) -> Any:
    return steps.run(request, project_id, Perm.CHANGE_SPACE, None,
                     lambda project, d: actions.project_submit(project=project,
                                                               actor=request.user))


@router.post("/{project_id}/approve", response=ProjectDetailOut)
def approve_project(request: Any, project_id: int) -> Any:
    return steps.run(request, project_id, _reviewer, None,
                     lambda project, d: actions.project_approve(project=project,
                                                                actor=request.user))


@router.post("/{project_id}/return", response=ProjectDetailOut)
def return_project(request: Any, project_id: int, payload: ProjectReturnIn) -> Any:
    return steps.run(request, project_id, _reviewer, ReturnForm(payload.dict()),
                     lambda project, d: actions.project_return(project=project,
                                                               actor=request.user, **d))


@router.post("/{project_id}/start", response=ProjectDetailOut)
def start_project(request: Any, project_id: int, payload: ProjectStartIn) -> Any:
    return steps.run(request, project_id, Perm.CHANGE_SPACE, StartForm(payload.dict()),
                     lambda project, d: actions.project_start(project=project,
                                                              actor=request.user, **d))


@router.post("/{project_id}/complete", response=ProjectDetailOut)
def complete_project(request: Any, project_id: int, payload: ProjectCompleteIn) -> Any:
    """Completion creates the building and its rooms in the register."""
    return steps.run(request, project_id, Perm.CHANGE_SPACE, CompleteForm(payload.dict()),
                     lambda project, d: actions.project_complete(project=project, data=d,
                                                                 actor=request.user))
