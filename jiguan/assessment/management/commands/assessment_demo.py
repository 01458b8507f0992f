"""`manage.py assessment_demo --seed N`: the province's 2025 assessment (published) and its
2026 scheme (open for self-evaluation)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from jiguan.assessment import demo


class Command(BaseCommand):
    help = "生成年度考核演示数据（2025 年度考核结果、2026 年度考核方案）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="随机种子，默认 1")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("生产环境不得生成演示数据")
        if demo.loaded():
            self.stdout.write("数据库中已有考核方案，未生成演示数据")
            return
        started = time.monotonic()
        with transaction.atomic():
            result = demo.load(options["seed"])
        self.stdout.write(self.style.SUCCESS(
            f"年度考核演示数据已生成：方案 {result.schemes} 个，被考核单位 {result.bureaus} 个，"
            f"用时 {time.monotonic() - started:.1f} 秒"))
