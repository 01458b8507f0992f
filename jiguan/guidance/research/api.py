"""/api/v1/guidance/research: the topics a user sees and one topic whole, and the topic's
writes through the same forms and actions as the pages (reports are uploaded on the page:
a file is not JSON). Out of scope 404, no permission 403, refused 422."""

# No `from __future__ import annotations`: ninja reads the real annotations.

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import require
from jiguan.core.api_params import Pagination
from jiguan.core.api_steps import valid
from jiguan.guidance.research import actions, queries
from jiguan.guidance.research.forms import AwardForm, MemberForm, MilestoneForm, TopicForm
from jiguan.orgs.models import Person

router = Router(tags=["业务指导"])


class ResearchMemberOut(Schema):
    id: int
    person_id: int | None
    name: str
    organisation: str
    role: str


class ResearchMilestoneOut(Schema):
    id: int
    title: str
    due: dt.date
    done_on: dt.date | None


class ResearchReportOut(Schema):
    id: int
    title: str
    file_name: str = Field(alias="file.name")


class ResearchAwardOut(Schema):
    id: int
    level: str
    rank: str
    year: int
    body: str
    name: str


class ResearchUseOut(Schema):
    id: int
    kind: str
    rule_id: int | None
    target_id: int | None
    decision_id: int | None
    note: str


class ResearchTopicOut(Schema):
    id: int
    region_id: int
    region: str = Field(alias="region.name")
    year: int
    title: str
    division: str
    status: str
    summary: str
    findings: str


class ResearchTopicDetailOut(ResearchTopicOut):
    members: list[ResearchMemberOut]
    milestones: list[ResearchMilestoneOut]
    reports: list[ResearchReportOut]
    awards: list[ResearchAwardOut]
    uses: list[ResearchUseOut]

    @staticmethod
    def resolve_members(obj: Any) -> Any:
        return list(obj.members.all())

    @staticmethod
    def resolve_milestones(obj: Any) -> Any:
        return list(obj.milestones.all())

    @staticmethod
    def resolve_reports(obj: Any) -> Any:
        return list(obj.reports.select_related("file"))

    @staticmethod
    def resolve_awards(obj: Any) -> Any:
        return list(obj.awards.all())

    @staticmethod
    def resolve_uses(obj: Any) -> Any:
        return list(obj.uses.all())


class ResearchFilter(Schema):
    year: int | None = None
    status: str = ""


class ResearchTopicIn(Schema):
    year: int
    title: str = Field(max_length=200)
    division: str = Field("", max_length=100)
    status: str = "proposed"
    summary: str = Field("", max_length=5000)
    findings: str = Field("", max_length=5000)


class ResearchMemberIn(Schema):
    person_id: int | None = None
    name: str = Field("", max_length=50)
    organisation: str = Field("", max_length=100)
    role: str = "member"


class ResearchMilestoneIn(Schema):
    title: str = Field(max_length=100)
    due: str = Field(max_length=20)


class ResearchAwardIn(Schema):
    level: str
    rank: str
    year: int
    body: str = Field(max_length=100)
    name: str = Field("", max_length=100)


class ResearchUseIn(Schema):
    kind: str
    link_id: int
    note: str = Field("", max_length=300)


def _form_data(payload: Schema) -> dict[str, str]:
    return {k: "" if v is None else str(v) for k, v in payload.dict().items()}


def _managed(request: Any, topic_id: int) -> Any:
    topic = queries.topic_or_404(request.user, topic_id)
    require(request.user, Perm.MANAGE_GUIDANCE, topic)
    return topic


@router.get("/research/topics", response=list[ResearchTopicOut])
@paginate(Pagination, page_size=100)
def list_topics(request: Any, filters: Query[ResearchFilter]) -> Any:
    require(request.user, Perm.VIEW_GUIDANCE)
    params = {k: str(v) for k, v in filters.dict().items() if v not in (None, "")}
    rows, form = queries.topics_filtered(request.user, params)
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return rows.order_by("-year", "region__code", "pk")


@router.get("/research/topics/{topic_id}", response=ResearchTopicDetailOut)
def get_topic(request: Any, topic_id: int) -> Any:
    return queries.topic_or_404(request.user, topic_id)


@router.post("/research/topics", response={201: ResearchTopicOut})
def create_topic(request: Any, payload: ResearchTopicIn) -> Any:
    require(request.user, Perm.MANAGE_GUIDANCE)
    root = (Region.objects.visible_to(request.user, Perm.MANAGE_GUIDANCE)
            .order_by("path").first())
    if root is None:
        raise PermissionDenied("没有可立项调研课题的区划")
    data = valid(TopicForm(_form_data(payload)))
    return 201, actions.topic_create(region=root, data=data, actor=request.user)


@router.post("/research/topics/{topic_id}/members", response={201: ResearchMemberOut})
def add_member(request: Any, topic_id: int, payload: ResearchMemberIn) -> Any:
    topic = _managed(request, topic_id)
    d = valid(MemberForm({**_form_data(payload), "person": payload.person_id or ""}))
    person = None
    if d.get("person"):
        person = Person.objects.visible_to(request.user, Perm.VIEW_ORGS).select_related(
            "agency").filter(pk=d["person"]).first()
        if person is None:
            raise ValidationError({"person": "所选人员不在本地区在册人员中"})
    return 201, actions.member_add(topic=topic, person=person, name=d.get("name") or "",
                                   organisation=d.get("organisation") or "",
                                   role=d["role"], actor=request.user)


@router.post("/research/topics/{topic_id}/milestones", response={201: ResearchMilestoneOut})
def add_milestone(request: Any, topic_id: int, payload: ResearchMilestoneIn) -> Any:
    topic = _managed(request, topic_id)
    d = valid(MilestoneForm(_form_data(payload)))
    return 201, actions.milestone_add(topic=topic, title=d["title"], due=d["due"],
                                      actor=request.user)


@router.post("/research/topics/{topic_id}/awards", response={201: ResearchAwardOut})
def add_award(request: Any, topic_id: int, payload: ResearchAwardIn) -> Any:
    topic = _managed(request, topic_id)
    d = valid(AwardForm(_form_data(payload)))
    return 201, actions.award_add(topic=topic, data=d, actor=request.user)


@router.post("/research/topics/{topic_id}/uses", response={201: ResearchUseOut})
def add_use(request: Any, topic_id: int, payload: ResearchUseIn) -> Any:
    topic = _managed(request, topic_id)
    return 201, actions.use_add(topic=topic, kind=payload.kind, link_id=payload.link_id,
                                note=payload.note, actor=request.user)
