"""The pure rules of a major decision: the order of its steps and the articles cited when
an action refuses. Every citation is a setting (JIGUAN_GOVERNANCE_DECISION_*) so that a
bureau can quote its own province's rules; the article numbers are those of
《重大行政决策程序暂行条例》（国务院令第713号） as the platform reads them [R]: verify against
the official text before relying on them (the issue's draft named 第二十七条 for the review
rule; 第二十七条 lists what the review examines, 第二十五条第二款 forbids the discussion)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.conf import settings

REVIEW_RULE_DEFAULT = ("《重大行政决策程序暂行条例》第二十五条第二款：决策草案未经合法性审查"
                       "或者经审查不合法的，不得提交决策机关讨论")
CHIEF_RULE_DEFAULT = ("《重大行政决策程序暂行条例》第三十条：决策机关行政首长在集体讨论的基础上"
                      "作出决定")
MAJORITY_RULE_DEFAULT = ("《重大行政决策程序暂行条例》第三十一条：行政首长拟作出的决定与"
                         "会议组成人员多数人的意见不一致的，应当在会上说明理由")
PROCEDURE_RULE_DEFAULT = ("《重大行政决策程序暂行条例》第二十六条：送请合法性审查，应当提供履行决策"
                          "法定程序的说明")
EVALUATION_DAYS_DEFAULT = 365

# The steps recorded through the generic step form (the review and the discussion have
# their own actions), the ones that may be marked not applicable, and those that must be
# settled (recorded or marked not applicable) before the draft goes to legality review.
GENERIC_STEPS = ("participation", "experts", "risk", "publication", "archive", "evaluation")
MAY_NOT_APPLY = ("participation", "experts", "risk", "publication", "evaluation")
BEFORE_REVIEW = ("participation", "experts", "risk")


def _setting(name: str, default: str) -> str:
    return str(getattr(settings, name, default) or default)


def review_rule() -> str:
    return _setting("JIGUAN_GOVERNANCE_DECISION_REVIEW_RULE", REVIEW_RULE_DEFAULT)


def chief_rule() -> str:
    return _setting("JIGUAN_GOVERNANCE_DECISION_CHIEF_RULE", CHIEF_RULE_DEFAULT)


def majority_rule() -> str:
    return _setting("JIGUAN_GOVERNANCE_DECISION_MAJORITY_RULE", MAJORITY_RULE_DEFAULT)


def procedure_rule() -> str:
    return _setting("JIGUAN_GOVERNANCE_DECISION_PROCEDURE_RULE", PROCEDURE_RULE_DEFAULT)


def evaluation_days() -> int:
    """The default distance from the decision to its later evaluation (决策后评估)."""
    return int(getattr(settings, "JIGUAN_GOVERNANCE_DECISION_EVALUATION_DAYS",
                       EVALUATION_DAYS_DEFAULT))


def default_evaluate_on(decided_on: dt.date) -> dt.date:
    return decided_on + dt.timedelta(days=evaluation_days())


def majority(positions: Iterable[str]) -> str | None:
    """The position more than half of the speakers took (None without a majority)."""
    counts = Counter(positions)
    total = sum(counts.values())
    for position, n in counts.most_common(1):
        if n * 2 > total:
            return position
    return None


def against_majority(result: str, positions: Iterable[str]) -> bool:
    """Does the chief's decision go against the members' majority (同意 vs 不同意)?"""
    most = majority(positions)
    return (result == "adopt" and most == "disagree") or (result == "reject" and most == "agree")


def step_problem(kind: str, *, status: str, decision_status: str,
                 settled: set[str]) -> str | None:
    """Why a generic step may not be recorded now (None: it may). `settled` holds the step
    kinds already recorded or marked not applicable."""
    if kind not in GENERIC_STEPS:
        return "该环节不能在此登记"
    if status == "na" and kind not in MAY_NOT_APPLY:
        return "该环节不能标为不适用"
    if kind in BEFORE_REVIEW and decision_status != "draft":
        return "决定已作出，决策前的环节不能再修改"
    if kind in ("publication", "archive", "evaluation") and decision_status == "draft":
        return "行政首长作出决定后，才能办理公布、归档和决策后评估"
    if kind == "archive" and "publication" not in settled:
        return "请先办理决策公布（或标明不适用）"
    return None
