"""`manage.py space_demo --seed N`: demo office space for the demo agencies, then findings."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiguan.space import demo
from jiguan.space.compliance import actions
from jiguan.space.leases import demo as leases_demo
from jiguan.space.register.models import Building
from jiguan.space.repairs import demo as repairs_demo


class Command(BaseCommand):
    help = "为演示单位生成办公用房台账（房产、房间、使用单位、使用人）并计算规范使用问题"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="随机种子，默认 1")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("生产环境不得生成演示数据")
        if Building.objects.exists():
            self.stdout.write("数据库中已有房产数据，未生成办公用房演示数据")
            return
        started = time.monotonic()
        result = demo.load(options["seed"])
        workflows = demo.load_workflows()
        synced = actions.sync(actor=None)
        leases, repairs = leases_demo.load(), repairs_demo.load()
        cases = demo.load_cases()
        plan = demo.optimiser_plan()
        self.stdout.write(self.style.SUCCESS(
            f"办公用房演示数据已生成：房产 {result.buildings} 栋，房间 {result.rooms} 间，"
            f"使用人 {result.occupants} 人次，建设项目 {workflows.projects} 个，"
            f"资产移交批次 {workflows.batches} 个，规范使用问题 {synced.created} 个，"
            f"租用 {leases} 项，维修改造 {repairs} 项，"
            f"调配申请 {cases.allocations} 件，腾退移交 {cases.returns} 件，"
            f"调剂方案 {1 if plan else 0} 个，用时 {time.monotonic() - started:.1f} 秒"))
