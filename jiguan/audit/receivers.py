"""Audit events for things announced by signals from the core layer (which cannot import
this app): one row per confirmed import, in the import's transaction."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from jiguan.audit.record import record
from jiguan.core.imports import import_confirmed
from jiguan.core.models import ImportJob


@receiver(import_confirmed, dispatch_uid="audit.import_confirmed")
def record_import_confirmed(sender: Any, *, job: ImportJob, actor: Any,
                            summary: dict[str, int], **kwargs: Any) -> None:
    record(actor=actor, event="core.import.confirmed", target=job, region=job.region,
           extra={"kind": job.kind, "filename": job.filename, "summary": summary})
