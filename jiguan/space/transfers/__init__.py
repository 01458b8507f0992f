"""Asset transfer (资产移交调账): batches of buildings moved from agencies' books onto the
bureau's (统一权属, 《党政机关办公用房管理办法》第五条; 《行政事业性国有资产管理条例》第三十条:
no off-book assets).

The flow: the bureau drafts a batch for one agency with the buildings and their book values
(原值, 累计折旧, 净值) and sends it to the agency; the agency confirms the list (or sends it
back); the finance department (Role.FINANCE_STAFF) confirms the booking with its voucher (or
sends it back); confirmation writes the book value and the bureau's asset card onto each
building in the register (jiguan.space.register.actions.building_update). Every step is an
action with its audit row; every waiting step is a to-do (rules.TASK_KIND).
"""
