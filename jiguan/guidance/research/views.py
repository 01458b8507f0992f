"""Pages of the research topics: the list (with its export), a topic with its team,
milestones, reports, awards and uses, and the forms that call the research actions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.core.excel import ExportColumn
from jiguan.core.exports.jobs import list_export
from jiguan.core.files import file_response
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.guidance.research import actions, queries
from jiguan.guidance.research.forms import (
    AwardForm,
    MemberForm,
    MilestoneDoneForm,
    MilestoneForm,
    ReportForm,
    TopicForm,
    UseForm,
)
from jiguan.guidance.research.models import Topic
from jiguan.orgs.models import Person

FORM = "guidance/research/form.html"


def research_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_GUIDANCE)
    rows, form = queries.topics_filtered(request.user, request.GET)
    return render(request, "guidance/research/list.html", {
        "topics": rows, "form": form, "query": request.GET.urlencode(),
        "can_manage": can(request.user, Perm.MANAGE_GUIDANCE)})


def _columns() -> list[ExportColumn]:
    return [ExportColumn("年度", lambda t: t.year, 8),
            ExportColumn("课题名称", lambda t: t.title, 40),
            ExportColumn("牵头区划", lambda t: t.region.name),
            ExportColumn("牵头处室", lambda t: t.division),
            ExportColumn("状态", lambda t: t.get_status_display(), 10),
            ExportColumn("课题组", lambda t: "、".join(str(m) for m in t.members.all()), 40),
            ExportColumn("获奖", lambda t: "；".join(f"{a} {a.body}" for a in t.awards.all()),
                         40),
            ExportColumn("成果转化", lambda t: "；".join(str(u) for u in t.uses.all()), 40)]


research_export = list_export(
    "guidance.research", perm=Perm.VIEW_GUIDANCE, rows_for=queries.topics_filtered,
    columns=_columns, title="调研课题", describe=queries.describe,
    prepare=lambda rows: rows.prefetch_related("members", "awards", "uses__rule",
                                               "uses__target", "uses__decision"))


def research_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_GUIDANCE)
    root = (Region.objects.visible_to(request.user, Perm.MANAGE_GUIDANCE)
            .order_by("path").first())
    if root is None:
        raise PermissionDenied("没有可立项调研课题的区划")
    form = TopicForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.topic_create(region=root, data=d, actor=request.user),
        done=lambda t: reverse("guidance:research_detail", args=[t.pk]),
        message=lambda t: f"已立项“{t.title}”", template=FORM,
        context={"title": f"调研课题立项（{root.name}）",
                 "back": reverse("guidance:research_list")})


def research_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    topic = queries.topic_or_404(request.user, pk)
    return render(request, "guidance/research/detail.html", {
        "topic": topic, **queries.topic_sections(topic),
        "can_manage": can(request.user, Perm.MANAGE_GUIDANCE, topic)})


def _managed(request: AuthedRequest, pk: int) -> tuple[Topic, str]:
    topic = queries.topic_or_404(request.user, pk)
    require(request.user, Perm.MANAGE_GUIDANCE, topic)
    return topic, reverse("guidance:research_detail", args=[topic.pk])


def research_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    topic, back = _managed(request, pk)
    form = TopicForm(request.POST or None, initial={
        k: getattr(topic, k) for k in ("year", "title", "division", "status", "summary",
                                       "findings")})
    return form_action(
        request, form, act=lambda d: actions.topic_update(topic=topic, data=d,
                                                         actor=request.user),
        done=back, message="课题已修改", template=FORM,
        context={"title": f"修改课题：{topic.title}", "back": back})


def member_add(request: AuthedRequest, pk: int) -> HttpResponse:
    topic, back = _managed(request, pk)
    form = MemberForm(request.POST or None)

    def act(d: dict[str, Any]) -> Any:
        person = None
        if d.get("person"):
            person = Person.objects.visible_to(request.user, Perm.VIEW_ORGS).select_related(
                "agency").filter(pk=d["person"]).first()
            if person is None:
                raise ValidationError({"person": "所选人员不在本地区在册人员中"})
        return actions.member_add(topic=topic, person=person, name=d.get("name") or "",
                                  organisation=d.get("organisation") or "",
                                  role=d["role"], actor=request.user)

    return form_action(request, form, act=act, done=back,
                       message=lambda m: f"已加入课题组：{m}", template=FORM,
                       context={"title": f"添加课题组成员：{topic.title}", "back": back})


def milestone_add(request: AuthedRequest, pk: int) -> HttpResponse:
    topic, back = _managed(request, pk)
    form = MilestoneForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.milestone_add(topic=topic, title=d["title"], due=d["due"],
                                            actor=request.user),
        done=back, message=lambda m: f"已添加节点“{m.title}”", template=FORM,
        context={"title": f"添加课题节点：{topic.title}", "back": back})


def milestone_done(request: AuthedRequest, pk: int) -> HttpResponse:
    milestone = queries.milestone_or_404(request.user, pk)
    require(request.user, Perm.MANAGE_GUIDANCE, milestone.topic)
    back = reverse("guidance:research_detail", args=[milestone.topic_id])
    form = MilestoneDoneForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.milestone_done(milestone=milestone, done_on=d["done_on"],
                                             actor=request.user),
        done=back, message=lambda m: f"节点“{m.title}”已完成", template=FORM,
        context={"title": f"节点完成：{milestone.title}", "back": back})


def report_add(request: AuthedRequest, pk: int) -> HttpResponse:
    topic, back = _managed(request, pk)
    form = ReportForm(request.POST or None, request.FILES or None)
    return form_action(
        request, form,
        act=lambda d: actions.report_add(topic=topic, title=d.get("title") or "",
                                         upload=d["file"], actor=request.user),
        done=back, message=lambda r: f"已上传调研报告“{r.title}”", template=FORM,
        context={"title": f"上传调研报告：{topic.title}", "back": back, "multipart": True})


def report_download(request: AuthedRequest, pk: int) -> HttpResponse:
    report = queries.report_or_404(request.user, pk)
    return file_response(report.file)


def award_add(request: AuthedRequest, pk: int) -> HttpResponse:
    topic, back = _managed(request, pk)
    form = AwardForm(request.POST or None)
    return form_action(
        request, form, act=lambda d: actions.award_add(topic=topic, data=d,
                                                      actor=request.user),
        done=back, message=lambda a: f"已登记获奖：{a}", template=FORM,
        context={"title": f"登记获奖：{topic.title}", "back": back})


def use_add(request: AuthedRequest, pk: int) -> HttpResponse:
    topic, back = _managed(request, pk)
    form = UseForm(request.POST or None, options=queries.use_options(request.user))
    return form_action(
        request, form,
        act=lambda d: actions.use_add(topic=topic, kind=d["kind"], link_id=d.get("link_id"),
                                      note=d.get("note") or "", actor=request.user),
        done=back, message=lambda u: f"已登记成果转化：{u}", template=FORM,
        context={"title": f"登记成果转化：{topic.title}", "back": back})
