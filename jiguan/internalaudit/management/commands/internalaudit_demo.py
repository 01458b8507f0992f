"""`manage.py internalaudit_demo --seed N`: demo audit plans, projects and leaders."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from jiguan.internalaudit import demo


class Command(BaseCommand):
    help = "生成内部审计演示数据（年度计划、审计项目、发现问题与整改、领导干部离任）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="随机种子，默认 1")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("生产环境不得生成演示数据")
        if demo.loaded():
            self.stdout.write("数据库中已有内部审计数据，未生成演示数据")
            return
        started = time.monotonic()
        with transaction.atomic():
            result = demo.load(options["seed"])
        self.stdout.write(self.style.SUCCESS(
            f"内部审计演示数据已生成：计划 {result.plans} 个，项目 {result.projects} 个，"
            f"问题 {result.findings} 个，领导干部 {result.terms} 名"
            f"{'，' + result.retired + '退休待离任审计' if result.retired else ''}，"
            f"用时 {time.monotonic() - started:.1f} 秒"))
