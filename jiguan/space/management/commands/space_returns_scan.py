"""`manage.py space_returns_scan [--region CODE]`: open the returns the data calls for (people
who left or whose concurrent post ended still seated, abolished agencies still using rooms,
over-standard and idle offices), for a daily scheduled run. Each case gets its to-do and
deadline; cases already open are not repeated."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiguan.access.models import Region
from jiguan.space.returns.actions import returns_scan


class Command(BaseCommand):
    help = "按数据扫描应腾退的办公用房并建立腾退移交（已在办理中的不重复）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", default=settings.JIGUAN_PROVINCE,
                            help="区划代码（含下级），默认本省")

    def handle(self, *args: Any, **options: Any) -> None:
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(f"区划代码“{options['region']}”不存在")
        opened = returns_scan(region=region, actor=None)
        self.stdout.write(self.style.SUCCESS(f"{region.name}：新建腾退移交 {opened} 件"))
