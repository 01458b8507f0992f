"""Uploaded files kept by the platform: a decision's materials, a contract's attachments, an
inspection's photos, an audit's evidence.

The metadata is a row of its own and the bytes another (as an import job's file is): a list
of a case's attachments reads names and sizes without carrying megabytes along. Files are
kept in the database, not on disk, so a backup of the database is a backup of everything
and an import or workflow that rolls back takes its files with it (nothing half-written)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class FileKind(models.TextChoices):
    DOCUMENT = "document", "文档"
    IMAGE = "image", "图片"


class StoredFile(models.Model):
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    content_type = models.CharField("类型", max_length=100)
    kind = models.CharField("种类", max_length=16, choices=FileKind.choices)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", db_constraint=False,
    )

    class Meta:
        verbose_name = "上传文件"
        verbose_name_plural = "上传文件"

    def __str__(self) -> str:
        return self.name


class StoredFileData(models.Model):
    """The bytes of a StoredFile, in a row of their own."""

    file = models.OneToOneField(StoredFile, verbose_name="文件", primary_key=True,
                                on_delete=models.CASCADE, related_name="content")
    data = models.BinaryField("文件内容", editable=False)

    class Meta:
        verbose_name = "文件内容"
        verbose_name_plural = "文件内容"

    def __str__(self) -> str:
        return str(self.file)
