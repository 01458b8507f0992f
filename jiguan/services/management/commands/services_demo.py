"""`manage.py services_demo --seed N`: demo catalogues, prices, suppliers and pilots."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from jiguan.services import demo


class Command(BaseCommand):
    help = "生成后勤服务演示数据（指导性目录、参考价格、供应商、标准化试点单位、购买项目）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="随机种子，默认 1")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("生产环境不得生成演示数据")
        if demo.loaded():
            self.stdout.write("数据库中已有后勤服务数据，未生成演示数据")
            return
        started = time.monotonic()
        with transaction.atomic():
            result = demo.load(options["seed"])
        self.stdout.write(self.style.SUCCESS(
            f"后勤服务演示数据已生成：目录 {result.catalogues} 个，参考价 {result.prices} 条，"
            f"供应商 {result.suppliers} 家，试点单位 {result.pilots} 个，"
            f"购买项目 {result.purchases} 个，"
            f"检查 {result.inspections} 次，满意度调查 {result.surveys} 份，"
            f"绩效评价 {result.evaluations} 条，"
            f"用时 {time.monotonic() - started:.1f} 秒"))
