"""Pages of the rules library: the register with its search, a rule's page and its forms,
the counts, the policy uses, the validity list and the yearly clean-up."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from jiguan.access.models import Region, RegionLevel
from jiguan.access.roles import Perm
from jiguan.access.scope import can, require
from jiguan.audit.models import AuditEvent
from jiguan.core.exports.jobs import list_export
from jiguan.core.files import file_response
from jiguan.core.htmx import paginate, querystring
from jiguan.core.scoping import visible_or_404
from jiguan.core.types import AuthedRequest
from jiguan.core.web.formviews import form_action
from jiguan.governance.library import actions, queries, rules
from jiguan.governance.library.excel import RULE_EXPORT_COLUMNS
from jiguan.governance.library.forms import (
    ApplyForm,
    AttachmentForm,
    CampaignForm,
    DecisionForm,
    KindForm,
    RelationForm,
    RuleForm,
    StatusForm,
    TextForm,
    VocabularyForm,
)
from jiguan.governance.library.models import (
    CampaignStatus,
    CleanupCampaign,
    CleanupItem,
    Rule,
    RuleAttachment,
    RuleKind,
    RuleSubject,
)
from jiguan.orgs.filters import describe


def _regions(request: AuthedRequest) -> object:
    return Region.objects.visible_to(request.user, Perm.MANAGE_RULES).order_by("path")


def rule_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_RULES)
    found, form = queries.rules_for(request.user, request.GET)
    text = form.cleaned_data.get("q", "") if form.is_valid() else ""
    ctx = paginate(request, found.order_by("-issued_on", "title", "pk"),
                   cap=queries.SEARCH_COUNT_CAP if text else None)
    page_rules = list(ctx["page_obj"])
    hits = queries.hits_for(page_rules, text)
    rows = [(r, queries.title_snippet(r, text), hits.get(r.pk, [])) for r in page_rules]
    return render(request, "governance/rule_list.html", {
        "form": form, "qs": querystring(request), "rows": rows, "q": text,
        "can_change": can(request.user, Perm.MANAGE_RULES),
        "can_import": can(request.user, Perm.MANAGE_RULES) and can(request.user,
                                                                   Perm.IMPORT_DATA),
        **ctx})


rule_export = list_export(
    "governance.rule", perm=Perm.VIEW_RULES, rows_for=queries.rules_for,
    columns=RULE_EXPORT_COLUMNS, title="制度库登记表", describe=describe,
    prepare=lambda rs: rs.select_related("region", "kind", "subject")
    .order_by("region__path", "-issued_on", "title"))


def rule_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    rule = visible_or_404(Rule.objects.select_related("region", "kind", "subject"),
                          request.user, pk=pk)
    can_change = can(request.user, Perm.MANAGE_RULES, rule)
    highlight = request.GET.get("q", "").strip()[:100]
    return render(request, "governance/rule_detail.html", {
        "rule": rule, "can_change": can_change,
        "articles": rule.articles.all(),
        "relations": rule.relations.select_related("target"),
        "related_from": rule.related_from.select_related("source"),
        "attachments": rule.attachments.select_related("file"),
        "uses": queries.uses_of(rule), "flagged": rule.status != "in_force",
        "highlight": highlight,
        "hit_seqs": set(queries.article_hits(rule, highlight)),
        "status_form": StatusForm(initial={"on": dt.date.today()}),
        "relation_form": RelationForm(rules=Rule.objects.visible_to(request.user)
                                      .exclude(pk=rule.pk).order_by("title")),
        "history": AuditEvent.objects.for_target(rule)[:30]})


def rule_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_RULES)
    form = RuleForm(request.POST or None, regions=_regions(request))
    return form_action(
        request, form, act=lambda d: actions.rule_create(data=d, actor=request.user),
        done=lambda r: reverse("governance:rule_detail", args=[r.pk]),
        message=lambda r: f"已登记：{r.title}", template="governance/form.html",
        context={"title": "登记制度文件", "back": reverse("governance:rule_list")})


def rule_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    rule = visible_or_404(Rule.objects, request.user, pk=pk)
    require(request.user, Perm.MANAGE_RULES, rule)
    initial = {f: getattr(rule, f) for f in actions.RULE_FIELDS}
    form = RuleForm(request.POST or None, initial=initial, regions=_regions(request))
    form.fields["region"].disabled = True
    return form_action(
        request, form,
        act=lambda d: actions.rule_update(rule=rule, data=d, actor=request.user),
        done=reverse("governance:rule_detail", args=[rule.pk]), message="已保存。",
        template="governance/form.html",
        context={"title": f"修改：{rule.title}",
                 "back": reverse("governance:rule_detail", args=[rule.pk])})


def rule_text(request: AuthedRequest, pk: int) -> HttpResponse:
    rule = visible_or_404(Rule.objects, request.user, pk=pk)
    require(request.user, Perm.MANAGE_RULES, rule)
    form = TextForm(request.POST or None, request.FILES or None)

    def act(d: dict[str, object]) -> int:
        upload = d.get("file")
        if upload is not None:
            return actions.rule_set_text(rule=rule, docx=upload.read(),  # type: ignore[attr-defined]
                                         actor=request.user)
        return actions.rule_set_text(rule=rule, text=str(d.get("text") or ""),
                                     actor=request.user)

    return form_action(
        request, form, act=act, done=reverse("governance:rule_detail", args=[rule.pk]),
        message=lambda n: f"已录入正文，共 {n} 条。", template="governance/form.html",
        context={"title": f"录入正文：{rule.title}", "multipart": True,
                 "back": reverse("governance:rule_detail", args=[rule.pk])})


def rule_attach(request: AuthedRequest, pk: int) -> HttpResponse:
    rule = visible_or_404(Rule.objects, request.user, pk=pk)
    require(request.user, Perm.MANAGE_RULES, rule)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    return form_action(
        request, form,
        act=lambda d: actions.attachment_add(rule=rule, name=d["file"].name,
                                             data=d["file"].read(), actor=request.user),
        done=reverse("governance:rule_detail", args=[rule.pk]),
        message=lambda a: f"已上传附件：{a}", template="governance/form.html",
        context={"title": f"上传附件（PDF）：{rule.title}", "multipart": True,
                 "back": reverse("governance:rule_detail", args=[rule.pk])})


def attachment_download(request: AuthedRequest, pk: int, att: int) -> HttpResponse:
    rule = visible_or_404(Rule.objects, request.user, pk=pk)
    stored = _attachment(rule, att).file
    if stored is None:  # _attachment keeps only attachments with their file
        raise Http404("附件不存在")
    return file_response(stored)


def _attachment(rule: Rule, att: int) -> RuleAttachment:
    found = RuleAttachment.objects.filter(rule=rule, pk=att, file__isnull=False) \
        .select_related("file").first()
    if found is None:
        raise Http404
    return found


def rule_status(request: AuthedRequest, pk: int) -> HttpResponse:
    rule = visible_or_404(Rule.objects, request.user, pk=pk)
    require(request.user, Perm.MANAGE_RULES, rule)
    form = StatusForm(request.POST or None, initial={"on": dt.date.today()})
    return form_action(
        request, form,
        act=lambda d: actions.rule_set_status(rule=rule, status=d["status"], on=d["on"],
                                              document=d["document"], actor=request.user),
        done=reverse("governance:rule_detail", args=[rule.pk]),
        message=lambda r: f"状态已改为：{r.get_status_display()}",
        template="governance/form.html",
        context={"title": f"变更状态：{rule.title}",
                 "back": reverse("governance:rule_detail", args=[rule.pk])})


def rule_relate(request: AuthedRequest, pk: int) -> HttpResponse:
    rule = visible_or_404(Rule.objects, request.user, pk=pk)
    require(request.user, Perm.MANAGE_RULES, rule)
    form = RelationForm(request.POST or None,
                        rules=Rule.objects.visible_to(request.user).order_by("title"))
    return form_action(
        request, form,
        act=lambda d: actions.relation_add(rule=rule, kind=d["kind"], target=d.get("target"),
                                           target_title=d.get("target_title", ""),
                                           actor=request.user),
        done=reverse("governance:rule_detail", args=[rule.pk]), message="已登记文件关系。",
        template="governance/form.html",
        context={"title": f"登记文件关系：{rule.title}",
                 "back": reverse("governance:rule_detail", args=[rule.pk])})


def counts(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_RULES)
    return render(request, "governance/counts.html", queries.counts(request.user))


def policy_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_RULES)
    rows = queries.policy_rows(request.user)
    return render(request, "governance/policy.html", {
        "rows": rows, "flagged": sum(1 for r in rows if r.flagged)})


def ending(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_RULES)
    today = dt.date.today()
    return render(request, "governance/ending.html", {
        "rules": queries.ending_soon(request.user, today), "days": rules.notice_days(),
        "years": rules.validity_years(), "provisional_years": rules.provisional_years(),
        "source": rules.VALIDITY_SOURCE})


def campaign_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_RULES)
    form = CampaignForm(request.POST or None, regions=_regions(request),
                        initial={"year": dt.date.today().year})
    if request.method == "POST":
        require(request.user, Perm.MANAGE_RULES)
    return form_action(
        request, form,
        act=lambda d: actions.campaign_open(region=d["region"], year=d["year"],
                                            actor=request.user),
        done=lambda c: reverse("governance:campaign_detail", args=[c.pk]),
        message=lambda c: f"已开展{c}，共 {c.items.count()} 件。",
        template="governance/campaign_list.html",
        context=lambda: {"campaigns": CleanupCampaign.objects.visible_to(request.user)
                         .select_related("region"),
                         "can_change": can(request.user, Perm.MANAGE_RULES)})


def _campaign_page(request: AuthedRequest, campaign: CleanupCampaign,
                   form: ApplyForm) -> HttpResponse:
    return render(request, "governance/campaign_detail.html", {
        "campaign": campaign, "items": queries.campaign_rows(campaign), "form": form,
        "decision_form": DecisionForm(), "open": campaign.status == CampaignStatus.OPEN,
        "can_change": can(request.user, Perm.MANAGE_RULES, campaign)},
        status=422 if form.errors else 200)


def campaign_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    campaign = visible_or_404(CleanupCampaign.objects.select_related("region"), request.user,
                              pk=pk)
    if request.method == "POST":
        require(request.user, Perm.MANAGE_RULES, campaign)
    form = ApplyForm(request.POST or None, initial={"applied_on": dt.date.today()})
    return form_action(
        request, form,
        act=lambda d: actions.campaign_apply(campaign=campaign, result_doc=d["result_doc"],
                                             applied_on=d["applied_on"], actor=request.user),
        done=reverse("governance:campaign_detail", args=[campaign.pk]),
        message=lambda n: (f"清理结果已公布：废止 {n['repeal']} 件，宣布失效 {n['expire']} 件，"
                           f"需修订 {n['amend']} 件，继续有效 {n['keep']} 件。"),
        page=lambda f: _campaign_page(request, campaign, f))


def campaign_decide(request: AuthedRequest, pk: int, item: int) -> HttpResponse:
    campaign = visible_or_404(CleanupCampaign.objects, request.user, pk=pk)
    require(request.user, Perm.MANAGE_RULES, campaign)
    found = CleanupItem.objects.filter(campaign=campaign, pk=item).select_related("rule") \
        .first()
    if found is None:
        raise Http404
    form = DecisionForm(request.POST or None)
    return form_action(
        request, form,
        act=lambda d: actions.cleanup_decide(item=found, decision=d["decision"],
                                             note=d.get("note", ""), actor=request.user),
        done=reverse("governance:campaign_detail", args=[campaign.pk]),
        message="已记录清理意见。", template="governance/form.html",
        context={"title": f"清理意见：{found.rule.title}",
                 "back": reverse("governance:campaign_detail", args=[campaign.pk])})


# The province's kind and subject lists (制度类别、制度主题) -----------------------------------

VOCABULARIES: dict[str, tuple[type[RuleKind] | type[RuleSubject], type[VocabularyForm]]] = {
    "kinds": (RuleKind, KindForm), "subjects": (RuleSubject, VocabularyForm)}


def _may_edit_vocabularies(request: AuthedRequest) -> bool:
    """The lists are the province's: editing needs manage_rules over the province itself."""
    return Region.objects.visible_to(request.user, Perm.MANAGE_RULES).filter(
        level=RegionLevel.PROVINCE).exists()


