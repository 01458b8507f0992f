"""What an upload is, read from its bytes as well as its name.

An extension alone proves nothing (a renamed executable, an HTML page called photo.jpg):
each accepted extension has the signature its format starts with, and the zip-based office
formats go through the same guard as spreadsheets (core/excel/guard.py: part count,
unpacked sizes, compression ratio, no entity declarations) before anything opens them."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError

from jiguan.core.excel.errors import SpreadsheetError
from jiguan.core.excel.guard import ZIP_MAGIC, check_workbook, current_limits
from jiguan.core.files.models import FileKind

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Format:
    kind: str
    content_type: str
    label: str


FORMATS: dict[str, Format] = {
    ".pdf": Format(FileKind.DOCUMENT, "application/pdf", "PDF"),
    ".docx": Format(FileKind.DOCUMENT,
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    "Word"),
    ".doc": Format(FileKind.DOCUMENT, "application/msword", "Word"),
    ".xlsx": Format(FileKind.DOCUMENT,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "Excel"),
    ".xls": Format(FileKind.DOCUMENT, "application/vnd.ms-excel", "Excel"),
    ".odt": Format(FileKind.DOCUMENT, "application/vnd.oasis.opendocument.text", "ODF 文本"),
    ".ods": Format(FileKind.DOCUMENT, "application/vnd.oasis.opendocument.spreadsheet",
                   "ODF 表格"),
    ".txt": Format(FileKind.DOCUMENT, "text/plain; charset=utf-8", "文本"),
    ".jpg": Format(FileKind.IMAGE, "image/jpeg", "JPEG"),
    ".jpeg": Format(FileKind.IMAGE, "image/jpeg", "JPEG"),
    ".png": Format(FileKind.IMAGE, "image/png", "PNG"),
    ".gif": Format(FileKind.IMAGE, "image/gif", "GIF"),
    ".webp": Format(FileKind.IMAGE, "image/webp", "WebP"),
}

# The part a zip-based office file must hold to be what its name says.
ZIP_MARKERS = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".odt": "content.xml",
    ".ods": "content.xml",
}


def extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def accepted_extensions(kinds: Iterable[str]) -> list[str]:
    wanted = set(kinds)
    return [ext for ext, fmt in FORMATS.items() if fmt.kind in wanted]


def _signature_ok(ext: str, head: bytes, data: bytes) -> bool:
    if ext == ".pdf":
        return head.startswith(b"%PDF-")
    if ext in (".doc", ".xls"):
        return head.startswith(OLE2_MAGIC)
    if ext in ZIP_MARKERS:
        if not head.startswith(ZIP_MAGIC):
            return False
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                return ZIP_MARKERS[ext] in archive.namelist()
        except zipfile.BadZipFile:
            return False
    if ext == ".txt":
        if b"\x00" in data:
            return False
        for encoding in ("utf-8", "gb18030"):
            try:
                data.decode(encoding)
                return True
            except UnicodeDecodeError:
                continue
        return False
    if ext in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext == ".gif":
        return head.startswith((b"GIF87a", b"GIF89a"))
    if ext == ".webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    return False


def size_text(size: int) -> str:
    """A byte count as a clerk reads it: 3.2 MB, 850 KB."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(size / 1024))} KB"


def check_upload(name: str, data: bytes, *, kinds: Iterable[str], max_bytes: int) -> Format:
    """The format of ``data`` named ``name``, or a ValidationError naming the file."""
    kinds = tuple(kinds)
    allowed = accepted_extensions(kinds)
    ext = extension(name)
    label = f"文件“{name}”"
    if ext not in allowed:
        raise ValidationError(f"{label}的类型不被接受：只接受 {'、'.join(allowed)} 文件",
                              code="extension")
    if not data:
        raise ValidationError(f"{label}是空文件", code="empty")
    if len(data) > max_bytes:
        raise ValidationError(f"{label}过大（{size_text(len(data))}），上限 {size_text(max_bytes)}",
                              code="size")
    fmt = FORMATS[ext]
    if ext in ZIP_MARKERS:
        try:
            check_workbook(data, current_limits())
        except SpreadsheetError as exc:
            raise ValidationError(f"{label}被拒绝：{exc}", code="zip") from exc
    if not _signature_ok(ext, data[:16], data):
        raise ValidationError(f"{label}的内容不是 {fmt.label} 文件（扩展名与内容不符）",
                              code="content")
    return fmt
