"""The optimiser's rules: which regions a plan is made for, and the messages it gives."""

from __future__ import annotations

#: A plan covers a city or a county (with its subtree); a province at once is too large to
#: review as one plan and is planned city by city.
PLAN_LEVELS = ("city", "county")

RULE_ORDER = "《党政机关办公用房管理办法》第十三条：优先调剂使用现有办公用房"

MSG_LEVEL = "调剂方案按市或县（区）编制，请选择市级或县级区划"
MSG_SCOPE = "所选区划不在您的权限范围内"
MSG_RUNNING = "该区划已有正在求解的方案，请等待其完成"
MSG_NOT_READY = "方案尚未求解完成或已被采纳，不能采纳"
MSG_STALE = "方案生成后房间使用情况已有变化（{what}），请重新求解后再采纳"
MSG_FAILED = "求解失败，请稍后重试；如问题持续，请联系系统管理员"
