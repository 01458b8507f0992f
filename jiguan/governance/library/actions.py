"""Every write of the rules library: one transaction and one audit row each; the rules
refuse here (the forms, the API and the importer may check too, for a better message)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from jiguan.access.models import Region, RegionLevel
from jiguan.access.roles import Role
from jiguan.audit.record import diff, record, snapshot
from jiguan.core.files import FileKind, store_bytes
from jiguan.governance.library import policy, rules
from jiguan.governance.library.docx import (
    ATTACHMENT_MAX_BYTES,
    UploadError,
    check_pdf,
    docx_paragraphs,
)
from jiguan.governance.library.models import (
    CampaignStatus,
    CleanupCampaign,
    CleanupDecision,
    CleanupItem,
    RelationKind,
    Rule,
    RuleArticle,
    RuleAttachment,
    RuleKind,
    RuleRelation,
    RuleStatus,
    RuleSubject,
)
from jiguan.todo.actions import task_create
from jiguan.todo.models import Task

RULE_FIELDS = ("region", "title", "issuer", "number", "kind", "subject", "issued_on",
               "effective_on", "valid_until", "text_note", "source_note")
AUDIT_FIELDS = (*RULE_FIELDS, "issuer_code", "year", "serial", "provisional", "status")
TASK_VALIDITY = "governance.rule.validity"
TASK_POLICY = "governance.policy.flag"
TASK_AMEND = "governance.rule.amend"


def _check(rule: Rule) -> None:
    """The field rules of one rule (before full_clean), each error on its field."""
    errors: dict[str, str] = {}
    if rule.number:
        parsed = rules.parse_number(rule.number)
        if parsed is None:
            errors["number"] = rules.NUMBER_HELP
        else:
            rule.number, rule.issuer_code = parsed.number, parsed.issuer_code
            rule.year, rule.serial = parsed.year, parsed.serial
            same = Rule.objects.filter(region_id=rule.region_id, number=rule.number)
            if rule.pk:
                same = same.exclude(pk=rule.pk)
            if same.exists():
                errors["number"] = f"本区划已登记文号“{rule.number}”"
    else:
        rule.issuer_code, rule.year, rule.serial = "", None, None
    if rule.issued_on and rule.effective_on and rule.effective_on < rule.issued_on:
        errors["effective_on"] = "施行日期不能早于发布日期"
    if rule.valid_until and rule.effective_on and rule.valid_until < rule.effective_on:
        errors["valid_until"] = "有效期至不能早于施行日期"
    if errors:
        raise ValidationError(errors)
    rule.provisional = rules.is_provisional(rule.title)
    if rule.valid_until is None and rule.kind_id and rule.kind.has_validity:
        rule.valid_until = rules.default_valid_until(rule.effective_on,
                                                     provisional=rule.provisional)


@transaction.atomic
def rule_create(*, data: Mapping[str, Any], actor: Any, text: str = "") -> Rule:
    """Register a rule (and its articles when `text` is given)."""
    rule = Rule(created_by=actor, updated_by=actor)
    for k in RULE_FIELDS:
        if k in data and data[k] is not None:
            setattr(rule, k, data[k])
    if data.get("status"):
        rule.status = data["status"]
    _check(rule)
    rule.full_clean()
    rule.save()
    record(actor=actor, event="governance.rule.created", target=rule,
           changes={k: [None, v] for k, v in snapshot(rule, AUDIT_FIELDS).items()})
    if text.strip():
        try:
            articles = rules.split_text(text)
        except rules.ArticleError as exc:
            raise ValidationError({"text": str(exc)}) from exc
        _set_articles(rule, articles, actor)
    return rule


@transaction.atomic
def rule_update(*, rule: Rule, data: Mapping[str, Any], actor: Any) -> Rule:
    before = snapshot(rule, AUDIT_FIELDS)
    for k in RULE_FIELDS:
        if k in data and k != "region":
            setattr(rule, k, data[k])
    rule.updated_by = actor
    _check(rule)
    rule.full_clean()
    rule.save()
    record(actor=actor, event="governance.rule.updated", target=rule,
           changes=diff(before, snapshot(rule, AUDIT_FIELDS)))
    return rule


def _set_articles(rule: Rule, articles: list[rules.Article], actor: Any) -> int:
    RuleArticle.objects.filter(rule=rule).delete()
    RuleArticle.objects.bulk_create([
        RuleArticle(rule=rule, seq=a.seq, label=a.label, chapter=a.chapter, text=a.text,
                    created_by=actor, updated_by=actor) for a in articles])
    if articles and rule.text_note:
        rule.text_note = ""
        rule.save(update_fields=["text_note", "updated_at"])
    return len(articles)


@transaction.atomic
def rule_set_text(*, rule: Rule, actor: Any, text: str = "", docx: bytes | None = None) -> int:
    """Replace the rule's articles from pasted text or an uploaded .docx."""
    try:
        paragraphs = docx_paragraphs(docx) if docx is not None else text.splitlines()
    except UploadError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    try:
        articles = rules.split_articles(paragraphs)
    except rules.ArticleError as exc:
        raise ValidationError({"file" if docx is not None else "text": str(exc)}) from exc
    before = rule.articles.count()
    count = _set_articles(rule, articles, actor)
    record(actor=actor, event="governance.rule.text", target=rule,
           changes={"articles": [before, count]},
           extra={"source": "docx" if docx is not None else "text"})
    return count


