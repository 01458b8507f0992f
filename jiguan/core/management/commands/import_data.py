"""manage.py import_data KIND FILE --as USERNAME [--dry-run] [--sheet S] [--header-row N]
[--map 列名=字段 ...] [--mapping NAME]: the web import, from a shell.

Same pipeline, same checks, same single transaction and audit events as the upload page,
under the permissions of the named account.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from jiguan.core.excel import too_large_message
from jiguan.core.excel.reader import HEAD_ROWS
from jiguan.core.imports.mapping import named, parse_pairs
from jiguan.core.imports.pipeline import (
    Importer,
    apply_job,
    claim_job,
    create_job,
    get_importer,
    importers,
    validate_job,
)
from jiguan.core.models import ImportJob, ImportStatus


class Command(BaseCommand):
    help = "从 Excel/CSV 文件导入数据（先校验，全部无误才一次性写入）"

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = "、".join(f"{i.kind}（{i.label}）" for i in importers())
        parser.add_argument("kind", help=f"导入类型：{kinds}")
        parser.add_argument("file", type=Path, help="要导入的文件（.xlsx/.xls/.ods/.csv）")
        parser.add_argument("--as", dest="username", required=True,
                            help="以该账号的权限范围导入（审计日志记在该账号名下）")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument("--sheet", help="读取的工作表名称（默认：自动选择表头最匹配的工作表）")
        parser.add_argument("--header-row", type=int, help="表头所在行号（默认：自动查找）")
        parser.add_argument("--map", dest="pairs", nargs="+", action="extend", default=[],
                            metavar="列名=字段",
                            help="列对应关系，如 --map 机构名称=name 人员编制=编制数 备注=忽略")
        parser.add_argument("--mapping", help="使用该账号在网页中保存的列对应关系（名称）")
        parser.add_argument("--confirm-warnings", action="store_true",
                            help="已核对需确认的行（如与历史数据差异很大的用量），照常写入")
        parser.add_argument("--allow-row", dest="allow_rows", nargs="+", type=int,
                            action="extend", default=[], metavar="行号",
                            help="疑似重复的行中仍然新增的行（表格行号）；未列出的疑似重复行跳过")

    def _options(self, importer_cls: type[Importer], user: Any,
                 options: dict[str, Any]) -> dict[str, Any]:
        """The job's reading options from --sheet, --header-row, --map and --mapping."""
        reading: dict[str, Any] = {}
        if options["sheet"]:
            reading["sheet"] = options["sheet"]
        if options["header_row"] is not None:
            if not 1 <= options["header_row"] <= HEAD_ROWS:
                raise CommandError(f"--header-row 应为 1 至 {HEAD_ROWS} 之间的整数")
            reading["header_row"] = options["header_row"]
        mapping: dict[str, str] = {}
        if options["mapping"]:
            saved = named(user, importer_cls.kind, options["mapping"])
            if saved is None:
                raise CommandError(f"账号“{user.username}”没有名为“{options['mapping']}”的"
                                   f"{importer_cls.label}列对应关系")
            mapping.update(saved.mapping)
            reading["saved_mapping"] = saved.name
        try:
            mapping.update(parse_pairs(options["pairs"], importer_cls.columns))
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from None
        if mapping:
            reading["mapping"] = mapping
        return reading

    def _explain_mapping(self, layout: dict[str, Any], importer_cls: type[Importer]) -> None:
        self.stderr.write("文件中的列：")
        for cell in layout["cells"]:
            if cell["field"]:
                note = f"→ {_field_text(importer_cls, cell['field'])}"
            elif cell["suggestions"]:
                note = "可能是 " + "、".join(_field_text(importer_cls, f)
                                           for f, _score in cell["suggestions"])
            else:
                note = "（未对应，将忽略）"
            self.stderr.write(f"  {cell['text']}  {note}")
        for field in layout["missing"]:
            self.stderr.write(f"  缺少必填列：{_field_text(importer_cls, field)}")

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

        reading = self._options(importer_cls, user, options)
        job = create_job(kind=kind, filename=path.name, data=path.read_bytes(), user=user)
        if reading:
            ImportJob.objects.filter(pk=job.pk).update(options=reading)
        with tqdm(desc="校验", unit="行", file=self.stderr, disable=None) as bar:
            job = validate_job(job.pk, progress=_advance(bar))
        if job.layout:
            self.stdout.write(f"读取工作表“{job.layout['sheet']}”，第 "
                              f"{job.layout['header_row']} 行为表头"
                              + (f"（按保存的列对应关系“{job.options['saved_mapping']}”）"
                                 if job.options.get("saved_mapping") else ""))
        if job.status == ImportStatus.MAPPING:
            self._explain_mapping(job.layout, importer_cls)
            raise CommandError(f"{job.message}。请用 --map 列名=字段 指定（如 --map "
                               "机构名称=name），"
                               "或用 --mapping 指定网页中保存的对应关系；未写入任何数据")
        if job.status != ImportStatus.VALID:
            if job.message:
                self.stderr.write(job.message)
            for error in job.errors:
                column = f"〔{error['column']}〕 " if error["column"] else ""
                self.stderr.write(f"第{error['row']}行 {column}{error['message']}")
            if job.error_count > len(job.errors):
                self.stderr.write(f"……共 {job.error_count} 处错误，仅列出前 {len(job.errors)} 处")
            if job.error_count:
                raise CommandError(f"校验未通过（{job.error_count} 处错误），未写入任何数据")
            raise CommandError(f"{job.message or '文件无法导入'}；未写入任何数据")
        suspects = job.plan.get("suspects", [])
        for suspect in suspects:
            kept = "仍然新增" if suspect["row"] in options["allow_rows"] else "将跳过"
            self.stderr.write(f"第{suspect['row']}行 疑似重复（{kept}）：{suspect['message']}")
        if suspects:
            self.stderr.write("疑似重复的行默认跳过；确认要新增的，用 --allow-row 行号 列出")
        warnings = job.plan.get("warnings", [])
        for warning in warnings:
            self.stderr.write(f"第{warning['row']}行 需确认：{warning['message']}")
        if job.plan.get("warning_count", 0) > len(warnings):
            self.stderr.write(f"……共 {job.plan['warning_count']} 行需确认，仅列出前 "
                              f"{len(warnings)} 行")
        if options["dry_run"]:
            self.stdout.write(f"校验通过：共 {job.total_rows} 行。--dry-run：未写入任何数据。")
            return
        if job.plan.get("warning_count") and not options["confirm_warnings"]:
            raise CommandError(f"有 {job.plan['warning_count']} 行需确认（见上）：核对无误后加 "
                               "--confirm-warnings 重新运行；未写入任何数据")
        if options["allow_rows"] or options["confirm_warnings"]:
            ImportJob.objects.filter(pk=job.pk).update(
                options={**job.options, "allow_rows": sorted(set(options["allow_rows"] or ())),
                         "warnings_confirmed": bool(options["confirm_warnings"])})

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
        skipped = f"，跳过疑似重复 {s['skipped']} 条" if s.get("skipped") else ""
        self.stdout.write(self.style.SUCCESS(
            f"导入完成：新增 {s['created']} 条，修改 {s['updated']} 条，"
            f"无变化 {s['unchanged']} 条{skipped}。"))


def _field_text(importer_cls: type[Importer], field: str | None) -> str:
    return f"{field}（{importer_cls.column_label(field)}）" if field else "—"


def _advance(bar: tqdm[Any]) -> Any:
    def progress(done: int) -> None:
        bar.update(done - bar.n)
    return progress
