"""The base every model inherits: timestamps and who made the last change.

``created_by`` / ``updated_by`` are informative (the audit trail is the authoritative
record of who changed what): they are not database constraints (ADR 0010), so a bulk write
of a million rows does not make the database check two user ids a row (on PostgreSQL, at
COMMIT, one row at a time). The ORM relations, their indexes and ``PROTECT`` stay; users
are deactivated, never deleted.
"""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class BaseModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", db_constraint=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="最后修改人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", db_constraint=False,
    )

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> Any:
        """Django's ``get_<field>_display``, with the field's choices made a dict once per
        process instead of on every call: a list of 50 rows called it 150 times, each call
        flattening and hashing every choice of its field (bench/README.md, session 13)."""
        value = getattr(self, field.attname)
        return force_str(_choices_dict(field).get(make_hashable(value), value),
                         strings_only=True)


@functools.cache
def _choices_dict(field: models.Field[Any, Any]) -> dict[Any, Any]:
    return dict(make_hashable(field.flatchoices))


class RegisterModel(BaseModel):
    """A BaseModel for the large register tables that bulk imports fill (agencies, people):
    ``created_by`` / ``updated_by`` without an index either (ADR 0012). No page, API or job
    looks these rows up by who created or changed them (the audit trail answers that), so
    the two indexes were only written: two of the agency table's eleven indexes on
    PostgreSQL, filled for every imported row. The ORM relation and PROTECT
    stay (a look-up by user still works, as a scan)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="最后修改人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False,
    )

    class Meta:
        abstract = True


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "已上传"
    VALIDATING = "validating", "校验中"
    INVALID = "invalid", "有错误"
    MAPPING = "mapping", "待对应列"
    VALID = "valid", "待确认"
    APPLYING = "applying", "导入中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class ImportJob(BaseModel):
    """One uploaded spreadsheet on its way in: validated, previewed, then confirmed.

    The file is kept in the database (:class:`ImportFile`, at most JIGUAN_IMPORT_MAX_BYTES)
    so that a background worker on another machine can read it and so that it commits with
    the job. ``created_by`` is the uploader: jobs are visible to them only.
    """

    RUNNING = (ImportStatus.UPLOADED, ImportStatus.VALIDATING, ImportStatus.APPLYING)
    MAX_STORED_ERRORS = 1000

    kind = models.CharField("导入类型", max_length=50)
    filename = models.CharField("文件名", max_length=255)
    status = models.CharField("状态", max_length=12, choices=ImportStatus.choices,
                              default=ImportStatus.UPLOADED)
    total_rows = models.PositiveIntegerField("数据行数", default=0)
    processed_rows = models.PositiveIntegerField("已处理行数", default=0)
    valid_rows = models.PositiveIntegerField("无误行数", default=0)
    error_count = models.PositiveIntegerField("错误数", default=0)
    # [{"row": 5, "column": "行政区划代码", "message": "..."}], the first 1000 only.
    errors = models.JSONField("错误明细", default=list, blank=True)
    # The first valid rows as the sheet shows them: [{"row": 4, "cells": ["...", ...]}].
    preview = models.JSONField("预览", default=list, blank=True)
    # {"created": n, "updated": n, "unchanged": n}
    summary = models.JSONField("导入结果", default=dict, blank=True)
    message = models.TextField("提示信息", blank=True)
    # How the file is read: {"sheet": "单位名录", "mapping": {"机构名称": "name", "备注": ""}}
    # (header text as normalised -> field, "" = ignore), set by the mapping step.
    options = models.JSONField("读取方式", default=dict, blank=True)
    # What the reading found: the sheet and header row used, the sheets of the file, the
    # header cells with their matches and suggestions (see core.import_mapping).
    layout = models.JSONField("表格结构", default=dict, blank=True)
    # What applying will do (core.imports.ImportPlan.as_dict()), set after a clean check.
    plan = models.JSONField("变更预览", default=dict, blank=True)
    region = models.ForeignKey("access.Region", verbose_name="操作人区划", null=True,
                               blank=True, on_delete=models.SET_NULL, related_name="+")
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_status_display()}）"

    @property
    def percent(self) -> int:
        if self.status in (ImportStatus.DONE, ImportStatus.VALID, ImportStatus.INVALID):
            return 100
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING


class ImportMapping(BaseModel):
    """A user's saved column mapping for one kind of import: applied again, and shown, when
    a file with the same header set comes (``headers_key``), or chosen by name (CLI)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户",
                             on_delete=models.CASCADE, related_name="import_mappings")
    kind = models.CharField("导入类型", max_length=50)
    name = models.CharField("名称", max_length=100)
    headers_key = models.CharField("表头特征", max_length=64)
    # {"机构名称": "name", "备注": ""}: normalised header text -> field ("" = ignore).
    mapping = models.JSONField("列对应关系", default=dict)

    class Meta:
        verbose_name = "导入列对应关系"
        verbose_name_plural = "导入列对应关系"
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "name"],
                                    name="import_mapping_name_unique"),
        ]
        indexes = [models.Index(fields=["user", "kind", "headers_key"])]

    def __str__(self) -> str:
        return self.name


class ImportFile(models.Model):
    """The uploaded file of an import job, in a row of its own.

    Not a column of the job: a job's status and progress are written several times while
    it runs and its page polls it every second; SQLite rewrites a whole row on every
    UPDATE, and any read of the job row would carry the file (up to 20 MB) along."""

    job = models.OneToOneField(ImportJob, verbose_name="导入任务", primary_key=True,
                               on_delete=models.CASCADE, related_name="upload")
    data = models.BinaryField("文件内容", editable=False)

    class Meta:
        verbose_name = "导入文件"
        verbose_name_plural = "导入文件"

    def __str__(self) -> str:
        return str(self.job)


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class ExportJob(BaseModel):
    """A large list export written by the task worker (core.export_jobs): the list's name
    and filters, replayed under the creator's scope; only the creator sees it."""

    name = models.CharField("导出类型", max_length=50)
    params = models.JSONField("筛选条件参数", default=dict, blank=True)
    title = models.CharField("标题", max_length=200)
    filename = models.CharField("文件名", max_length=200)
    status = models.CharField("状态", max_length=10, choices=ExportStatus.choices,
                              default=ExportStatus.QUEUED)
    total_rows = models.PositiveIntegerField("总行数", default=0)
    processed_rows = models.PositiveIntegerField("已写入行数", default=0)
    message = models.TextField("提示信息", blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导出任务"
        verbose_name_plural = "导出任务"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_status_display()}）"

    @property
    def is_running(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)


class ExportFile(models.Model):
    """The finished workbook of an export job, in a row of its own (as ImportFile)."""

    job = models.OneToOneField(ExportJob, verbose_name="导出任务", primary_key=True,
                               on_delete=models.CASCADE, related_name="file")
    data = models.BinaryField("文件内容", editable=False)

    class Meta:
        verbose_name = "导出文件"
        verbose_name_plural = "导出文件"

    def __str__(self) -> str:
        return str(self.job)


# The file store's models live with their code (jiguan/core/files/); imported here so the
# core app registers them.
from jiguan.core.files.models import StoredFile, StoredFileData  # noqa: E402, F401
