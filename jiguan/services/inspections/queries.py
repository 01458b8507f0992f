"""Reads shared by the pages, the API and the exports: the scoped lists, a survey's results
by item, and the chart data (a supplier's scores over time, a category across regions)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core import signing
from django.db.models import Avg, Count, Q

from jiguan.access.models import Region
from jiguan.access.roles import Perm
from jiguan.services.inspections.forms import (
    EvaluationFilterForm,
    InspectionFilterForm,
    ListFilterForm,
)
from jiguan.services.inspections.models import (
    Evaluation,
    Inspection,
    InspectionStatus,
    Survey,
    SurveyAnswer,
)
from jiguan.services.inspections.rules import ONE, satisfaction_percent

SURVEY_SALT = "jiguan.services.survey"


def survey_token(survey: Survey) -> str:
    """The survey's link token: its id, signed (a link cannot be guessed from another)."""
    return signing.dumps(survey.pk, salt=SURVEY_SALT, compress=False)


def survey_from_token(token: str) -> Survey | None:
    try:
        pk = signing.loads(token, salt=SURVEY_SALT)
    except signing.BadSignature:
        return None
    return (Survey.objects.select_related("supplier", "agency").prefetch_related("items")
            .filter(pk=pk).first() if isinstance(pk, int) else None)


def _filtered(qs: Any, form: Any) -> Any:
    if form.is_valid():
        d = form.cleaned_data
        if d.get("q"):
            qs = qs.filter(supplier__name__icontains=d["q"])
        if d.get("period"):
            qs = qs.filter(period=d["period"])
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("grade"):
            qs = qs.filter(grade=d["grade"])
    elif form.is_bound:
        qs = qs.none()
    return qs


def inspections_for(user: Any, params: Any) -> tuple[Any, InspectionFilterForm]:
    form = InspectionFilterForm(params or None,
                                regions=Region.objects.visible_to(user, Perm.VIEW_SERVICES))
    qs = Inspection.objects.visible_to(user, Perm.VIEW_SERVICES).select_related(
        "supplier", "agency", "agency__region", "standard", "inspector")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("year"):
            qs = of_year(qs, d["year"])
        if d.get("region"):
            qs = qs.filter(agency__region__path__startswith=d["region"].path)
    return _filtered(qs, form).order_by("-inspected_on", "-pk"), form


def of_year(qs: Any, year: int) -> Any:
    """The rows of the periods (考核期, "2026-11") of ``year``."""
    return qs.filter(period__startswith=f"{year}-")


def mean_percent(qs: Any) -> tuple[int, Decimal | None]:
    """How many submitted inspections ``qs`` holds and their mean score on 100 points."""
    scores = [i.percent for i in qs.filter(status=InspectionStatus.SUBMITTED)
              .only("total", "full_marks")]
    scores = [s for s in scores if s is not None]
    if not scores:
        return 0, None
    return len(scores), (sum(scores, start=Decimal(0)) / len(scores)).quantize(Decimal("0.01"))


def surveys_for(user: Any, params: Any) -> tuple[Any, ListFilterForm]:
    form = ListFilterForm(params or None)
    qs = (Survey.objects.visible_to(user, Perm.VIEW_SERVICES)
          .select_related("supplier", "agency").annotate(answered=Count("responses")))
    return _filtered(qs, form).order_by("-period", "-pk"), form


def evaluations_for(user: Any, params: Any) -> tuple[Any, EvaluationFilterForm]:
    form = EvaluationFilterForm(params or None)
    qs = Evaluation.objects.visible_to(user, Perm.VIEW_SERVICES).select_related(
        "supplier", "agency", "agency__region")
    return _filtered(qs, form).order_by("-period", "-pk"), form


def describe(form: Any) -> str:
    if not getattr(form, "is_bound", False) or not form.is_valid():
        return "全部"
    parts = [f"{form.fields[k].label}：{v}" for k, v in form.cleaned_data.items()
             if v not in (None, "")]
    return "；".join(parts) or "全部"


