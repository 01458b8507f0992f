from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jiguan.energy.readings.integrity import labels, orphans


class Command(BaseCommand):
    help = "检查能源资源消费读数的关联完整性（单位、区划、折算系数、用户均应存在）"

    def handle(self, *args: Any, **options: Any) -> None:
        found = orphans()
        names = labels()
        for field, count in found.items():
            self.stdout.write(f"{names[field]}：{count} 条读数指向不存在的记录")
        bad = {f: n for f, n in found.items() if n}
        if bad:
            raise CommandError("发现孤立读数：" + "，".join(f"{names[f]} {n} 条"
                                                      for f, n in bad.items()))
        self.stdout.write(self.style.SUCCESS("读数关联完整"))