@transaction.atomic
def attachment_add(*, rule: Rule, name: str, data: bytes, actor: Any) -> RuleAttachment:
    try:
        check_pdf(name, data)
    except UploadError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    # PDF only here (name and magic); core.files checks the content again and keeps it
    stored = store_bytes(name, data, kinds=(FileKind.DOCUMENT,), actor=actor,
                         max_bytes=ATTACHMENT_MAX_BYTES)
    att = RuleAttachment(rule=rule, file=stored, created_by=actor, updated_by=actor)
    att.save()
    record(actor=actor, event="governance.rule.attachment", target=rule,
           changes={"attachment": [None, stored.name]}, extra={"sha256": stored.sha256})
    return att


@transaction.atomic
def rule_set_status(*, rule: Rule, status: str, on: dt.date, document: str,
                    actor: Any) -> Rule:
    """Change a rule's status with the date and the document that changed it."""
    if status not in RuleStatus.values:
        raise ValidationError({"status": "状态无效"})
    if status != RuleStatus.IN_FORCE and not document.strip():
        raise ValidationError({"document": "请填写变更依据文件"})
    if rule.effective_on and on < rule.effective_on and status != RuleStatus.IN_FORCE:
        raise ValidationError({"on": "变更日期不能早于该文件的施行日期"})
    before = snapshot(rule, ("status", "status_on", "status_doc"))
    rule.status, rule.status_on, rule.status_doc = status, on, document.strip()[:200]
    rule.updated_by = actor
    rule.save(update_fields=["status", "status_on", "status_doc", "updated_by", "updated_at"])
    record(actor=actor, event="governance.rule.status", target=rule,
           changes=diff(before, snapshot(rule, ("status", "status_on", "status_doc"))))
    return rule


def _replacement_edges() -> dict[int, list[int]]:
    edges: dict[int, list[int]] = defaultdict(list)
    for s, t in RuleRelation.objects.filter(kind=RelationKind.REPLACES, target__isnull=False) \
            .values_list("source_id", "target_id"):
        edges[s].append(t)
    return edges


