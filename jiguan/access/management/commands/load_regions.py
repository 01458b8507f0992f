from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jiguan.access.regions.load import load_province


class Command(BaseCommand):
    help = "载入本省行政区划（幂等）。Load the province's division tree (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", help="省级区划代码，默认取 JIGUAN_PROVINCE")

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_province(options.get("province"))
        self.stdout.write(f"区划：新增 {result.created}，更新 {result.updated}，"
                          f"未变 {result.unchanged}")
