"""Reads of the rules library shared by the pages, the API and the exports: the filtered,
searched register with highlighted hits, the counts, the policy uses and their flags."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse

from jiguan.access.models import Region
from jiguan.core.search import candidate_count, search
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
            qs = searched(qs, d["q"])
    elif form.is_bound:
        qs = qs.none()
    return qs, form


def past_validity(qs: Any, before: dt.date) -> Any:
    """The rules of ``qs`` still in force whose validity ended before ``before``: past
    their validity and not yet cleaned up (declared expired, amended or repealed)."""
    return qs.in_force().filter(valid_until__lt=before)
# A query whose index candidates reach these counts is unselective (a phrase found in most
# rules): computing its whole match set costs ~0.5 s over 10,000 rules x 30 articles, so it
# is not computed. ADR 0015 and bench/README.md "Rules library search".
PROBE_ARTICLES = 5_000
PROBE_RULES = 2_000
# The register's count stops here while searching ("超过 1,000 条"); the Excel export has
# no cap.
SEARCH_COUNT_CAP = 1_000


def is_selective(text: str, using: str = "default") -> bool:
    """True when the bigram index narrows `text` to fewer candidates than the probes (the
    index stops counting at the probe, so the test is bounded)."""
    articles = candidate_count(RuleArticle, text, PROBE_ARTICLES, using=using)
    heads = candidate_count(Rule, text, PROBE_RULES, using=using)
    return (articles is not None and heads is not None
            and articles < PROBE_ARTICLES and heads < PROBE_RULES)


def searched(qs: Any, text: str) -> Any:
    """`qs` restricted to the rules whose title, number or issuer, or one of whose
    articles, contains `text`.

    Selective query: the match set from core.search's bigram index (rules, and the rules
    of the matching articles). Unselective query: an exact test per rule (the head fields,
    then EXISTS an article of this rule containing it, by the article's rule index), so a
    page in register order, or a count capped at SEARCH_COUNT_CAP, stops after the rules it
    needs; dense matches make each test end at the first articles."""
    if is_selective(text, qs.db):
        # Fewer than the probes' candidates: the match set is small; fetched once (the
        # count and the page then filter by a list, not by the index twice).
        ids = set(search(RuleArticle.objects.all(), text).values_list("rule_id", flat=True))
        ids.update(search(Rule.objects.all(), text).values_list("pk", flat=True))
        return qs.filter(pk__in=sorted(ids))
    # `rule_id >= outer pk` beside the equality changes nothing in the result; it stops
    # PostgreSQL from turning the OR-ed EXISTS into a hashed subplan, which computes the
    # whole match set first (600 ms over 300,000 articles) instead of probing each rule's
    # articles by the rule index as the walk reaches it (1 ms for a page).
    in_article = Exists(RuleArticle.objects.filter(rule_id=OuterRef("pk"),
                                                   text__icontains=text)
                        .filter(rule_id__gte=OuterRef("pk")))
    return qs.filter(Q(title__icontains=text) | Q(number__icontains=text)
                     | Q(issuer__icontains=text) | in_article)


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
    # The page's articles only (50 rules x ~30 articles): an exact test on them is bounded,
    # where the index's candidates of a common phrase would be most of the table.
    rows = RuleArticle.objects.filter(rule_id__in=[r.pk for r in rules_page],
                                      text__icontains=text) \
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
    return list(rule.articles.filter(text__icontains=text).values_list("seq", flat=True))


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
