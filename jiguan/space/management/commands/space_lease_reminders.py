"""`manage.py space_lease_reminders`: raise the expiry to-do of every active lease entering its
reminder window (JIGUAN_LEASE_REMINDER_DAYS before its end; once per end date). Run daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jiguan.space.leases import actions
from jiguan.space.leases.rules import reminder_days


class Command(BaseCommand):
    help = "为即将到期的租用办公用房生成到期提醒待办（每日运行）"

    def handle(self, *args: Any, **options: Any) -> None:
        count = actions.lease_remind(actor=None)
        self.stdout.write(self.style.SUCCESS(
            f"已生成到期提醒 {count} 项（到期前 {reminder_days()} 天提醒）"))
