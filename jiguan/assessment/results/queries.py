"""What the pages read: the schemes and assessments a user sees, a bureau's scores, the
ranking with each bureau's group scores and its movement from last year."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from jiguan.access.roles import Perm
from jiguan.access.scope import can
from jiguan.assessment.results.models import Assessment, Score
from jiguan.assessment.schemes.models import Scheme, SchemeStatus
from jiguan.core.scoping import visible_or_404

RESULT_STATUSES = (SchemeStatus.RESULTS, SchemeStatus.CLOSED)


def schemes_for(user: Any) -> QuerySet[Scheme]:
    return Scheme.objects.visible_to(user).select_related("region")


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


@dataclass
class RankRow:
    assessment: Assessment
    previous_rank: int | None
    previous_total: Decimal | None
    by_group: list[Decimal | None] = field(default_factory=list)

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


def ranking(scheme: Scheme) -> list[RankRow]:
    """The published ranking, with last year's place of each bureau under the same
    assessing bureau's scheme of the year before."""
    rows = list(scheme.assessments.select_related("region").order_by("rank", "region__code"))
    previous = Scheme.objects.filter(region=scheme.region, year=scheme.year - 1,
                                     status__in=RESULT_STATUSES).first()
    before: dict[int, tuple[int | None, Decimal | None]] = {}
    if previous is not None:
        before = {region_id: (rank, total) for region_id, rank, total in
                  previous.assessments.values_list("region_id", "rank", "total")}
    groups = [g.name for g in scheme.groups.all()]
    out = [RankRow(a, *before.get(a.region_id, (None, None))) for a in rows]
    for row in out:
        row.by_group = row.group_points(groups)
    return out


def radar(scheme: Scheme, rows: list[RankRow]) -> dict[str, Any]:
    """ECharts radar data: one axis per indicator group (out of 100), one series a bureau."""
    groups = [g.name for g in scheme.groups.all()]
    return {"indicators": [{"name": g, "max": 100} for g in groups],
            "series": [{"name": r.assessment.region.name,
                        "value": [float(r.assessment.group_scores.get(g, 0)) for g in groups]}
                       for r in rows]}


