"""Every write of the major decisions: one transaction and one audit row each; the rules
refuse here (forms and the API may check too, for a better message).

THE RULE: a draft goes to collective discussion only with a passed legality review
(`discussion_open` refuses, citing rules.review_rule()); the chief decides after the
discussion, never before (`decide` refuses without a discussion with opinions, or dated
before it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse

from jiguan.access.roles import Role
from jiguan.audit.record import diff, record, snapshot
from jiguan.core.files import FileKind, store_upload
from jiguan.governance.decisions import rules
from jiguan.governance.decisions.models import (
    CatalogueItem,
    Decision,
    DecisionDocument,
    DecisionResult,
    DecisionStatus,
    DecisionStep,
    Discussion,
    DiscussionOpinion,
    Position,
    StepKind,
    StepStatus,
)
from jiguan.governance.reviews import actions as reviews
from jiguan.governance.reviews.models import Review, SubjectKind
from jiguan.todo.actions import task_create, tasks_close_for_subject

TASK_EVALUATION = "governance.decision.evaluation"
DECISION_FIELDS = ("agency", "title", "kind", "amount", "catalogue_item", "sponsor", "summary")
DOCUMENT_KINDS = (FileKind.DOCUMENT, FileKind.IMAGE)


# --- the catalogue -------------------------------------------------------------------------

@transaction.atomic
def catalogue_add(*, region: Any, year: int, title: str, kind: str, sponsor: str,
                  planned: str = "", note: str = "", actor: Any) -> CatalogueItem:
    """Add an item to a region's catalogue of the year (numbered in order)."""
    seq = (CatalogueItem.objects.filter(region=region, year=year)
           .aggregate(m=Max("seq"))["m"] or 0) + 1
    item = CatalogueItem(region=region, year=year, seq=seq, title=title.strip(), kind=kind,
                         sponsor=sponsor.strip(), planned=planned.strip(), note=note.strip(),
                         created_by=actor, updated_by=actor)
    item.full_clean()
    item.save()
    record(actor=actor, event="governance.catalogue.added", target=item,
           changes={"title": [None, item.title], "year": [None, year], "seq": [None, seq]})
    return item


# --- the decision --------------------------------------------------------------------------

def _check(decision: Decision) -> None:
    errors: dict[str, str] = {}
    if decision.amount is not None and decision.amount <= Decimal(0):
        errors["amount"] = "金额应大于零（不涉及金额的请留空）"
    item = decision.catalogue_item
    if item is not None and decision.agency_id and item.region_id != decision.agency.region_id:
        errors["catalogue_item"] = "目录事项应属于决策机关所在区划的决策事项目录"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def decision_create(*, data: Mapping[str, Any], actor: Any) -> Decision:
    decision = Decision(created_by=actor, updated_by=actor)
    for k in DECISION_FIELDS:
        if k in data and data[k] is not None:
            setattr(decision, k, data[k])
    _check(decision)
    decision.full_clean()
    decision.save()
    record(actor=actor, event="governance.decision.created", target=decision,
           changes={k: [None, v] for k, v in snapshot(decision, DECISION_FIELDS).items()})
    return decision


@transaction.atomic
def decision_update(*, decision: Decision, data: Mapping[str, Any], actor: Any) -> Decision:
    if decision.status != DecisionStatus.DRAFT:
        raise ValidationError({"title": "决定已作出，不能再修改决策事项"})
    before = snapshot(decision, DECISION_FIELDS)
    for k in DECISION_FIELDS:
        if k in data and k != "agency":
            setattr(decision, k, data[k])
    decision.updated_by = actor
    _check(decision)
    decision.full_clean()
    decision.save()
    record(actor=actor, event="governance.decision.updated", target=decision,
           changes=diff(before, snapshot(decision, DECISION_FIELDS)))
    return decision


def _lock(decision: Decision) -> Decision:
    return Decision.objects.select_for_update().select_related("agency__region") \
        .get(pk=decision.pk)


def _document(decision: Decision, step: str, title: str, upload: Any, actor: Any
              ) -> DecisionDocument:
    stored = store_upload(upload, kinds=DOCUMENT_KINDS, actor=actor)
    doc = DecisionDocument(decision=decision, step=step,
                           title=(title.strip() or upload.name)[:200], file=stored,
                           created_by=actor, updated_by=actor)
    doc.save()
    return doc


@transaction.atomic
def document_add(*, decision: Decision, step: str, title: str, upload: Any,
                 actor: Any) -> DecisionDocument:
    """Add a document to one step's part of the archive (a .pdf .docx … or an image)."""
    if step not in StepKind.values:
        raise ValidationError({"step": "环节无效"})
    doc = _document(decision, step, title, upload, actor)
    record(actor=actor, event="governance.decision.document", target=decision,
           changes={"document": [None, f"{doc.get_step_display()}：{doc.title}"]},
           extra={"sha256": doc.file.sha256})
    return doc


def settled(decision: Decision) -> set[str]:
    return set(decision.steps.values_list("kind", flat=True))


