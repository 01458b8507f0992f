"""The decision list's export columns, and the archive (决策档案) as one .zip: every step's
documents in order, with an index sheet (目录.xlsx) listing them and the discussion."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import xlsxwriter

from jiguan.core.excel.columns import ExportColumn
from jiguan.core.excel.writer import guard_text
from jiguan.core.files import file_bytes
from jiguan.governance.decisions import queries
from jiguan.governance.decisions.models import Decision, StepKind

DECISION_EXPORT_COLUMNS = [
    ExportColumn("决策事项名称", lambda d: d.title, 36),
    ExportColumn("决策机关", lambda d: d.agency.name, 24),
    ExportColumn("区划", lambda d: d.agency.region.name, 12),
    ExportColumn("类型", lambda d: d.get_kind_display(), 14),
    ExportColumn("金额", lambda d: d.amount, 14, kind="wan"),
    ExportColumn("目录事项", lambda d: str(d.catalogue_item or ""), 30),
    ExportColumn("承办单位", lambda d: d.sponsor, 20),
    ExportColumn("合法性审查", lambda d: _review_label(getattr(d, "review_status", None)), 12),
    ExportColumn("状态", lambda d: d.get_status_display(), 16),
    ExportColumn("决定日期", lambda d: d.decided_on, 12),
    ExportColumn("决定", lambda d: d.get_result_display(), 10),
    ExportColumn("决策后评估日期", lambda d: d.evaluate_on, 14),
]

_REVIEW_LABELS = {None: "未送审", "pending": "审查中", "passed": "审查通过", "failed": "审查未通过"}
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _review_label(status: str | None) -> str:
    return _REVIEW_LABELS.get(status, status or "")


def _safe(name: str) -> str:
    return _UNSAFE.sub("_", name).strip() or "文件"


def archive_zip(decision: Decision) -> tuple[bytes, int]:
    """The archive as .zip bytes and the number of files in it. Files sit in one folder per
    step (01_公众参与 …), numbered in order; 目录.xlsx lists them and the discussion."""
    entries = queries.archive_entries(decision)
    steps = {label: i for i, label in enumerate(StepKind.labels, start=1)}
    out = io.BytesIO()
    rows: list[tuple[Any, ...]] = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        counters: dict[str, int] = {}
        for entry in entries:
            folder = f"{steps[entry.step]:02d}_{entry.step}"
            counters[folder] = counters.get(folder, 0) + 1
            path = f"{folder}/{counters[folder]:02d}_{_safe(entry.file.name)}"
            zf.writestr(path, file_bytes(entry.file))
            rows.append((len(rows) + 1, entry.step, entry.title, entry.file.name,
                         entry.file.size, entry.added.date(), path, entry.file.sha256))
        zf.writestr("目录.xlsx", _index(decision, rows))
    return out.getvalue(), len(rows)


def _index(decision: Decision, rows: list[tuple[Any, ...]]) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    bold = wb.add_format({"bold": True})
    ws = wb.add_worksheet("档案目录")
    ws.write(0, 0, guard_text(f"决策档案：{decision.title}"), bold)
    ws.write(1, 0, guard_text(f"决策机关：{decision.agency.name}；状态："
                              f"{decision.get_status_display()}"))
    headers = ["序号", "环节", "材料名称", "文件名", "大小（字节）", "归档日期", "包内路径",
               "SHA-256"]
    widths = [6, 14, 40, 30, 12, 12, 44, 20]
    for col, (h, w) in enumerate(zip(headers, widths, strict=True)):
        ws.write(2, col, h, bold)
        ws.set_column(col, col, w)
    for r, row in enumerate(rows, start=3):
        for col, value in enumerate(row):
            if isinstance(value, str):
                ws.write_string(r, col, guard_text(value))
            elif col == 5:
                ws.write(r, col, str(value))
            else:
                ws.write(r, col, value)
    steps = wb.add_worksheet("决策环节")
    for col, h in enumerate(["环节", "办理情况", "日期", "参加人员", "结果或不适用的理由"]):
        steps.write(0, col, h, bold)
    for r, step in enumerate(sorted(decision.steps.all(),
                                    key=lambda s: StepKind.values.index(s.kind)), start=1):
        steps.write_string(r, 0, step.get_kind_display())
        steps.write_string(r, 1, step.get_status_display())
        steps.write_string(r, 2, str(step.on or ""))
        steps.write_string(r, 3, guard_text(step.people))
        steps.write_string(r, 4, guard_text(step.outcome or step.reason))
    talk = wb.add_worksheet("集体讨论")
    for col, h in enumerate(["会议", "日期", "出席人员", "发言顺序", "发言人", "意见", "发言要点"]):
        talk.write(0, col, h, bold)
    r = 1
    for d in decision.discussions.prefetch_related("opinions"):
        for o in d.opinions.all():
            for col, v in enumerate([d.meeting, str(d.held_on), d.attendees, str(o.seq),
                                     o.speaker, o.get_position_display(), o.text]):
                talk.write_string(r, col, guard_text(v))
            r += 1
    if decision.decided_on:
        talk.write_string(r + 1, 0, guard_text(
            f"决定：{decision.decided_by}于{decision.decided_on}作出“"
            f"{decision.get_result_display()}”的决定。{decision.decision_text}"))
    wb.close()
    return buf.getvalue()
