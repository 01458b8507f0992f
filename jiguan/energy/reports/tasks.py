"""The yearly report of a large scope, built by the task worker (django-tasks).

A province's workbook takes tens of seconds: the page queues it and polls. The worker
writes it into the default storage under energy/yearly/<user id>/<token>: a ``.queued``
marker when asked, the ``.xlsx``, then a ``.json`` that says it is finished (or failed).
No table is needed: the token is random, and a user's requests only ever read their own
folder, so another user's token is a 404. The worker builds the report with the user's
grants as they are when it runs.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import tempfile
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks import task

from jiguan.access.models import Region, User
from jiguan.energy.models import CoefficientSet
from jiguan.energy.reports.excel import filename, write_workbook
from jiguan.energy.reports.queries import collect

log = logging.getLogger(__name__)
FILES_DIR = "energy/yearly"
# A user's generated reports are kept this long, then removed when they ask for another.
KEEP = dt.timedelta(days=7)
# A job not finished after this long was lost (a worker restarted): say so, stop polling.
LOST_AFTER = dt.timedelta(hours=1)
LOST_MESSAGE = "生成未完成（可能因后台服务重启而中断），请重新生成"
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
        if timezone.now() - default_storage.get_modified_time(f"{key}.queued") > LOST_AFTER:
            return {"error": LOST_MESSAGE}
        return {}
    return None


def clear_old(user_id: int) -> int:
    """Remove the user's generated files older than KEEP; returns how many."""
    folder = f"{FILES_DIR}/{int(user_id)}"
    try:
        _dirs, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return 0
    now, removed = timezone.now(), 0
    for name in names:
        key = f"{folder}/{name}"
        if now - default_storage.get_modified_time(key) > KEEP:
            default_storage.delete(key)
            removed += 1
    return removed


def queue(*, user: Any, token: str, year: int, set_code: str, region_code: str,
          scope_label: str) -> None:
    key = file_key(user.pk, token)
    assert key is not None
    clear_old(user.pk)
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