@transaction.atomic
def step_record(*, decision: Decision, kind: str, status: str, on: dt.date | None = None,
                people: str = "", outcome: str = "", reason: str = "",
                document_title: str = "", upload: Any = None, actor: Any,
                today: dt.date | None = None) -> DecisionStep:
    """Record a generic step (公众参与, 专家论证, 风险评估, 公布, 归档, 决策后评估): its date,
    people and outcome, or mark it not applicable with the reason; optionally one document."""
    decision = _lock(decision)
    today = today or dt.date.today()
    if status not in StepStatus.values:
        raise ValidationError({"status": "办理情况无效"})
    problem = rules.step_problem(kind, status=status, decision_status=decision.status,
                                 settled=settled(decision))
    if problem:
        raise ValidationError({"status": problem})
    if status == StepStatus.NOT_APPLICABLE:
        if not reason.strip():
            raise ValidationError({"reason": "标为不适用的，请写明理由"})
        on, people, outcome = None, "", ""
    else:
        if on is None:
            raise ValidationError({"on": "请填写办理日期"})
        if on > today:
            raise ValidationError({"on": "办理日期不能晚于今天"})
        if decision.decided_on and kind in ("publication", "archive", "evaluation") \
                and on < decision.decided_on:
            raise ValidationError({"on": f"日期不能早于决定日期（{decision.decided_on}）"})
        if not outcome.strip():
            raise ValidationError({"outcome": "请填写办理结果"})
        reason = ""
    step, created = DecisionStep.objects.get_or_create(
        decision=decision, kind=kind,
        defaults={"status": status, "created_by": actor, "updated_by": actor})
    before = None if created else snapshot(step, ("status", "on", "people", "outcome", "reason"))
    step.status, step.on, step.people = status, on, people.strip()[:300]
    step.outcome, step.reason, step.updated_by = outcome.strip(), reason.strip()[:300], actor
    step.save()
    if upload is not None:
        _document(decision, kind, document_title, upload, actor)
    after = snapshot(step, ("status", "on", "people", "outcome", "reason"))
    record(actor=actor, event="governance.decision.step", target=decision,
           changes=diff(before, after) if before else {k: [None, v] for k, v in after.items()},
           extra={"step": kind})
    new_status = {"publication": DecisionStatus.PUBLISHED, "archive": DecisionStatus.ARCHIVED,
                  "evaluation": DecisionStatus.EVALUATED}.get(kind)
    order = list(DecisionStatus.values)
    if new_status and order.index(new_status) > order.index(decision.status):
        decision.status, decision.updated_by = new_status, actor
        decision.save(update_fields=["status", "updated_by", "updated_at"])
    if kind == "evaluation":
        tasks_close_for_subject(subject=decision, kind=TASK_EVALUATION, actor=actor,
                                note=step.get_status_display())
    return step


@transaction.atomic
def archive_exported(*, decision: Decision, files: int, actor: Any) -> None:
    """The archive left the platform: who took it and how many files (an audit row)."""
    record(actor=actor, event="governance.decision.archive_exported", target=decision,
           changes={}, extra={"files": files})


# --- legality review -----------------------------------------------------------------------

@transaction.atomic
def review_submit(*, decision: Decision, materials: Sequence[tuple[str, Any]],
                  note: str = "", actor: Any, today: dt.date | None = None) -> Review:
    """Send the draft to the legal-affairs office: refused until public participation,
    expert argumentation and risk assessment are each recorded or marked not applicable."""
    decision = _lock(decision)
    if decision.status != DecisionStatus.DRAFT:
        raise ValidationError({"materials": "决定已作出，不能再送请合法性审查"})
    missing = [StepKind(k).label for k in rules.BEFORE_REVIEW if k not in settled(decision)]
    if missing:
        raise ValidationError({"materials": f"请先办理或标明不适用：{'、'.join(missing)}"
                                            f"（{rules.procedure_rule()}）"})
    return reviews.review_submit(
        kind=SubjectKind.DECISION, subject=decision, title=decision.title,
        url=reverse("governance:decision_detail", args=[decision.pk]),
        region=decision.agency.region, agency=decision.agency, materials=materials, note=note,
        actor=actor, today=today)


# --- collective discussion and the chief's decision -----------------------------------------

@transaction.atomic
def discussion_open(*, decision: Decision, meeting: str, held_on: dt.date, chair: str,
                    attendees: str, absent: str = "", note: str = "",
                    actor: Any) -> Discussion:
    """Put the draft to collective discussion. Refused while the legality review has not
    passed (missing, pending or not passed): the rule is cited."""
    decision = _lock(decision)
    if decision.status != DecisionStatus.DRAFT:
        raise ValidationError({"meeting": "决定已作出，不能再提交集体讨论"})
    review = reviews.latest(SubjectKind.DECISION, decision.pk)
    if review is None or not review.passed:
        state = ("未送请合法性审查" if review is None else
                 f"合法性审查{review.get_status_display()}")
        raise ValidationError({"meeting": f"该决策草案{state}，不能提交集体讨论。"
                                          f"依据：{rules.review_rule()}"})
    if review.concluded_on and held_on < review.concluded_on:
        raise ValidationError({"held_on": f"会议日期不能早于合法性审查通过日期"
                                          f"（{review.concluded_on}）"})
    if not attendees.strip():
        raise ValidationError({"attendees": "请填写出席人员"})
    discussion = Discussion(decision=decision, meeting=meeting.strip(), held_on=held_on,
                            chair=chair.strip(), attendees=attendees.strip(),
                            absent=absent.strip(), note=note.strip(), created_by=actor,
                            updated_by=actor)
    discussion.full_clean()
    discussion.save()
    record(actor=actor, event="governance.decision.discussed", target=decision,
           changes={"meeting": [None, str(discussion)], "attendees": [None, attendees]},
           extra={"review": review.pk})
    return discussion


