"""Demo leases (``manage.py space_demo``): a few, through the real actions (audit rows and
to-dos included), so the register, the review to-dos and an expiry reminder have something to
show. Deterministic: the first agencies of the register, in code order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from jiguan.orgs.models import Agency
from jiguan.space.leases import actions
from jiguan.space.leases.models import Lease


@transaction.atomic
def load() -> int:
    if Lease.objects.exists():
        return 0
    agencies = list(Agency.objects.active().filter(occupancies__end_date__isnull=True)
                    .select_related("region").distinct().order_by("region__code", "pk")[:5])
    today = timezone.localdate()
    made = 0
    # (days the lease started ago, its term in days, what happens to it)
    plans = ((400, 420, "active"), (200, 900, "active"), (0, 1095, "submitted"),
             (0, 730, "returned"), (800, 730, "ended"))
    for i, (agency, (ago, term, fate)) in enumerate(zip(agencies, plans, strict=False)):
        start = today - dt.timedelta(days=ago) + dt.timedelta(days=15)
        data = {
            "agency": agency, "direction": "rent_in", "lessor": f"演示置业有限公司{i + 1}",
            "premises": f"{agency.region.name}演示路 {10 + i} 号 {3 + i} 层",
            "area": Decimal(180 + 60 * i), "annual_rent": Decimal(220000 + 45000 * i),
            "start_date": start, "end_date": start + dt.timedelta(days=term),
            "purpose": "机构改革新增职能，现有办公用房无法调剂、置换",
            "contract_no": f"ZL-{today.year}-{i + 1:03d}",
            "approval_doc_no": f"{agency.region.name[:2]}政办〔{start.year}〕{20 + i}号",
            "approval_date": start - dt.timedelta(days=20),
            "approval_body": f"{agency.region.name}人民政府"}
        lease = actions.lease_submit(data=data, actor=None)
        if fate in ("active", "ended"):
            actions.lease_approve(lease=lease, actor=None)
        if fate == "returned":
            actions.lease_return(lease=lease, reason="请补充租赁合同草案及租金评估报告",
                                 actor=None)
        if fate == "ended":
            actions.lease_end(lease=lease, ended_on=min(today, lease.end_date),
                              reason="租期届满，迁入调剂的办公用房", actor=None)
        made += 1
    actions.lease_remind(today=today, actor=None)
    return made
