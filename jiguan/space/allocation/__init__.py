"""统一调配: an agency's application for office space, the bureau's review with the
platform's proposal in the order the rules set (调剂 → 置换 → 租用 → 建设), the approval
that issues the use agreement (使用协议) and the numbered allocation certificate
(分配使用凭证) and records the occupancy through jiguan.space.register.actions, and the
agency's confirmation that it moved in.

Status machine (changed only by jiguan.space.allocation.actions):

    submitted 待审核 --review--> reviewed 待审批 --approve--> approved 已批准 --finish--> completed
         ^   |                        |                  \\--approve (租用/建设)--> routed 已转办
         |   +--send back--+----------+
         +--resubmit-- returned 已退回

Each waiting step is a to-do: 待审核 and 待审批 for the bureau staff over the agency's
region, 已退回 and 已批准 (确认入驻) for the agency's reporter.
"""
