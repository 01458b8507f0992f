"""`manage.py assets_demo --seed N`: the seed's 62 operating entities and their transfer."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from jiguan.assets import demo


class Command(BaseCommand):
    help = "生成国有资产演示数据（62 家经营性单位脱钩划转，由浙勤集团接收）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="随机种子，默认 1")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("生产环境不得生成演示数据")
        if demo.loaded():
            self.stdout.write("数据库中已有国有资产数据，未生成演示数据")
            return
        started = time.monotonic()
        with transaction.atomic():
            result = demo.load(options["seed"])
        self.stdout.write(self.style.SUCCESS(
            f"国有资产演示数据已生成：批次 {result.batches} 个，经营性单位 {result.entities} 家"
            f"（已办结 {result.closed} 家），房产 {result.buildings} 处，"
            f"用时 {time.monotonic() - started:.1f} 秒"))
        sup = result.supervision
        if sup is not None:
            self.stdout.write(
                f"财务监管：报表 {sup.statements} 份（预警 {sup.warnings} 份），重大事项 "
                f"{sup.matters} 件，外派监事会 {sup.boards} 个，提出问题 {sup.issues} 个")
