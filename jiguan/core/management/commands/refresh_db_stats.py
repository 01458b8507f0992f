"""Refresh the database's planner statistics (jiguan.core.db.dbstats), e.g. after a bulk load."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jiguan.core.db import dbstats


class Command(BaseCommand):
    help = "更新数据库查询规划统计（大批量写入之后）"

    def handle(self, *args: Any, **options: Any) -> None:
        dbstats.refresh()
        self.stdout.write("已更新数据库统计信息")
