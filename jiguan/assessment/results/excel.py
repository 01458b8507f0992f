"""The list exports (schemes, a scheme's indicators and bureaus, a bureau's scores) and
the result workbook the 综合处 hands to leadership: a cover sheet with the ranking and
each group's points, one sheet with every indicator of every bureau (value, formula,
self-evaluation, review, final score), the appeals, and the scheme's rules."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.utils import timezone

from jiguan.assessment import measures
from jiguan.assessment.results import queries
from jiguan.assessment.results.models import Appeal, Score
from jiguan.assessment.schemes.models import Indicator, Scheme
from jiguan.core.excel import write_text
from jiguan.core.excel.columns import ExportColumn


def rule_text(ind: Indicator) -> str:
    """An indicator's scoring rule in words (区间线性：起评值 50，目标值 95 ...)."""
    rule = ind.get_rule_display() if ind.rule else ""
    if ind.rule == "linear":
        rule += f"：起评值 {ind.floor}，目标值 {ind.target}"
    elif ind.rule == "threshold":
        rule += f"：{ind.steps}"
    elif ind.rule == "rank":
        rule += f"：末位得 {ind.last_share}%"
    return rule


def source_text(ind: Indicator) -> str:
    measure = measures.get(ind.measure) if ind.measure else None
    return f"{measure.module}：{measure.label}（{measure.unit}）" if measure else ""


def source_note(ind: Indicator) -> str:
    measure = measures.get(ind.measure) if ind.measure else None
    return measure.note if measure else ""


def _inputs(score: Score) -> str:
    return "；".join(f"{k} {v}" for k, v in (score.reading or {}).get("inputs", []))


def _group(ind: Indicator) -> str:
    return ind.group.name if ind.group else "加减分"


