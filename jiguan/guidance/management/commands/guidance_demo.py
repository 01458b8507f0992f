"""`manage.py guidance_demo --seed N`: the guidance app's demo data (every topic's seeding
function in jiguan/guidance/demo.py)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from jiguan.guidance import demo


class Command(BaseCommand):
    help = "生成业务指导演示数据（发展规划、调查研究等）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="随机种子，默认 1")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("生产环境不得生成演示数据")
        if demo.loaded():
            self.stdout.write("数据库中已有业务指导数据，未生成演示数据")
            return
        started = time.monotonic()
        with transaction.atomic():
            lines = demo.seed_all(options["seed"])
        self.stdout.write(self.style.SUCCESS(
            f"业务指导演示数据已生成（用时 {time.monotonic() - started:.1f} 秒）："
            + "；".join(lines)))
