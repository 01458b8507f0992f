"""Rules of an audit project: pure functions, no ORM.

Steps: 《审计署关于内部审计工作的规定》（审计署令第11号, 2018）第十二条 and the internal
audit standards (《第2101号内部审计具体准则——审计计划》, 《第2102号——审计通知书》,
《第2106号——审计报告》, 《第2107号——后续审计》): notice (审计通知书), fieldwork (实施),
the unit's comments on the draft report (征求意见), the report (审计报告), rectification
(整改) and closure. A step is taken only after the one before it.

The rectification period is not fixed nationally for internal audit; 90 days after the
report is the default here [R] (settings.INTERNAL_AUDIT_RECTIFY_DAYS)."""

from __future__ import annotations

import datetime as dt

STAGES = ("planned", "notice", "fieldwork", "comments", "report", "rectification", "closed")
STAGE_LABELS = {"planned": "待启动", "notice": "通知", "fieldwork": "实施",
                "comments": "征求意见", "report": "报告", "rectification": "整改",
                "closed": "结项"}

DEFAULT_RECTIFY_DAYS = 90  # [R]

CATEGORY_OF_KIND = {"budget": "funds", "special_funds": "funds", "state_assets": "assets",
                    "economic": "leaders"}


def category_of(kind: str) -> str:
    return CATEGORY_OF_KIND[kind]


def next_stage(stage: str) -> str | None:
    i = STAGES.index(stage)
    return STAGES[i + 1] if i + 1 < len(STAGES) else None


def step_problem(current: str, target: str) -> str:
    """Why `target` may not follow `current` ("" when it may)."""
    if target not in STAGES or target == "planned":
        return "未知的审计步骤"
    if current == "closed":
        return "项目已结项，不能再办理步骤"
    expected = next_stage(current)
    if target != expected:
        assert expected is not None
        return (f"审计步骤须按顺序办理：当前为“{STAGE_LABELS[current]}”，"
                f"下一步应为“{STAGE_LABELS[expected]}”，不能办理“{STAGE_LABELS[target]}”")
    return ""


def date_problem(previous: dt.date | None, date: dt.date, today: dt.date) -> str:
    if previous is not None and date < previous:
        return f"日期不能早于上一步骤的日期（{previous:%Y-%m-%d}）"
    if date > today + dt.timedelta(days=1):
        return "日期不能晚于今天"
    return ""


def rectify_due(report_date: dt.date, days: int = DEFAULT_RECTIFY_DAYS) -> dt.date:
    return report_date + dt.timedelta(days=days)


def close_finding_problem(evidence: str) -> str:
    """A finding is closed (销号) only on evidence of its rectification (后续审计准则)."""
    if not evidence.strip():
        return "销号须有整改佐证材料：请先填写整改佐证材料"
    return ""


def project_code(year: int, serial: int) -> str:
    return f"NS{year}-{serial:03d}"
