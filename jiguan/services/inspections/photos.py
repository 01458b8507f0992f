"""The defect photos of an inspection: kept in core's file store, images only, within the
size limit (JIGUAN_SERVICES_PHOTO_MAX_BYTES). Called inside the scoring action's
transaction: a refused photo raises its ValidationError and nothing of the scoring stays."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from jiguan.core.files import FileKind, store_upload
from jiguan.services.inspections.models import Inspection, InspectionPhoto


def store_photo(*, inspection: Inspection, item_id: int | None, upload: Any,
                actor: Any) -> str:
    stored = store_upload(upload, kinds=(FileKind.IMAGE,), actor=actor,
                          max_bytes=settings.JIGUAN_SERVICES_PHOTO_MAX_BYTES)
    InspectionPhoto.objects.create(inspection=inspection, item_id=item_id, file=stored,
                                   created_by=actor, updated_by=actor)
    return stored.name
