"""`manage.py services_contract_reminders`: raise the expiry to-do of every running
purchase contract entering its reminder window (JIGUAN_SERVICES_CONTRACT_REMINDER_DAYS,
60 by default, before its end; once per end date). Run daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jiguan.services.purchases import actions
from jiguan.services.purchases.rules import reminder_days


class Command(BaseCommand):
    help = "为即将到期的购买服务合同生成到期提醒待办（每日运行）"

    def handle(self, *args: Any, **options: Any) -> None:
        count = actions.contract_remind(actor=None)
        self.stdout.write(self.style.SUCCESS(
            f"已生成合同到期提醒 {count} 项（到期前 {reminder_days()} 天提醒）"))