@transaction.atomic
def relation_add(*, rule: Rule, kind: str, target: Rule | None = None, target_title: str = "",
                 actor: Any) -> RuleRelation:
    """Record that `rule` replaces / amends / repeals / is based on `target` (or a document
    outside the library). Replacing or repealing a library rule sets its status (已废止)
    and amending it sets 已修订, dated by `rule`'s effective date and citing its number."""
    if kind not in RelationKind.values:
        raise ValidationError({"kind": "关系无效"})
    if target is None and not target_title.strip():
        raise ValidationError({"target": "请选择库内文件或填写库外文件"})
    if target is not None:
        if target.pk == rule.pk:
            label = RelationKind(kind).label
            raise ValidationError({"target": f"文件不能{label}自身"})
        if kind == RelationKind.REPLACES and rules.creates_cycle(
                _replacement_edges(), rule.pk, target.pk):
            raise ValidationError({"target": f"“{target.title}”已直接或间接替代本文件，"
                                             "不能形成循环替代"})
        if RuleRelation.objects.filter(source=rule, kind=kind, target=target).exists():
            raise ValidationError({"target": "该关系已登记"})
    rel = RuleRelation(source=rule, kind=kind, target=target,
                       target_title="" if target is not None else target_title.strip()[:200],
                       created_by=actor, updated_by=actor)
    rel.save()
    record(actor=actor, event="governance.rule.related", target=rule,
           changes={"relation": [None, str(rel)]})
    if target is not None and kind != RelationKind.BASED_ON:
        new_status = RuleStatus.AMENDED if kind == RelationKind.AMENDS else RuleStatus.REPEALED
        on = rule.effective_on or rule.issued_on or dt.date.today()
        if target.status == RuleStatus.IN_FORCE:
            rule_set_status(rule=target, status=new_status, on=on,
                            document=rule.number or rule.title, actor=actor)
    return rel


# --- to-dos --------------------------------------------------------------------------------

def _open_task(subject: Any, kind: str) -> bool:
    return Task.objects.open().filter(kind=kind, subject_type=subject._meta.label_lower,
                                      subject_id=str(subject.pk)).exists()


@transaction.atomic
def validity_scan(*, today: dt.date, actor: Any, days: int | None = None) -> int:
    """A to-do for the owner of each rule in force whose validity ends within `days`
    (default 90, configurable); one open to-do per rule."""
    days = rules.notice_days() if days is None else days
    rows = Rule.objects.in_force().filter(
        valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=days)) \
        .select_related("region")
    made = 0
    for rule in rows:
        if _open_task(rule, TASK_VALIDITY):
            continue
        task_create(kind=TASK_VALIDITY, title=f"制度有效期即将届满：{rule.title}",
                    assignee_role=Role.BUREAU_STAFF, region=rule.region, subject=rule,
                    subject_url=reverse("governance:rule_detail", args=[rule.pk]),
                    due_date=rule.valid_until,
                    detail=f"有效期至 {rule.valid_until}；请评估后延续、修订或宣布失效。",
                    actor=actor)
        made += 1
    return made


@transaction.atomic
def policy_scan(*, actor: Any) -> int:
    """A to-do for the province for each rule the platform applies (policy.REGISTRY) whose
    library entry is repealed, amended or expired (deliberate historical uses excepted)."""
    province = Region.objects.filter(parent__isnull=True).order_by("code").first()
    if province is None:
        return 0
    made = 0
    for use in policy.REGISTRY:
        if use.historical:
            continue
        rule = Rule.objects.filter(number=use.number).order_by("region__path").first()
        if rule is None or rule.status == RuleStatus.IN_FORCE or _open_task(rule, TASK_POLICY):
            continue
        task_create(kind=TASK_POLICY,
                    title=f"平台仍在执行{rule.get_status_display()}的制度：{rule.title}",
                    assignee_role=Role.PROVINCE_ADMIN, region=province, subject=rule,
                    subject_url=reverse("governance:rule_detail", args=[rule.pk]),
                    detail=f"{use.article}：{use.what}（{use.module}）", actor=actor)
        made += 1
    return made


# --- the yearly clean-up -------------------------------------------------------------------

@transaction.atomic
def campaign_open(*, region: Region, year: int, actor: Any) -> CleanupCampaign:
    """Open the year's clean-up of a region's library: one item per rule in force."""
    if CleanupCampaign.objects.filter(region=region, year=year).exists():
        raise ValidationError({"year": f"{region.name}{year}年已开展清理"})
    campaign = CleanupCampaign(region=region, year=year, created_by=actor, updated_by=actor)
    campaign.save()
    rows = Rule.objects.in_force().filter(region=region)
    CleanupItem.objects.bulk_create([CleanupItem(campaign=campaign, rule=r, created_by=actor,
                                                 updated_by=actor) for r in rows])
    record(actor=actor, event="governance.cleanup.opened", target=campaign,
           changes={"year": [None, year], "items": [None, rows.count()]})
    return campaign