def survey_results(survey: Survey) -> list[dict[str, Any]]:
    """Per item: the answers, the mean on 1–5, its 100-point figure, the count per score."""
    rows = {r["item_id"]: r for r in SurveyAnswer.objects.filter(item__survey=survey)
            .values("item_id").annotate(n=Count("id"), mean=Avg("score"),
                                        **{f"s{k}": Count("id", filter=Q(score=k))
                                           for k in range(1, 6)})}
    out = []
    for item in survey.items.all():
        r = rows.get(item.pk, {})
        mean = r.get("mean")
        out.append({"item": item, "n": r.get("n", 0),
                    "mean": Decimal(str(mean)).quantize(Decimal("0.01")) if mean else None,
                    "percent": satisfaction_percent(mean),
                    "counts": [r.get(f"s{k}", 0) for k in (5, 4, 3, 2, 1)]})
    return out


def supplier_trend(user: Any, supplier: Any) -> dict[str, Any]:
    """A supplier's inspection scores (100-point) and evaluation totals per period, in the
    user's scope: the line chart's data and its table."""
    insp: dict[str, list[Decimal]] = defaultdict(list)
    for i in (Inspection.objects.visible_to(user, Perm.VIEW_SERVICES)
              .filter(supplier=supplier, status=InspectionStatus.SUBMITTED)
              .only("period", "total", "full_marks")):
        if i.percent is not None:
            insp[i.period].append(i.percent)
    evals = dict(Evaluation.objects.visible_to(user, Perm.VIEW_SERVICES)
                 .filter(supplier=supplier).values("period").annotate(t=Avg("total"))
                 .values_list("period", "t"))
    periods = sorted(set(insp) | set(evals))

    def mean(xs: list[Decimal]) -> Decimal | None:
        return (sum(xs, start=Decimal(0)) / len(xs)).quantize(ONE) if xs else None

    rows: list[dict[str, Any]] = [{"period": p, "inspection": mean(insp.get(p, [])),
             "evaluation": (Decimal(str(evals[p])).quantize(ONE) if evals.get(p) is not None
                            else None)} for p in periods]
    return {"title": f"{supplier.name} 各考核期得分", "months": periods,
            "series": [{"name": "检查得分", "data": [_f(r["inspection"]) for r in rows]},
                       {"name": "综合得分", "data": [_f(r["evaluation"]) for r in rows]}],
            "rows": rows}


def category_regions(user: Any, category: Any, year: int) -> dict[str, Any]:
    """A category's mean inspection score per city (地市) in a year, in the user's scope:
    the bar chart's data and its table."""
    per: dict[str, list[Decimal]] = defaultdict(list)
    qs = (Inspection.objects.visible_to(user, Perm.VIEW_SERVICES)
          .filter(standard__category=category, status=InspectionStatus.SUBMITTED,
                  period__startswith=f"{year}-")
          .select_related("agency__region").only("total", "full_marks", "agency__region__path"))
    for i in qs:
        path = i.agency.region.path
        if i.percent is not None:
            per[_city_path(path)].append(i.percent)
    names = dict(Region.objects.filter(path__in=list(per)).values_list("path", "name"))
    rows: list[dict[str, Any]] = sorted(({"region": names.get(p, p), "count": len(xs),
                    "mean": (sum(xs, start=Decimal(0)) / len(xs)).quantize(ONE)}
                   for p, xs in per.items()), key=lambda r: (-r["mean"], r["region"]))
    return {"title": f"{category.name} {year}年各地检查平均得分",
            "labels": [r["region"] for r in rows],
            "values": [_f(r["mean"]) for r in rows], "reference": None, "reference_label": "",
            "height": 80 + 28 * len(rows), "rows": rows}


def _city_path(path: str) -> str:
    """The path of the city (地市) a region path lies in; the province's own path stays."""
    parts = [p for p in path.split("/") if p]
    keep = parts[:2] if len(parts) >= 2 else parts
    return "/" + "/".join(keep) + "/" if path.startswith("/") else "/".join(keep)


def _f(value: Any) -> float | None:
    return float(value) if value is not None else None
