"""Audit events for things announced by signals from the core layer (which cannot import
this app): one row per confirmed import, in the import's transaction, and one per saved
column mapping."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from jiguan.audit.record import record
from jiguan.core.imports.mapping import mapping_saved
from jiguan.core.imports.pipeline import import_confirmed
from jiguan.core.models import ImportJob, ImportMapping


@receiver(import_confirmed, dispatch_uid="audit.import_confirmed")
def record_import_confirmed(sender: Any, *, job: ImportJob, actor: Any,
                            summary: dict[str, int], **kwargs: Any) -> None:
    record(actor=actor, event="core.import.confirmed", target=job, region=job.region,
           extra={"kind": job.kind, "filename": job.filename, "summary": summary})


@receiver(mapping_saved, dispatch_uid="audit.mapping_saved")
def record_mapping_saved(sender: Any, *, mapping: ImportMapping, actor: Any, created: bool,
                         **kwargs: Any) -> None:
    record(actor=actor, event="core.import_mapping.saved", target=mapping,
           extra={"kind": mapping.kind, "name": mapping.name, "created": created,
                  "mapping": mapping.mapping})
