"""Repair and renovation (维修改造). 日常维修 is the agency's own, recorded here; 中修 and 大修
need the bureau's approval (a 大修 may add at most 15 % floor area). The flow: an agency applies
with its items, budget and the check-list against over-standard decoration (待审批) → the
bureau approves at the level the amount requires (已批准) or sends it back (已退回) → the agency
starts (实施中) and records progress; a cost over the approved budget needs a new approval
(追加预算待审批) → the agency reports the final cost (待验收) → the bureau accepts (已验收) or
sends it back to the works. Every building page lists its repairs (core.web.panels)."""
