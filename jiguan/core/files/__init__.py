"""The platform's one file store (materials, attachments, photos, evidence).

    stored = store_upload(upload, kinds=(FileKind.IMAGE,), actor=user)   # in the action
    return file_response(stored)   # in a view, after checking the owning object's scope

Modules reference ``core.StoredFile`` by a foreign key (PROTECT) or a link model of their
own; they never keep bytes themselves."""

from jiguan.core.files.models import FileKind, StoredFile, StoredFileData
from jiguan.core.files.store import (
    file_bytes,
    file_response,
    max_upload_bytes,
    store_bytes,
    store_upload,
)

__all__ = [
    "FileKind", "StoredFile", "StoredFileData", "file_bytes", "file_response",
    "max_upload_bytes", "store_bytes", "store_upload",
]
