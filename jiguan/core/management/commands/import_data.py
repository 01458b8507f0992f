"""manage.py import_data KIND FILE --as USERNAME [--dry-run]: the web import, from a shell.

Same pipeline, same checks, same single transaction and audit events as the upload page,
under the permissions of the named account.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from jiguan.core.excel import too_large_message
from jiguan.core.imports import (
    apply_job,
    claim_job,
    create_job,
    get_importer,
    importers,
    validate_job,
)
from jiguan.core.models import ImportStatus


class Command(BaseCommand):
    help = "从 Excel/CSV 文件导入数据（先校验，全部无误才一次性写入）"

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = "、".join(f"{i.kind}（{i.label}）" for i in importers())
        parser.add_argument("kind", help=f"导入类型：{kinds}")
        parser.add_argument("file", type=Path, help="要导入的文件（.xlsx/.xls/.ods/.csv）")
        parser.add_argument("--as", dest="username", required=True,
                            help="以该账号的权限范围导入（审计日志记在该账号名下）")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")

    def handle(self, *args: Any, **options: Any) -> None:
        kind: str = options["kind"]
        path: Path = options["file"]
        try:
            importer_cls = get_importer(kind)
        except KeyError:
            kinds = "、".join(i.kind for i in importers())
            raise CommandError(f"未知的导入类型“{kind}”，可选：{kinds}") from None
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None or not user.is_active:
            raise CommandError(f"账号“{options['username']}”不存在或已停用")
        if not importer_cls.allowed(user):
            raise CommandError(f"账号“{user.username}”没有导入{importer_cls.label}的权限")
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        size = path.stat().st_size
        if size > settings.JIGUAN_IMPORT_MAX_BYTES:
            raise CommandError(too_large_message(size, settings.JIGUAN_IMPORT_MAX_BYTES))

        job = create_job(kind=kind, filename=path.name, data=path.read_bytes(), user=user)
        with tqdm(desc="校验", unit="行", file=self.stderr, disable=None) as bar:
            job = validate_job(job.pk, progress=_advance(bar))
        if job.status != ImportStatus.VALID:
            if job.message:
                self.stderr.write(job.message)
            for error in job.errors:
                column = f"〔{error['column']}〕 " if error["column"] else ""
                self.stderr.write(f"第{error['row']}行 {column}{error['message']}")
            if job.error_count > len(job.errors):
                self.stderr.write(f"……共 {job.error_count} 处错误，仅列出前 {len(job.errors)} 处")
            raise CommandError(f"校验未通过（{job.error_count} 处错误），未写入任何数据")
        if options["dry_run"]:
            self.stdout.write(f"校验通过：共 {job.total_rows} 行。--dry-run：未写入任何数据。")
            return

        claim_job(job.pk)
        with tqdm(desc="写入", total=job.total_rows, unit="行", file=self.stderr,
                  disable=None) as bar:
            job = apply_job(job.pk, user.pk, progress=_advance(bar))
        if job.status != ImportStatus.DONE:
            for error in job.errors:
                column = f"〔{error['column']}〕 " if error["column"] else ""
                self.stderr.write(f"第{error['row']}行 {column}{error['message']}")
            raise CommandError(job.message or "导入失败，未写入任何数据")
        s = job.summary
        self.stdout.write(self.style.SUCCESS(
            f"导入完成：新增 {s['created']} 条，修改 {s['updated']} 条，"
            f"无变化 {s['unchanged']} 条。"))


def _advance(bar: tqdm[Any]) -> Any:
    def progress(done: int) -> None:
        bar.update(done - bar.n)
    return progress
