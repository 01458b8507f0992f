"""`manage.py governance_contract_scan`: the daily scan of the major contracts: a to-do for
the bureau for each signed contract not filed by its deadline (逾期未备案), and for the agency
for each contract ending within JIGUAN_GOVERNANCE_CONTRACT_ENDING_DAYS (default 60).
Idempotent (one open to-do per contract and kind). Run daily."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand

from jiguan.governance.contracts import actions
from jiguan.governance.contracts.rules import ending_days


class Command(BaseCommand):
    help = "扫描重大合同：逾期未备案和即将到期的合同生成待办（每日运行）"

    def handle(self, *args: Any, **options: Any) -> None:
        made = actions.contract_scan(today=dt.date.today(), actor=None)
        self.stdout.write(self.style.SUCCESS(
            f"逾期未备案待办 {made['filing']} 项，即将到期（{ending_days()} 天内）待办 "
            f"{made['ending']} 项"))