@transaction.atomic
def opinion_add(*, discussion: Discussion, speaker: str, position: str, text: str = "",
                actor: Any) -> DiscussionOpinion:
    """Record one member's opinion as spoken; dissent is kept (opinions are never edited)."""
    decision = _lock(discussion.decision)
    if decision.status != DecisionStatus.DRAFT:
        raise ValidationError({"speaker": "决定已作出，不能再补记讨论意见"})
    if position not in Position.values:
        raise ValidationError({"position": "意见应为：同意、不同意或保留意见"})
    if not speaker.strip():
        raise ValidationError({"speaker": "请填写发言人"})
    if position != Position.AGREE and not text.strip():
        raise ValidationError({"text": "不同意或保留意见的，请记录其理由（如实载明）"})
    seq = (discussion.opinions.aggregate(m=Max("seq"))["m"] or 0) + 1
    opinion = DiscussionOpinion(discussion=discussion, seq=seq, speaker=speaker.strip()[:50],
                                position=position, text=text.strip(), created_by=actor,
                                updated_by=actor)
    opinion.save()
    record(actor=actor, event="governance.decision.opinion", target=decision,
           changes={"opinion": [None, f"{opinion.speaker}：{opinion.get_position_display()}"]},
           extra={"discussion": discussion.pk, "text": opinion.text[:200]})
    return opinion


@transaction.atomic
def decide(*, decision: Decision, decided_on: dt.date, decided_by: str, result: str,
           text: str = "", evaluate_on: dt.date | None = None, actor: Any,
           today: dt.date | None = None) -> Decision:
    """The chief's decision, on the basis of the collective discussion: refused without a
    discussion holding opinions, or dated before it; a decision against the members'
    majority needs its reason; an adopted decision sets the date of its later evaluation
    and that date's to-do."""
    decision = _lock(decision)
    today = today or dt.date.today()
    if decision.status != DecisionStatus.DRAFT:
        raise ValidationError({"result": "决定已作出"})
    if result not in DecisionResult.values:
        raise ValidationError({"result": "决定应为：同意、不同意或暂缓"})
    discussion = decision.discussions.order_by("-held_on", "-pk").first()
    if discussion is None or not discussion.opinions.exists():
        raise ValidationError({"result": f"尚未集体讨论（或未记录讨论意见），行政首长不能作出决定。"
                                         f"依据：{rules.chief_rule()}"})
    if decided_on < discussion.held_on:
        raise ValidationError({"decided_on": f"决定日期不能早于集体讨论日期"
                                             f"（{discussion.held_on}）。"
                                             f"依据：{rules.chief_rule()}"})
    if decided_on > today:
        raise ValidationError({"decided_on": "决定日期不能晚于今天"})
    if not decided_by.strip():
        raise ValidationError({"decided_by": "请填写作出决定的行政首长"})
    positions = discussion.opinions.values_list("position", flat=True)
    if rules.against_majority(result, positions) and not text.strip():
        raise ValidationError({"text": f"决定与多数意见不一致，请写明理由。"
                                       f"依据：{rules.majority_rule()}"})
    if result == DecisionResult.ADOPT:
        evaluate_on = evaluate_on or rules.default_evaluate_on(decided_on)
        if evaluate_on <= decided_on:
            raise ValidationError({"evaluate_on": "决策后评估日期应晚于决定日期"})
    else:
        evaluate_on = None
    before = snapshot(decision, ("status", "decided_on", "decided_by", "result", "evaluate_on"))
    decision.status, decision.decided_on = DecisionStatus.DECIDED, decided_on
    decision.decided_by, decision.result = decided_by.strip()[:50], result
    decision.decision_text, decision.evaluate_on = text.strip(), evaluate_on
    decision.updated_by = actor
    decision.save()
    record(actor=actor, event="governance.decision.decided", target=decision,
           changes=diff(before, snapshot(decision, ("status", "decided_on", "decided_by",
                                                    "result", "evaluate_on"))),
           extra={"discussion": discussion.pk})
    if evaluate_on is not None:
        task_create(kind=TASK_EVALUATION, title=f"决策后评估：{decision.title}",
                    assignee_role=Role.BUREAU_STAFF, region=decision.agency.region,
                    subject=decision,
                    subject_url=reverse("governance:decision_detail", args=[decision.pk]),
                    due_date=evaluate_on,
                    detail=f"{decision.decided_by}于 {decided_on} 作出决定；"
                           f"请于 {evaluate_on} 组织决策后评估。", actor=actor)
    return decision
