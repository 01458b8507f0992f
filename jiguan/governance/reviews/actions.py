"""Every write of a legality review: one transaction and one audit row each.

Interface for the subject modules (decisions, contracts)::

    from jiguan.governance.reviews import actions as reviews
    from jiguan.governance.reviews.models import SubjectKind

    review = reviews.review_submit(kind=SubjectKind.CONTRACT, subject=contract,
                                   title=contract.title, url=reverse(...),
                                   region=contract.agency.region, agency=contract.agency,
                                   materials=[("合同文本", upload_or_None), ...],
                                   note="", actor=user, today=None)
    reviews.latest(SubjectKind.CONTRACT, contract.pk)     # the newest Review or None
    reviews.has_passed(SubjectKind.CONTRACT, contract.pk)  # True when the newest passed

The reviewer (Perm.REVIEW_LEGALITY) then adds opinions (`opinion_add`) and concludes
(`review_conclude`): passed unless an item is 不合法. A pending review refuses a second
submission; a failed one may be submitted again (round 2 …). Submitting raises a to-do for
the region's 法规审查员 due on the last day of the review period (working days,
settings JIGUAN_GOVERNANCE_REVIEW_DAYS); concluding closes it. The review's page is
governance:review_detail; its materials download through governance:review_material."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse

from jiguan.access.roles import Role
from jiguan.audit.record import record
from jiguan.core.files import FileKind, store_upload
from jiguan.governance.library.models import Rule
from jiguan.governance.reviews import rules
from jiguan.governance.reviews.models import (
    Review,
    ReviewMaterial,
    ReviewOpinion,
    ReviewStatus,
    Verdict,
)
from jiguan.todo.actions import task_create, tasks_close_for_subject

TASK_REVIEW = "governance.review"
MATERIAL_KINDS = (FileKind.DOCUMENT,)


def latest(kind: str, subject_id: int) -> Review | None:
    return Review.objects.for_subject(kind, subject_id).order_by("-round").first()


def has_passed(kind: str, subject_id: int) -> bool:
    found = latest(kind, subject_id)
    return found is not None and found.passed


@transaction.atomic
def review_submit(*, kind: str, subject: Any, title: str, url: str, region: Any,
                  agency: Any, materials: Sequence[tuple[str, Any]], note: str = "",
                  actor: Any, today: dt.date | None = None) -> Review:
    """Submit a subject for legality review with its materials: (title, upload or None)
    pairs, at least one, each upload a document (.pdf .docx …) checked by core.files."""
    today = today or dt.date.today()
    previous = latest(kind, subject.pk)
    if previous is not None and previous.status == ReviewStatus.PENDING:
        raise ValidationError({"materials": "该事项正在合法性审查中，不能重复送审"})
    if previous is not None and previous.passed:
        raise ValidationError({"materials": "该事项已通过合法性审查"})
    items = [(t.strip(), f) for t, f in materials if t.strip() or f is not None]
    if not items:
        raise ValidationError({"materials": "请列明送审材料（至少一项）"})
    review = Review(subject_kind=kind, subject_id=subject.pk, subject_title=title[:200],
                    subject_url=url[:200], region=region, agency=agency,
                    round=(previous.round + 1) if previous else 1, submitted_on=today,
                    due_on=rules.add_working_days(today, rules.review_days()), note=note,
                    created_by=actor, updated_by=actor)
    review.full_clean()
    review.save()
    for seq, (name, upload) in enumerate(items, start=1):
        stored = (store_upload(upload, kinds=MATERIAL_KINDS, actor=actor)
                  if upload is not None else None)
        if not name:
            name = upload.name
        ReviewMaterial.objects.create(review=review, seq=seq, title=name[:200], file=stored,
                                      created_by=actor, updated_by=actor)
    record(actor=actor, event="governance.review.submitted", target=review,
           changes={"subject": [None, f"{review.get_subject_kind_display()} {title}"],
                    "due_on": [None, review.due_on],
                    "materials": [None, [m for m, _ in items]]})
    task_create(kind=TASK_REVIEW, title=f"合法性审查：{review.subject_title}",
                assignee_role=Role.LEGAL_REVIEWER, region=region, agency=None, subject=review,
                subject_url=reverse("governance:review_detail", args=[review.pk]),
                due_date=review.due_on,
                detail=f"{review.get_subject_kind_display()}，第{review.round}次送审，"
                       f"审查期限至 {review.due_on}", actor=actor)
    return review


def _open(review: Review) -> None:
    if review.status != ReviewStatus.PENDING:
        raise ValidationError({"verdict": "该审查已出具结论，不能再修改"})


@transaction.atomic
def opinion_add(*, review: Review, item: str, verdict: str, reasoning: str = "",
                rules_cited: Iterable[Rule] = (), articles: str = "",
                actor: Any) -> ReviewOpinion:
    """One item's opinion (合法 / 不合法 / 修改后合法); 不合法 and 修改后合法 need a reason."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    _open(review)
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": "意见应为：合法、不合法或修改后合法"})
    if not item.strip():
        raise ValidationError({"item": "请填写审查事项"})
    if verdict != Verdict.LAWFUL and not reasoning.strip():
        raise ValidationError({"reasoning": f"意见为“{Verdict(verdict).label}”时请写明理由"})
    seq = (review.opinions.aggregate(m=Max("seq"))["m"] or 0) + 1
    opinion = ReviewOpinion(review=review, seq=seq, item=item.strip()[:200], verdict=verdict,
                            reasoning=reasoning.strip(), articles=articles.strip()[:200],
                            created_by=actor, updated_by=actor)
    opinion.save()
    cited = list(rules_cited)
    opinion.rules.set(cited)
    record(actor=actor, event="governance.review.opinion", target=review,
           changes={"opinion": [None, str(opinion)],
                    "rules": [None, [r.number or r.title for r in cited]]})
    return opinion


@transaction.atomic
def review_conclude(*, review: Review, summary: str, actor: Any,
                    today: dt.date | None = None) -> Review:
    """Conclude: passed when no item is 不合法, failed otherwise; refused without opinions.
    Closes the reviewer's to-do."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    _open(review)
    result = rules.outcome(review.opinions.values_list("verdict", flat=True))
    if result is None:
        raise ValidationError({"summary": "请先逐项提出审查意见，再出具审查结论"})
    review.status = result
    review.summary = summary.strip()
    review.concluded_on = today or dt.date.today()
    review.reviewer = actor if getattr(actor, "is_authenticated", False) else None
    review.updated_by = review.reviewer
    review.save()
    record(actor=actor, event="governance.review.concluded", target=review,
           changes={"status": [ReviewStatus.PENDING, result]},
           extra={"overdue": review.concluded_on > review.due_on})
    tasks_close_for_subject(subject=review, kind=TASK_REVIEW, actor=actor,
                            note=review.get_status_display())
    return review
