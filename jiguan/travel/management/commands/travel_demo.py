"""`manage.py travel_demo --seed N`: demo platforms, vehicles, drivers and trips."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from jiguan.travel import demo


class Command(BaseCommand):
    help = "生成公务出行演示数据（用车平台、车辆、驾驶员、用车申请与结算）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="随机种子，默认 1")
        parser.add_argument("--days", type=int, default=50, help="生成最近多少天的行程，默认 50")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("生产环境不得生成演示数据")
        if demo.loaded():
            self.stdout.write("数据库中已有公务出行数据，未生成演示数据")
            return
        started = time.monotonic()
        with transaction.atomic():  # one commit: the demo loads in seconds, not a minute
            result = demo.load(options["seed"], days=options["days"])
        self.stdout.write(self.style.SUCCESS(
            f"公务出行演示数据已生成：平台 {result.platforms} 个，车辆 {result.vehicles} 辆，"
            f"行程 {result.trips} 次，用时 {time.monotonic() - started:.1f} 秒"))
