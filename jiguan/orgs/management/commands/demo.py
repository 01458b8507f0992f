"""`manage.py demo --scale small|province --seed N`: seed the deterministic demo data."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiguan.core.db import dbstats
from jiguan.core.deploy.demo_password import DEMO_PASSWORD, DEMO_USERNAMES
from jiguan.orgs import demo
from jiguan.orgs.models import Agency


class Command(BaseCommand):
    help = ("生成演示数据（单位、人员、机关事务管理局、演示账号），同一种子结果相同。"
            "Seed deterministic demo data; demo seeding writes no audit rows.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(demo.SCALES), default="small",
                            help="small：杭州市（约300个单位、5000人）；province：全省"
                                 "（约4万个单位、60万人）")
        parser.add_argument("--seed", type=int, default=1, help="随机种子，默认 1")
        parser.add_argument("--agencies", type=int, help="单位数（覆盖规模默认值）")
        parser.add_argument("--people", type=int, help="人员数（覆盖规模默认值）")
        parser.add_argument("--force", action="store_true",
                            help="数据库中已有单位时仍追加生成")
        parser.add_argument("--url", default="http://127.0.0.1:8000",
                            help="完成后提示的访问地址")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("生产环境不得生成演示数据")
        if settings.JIGUAN_PROVINCE != demo.PROVINCE_CODE:
            raise CommandError(f"演示数据按浙江省（{demo.PROVINCE_CODE}）编制，"
                               f"当前 JIGUAN_PROVINCE={settings.JIGUAN_PROVINCE}")
        has_agencies = Agency.objects.exists()
        if has_agencies and not options["force"]:
            self.stdout.write("数据库中已有单位数据，未生成演示数据（使用 --force 追加；"
                              "make reset-demo 清空后重建）")
            self._print_login(options["url"])
            return
        taken = (set(Agency.objects.values_list("credit_code", flat=True))
                 if has_agencies else set())
        started = time.monotonic()
        data = demo.generate(options["scale"], options["seed"], agencies=options["agencies"],
                             people=options["people"], taken_codes=taken)
        result = demo.load(data, progress=options["verbosity"] >= 1)
        dbstats.refresh()  # the lists' query plans need the new tables' sizes
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(
            f"演示数据已生成：单位 {result.agencies} 个，人员 {result.people} 人，"
            f"机关事务管理局 {result.bureaus} 个，用时 {elapsed:.1f} 秒"))
        if result.users:
            self.stdout.write("")
            self.stdout.write(f"演示账号 demo_admin / {DEMO_PASSWORD}  （省局管理员）")
            others = "、".join(u for u in result.users if u != "demo_admin")
            if others:
                self.stdout.write(f"其他演示账号（密码相同）：{others}")
            self.stdout.write(f"访问地址 {options['url']}")
            self.stdout.write("")

    def _print_login(self, url: str) -> None:
        """The demo login again, on every start (development only: production refuses
        demo accounts with this password, see jiguan.core.deploy.checks)."""
        if settings.JIGUAN_ENV != "development":
            return
        users = get_user_model().objects.filter(username__in=DEMO_USERNAMES, is_active=True)
        if users.filter(username="demo_admin").exists():
            self.stdout.write(f"演示账号 demo_admin / {DEMO_PASSWORD}  （省局管理员），"
                              f"访问地址 {url}")
