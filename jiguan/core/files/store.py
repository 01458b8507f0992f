"""Keeping an upload and giving it back."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse

from jiguan.core.files.checks import check_upload, size_text
from jiguan.core.files.models import FileKind, StoredFile, StoredFileData


def max_upload_bytes() -> int:
    return int(getattr(settings, "JIGUAN_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def read_upload(upload: UploadedFile, max_bytes: int) -> bytes:
    """The upload's bytes, reading at most one byte past the limit (a 2 GB upload is not
    read into memory to find that it is too large)."""
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            f"文件“{upload.name}”过大（{size_text(upload.size)}），上限 {size_text(max_bytes)}",
            code="size")
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    return data if isinstance(data, bytes) else bytes(data)


def store_bytes(name: str, data: bytes, *, kinds: Iterable[str] = (FileKind.DOCUMENT,),
                actor: Any = None, max_bytes: int | None = None) -> StoredFile:
    """Check and keep ``data``; call inside the owning action's transaction."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    name = (name or "").strip().replace("\\", "/").rsplit("/", 1)[-1][:200]
    fmt = check_upload(name, data, kinds=kinds, max_bytes=limit)
    stored = StoredFile.objects.create(
        name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
        content_type=fmt.content_type, kind=fmt.kind,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    StoredFileData.objects.create(file=stored, data=data)
    return stored


def store_upload(upload: UploadedFile, *, kinds: Iterable[str] = (FileKind.DOCUMENT,),
                 actor: Any = None, max_bytes: int | None = None) -> StoredFile:
    """Check a Django upload (extension, content, size) and keep it."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    return store_bytes(upload.name or "", read_upload(upload, limit), kinds=kinds,
                       actor=actor, max_bytes=limit)


def file_bytes(stored: StoredFile) -> bytes:
    return bytes(StoredFileData.objects.values_list("data", flat=True).get(file=stored))


def file_response(stored: StoredFile, *, inline: bool = False) -> HttpResponse:
    """The file for download. The caller has checked the owning object's scope.

    Only images may be shown inline; nothing is sniffed by the browser and a document
    opened in a tab runs no script (the sandbox policy)."""
    response = HttpResponse(file_bytes(stored), content_type=stored.content_type)
    disposition = "inline" if inline and stored.kind == FileKind.IMAGE else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(stored.name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["Content-Length"] = str(stored.size)
    return response
