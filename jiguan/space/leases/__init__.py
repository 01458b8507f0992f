"""Renting (租用): leases of office space from outside landlords, allowed only with a recorded
approval of the government of the same level (机关事务管理条例 第二十三条); letting or lending
office space (出租、出借) is refused. The flow: an agency applies with the approval's number,
date and body (待审核) → the bureau registers the lease (在租) or sends it back (已退回, the
agency corrects and resubmits) → the lease ends (已终止). Expiry reminders are to-dos raised a
configurable number of days before the end (``JIGUAN_LEASE_REMINDER_DAYS``)."""