def vocabularies(request: AuthedRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_RULES)
    return render(request, "governance/vocabularies.html", {
        "kinds": RuleKind.objects.all(), "subjects": RuleSubject.objects.all(),
        "can_edit": _may_edit_vocabularies(request)})


def vocabulary_edit(request: AuthedRequest, which: str, pk: int | None = None
                    ) -> HttpResponse:
    require(request.user, Perm.VIEW_RULES)
    if which not in VOCABULARIES:
        raise Http404("没有这个列表")
    model, form_class = VOCABULARIES[which]
    if not _may_edit_vocabularies(request):
        raise PermissionDenied("制度类别和主题由省局维护")
    item = model() if pk is None else model.objects.filter(pk=pk).first()
    if item is None:
        raise Http404("该条目不存在")
    initial = {} if pk is None else {"name": item.name, "order": item.order,
                                     "has_validity": getattr(item, "has_validity", False)}
    form = form_class(request.POST or None, initial=initial)
    label = model._meta.verbose_name
    back = reverse("governance:vocabularies")
    return form_action(
        request, form, act=lambda d: actions.vocabulary_save(item=item, data=d,
                                                             actor=request.user),
        done=back, message=lambda i: f"已保存{label}：{i.name}",
        template="governance/form.html",
        context={"title": f"新增{label}" if pk is None else f"修改{label}：{item.name}",
                 "back": back})