@transaction.atomic
def cleanup_decide(*, item: CleanupItem, decision: str, note: str, actor: Any) -> CleanupItem:
    if item.campaign.status != CampaignStatus.OPEN:
        raise ValidationError({"decision": "清理结果已公布，不能再修改"})
    if decision not in CleanupDecision.values:
        raise ValidationError({"decision": "清理意见无效"})
    before = snapshot(item, ("decision", "note"))
    item.decision, item.note, item.updated_by = decision, note[:300], actor
    item.save(update_fields=["decision", "note", "updated_by", "updated_at"])
    record(actor=actor, event="governance.cleanup.decided", target=item.campaign,
           changes=diff(before, snapshot(item, ("decision", "note"))),
           extra={"rule": item.rule_id})
    return item


@transaction.atomic
def campaign_apply(*, campaign: CleanupCampaign, result_doc: str, applied_on: dt.date,
                   actor: Any) -> dict[str, int]:
    """Apply every decision in one step: repeal -> 已废止, expire -> 失效 (dated, citing the
    result document), amend -> a to-do to amend; keep changes nothing. Refused while an
    item is undecided."""
    campaign = CleanupCampaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError({"result_doc": "清理结果已公布"})
    if not result_doc.strip():
        raise ValidationError({"result_doc": "请填写清理结果公布文件"})
    undecided = campaign.items.filter(decision="").count()
    if undecided:
        raise ValidationError({"confirm": f"还有 {undecided} 件文件未提出清理意见"})
    counts = {d: 0 for d in CleanupDecision.values}
    for item in campaign.items.select_related("rule", "rule__region"):
        counts[item.decision] += 1
        rule = item.rule
        if item.decision in (CleanupDecision.REPEAL, CleanupDecision.EXPIRE):
            status = (RuleStatus.REPEALED if item.decision == CleanupDecision.REPEAL
                      else RuleStatus.EXPIRED)
            if rule.status == RuleStatus.IN_FORCE:
                rule_set_status(rule=rule, status=status, on=applied_on,
                                document=result_doc, actor=actor)
        elif item.decision == CleanupDecision.AMEND and not _open_task(rule, TASK_AMEND):
            task_create(kind=TASK_AMEND, title=f"按清理意见修订：{rule.title}",
                        assignee_role=Role.BUREAU_STAFF, region=rule.region, subject=rule,
                        subject_url=reverse("governance:rule_detail", args=[rule.pk]),
                        detail=item.note, actor=actor)
    campaign.status, campaign.result_doc = CampaignStatus.APPLIED, result_doc.strip()[:200]
    campaign.applied_on, campaign.updated_by = applied_on, actor
    campaign.save()
    record(actor=actor, event="governance.cleanup.applied", target=campaign,
           changes={"status": [CampaignStatus.OPEN, CampaignStatus.APPLIED]}, extra=counts)
    return counts


@transaction.atomic
def vocabulary_save(*, item: RuleKind | RuleSubject, data: Mapping[str, Any],
                    actor: Any) -> RuleKind | RuleSubject:
    """Add or change an entry of the province's kind or subject list (``item`` unsaved to
    add). The name is required and unique in its list; rules keep their entry (renaming an
    entry renames it on every rule that carries it)."""
    name = str(data.get("name") or "").strip()
    label = item._meta.verbose_name
    if not name:
        raise ValidationError({"name": f"请填写{label}名称"})
    if type(item).objects.filter(name=name).exclude(pk=item.pk).exists():
        raise ValidationError({"name": f"已有同名的{label}“{name}”"})
    before = snapshot(item) if item.pk else {}
    item.name = name
    item.order = int(data.get("order") or 0)
    if isinstance(item, RuleKind):
        item.has_validity = bool(data.get("has_validity"))
    created = item.pk is None
    item.save()
    record(actor=actor, event="governance.vocabulary.saved", target=item,
           region=Region.objects.filter(level=RegionLevel.PROVINCE).first(),
           changes=diff(before, snapshot(item)),
           extra={"list": label, "created": created})
    return item

