"""The yearly report of a large scope, built by the task worker (django-tasks).

A province's workbook takes tens of seconds: the page queues it and polls. The worker
writes it into the default storage under energy/yearly/<user id>/<token>: a ``.queued``
marker when asked, the ``.xlsx``, then a ``.json`` that says it is finished (or failed).
No table is needed: the token is random, and a user's requests only ever read their own
folder, so another user's token is a 404. The worker builds the report with the user's
grants as they are when it runs.
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_tasks import task

from jiguan.access.models import Region, User
from jiguan.energy.models import CoefficientSet
from jiguan.energy.yearly_report import collect
from jiguan.energy.yearly_workbook import filename, write_workbook

log = logging.getLogger(__name__)
FILES_DIR = "energy/yearly"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def file_key(user_id: int, token: str) -> str | None:
    """The storage key of a generated report, or None for a token that is not ours."""
    if not _TOKEN.match(token):
        return None
    return f"{FILES_DIR}/{int(user_id)}/{token}"


def job_state(user_id: int, token: str) -> dict[str, Any] | None:
    """None: no such job for this user; {} while it runs; then its metadata."""
    key = file_key(user_id, token)
    if key is None:
        return None
    if default_storage.exists(f"{key}.json"):
        with default_storage.open(f"{key}.json") as fh:
            state: dict[str, Any] = json.loads(fh.read())
        return state
    if default_storage.exists(f"{key}.queued"):
        return {}
    return None


def queue(*, user: Any, token: str, year: int, set_code: str, region_code: str,
          scope_label: str) -> None:
    key = file_key(user.pk, token)
    assert key is not None
    default_storage.save(f"{key}.queued", ContentFile(b""))
    generate.enqueue(user.pk, token, year, set_code, region_code, scope_label)


@task()
def generate(user_id: int, token: str, year: int, set_code: str, region_code: str,
             scope_label: str) -> None:
    """Build the workbook of a large scope with the user's own scope (their grants now)."""
    key = file_key(user_id, token)
    if key is None:
        return
    try:
        user = User.objects.get(pk=user_id)
        region = Region.objects.get(code=region_code) if region_code else None
        chosen = CoefficientSet.objects.get(code=set_code) if set_code else None
        report = collect(user=user, year=year, region=region, coefficient_set=chosen,
                         scope_label=scope_label)
        with tempfile.TemporaryFile(suffix=".xlsx") as tmp:
            write_workbook(tmp, report)
            tmp.seek(0)
            default_storage.save(f"{key}.xlsx", File(tmp))
        state: dict[str, Any] = {"filename": filename(report),
                                 "institutions": len(report.institutions)}
    except Exception:
        log.exception("yearly energy report %s failed", key)
        state = {"error": "生成失败，请稍后重试；如仍失败请联系系统管理员"}
    default_storage.save(f"{key}.json", ContentFile(json.dumps(state).encode()))
