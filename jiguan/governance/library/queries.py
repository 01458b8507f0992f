"""Reads of the rules library shared by the pages, the API and the exports: the filtered,
searched register with highlighted hits, the counts, the policy uses and their flags."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse

from jiguan.access.models import Region
from jiguan.core.search import search
from jiguan.governance.library import policy, rules
from jiguan.governance.library.forms import RuleFilterForm
from jiguan.governance.library.models import Rule, RuleArticle, RuleStatus


def rules_for(user: Any, params: Any) -> tuple[Any, RuleFilterForm]:
    """The rules the user sees, filtered (region, subject, kind, status, year) and searched
    (title, number, issuer and every article's text, through core.search's bigram index)."""
    form = RuleFilterForm(params or None, regions=Region.objects.visible_to(user))
    qs = Rule.objects.visible_to(user).select_related("region", "kind", "subject")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("region"):
            qs = qs.filter(region__path__startswith=d["region"].path)
        for name in ("subject", "kind", "status"):
            if d.get(name):
                qs = qs.filter(**{name: d[name]})
        if d.get("year"):
            qs = qs.filter(Q(year=d["year"]) | Q(year__isnull=True,
                                                 issued_on__year=d["year"]))
        if d.get("lapsed_by"):
            qs = past_validity(qs, d["lapsed_by"])
        if d.get("q"):
            hits = search(RuleArticle.objects.all(), d["q"]).values("rule_id")
            qs = search(qs, d["q"], extra=Q(pk__in=hits))
    elif form.is_bound:
        qs = qs.none()
    return qs, form


def past_validity(qs: Any, before: dt.date) -> Any:
    """The rules of ``qs`` still in force whose validity ended before ``before``: past
    their validity and not yet cleaned up (declared expired, amended or repealed)."""
    return qs.in_force().filter(valid_until__lt=before)


@dataclass(frozen=True)
class Hit:
    label: str
    seq: int
    snippet: rules.Snippet


def hits_for(rules_page: list[Rule], text: str, per_rule: int = 3) -> dict[int, list[Hit]]:
    """The highlighted article hits of the rules on one page (at most `per_rule` each)."""
    text = text.strip()
    if not text or not rules_page:
        return {}
    found: dict[int, list[Hit]] = defaultdict(list)
    rows = search(RuleArticle.objects.filter(rule_id__in=[r.pk for r in rules_page]), text) \
        .order_by("rule_id", "seq").values_list("rule_id", "seq", "label", "text")
    for rule_id, seq, label, body in rows:
        if len(found[rule_id]) >= per_rule:
            continue
        snip = rules.snippet(body, text)
        if snip is not None:
            found[rule_id].append(Hit(label, seq, snip))
    return dict(found)


def article_hits(rule: Rule, text: str) -> list[int]:
    """The articles of one rule that contain `text` (their sequence numbers)."""
    if not text.strip():
        return []
    return list(search(rule.articles.all(), text).values_list("seq", flat=True))


def title_snippet(rule: Rule, text: str) -> rules.Snippet | None:
    return rules.snippet(rule.title, text, width=200) if text.strip() else None


def counts(user: Any) -> dict[str, Any]:
    """Counts by region, subject, status and year (the seed's 97 and 675 are this figure:
    rules in force per bureau)."""
    qs = Rule.objects.visible_to(user)
    by_region = list(qs.values("region__code", "region__name", "region__level")
                     .annotate(total=Count("pk"),
                               in_force=Count("pk", filter=Q(status=RuleStatus.IN_FORCE)))
                     .order_by("region__code"))
    by_subject = list(qs.values("subject__name").annotate(total=Count("pk"))
                      .order_by("-total", "subject__name"))
    by_status = {row["status"]: row["total"] for row in
                 qs.values("status").annotate(total=Count("pk"))}
    by_year = list(qs.exclude(issued_on__isnull=True).values("issued_on__year")
                   .annotate(total=Count("pk")).order_by("-issued_on__year"))
    return {"by_region": by_region, "by_subject": by_subject,
            "by_status": [(label, by_status.get(value, 0))
                          for value, label in RuleStatus.choices],
            "by_year": by_year, "total": sum(by_status.values())}


def ending_soon(user: Any, today: dt.date, days: int | None = None) -> Any:
    days = rules.notice_days() if days is None else days
    return Rule.objects.visible_to(user).in_force().filter(
        valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=days)) \
        .select_related("region").order_by("valid_until")


@dataclass(frozen=True)
class Use:
    use: policy.PolicyUse
    url: str


def _url(name: str) -> str:
    if not name:
        return ""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def uses_of(rule: Rule) -> list[Use]:
    """Where the platform applies this rule (by its number)."""
    return [Use(u, _url(u.url_name)) for u in policy.uses_of(rule.number)] if rule.number \
        else []


@dataclass(frozen=True)
class PolicyRow:
    use: policy.PolicyUse
    url: str
    rule: Rule | None
    flagged: bool
    reason: str


def policy_rows(user: Any) -> list[PolicyRow]:
    """Every enforced rule with its library entry; flagged when the entry is missing or is
    no longer in force (a deliberate historical use is listed, not flagged)."""
    entries: dict[str, Rule] = {}
    for r in Rule.objects.visible_to(user).filter(number__in=policy.numbers()) \
            .order_by("-region__path"):
        entries[r.number] = r  # the widest region's entry wins (ordered last)
    out = []
    for use in policy.REGISTRY:
        rule = entries.get(use.number)
        if rule is None:
            flagged, reason = True, "制度库中没有该文件"
        elif rule.status != RuleStatus.IN_FORCE and not use.historical:
            flagged, reason = True, f"该文件{rule.get_status_display()}，平台仍在执行"
        else:
            flagged, reason = False, "用于识别旧标准数据" if use.historical else ""
        out.append(PolicyRow(use, _url(use.url_name), rule, flagged, reason))
    return out


def campaign_rows(campaign: Any) -> Any:
    return campaign.items.select_related("rule", "rule__kind", "rule__subject") \
        .order_by("rule__kind__order", "rule__title")
