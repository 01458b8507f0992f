"""What the research pages, the API and the export read: the topics a user sees (filtered
by year and status) and one topic with its team, milestones, reports, awards and uses."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from jiguan.core.scoping import visible_or_404
from jiguan.governance.decisions.models import Decision
from jiguan.governance.library.models import Rule
from jiguan.guidance.plans.models import Target
from jiguan.guidance.research.forms import TopicFilterForm
from jiguan.guidance.research.models import Milestone, Report, Topic, TopicStatus, UseKind


def topics_for(user: Any) -> QuerySet[Topic]:
    return Topic.objects.visible_to(user).select_related("region").annotate(
        n_members=Count("members", distinct=True), n_awards=Count("awards", distinct=True),
        n_uses=Count("uses", distinct=True))


def topic_or_404(user: Any, pk: int) -> Topic:
    return visible_or_404(Topic.objects.select_related("region"), user, pk=pk)


def milestone_or_404(user: Any, pk: int) -> Milestone:
    return get_object_or_404(Milestone.objects.select_related("topic", "topic__region"),
                             pk=pk, topic__in=Topic.objects.visible_to(user).values("pk"))


def report_or_404(user: Any, pk: int) -> Report:
    return get_object_or_404(Report.objects.select_related("file", "topic", "topic__region"),
                             pk=pk, topic__in=Topic.objects.visible_to(user).values("pk"))


def topic_sections(topic: Topic) -> dict[str, Any]:
    return {"members": list(topic.members.select_related("person")),
            "milestones": list(topic.milestones.all()),
            "reports": list(topic.reports.select_related("file")),
            "awards": list(topic.awards.all()),
            "uses": list(topic.uses.select_related("rule", "target", "target__plan",
                                                   "decision"))}


def use_options(user: Any, limit: int = 200) -> dict[str, list[tuple[int, str]]]:
    """What a topic's findings may be linked to: the rules, plan targets and decisions the
    user sees (the latest ``limit`` of each)."""
    rules = Rule.objects.visible_to(user).order_by("-issued_on", "-pk")[:limit]
    targets = (Target.objects.visible_to(user).select_related("plan")
               .order_by("-plan__start_year", "plan_id", "order", "pk")[:limit])
    decisions = Decision.objects.visible_to(user).order_by("-pk")[:limit]
    return {UseKind.RULE: [(r.pk, str(r)) for r in rules],
            UseKind.TARGET: [(t.pk, f"{t.plan.name}：{t.indicator}") for t in targets],
            UseKind.DECISION: [(d.pk, str(d)) for d in decisions]}


def topics_filtered(user: Any, params: Any) -> tuple[QuerySet[Topic], TopicFilterForm]:
    """The list's rows and its filter form (page, export and API share it)."""
    form = TopicFilterForm(params or None)
    rows = topics_for(user)
    if not form.is_bound:
        return rows, form
    if not form.is_valid():
        return rows.none(), form
    if form.cleaned_data.get("year"):
        rows = rows.filter(year=form.cleaned_data["year"])
    if form.cleaned_data.get("status"):
        rows = rows.filter(status=form.cleaned_data["status"])
    return rows, form


def describe(form: TopicFilterForm) -> str:
    d = form.cleaned_data if form.is_bound and form.is_valid() else {}
    parts = [f"{d['year']} 年" if d.get("year") else "全部年度",
             dict(TopicStatus.choices).get(d.get("status") or "", "全部状态")]
    return "，".join(parts)
