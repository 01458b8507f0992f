"""Planning and construction (统一规划建设): projects to build, buy or extend office space.

The flow: the bureau drafts a project (the agencies it will house, its planned area and
investment, budget funding, the approval of its 项目建议书) and submits it; the bureau of the
level above reviews it (approve, or send back with a reason); once approved the bureau
records the 可研 and 初设 approvals and starts construction; completion creates the building
and its rooms in the register (through jiguan.space.register.actions). Every step is an
action with its audit row; every waiting step is a to-do (rules.TASK_KIND).
"""
