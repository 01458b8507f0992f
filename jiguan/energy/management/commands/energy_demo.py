"""`manage.py energy_demo --seed N`: demo energy data for the demo agencies (run after
`demo` and, for the province scale, after `demo --scale province`)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiguan.energy import demo
from jiguan.orgs.models import Agency


class Command(BaseCommand):
    help = ("为演示单位生成公共机构能源资源消费数据（基本信息、月度消费、定额、节能目标、"
            "节水型单位、合同能源管理、垃圾分类），同一种子结果相同")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="随机种子，默认 1")
        parser.add_argument("--scale", choices=("small", "province"), default="small",
                            help="small：演示单位（make run）；province：全省单位（性能基准，"
                                 "约 1000 万条月度消费，需先运行 demo --scale province）")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("生产环境不得生成演示数据")
        if demo.is_seeded():
            self.stdout.write("数据库中已有能源资源消费数据，未生成能源演示数据")
            return
        agencies = Agency.objects.active().count()
        if not agencies:
            raise CommandError("没有单位数据，请先运行 manage.py demo")
        if options["scale"] == "province" and agencies < 10_000:
            raise CommandError(f"当前只有 {agencies} 个单位，全省规模请先运行 "
                               "manage.py demo --scale province")
        if options["scale"] == "small" and agencies > 5_000:
            raise CommandError(f"当前有 {agencies} 个单位，请使用 --scale province")
        started = time.monotonic()
        result = demo.load(options["seed"], progress=self.stdout.write
                           if options["verbosity"] >= 2 else None)
        steps = "，".join(f"{k} {v} 秒" for k, v in result.seconds.items())
        self.stdout.write(self.style.SUCCESS(
            f"能源演示数据已生成：基本信息 {result.profiles} 条，月度消费 {result.readings} 条，"
            f"能耗定额 {result.quotas} 条（超定额 {result.breaches} 条），"
            f"节水型单位 {result.water_units} 个，合同能源管理 {result.contracts} 个，"
            f"垃圾分类 {result.sorting_sites} 处，用时 {time.monotonic() - started:.1f} 秒"
            f"（{steps}）"))
