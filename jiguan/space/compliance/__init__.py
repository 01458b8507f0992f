"""统一规范使用: findings computed from the register, their 整改 workflow and the roll-ups.

Rules (domain-rules.md §1–2, confidence marks there):

* 超标准使用: an office's usable area above the sum of its occupants' limits
  (《党政机关办公用房建设标准》, :func:`jiguan.space.standards.rules.check_office_room`).
* 第二处 / 三处以上办公室, 调离退休 1 个月未腾退, 兼职结束 2 个月未腾退
  (《党政机关办公用房管理办法》第十九条).
* 改变使用功能: people seated in a room that is not an office (第十九条).
* 单位超核定面积: the usable area of the agency's basic office rooms (办公室、服务用房、
  设备用房) above A + B + 9 % (A + B) of the 2014 formula, with A from its serving people's
  limits and B from the configured service area per person.
* 闲置: an office room nobody sits in (第三条 "避免闲置浪费").
* 权属未登记在机关事务管理部门: the owner is not the bureau of the building's level
  (第五条); a building under 权属备案 is exempt.

:func:`compute` reads the register with a handful of set-based queries (tuples, no model
instances, no query per room) and returns the findings keyed by a natural key;
:func:`sync` writes the difference with bulk statements in one transaction.

Where things are: models.py (Finding, ComplianceTally), rules.py (the rule texts, limits
and the approved-area formula; no query), compute.py (the set-based compute), actions.py
(sync, refresh, the 整改 steps), queries.py (roll-ups, an agency's report, scoped lists),
tasks.py (the background recompute and the receiver of ``register_changed`` and
``org_changed``), forms.py, views.py, api.py, urls.py (namespace "space_compliance").
"""
