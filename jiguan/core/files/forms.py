"""A form field that refuses what ``store_upload`` would refuse, before the action runs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from jiguan.core.files.checks import accepted_extensions, check_upload
from jiguan.core.files.models import FileKind
from jiguan.core.files.store import max_upload_bytes, read_upload


class UploadField(forms.FileField):
    def __init__(self, *args: Any, kinds: Iterable[str] = (FileKind.DOCUMENT,),
                 max_bytes: int | None = None, **kwargs: Any) -> None:
        self.kinds = tuple(kinds)
        self.max_bytes = max_bytes
        extensions = accepted_extensions(self.kinds)
        kwargs.setdefault("help_text", f"接受 {'、'.join(extensions)}")
        kwargs.setdefault("widget",
                          forms.ClearableFileInput(attrs={"accept": ",".join(extensions)}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload:
            limit = max_upload_bytes() if self.max_bytes is None else self.max_bytes
            check_upload(upload.name or "", read_upload(upload, limit), kinds=self.kinds,
                         max_bytes=limit)
            upload.seek(0)
        return upload
