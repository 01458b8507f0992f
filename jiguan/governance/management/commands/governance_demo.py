"""`manage.py governance_demo`: the rules library's seed (national and provincial documents
at the province) and a few demo bureau rules; idempotent, works on an empty database once
the region tree is loaded."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jiguan.access.models import Region
from jiguan.governance import demo


class Command(BaseCommand):
    help = "登记制度库的国家和省级文件，并生成制度库演示数据"

    def handle(self, *args: Any, **options: Any) -> None:
        if not Region.objects.filter(code=demo.PROVINCE_CODE).exists():
            raise CommandError("请先导入行政区划：manage.py load_regions")
        with transaction.atomic():
            if settings.PRODUCTION:
                result = demo.DemoResult(seeded=demo.seed_library())
            else:
                result = demo.load_demo()
        self.stdout.write(self.style.SUCCESS(
            f"制度库：登记国家和省级文件 {result.seeded} 件，演示文件 {result.demo} 件，"
            f"演示合同 {result.contracts} 件，"
            f"生成待办 {result.tasks} 件；重大行政决策演示 {result.decisions} 件"))