def _dt(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


SCHEME_COLUMNS = [
    ExportColumn("考核年度", lambda s: s.year, 10),
    ExportColumn("方案", lambda s: s.title, 36),
    ExportColumn("考核单位", lambda s: s.region.name, 12),
    ExportColumn("状态", lambda s: s.get_status_display(), 16),
    ExportColumn("自评截止", lambda s: s.self_eval_due, 12),
    ExportColumn("审核截止", lambda s: s.review_due, 12),
    ExportColumn("申诉期限（日）", lambda s: s.appeal_days, 10, kind="count"),
    ExportColumn("申诉截止", lambda s: s.appeal_due, 12),
    ExportColumn("加分上限", lambda s: s.bonus_cap, 10, kind="points"),
    ExportColumn("扣分上限", lambda s: s.penalty_cap, 10, kind="points"),
]

INDICATOR_COLUMNS = [
    ExportColumn("指标组", _group, 16),
    ExportColumn("组权重（%）", lambda i: i.group.weight if i.group else None, 10,
                 kind="percent"),
    ExportColumn("指标", lambda i: i.name, 28),
    ExportColumn("类型", lambda i: i.get_kind_display(), 10),
    ExportColumn("分值", lambda i: i.weight, 10, kind="points"),
    ExportColumn("数据来源", source_text, 28),
    ExportColumn("计分规则", rule_text, 28),
    ExportColumn("评分标准", lambda i: i.criteria, 36),
    ExportColumn("计算口径", source_note, 40),
]

ASSESSMENT_COLUMNS = [
    ExportColumn("被考核单位", lambda a: a.region.name, 14),
    ExportColumn("状态", lambda a: a.get_status_display(), 10),
    ExportColumn("自评提交", lambda a: _dt(a.submitted_at), 18),
    ExportColumn("审核完成", lambda a: _dt(a.reviewed_at), 18),
    ExportColumn("总分", lambda a: a.total, 10, kind="points"),
    ExportColumn("名次", lambda a: a.rank, 8, kind="count"),
]

SCORE_COLUMNS = [
    ExportColumn("被考核单位", lambda s: s.assessment.region.name, 14),
    ExportColumn("指标组", lambda s: _group(s.indicator), 16),
    ExportColumn("指标", lambda s: s.indicator.name, 28),
    ExportColumn("类型", lambda s: s.indicator.get_kind_display(), 10),
    ExportColumn("分值", lambda s: s.indicator.weight, 10, kind="points"),
    ExportColumn("计算值", lambda s: s.value, 12, kind="quantity"),
    ExportColumn("计算依据", _inputs, 40),
    ExportColumn("计算过程", lambda s: s.formula, 40),
    ExportColumn("计算分", lambda s: s.computed_score, 10, kind="points"),
    ExportColumn("自评分", lambda s: s.self_score, 10, kind="points"),
    ExportColumn("自评说明", lambda s: s.self_note, 30),
    ExportColumn("审核分", lambda s: s.review_score, 10, kind="points"),
    ExportColumn("审核意见", lambda s: s.review_note, 30),
    ExportColumn("最终得分", lambda s: s.final_score, 10, kind="points"),
]


def result_workbook(scheme: Scheme) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
    head = book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1,
                            "text_wrap": True, "valign": "vcenter", "align": "center"})
    pts = book.add_format({"num_format": "#,##0.00", "border": 1})
    txt = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    rows = queries.ranking(scheme)
    groups = [g.name for g in scheme.groups.all()]

    def write_row(ws: Any, r: int, values: list[Any]) -> None:
        for c, v in enumerate(values):
            if isinstance(v, Decimal | float | int) and not isinstance(v, bool):
                ws.write_number(r, c, float(v), pts)
            elif v is None:
                ws.write_blank(r, c, None, txt)
            else:
                write_text(ws, r, c, str(v), txt)

    ws = book.add_worksheet("排名")
    header = ["名次", "被考核单位", *[f"{g}（百分制）" for g in groups], "加分", "扣分",
              "总分", "上年总分", "总分变化", "上年名次", "名次变化"]
    ws.merge_range(0, 0, 0, len(header) - 1, f"{scheme.title} 考核结果", title)
    ws.write_row(1, 0, header, head)
    for i, row in enumerate(rows, start=2):
        a = row.assessment
        write_row(ws, i, [a.rank, a.region.name,
                          *[Decimal(a.group_scores.get(g, "0")) for g in groups],
                          Decimal(a.group_scores.get("加分", "0")),
                          Decimal(a.group_scores.get("扣分", "0")), a.total,
                          row.previous_total, row.total_change, row.previous_rank,
                          row.movement])
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 16)
    ws.set_column(2, len(header) - 1, 12)
    ws.freeze_panes(2, 2)

    ws = book.add_worksheet("指标明细")
    header = ["被考核单位", "指标组", "指标", "类型", "分值", "计算值", "计算过程", "计算依据",
              "自评分", "自评说明", "审核分", "审核意见", "最终得分"]
    ws.write_row(0, 0, header, head)
    scores = (Score.objects.filter(assessment__scheme=scheme)
              .select_related("assessment__region", "indicator", "indicator__group")
              .order_by("assessment__rank", "assessment__region__code",
                        "indicator__group__order", "indicator__order", "indicator_id"))
    for i, s in enumerate(scores, start=1):
        write_row(ws, i, [s.assessment.region.name, _group(s.indicator),
                          s.indicator.name, s.indicator.get_kind_display(), s.indicator.weight,
                          s.value, s.formula, _inputs(s), s.self_score, s.self_note, s.review_score,
                          s.review_note, s.final_score])
    ws.set_column(0, 3, 14)
    ws.set_column(6, 7, 40)
    ws.set_column(9, 9, 30)
    ws.set_column(11, 11, 30)
    ws.freeze_panes(1, 3)

    ws = book.add_worksheet("申诉")
    ws.write_row(0, 0, ["被考核单位", "指标", "申诉理由", "结论", "答复", "申诉前得分",
                        "最终得分"], head)
    appeals = (Appeal.objects.filter(score__assessment__scheme=scheme)
               .select_related("score__assessment__region", "score__indicator"))
    for i, ap in enumerate(appeals, start=1):
        write_row(ws, i, [ap.score.assessment.region.name, ap.score.indicator.name, ap.reason,
                          ap.get_status_display(), ap.answer, ap.score_before,
                          ap.score.final_score])
    ws.set_column(0, 6, 18)

    ws = book.add_worksheet("考核规则")
    ws.write_row(0, 0, ["指标组", "组权重（%）", "指标", "类型", "分值", "评分标准",
                        "计分规则", "数据来源", "计算口径"], head)
    r = 1
    for ind in scheme.indicators.select_related("group"):
        write_row(ws, r, [ind.group.name if ind.group else "加减分",
                          ind.group.weight if ind.group else None, ind.name,
                          ind.get_kind_display(), ind.weight, ind.criteria, rule_text(ind),
                          source_text(ind), source_note(ind)])
        r += 1
    ws.set_column(0, 6, 16)
    ws.set_column(7, 8, 36)
    book.close()
    return out.getvalue()


