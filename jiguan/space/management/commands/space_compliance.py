"""Recompute the office-space compliance findings (统一规范使用) for the province or a subtree."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiguan.access.models import Region
from jiguan.space.compliance import actions


class Command(BaseCommand):
    help = "重新计算办公用房规范使用问题（默认全省），同步整改待办"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", default="",
                            help="只计算该区划代码及其下级（默认全部）")

    def handle(self, *args: Any, **options: Any) -> None:
        path = None
        if options["region"]:
            region = Region.objects.filter(code=options["region"]).first()
            if region is None:
                raise CommandError(f"区划代码 {options['region']} 不存在")
            path = region.path
        result = actions.sync(region_path=path, actor=None)
        self.stdout.write(
            f"新发现 {result.created}，复发 {result.reopened}，已消除 {result.closed}，"
            f"内容更新 {result.updated}，未变 {result.unchanged}；用时 {result.seconds:.2f} 秒")
