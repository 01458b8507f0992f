"""What the pages read: the schemes and assessments a user sees, a bureau's scores, the
ranking with each bureau's group scores and its movement from last year."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from jiguan.access.roles import Perm
from jiguan.access.scope import can
from jiguan.assessment.results.forms import PickForm, SchemeFilterForm
from jiguan.assessment.results.models import Assessment, Score
from jiguan.assessment.schemes.models import Scheme, SchemeStatus
from jiguan.core.scoping import visible_or_404

RESULT_STATUSES = (SchemeStatus.RESULTS, SchemeStatus.CLOSED)


def schemes_for(user: Any) -> QuerySet[Scheme]:
    return Scheme.objects.visible_to(user).select_related("region")


def schemes_listed(user: Any, params: Any) -> tuple[QuerySet[Scheme], SchemeFilterForm]:
    """The scheme list with its filters (year, status): the page and its export."""
    form = SchemeFilterForm(params or None)
    qs = schemes_for(user)
    if form.is_valid():
        d = form.cleaned_data
        if d.get("year"):
            qs = qs.filter(year=d["year"])
        if d.get("status"):
            qs = qs.filter(status=d["status"])
    elif form.is_bound:
        qs = qs.none()
    return qs, form


def _picked(params: Any, name: str, label: str, queryset: QuerySet[Any]
            ) -> tuple[Any, PickForm]:
    """The row named by ``params[name]`` among ``queryset`` (404 when missing or out of
    the user's scope, as its page would answer)."""
    form = PickForm({name: (params or {}).get(name, "")}, name=name, label=label,
                    queryset=queryset)
    if not form.is_valid():
        raise Http404(form.errors[name][0])
    return form.cleaned_data[name], form


def scheme_assessments(user: Any, params: Any) -> tuple[QuerySet[Assessment], PickForm]:
    """The bureaus of one scheme (``?scheme=``) the user sees: the scheme page's list."""
    scheme, form = _picked(params, "scheme", "考核方案", schemes_for(user))
    return assessments_seen(user, scheme).order_by("rank", "region__code"), form


def scheme_indicators(user: Any, params: Any) -> tuple[QuerySet[Any], PickForm]:
    """The indicators of one scheme (``?scheme=``): the scheme page's table."""
    scheme, form = _picked(params, "scheme", "考核方案", schemes_for(user))
    return scheme.indicators.select_related("group"), form


def assessment_scores(user: Any, params: Any) -> tuple[list[Score], PickForm]:
    """The scores of one bureau's assessment (``?assessment=``): the bureau's page."""
    assessment, form = _picked(params, "assessment", "单位考核", Assessment.objects.visible_to(
        user).select_related("scheme", "region"))
    return scores_of(assessment), form


def scheme_or_404(user: Any, pk: int) -> Scheme:
    return visible_or_404(Scheme.objects.select_related("region"), user, pk=pk)


def assessment_or_404(user: Any, pk: int) -> Assessment:
    return visible_or_404(Assessment.objects.select_related("scheme", "scheme__region",
                                                            "region"), user, pk=pk)


def assessments_visible(user: Any) -> QuerySet[Any]:
    """The ids of the assessments the user sees (a subquery)."""
    return Assessment.objects.visible_to(user).values("pk")


def score_or_404(user: Any, pk: int) -> Score:
    """A score of an assessment the user sees (404 otherwise)."""
    assessments = assessments_visible(user)
    return get_object_or_404(Score.objects.select_related(
        "assessment", "assessment__scheme", "assessment__scheme__region",
        "assessment__region", "indicator"), assessment__in=assessments, pk=pk)


def scores_of(assessment: Assessment) -> list[Score]:
    return list(assessment.scores.select_related("indicator", "indicator__group", "appeal")
                .prefetch_related("evidence__file"))


def assessments_seen(user: Any, scheme: Scheme) -> QuerySet[Assessment]:
    """The bureaus of ``scheme`` the user sees: the assessing bureau all of them, a
    bureau its own; once the ranking is published, every bureau sees the ranking."""
    rows = scheme.assessments.select_related("region")
    if scheme.status in RESULT_STATUSES or can(user, Perm.MANAGE_ASSESSMENT, scheme):
        return rows
    return rows.filter(pk__in=Assessment.objects.visible_to(user).values("pk"))


def previous_scheme(scheme: Scheme) -> Scheme | None:
    """The same assessing bureau's scheme of the year before, once its results are
    published (the year-on-year movement compares with it)."""
    return Scheme.objects.filter(region=scheme.region, year=scheme.year - 1,
                                 status__in=RESULT_STATUSES).first()


@dataclass
class RankRow:
    """A bureau's place this year and last year (under the previous year's published
    scheme of the same assessing bureau)."""

    assessment: Assessment
    previous_rank: int | None
    previous_total: Decimal | None
    by_group: list[Decimal | None] = field(default_factory=list)
    previous_id: int | None = None

    def points(self, key: str) -> Decimal | None:
        value = self.assessment.group_scores.get(key)
        return None if value is None else Decimal(value)

    @property
    def bonus(self) -> Decimal | None:
        return self.points("加分")

    @property
    def penalty(self) -> Decimal | None:
        return self.points("扣分")

    def group_points(self, groups: list[str]) -> list[Decimal | None]:
        return [self.points(g) for g in groups]

    @property
    def drop(self) -> int:
        return -(self.movement or 0)

    @property
    def movement(self) -> int | None:
        """Places gained since last year (positive: up)."""
        if self.previous_rank is None or self.assessment.rank is None:
            return None
        return self.previous_rank - self.assessment.rank

    @property
    def total_change(self) -> Decimal | None:
        """This year's total less last year's (positive: more points)."""
        if self.previous_total is None or self.assessment.total is None:
            return None
        return self.assessment.total - self.previous_total

    @property
    def total_drop(self) -> Decimal | None:
        change = self.total_change
        return None if change is None else -change


def _before(scheme: Scheme) -> dict[int, tuple[int | None, Decimal | None, int]]:
    previous = previous_scheme(scheme)
    if previous is None:
        return {}
    return {region_id: (rank, total, pk) for region_id, rank, total, pk in
            previous.assessments.values_list("region_id", "rank", "total", "pk")}


def ranking(scheme: Scheme) -> list[RankRow]:
    """The published ranking, with last year's place and total of each bureau under the
    same assessing bureau's scheme of the year before."""
    rows = list(scheme.assessments.select_related("region").order_by("rank", "region__code"))
    before = _before(scheme)
    groups = [g.name for g in scheme.groups.all()]
    out = []
    for a in rows:
        rank, total, pk = before.get(a.region_id, (None, None, None))
        row = RankRow(a, rank, total, previous_id=pk)
        row.by_group = row.group_points(groups)
        out.append(row)
    return out


def year_on_year(assessment: Assessment) -> RankRow | None:
    """One bureau's movement since last year (None: it was not assessed last year)."""
    rank, total, pk = _before(assessment.scheme).get(assessment.region_id, (None, None, None))
    if pk is None:
        return None
    return RankRow(assessment, rank, total, previous_id=pk)


def radar(scheme: Scheme, rows: list[RankRow]) -> dict[str, Any]:
    """ECharts radar data: one axis per indicator group (out of 100), one series a bureau."""
    groups = [g.name for g in scheme.groups.all()]
    return {"indicators": [{"name": g, "max": 100} for g in groups],
            "series": [{"name": r.assessment.region.name,
                        "value": [float(r.assessment.group_scores.get(g, 0)) for g in groups]}
                       for r in rows]}


